#include "jobs/table_load/table_load_job.hpp"

#include "convert/value_converter.hpp"
#include "core/error.hpp"
#include "core/live_value.hpp"
#include "core/log.hpp"
#include "core/peak_memory.hpp"
#include "core/printable.hpp"
#include "core/progress_meter.hpp"
#include "core/redact.hpp"
#include "fetch/decode_check.hpp"
#include "fetch/part_sequence.hpp"
#include "fetch/source_opener.hpp"
#include "jobs/table_load/header_columns.hpp"
#include "jobs/table_load/load_plan.hpp"
#include "jobs/table_load/row_sinks.hpp"
#include "load/reject_file.hpp"
#include "parse/record.hpp"

#include <fmt/format.h>

#include <chrono>

namespace sluice {

namespace {

// Without a rejects file, the first few are shown in the log; all are counted.
constexpr std::uint64_t kRejectsShown = 10;

struct Gauges {
    std::atomic<SourceProgress::State> state{SourceProgress::State::opening};
    struct Bytes {
        std::uint64_t fetched = 0;
        std::optional<std::uint64_t> total;
    };
    LiveValue<Bytes> bytes;
    LiveValue<std::uint64_t> records;
    std::atomic<std::uint64_t> done_before{0};  // records of the parts already read

    ProgressSnapshot snapshot() const
    {
        ProgressSnapshot out;
        const auto b = bytes.get();
        out.sources.push_back({"source", state.load(), b.fetched, b.total, 0});
        out.docs = done_before.load() + records.get();
        out.records_label = "records";
        return out;
    }
};

} // namespace

TableLoadJob::TableLoadJob(LoadJobSpec spec, LoadRunOptions options) : spec_(std::move(spec)), options_(std::move(options))
{
    if (spec_.columns.empty()) spec_.columns = header_columns(spec_, options_);
    plan_ = std::make_unique<LoadPlan>(spec_, options_);
}

TableLoadJob::~TableLoadJob() = default;

std::string TableLoadJob::name() const
{
    if (!spec_.name.empty()) return spec_.name;
    return spec_.table.empty() ? std::string{"load"} : spec_.table;
}

std::string TableLoadJob::table() const
{
    return spec_.table;
}

std::vector<JobSource> TableLoadJob::sources() const
{
    std::vector<JobSource> out;
    for (std::size_t i = 0; i < plan_->locations.size(); ++i)
        out.push_back({plan_->locations.size() == 1 ? "source" : fmt::format("source {}", i + 1), plan_->locations[i]});
    return out;
}

std::string TableLoadJob::settings() const
{
    return plan_->settings;
}

std::string TableLoadJob::loaded_what(const RunLabel& label) const
{
    if (spec_.mode == "snapshot") return "loaded snapshot " + label.snapshot_date + " into " + spec_.table;
    return "loaded " + (spec_.table.empty() ? std::string{"the CSV file"} : spec_.table);
}

bool TableLoadJob::appends() const
{
    return plan_->mode == PublishMode::append && options_.database.has_value();
}

void TableLoadJob::leave_out(const std::vector<std::size_t>& indexes)
{
    for (auto i = indexes.rbegin(); i != indexes.rend(); ++i)
        plan_->locations.erase(plan_->locations.begin() + static_cast<std::ptrdiff_t>(*i));
}

JobResult TableLoadJob::run(const RunLabel& label, PublishRecord* record,
                            const std::function<void(const JobResult&)>& before_publish)
{
    const auto started = std::chrono::steady_clock::now();
    LoadSummary summary;
    Gauges gauges;
    std::optional<ProgressMeter> meter;
    if (options_.progress) meter.emplace([&gauges] { return gauges.snapshot(); });

    std::unique_ptr<RejectFile> rejects;

    const auto reject = [&](const RejectedRecord& rejected) {
        ++summary.rejected;
        if (rejects) rejects->add(rejected);
        else if (summary.rejected <= kRejectsShown)
            log_line(fmt::format("rejected {}: record {} (line {}): {}", rejected.source, rejected.record, rejected.line,
                                 rejected.reason),
                     {{"source", std::string{rejected.source}},
                      {"record", rejected.record},
                      {"line", rejected.line},
                      {"reason", std::string{rejected.reason}}},
                     LogLevel::warning);
        if (plan_->max_rejects.count && summary.rejected > *plan_->max_rejects.count)
            throw Error(std::string{rejected.source},
                        fmt::format("too many rejected records: {} is more than the most allowed ({}; the last: {})",
                                    summary.rejected, plan_->max_rejects.text, rejected.reason),
                        SourcePosition::at_line(rejected.line, rejected.byte));
    };

    // A share is judged once every record is read (and again with the refused keys at publish).
    const auto check_limits = [&](std::uint64_t rejected, std::uint64_t read) {
        if (plan_->max_rejects.count && rejected > *plan_->max_rejects.count)
            throw Error(plan_->table.name.empty() ? plan_->locations.back() : plan_->table.name,
                        fmt::format("too many rejected records: {} is more than the most allowed ({})", rejected,
                                    plan_->max_rejects.text));
        if (plan_->max_rejects.share && read > 0 &&
            static_cast<double>(rejected) > *plan_->max_rejects.share * static_cast<double>(read))
            throw Error(plan_->locations.back(), fmt::format("too many rejected records: {} of {} is more than {}",
                                                             rejected, read, plan_->max_rejects.text));
    };
    // Records the table refuses for their key are found in the database at publish: the rejects
    // get them there, in the publishing transaction, and too many fail it.
    const auto refused = [&](const DuplicateKeys& duplicates) {
        for (const auto& duplicate : duplicates.shown) {
            const auto reason = describe(duplicate);
            reject({duplicate.source, duplicate.record, 0, 0, fmt::format("{}", fmt::join(spec_.key, ",")), reason, {}});
        }
        const auto unlisted = duplicates.count - duplicates.shown.size();
        summary.rejected += unlisted;
        summary.duplicates += duplicates.count;
        if (unlisted > 0)
            log_line(fmt::format("... and {} more records refused for a duplicate key", unlisted), {}, LogLevel::warning);
        check_limits(summary.rejected, summary.read);
    };
    // Sinks first: a wrong database or an unwritable path fails before any download starts.
    auto sinks = open_row_sinks(*plan_, options_, name(), label, record, refused);
    if (!spec_.rejects_file.empty()) rejects = std::make_unique<RejectFile>(spec_.rejects_file, RejectFile::Layout::records);

    Record current;
    std::vector<std::string_view> matched;
    std::vector<std::optional<std::string_view>> row(plan_->table.columns.size());
    if (plan_->value_offset > 0) row[0] = std::string_view{label.snapshot_date};
    // Part after part, in the order given; the next one is opened and read ahead while one is parsed.
    PartSequence parts(plan_->locations, OpenOptions{options_.fetch, spec_.member});
    while (auto part = parts.next()) {
        auto& opened = part->opened;
        // The stream first: the gauges read its counters until they detach, so it must outlive them.
        auto stream = std::move(opened.stream);
        gauges.state = SourceProgress::State::reading;
        const LiveValue<Gauges::Bytes>::Attachment watched{
            gauges.bytes, [fetched = opened.bytes_fetched, total = opened.total_bytes] {
                return Gauges::Bytes{fetched(), total()};
            }};
        SourceSummary source;
        source.name = stream->name();
        source.container = opened.container;

        // The format, when the job does not say it, from the first decoded bytes.
        auto format = plan_->format;
        if (format == RecordFormat::sniffed) format = sniff_format(stream);
        if (format == RecordFormat::xml && plan_->xml_fields.empty())
            throw UsageError(source.name + " is XML: declare the record's path ([xml] record or --record) and its "
                                           "columns ([[column]] with from = \"@attr\" or \"child\")");

        auto reader = open_record_reader(*plan_, format, *stream, options_);
        std::optional<LiveValue<std::uint64_t>::Attachment> counted;
        counted.emplace(gauges.records, [&reader] { return reader->records_read(); });
        bool writing = false;  // a sink's failure is the database's or the file's, not the source's
        const auto read_records = [&] {
            while (reader->next(current)) {
                ++source.records;
                if (current.error) {
                    reject({source.name, current.number, current.line, current.byte, {}, *current.error, current.raw});
                    continue;
                }
                bool rejected_record = false;
                for (std::size_t i = 0; i < plan_->columns.size(); ++i) {
                    current.values(i, matched);
                    const auto converted = plan_->converters[i].convert(matched);
                    if (converted.is_reject()) {
                        reject({source.name, current.number, current.line, current.byte, plan_->columns[i].name,
                                converted.text, current.raw});
                        rejected_record = true;
                        break;
                    }
                    row[i + plan_->value_offset] =
                        converted.is_null() ? std::nullopt : std::optional<std::string_view>{converted.text};
                }
                if (rejected_record) continue;
                writing = true;
                sinks.write(row, source.name, current.number);
                writing = false;
                ++source.rows;
            }
        };
        try {
            read_records();
        } catch (const DecodeError&) {
            throw;
        } catch (const SourceChanged&) {
            throw;
        } catch (const Error& failure) {
            // Malformed XML, a broken CSV, too many rejects: from compressed data, the data may be
            // what is broken, and its decoder says so once read on to its end.
            if (writing || opened.container == Container::plain) throw;
            DecodeCheck check;
            if (const auto seen = reader->source_failure()) {
                try {
                    std::rethrow_exception(seen);
                } catch (const DecodeError& error) {
                    check.found(error);
                } catch (...) {
                }
            }
            counted.reset();
            reader.reset();  // its threads are joined: the stream is this thread's to read on
            if (!check.done()) check.read_on(*stream);
            check.rethrow(failure);
        }
        for (std::size_t i = 0; i < plan_->columns.size(); ++i)
            if (reader->field_ever_matched(i)) summary.matched_fields.insert(i);
        gauges.done_before += reader->records_read();
        source.bytes_fetched = opened.bytes_fetched();
        source.bytes_decoded = stream->position();
        summary.read += source.records;
        summary.sources.push_back(std::move(source));
    }
    gauges.state = SourceProgress::State::done;

    // A column whose field matched nothing in any record is most likely misspelt.
    for (std::size_t i = 0; i < plan_->columns.size(); ++i) {
        if (summary.read == 0 || summary.matched_fields.contains(i)) continue;
        summary.never_matched.push_back(plan_->columns[i].name);
        log_line(fmt::format("column \"{}\": its field {} matched nothing in {} records", printable(plan_->columns[i].name),
                             printable(plan_->columns[i].field), summary.read),
                 {{"column", plan_->columns[i].name}}, LogLevel::warning);
    }
    check_limits(summary.rejected, summary.read);

    const auto result_of = [&] {
        summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        summary.peak_rss = peak_rss_bytes();
        return load_result(*plan_, options_, label, summary);
    };
    if (before_publish) before_publish(result_of());
    sinks.publish(summary);
    if (rejects) rejects->close();
    return result_of();
}

} // namespace sluice
