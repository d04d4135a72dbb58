#include "jobs/movie_report/report_job.hpp"

#include "core/bounded_queue.hpp"
#include "core/error.hpp"
#include "core/live_value.hpp"
#include "core/log.hpp"
#include "core/peak_memory.hpp"
#include "core/progress_meter.hpp"
#include "core/redact.hpp"
#include "fetch/decode_check.hpp"
#include "fetch/read_ahead_source.hpp"
#include "jobs/movie_report/csv_report_writer.hpp"
#include "jobs/movie_report/postgres_report_writer.hpp"
#include "load/reject_file.hpp"
#include "jobs/movie_report/threaded_report_sink.hpp"
#include "parse/parallel_doc_reader.hpp"
#include "parse/utf8_repair_source.hpp"
#include "jobs/movie_report/film_selection.hpp"
#include "jobs/movie_report/page_matcher.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <utility>

namespace sluice {

namespace {

using DocBatch = std::vector<WikiDoc>;

// Docs travel in batches: one queue hand-off per few hundred docs, not per doc.
constexpr std::size_t kDocsPerBatch = 512;

// Rejects are always counted; without a reject file only the first few are shown.
constexpr std::uint64_t kRejectsShown = 10;
// Unmatched films are counted; the summary names the best-ranked few.
constexpr std::size_t kUnmatchedShown = 10;

// What the progress meter reads while the job runs, from the objects the job's threads own.
struct JobGauges {
    struct Bytes {
        std::uint64_t fetched = 0;
        std::optional<std::uint64_t> total;
    };
    struct Source {
        std::atomic<SourceProgress::State> state{SourceProgress::State::opening};
        LiveValue<Bytes> bytes;
    };
    Source movies;
    Source abstracts;
    LiveValue<std::uint64_t> docs;
    std::atomic<bool> selection_known{false};
    std::atomic<std::uint64_t> selected{0};
    std::atomic<std::uint64_t> matched{0};

    ProgressSnapshot snapshot() const
    {
        ProgressSnapshot out;
        for (const auto& [label, source] : {std::pair{"movies", &movies}, std::pair{"abstracts", &abstracts}}) {
            const auto bytes = source->bytes.get();
            out.sources.push_back({label, source->state.load(), bytes.fetched, bytes.total, 0});
        }
        out.docs = docs.get();
        if (selection_known.load()) {
            out.selected = selected.load();
            out.matched = matched.load();
        }
        return out;
    }
};

// A source the meter counts from its opening until the end of the scope, which must come before
// the source is destroyed (declare it after the stream).
class WatchedSource {
public:
    using State = SourceProgress::State;
    WatchedSource(JobGauges::Source& gauge, const OpenedSource& opened, State state)
        : gauge_(gauge),
          attached_(gauge.bytes, [fetched = opened.bytes_fetched, total = opened.total_bytes] {
              return JobGauges::Bytes{fetched(), total()};
          })
    {
        gauge_.state = state;
    }
    void set(State state) { gauge_.state = state; }

private:
    JobGauges::Source& gauge_;
    LiveValue<JobGauges::Bytes>::Attachment attached_;
};

// Shuts the queue down when the consumer leaves early, so the producer thread stops and joins.
struct QueueShutdown {
    BoundedQueue<DocBatch>& queue;
    ~QueueShutdown() { queue.shutdown(); }
};

// The decoded stream, behind a UTF-8 repair stage when asked for; `repair` points at it.
ByteSourcePtr maybe_repaired(ByteSourcePtr stream, bool repair_utf8, const Utf8RepairSource*& repair)
{
    if (!repair_utf8) return stream;
    auto repaired = std::make_unique<Utf8RepairSource>(std::move(stream));
    repair = repaired.get();
    return repaired;
}

// Hands the reader's docs to the matcher's queue in batches; false when the consumer has gone.
bool pass_docs(ParallelDocReader& reader, BoundedQueue<DocBatch>& queue)
{
    DocBatch batch;
    batch.reserve(kDocsPerBatch);
    WikiDoc doc;
    while (reader.next(doc)) {
        batch.push_back(std::move(doc));
        if (batch.size() == kDocsPerBatch) {
            if (!queue.push(std::exchange(batch, {}))) return false;
            batch.reserve(kDocsPerBatch);
        }
    }
    return batch.empty() || queue.push(std::move(batch));
}

// After a parse failure on compressed data: the reader's threads go on, so the blocks after the
// failure are inflated (and parsed on their own) and the inflater's own error, if any, comes in
// order after them.
void read_on(ParallelDocReader& reader, DecodeCheck& check)
{
    WikiDoc doc;
    for (bool more = true; more && !check.done();) {
        try {
            more = reader.next(doc);
        } catch (const DecodeError& error) {
            check.found(error);
        } catch (const Error&) {
            // More of the same garbage, in a later block.
        }
    }
    // The reader raises the first error in the text, as one parser would: a source failure that
    // came after garbage it had already met is kept aside.
    if (const auto failure = reader.source_failure(); failure && !check.done()) {
        try {
            std::rethrow_exception(failure);
        } catch (const DecodeError& error) {
            check.found(error);
        } catch (...) {
        }
    }
}

void read_abstracts(const ReportJobOptions& options, const PageMatcher& matcher, std::shared_future<void> index_ready,
                    BoundedQueue<DocBatch>& queue, SourceStats& stats, std::uint64_t& docs, JobGauges& gauges)
{
    try {
        // Connect and sniff the format now, so the download starts while the movies are read;
        // parsing waits for the film index, which says which docs are worth keeping.
        auto opened = open_decoded(options.abstracts, {options.fetch, {}});
        stats.name = opened.stream->name();
        stats.container = opened.container;
        stats.by_range = opened.by_range;
        // The XML reader decodes by the dump's declared encoding, and replaces what is invalid in it.
        const auto& stream = opened.stream;
        WatchedSource watched{gauges.abstracts, opened, WatchedSource::State::waiting};
        index_ready.get();
        watched.set(WatchedSource::State::reading);
        std::optional<ParallelDocReader> reader;
        reader.emplace(*stream, [&matcher](std::string_view title) { return matcher.names_a_film(title); },
                       XmlReadOptions{options.repair_utf8, options.max_depth, options.max_record_bytes},
                       options.parse_threads);
        std::optional<LiveValue<std::uint64_t>::Attachment> parsed;
        parsed.emplace(gauges.docs, [&reader] { return reader->docs_read(); });
        try {
            if (!pass_docs(*reader, queue)) return;
        } catch (const DecodeError&) {
            throw;
        } catch (const SourceChanged&) {
            throw;
        } catch (const Error& failure) {
            if (opened.container == Container::plain) throw;
            DecodeCheck check;
            read_on(*reader, check);
            parsed.reset();
            reader.reset();  // its threads are joined: the stream is this thread's to read on
            check.read_on(*stream);
            check.rethrow(failure);
        }
        watched.set(WatchedSource::State::done);
        stats.bytes_fetched = opened.bytes_fetched();
        stats.bytes_decoded = stream->position();
        stats.utf8_replaced = reader->replaced();
        docs = reader->docs_read();
        queue.close();
    } catch (...) {
        queue.fail(std::current_exception());
    }
}

// Destroys a sink at the end of a scope, ahead of the data its rows point into.
struct SinkRelease {
    std::unique_ptr<ReportSink>& sink;
    ~SinkRelease() { sink.reset(); }
};

// Releases the abstracts reader if the main thread fails before the film index is ready.
struct IndexGate {
    std::promise<void>& ready;
    bool opened = false;
    void open()
    {
        ready.set_value();
        opened = true;
    }
    ~IndexGate()
    {
        if (!opened) ready.set_exception(std::make_exception_ptr(std::runtime_error("the run stopped")));
    }
};

} // namespace

ReportJobSummary run_report_job(const ReportJobOptions& options,
                                const std::function<void(const ReportJobSummary&)>& before_publish)
{
    const auto started = std::chrono::steady_clock::now();
    ReportJobSummary summary;
    summary.abstracts.name = redact_url(options.abstracts);
    // First in, last out: the meter draws from the start, and its line is erased on every way out,
    // before the summary or the error prints.
    JobGauges gauges;
    std::optional<ProgressMeter> meter;
    if (options.progress) meter.emplace([&gauges] { return gauges.snapshot(); });

    // Sinks first: a wrong database or an unwritable path fails before any download starts.
    // The COPY runs on a loader thread of its own, beside the CSV file written here.
    std::unique_ptr<ReportSink> database;
    if (options.database) {
        auto publish = options.publish;
        publish.snapshot_date = options.snapshot_date;
        database = std::make_unique<ThreadedReportSink>(
            std::make_unique<PostgresReportWriter>(*options.database, options.table, publish));
    }
    std::unique_ptr<CsvReportWriter> csv;
    if (!options.csv_path.empty()) csv = std::make_unique<CsvReportWriter>(options.csv_path, options.snapshot_date);
    std::unique_ptr<RejectFile> rejects;
    if (!options.rejects_path.empty()) rejects = std::make_unique<RejectFile>(options.rejects_path);

    // Every film is indexed, ranked or not: the page a film gets must not depend on --top or the
    // thresholds (a remake outside the top N still claims its own page).
    PageMatcher matcher;
    BoundedQueue<DocBatch> queue{options.queue_batches};
    std::promise<void> index_ready;
    std::jthread reader{[&, ready = index_ready.get_future().share()] {
        read_abstracts(options, matcher, ready, queue, summary.abstracts, summary.docs, gauges);
    }};
    IndexGate gate{index_ready};
    QueueShutdown shutdown_on_exit{queue};

    auto movies = open_decoded(options.movies, {options.fetch, options.movies_member});
    // Fetched and decoded on a thread of its own, parsed on this one.
    const Utf8RepairSource* movies_repair = nullptr;
    ReadAheadSource movies_csv{maybe_repaired(std::move(movies.stream), options.repair_utf8, movies_repair)};
    summary.movies.name = movies_csv.name();
    summary.movies.container = movies.container;
    summary.movies.by_range = movies.by_range;
    WatchedSource movies_watched{gauges.movies, movies, WatchedSource::State::reading};
    const auto on_reject = [&](std::uint64_t line, std::string_view reason, std::string_view raw) {
        if (rejects) rejects->add(line, reason, raw);
        else if (summary.films_rejected < kRejectsShown)
            log_line(fmt::format("rejected {}: line {}: {}", summary.movies.name, line, reason),
                     {{"source", summary.movies.name}, {"line", line}, {"reason", std::string{reason}}},
                     LogLevel::warning);
        ++summary.films_rejected;
        if (summary.films_rejected > options.max_rejects)
            throw Error(summary.movies.name,
                        fmt::format("too many rejected records: {} is more than --max-rejects {} (the last: {})",
                                    summary.films_rejected, options.max_rejects, reason),
                        SourcePosition::at_line(line));
    };
    const auto selection = [&] {
        try {
            return select_films(movies_csv, options.thresholds, options.top, on_reject,
                                [&](const Film& film) { matcher.add_film(film); });
        } catch (const DecodeError&) {
            throw;
        } catch (const SourceChanged&) {
            throw;
        } catch (const Error& failure) {
            // Too many broken records, or a header that is not one, from a member whose data may
            // be what is broken.
            if (movies.container == Container::plain) throw;
            DecodeCheck check;
            check.read_on(movies_csv);
            check.rethrow(failure);
        }
    }();
    movies_watched.set(WatchedSource::State::done);
    if (rejects) rejects->close();
    else if (summary.films_rejected > kRejectsShown)
        log_line(fmt::format("... and {} more rejected records (keep them all with --rejects PATH)",
                             summary.films_rejected - kRejectsShown),
                 {{"rejected", summary.films_rejected}}, LogLevel::warning);
    summary.movies.bytes_fetched = movies.bytes_fetched();
    summary.movies.bytes_decoded = movies_csv.position();
    if (movies_repair) summary.movies.utf8_replaced = movies_repair->replaced();
    summary.films_read = selection.records;
    summary.films_eligible = selection.eligible;
    summary.films_selected = selection.films.size();
    gauges.selected = summary.films_selected;
    gauges.selection_known = true;

    for (const auto& film : selection.films) matcher.want(film.id);
    matcher.index_complete();
    gate.open();
    while (auto batch = queue.pop()) {
        for (const auto& doc : *batch) matcher.offer(doc);
        gauges.matched = matcher.wanted_with_candidates();
    }
    reader.join();
    matcher.finish();
    summary.docs_judged = matcher.docs_judged();
    for (const auto& film : selection.films) {
        if (const auto* match = matcher.match_for(film.id)) {
            ++summary.matched;
            ++summary.matched_by_rule[static_cast<std::size_t>(match->rule)];
        } else if (summary.unmatched.size() < kUnmatchedShown) {
            summary.unmatched.push_back(film.year ? fmt::format("{} ({})", film.title, *film.year) : film.title);
        }
    }
    gauges.matched = summary.matched;  // settled: the few ambiguous candidates are gone

    // Never replace a published report with an empty one: with no eligible film the input is
    // almost certainly wrong (a broken file, the wrong member, thresholds too high).
    if (selection.films.empty() && !options.publish.allow_empty)
        throw Error(summary.movies.name, "nothing to publish: none of the " + std::to_string(selection.records) +
                                             " records is an eligible film (budget >= " +
                                             std::to_string(options.thresholds.min_budget) + ", revenue >= " +
                                             std::to_string(options.thresholds.min_revenue) + ")");
    // The loader thread reads rows that point into `selection` and `matcher`: if anything below
    // throws, it is stopped (and its transaction rolled back) before they are destroyed.
    const SinkRelease release_loader{database};
    for (std::size_t i = 0; i < selection.films.size(); ++i) {
        ReportRow row{&selection.films[i], std::nullopt, std::nullopt};
        if (const auto* match = matcher.match_for(selection.films[i].id)) {
            row.wikipedia_url = match->url;
            row.wikipedia_abstract = match->abstract;
        }
        if (database) database->write(row);
        if (csv) csv->write(row);
    }
    if (before_publish) before_publish(summary);
    // The CSV is made durable first, so the table and the file are published together: if the
    // file cannot be written, the table is not replaced either.
    if (csv) csv->prepare();
    if (database) {
        database->commit();
        summary.rows_loaded = database->rows_written();
    }
    if (csv) {
        csv->commit();
        summary.rows_written = csv->rows_written();
    }

    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    summary.peak_rss = peak_rss_bytes();
    return summary;
}

std::string format_summary(const ReportJobOptions& options, const ReportJobSummary& s)
{
    constexpr double kMiB = 1024.0 * 1024.0;
    std::string out = fmt::format("sluice: run finished in {:.2f} s, peak memory {:.1f} MiB\n", s.seconds,
                                  static_cast<double>(s.peak_rss) / kMiB);
    const auto source_line = [](const char* label, const SourceStats& source) {
        return fmt::format("  {:<10} {} ({}{}): {} bytes read, {} bytes decoded{}\n", label, source.name,
                           to_string(source.container), source.by_range ? ", member fetched by range" : "",
                           source.bytes_fetched, source.bytes_decoded,
                           source.utf8_replaced > 0
                               ? fmt::format(", {} ill-formed UTF-8 sequences replaced", source.utf8_replaced)
                               : "");
    };
    out += source_line("movies", s.movies);
    out += source_line("abstracts", s.abstracts);
    out += fmt::format("  {:<10} {} docs parsed, {} named a film and were judged\n", "docs", s.docs, s.docs_judged);
    out += fmt::format("  {:<10} {} read, {} rejected{}, {} eligible (budget >= {}, revenue >= {}), {} selected (top {})\n",
                       "films", s.films_read, s.films_rejected,
                       options.rejects_path.empty() ? "" : " (see " + options.rejects_path + ")",
                       s.films_eligible, options.thresholds.min_budget, options.thresholds.min_revenue,
                       s.films_selected, options.top);
    out += fmt::format("  {:<10} {} of {} films\n", "matched", s.matched, s.films_selected);
    for (std::size_t i = 0; i < kMatchRuleCount; ++i) {
        if (s.matched_by_rule[i] == 0) continue;
        out += fmt::format("  {:<10} {:>5} by {}\n", "", s.matched_by_rule[i], to_string(static_cast<MatchRule>(i)));
    }
    out += fmt::format("  {:<10} {} films have no page", "unmatched", s.films_selected - s.matched);
    if (!s.unmatched.empty()) {
        std::string names;
        for (const auto& name : s.unmatched) names += (names.empty() ? "" : "; ") + name;
        const auto more = s.films_selected - s.matched - s.unmatched.size();
        out += ": " + names + (more > 0 ? fmt::format("; and {} more", more) : "");
    }
    out += "\n";
    if (options.database)
        out += fmt::format("  {:<10} {} rows into table {}, snapshot {}\n", "loaded", s.rows_loaded, options.table,
                           options.snapshot_date);
    if (!options.csv_path.empty())
        out += fmt::format("  {:<10} {} rows into {}\n", "csv", s.rows_written, options.csv_path);
    return out;
}

} // namespace sluice
