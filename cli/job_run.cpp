#include "cli/job_run.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/log.hpp"
#include "core/redact.hpp"
#include "core/run_metrics.hpp"
#include "fetch/source_version.hpp"
#include "load/sql_names.hpp"

#include <fmt/format.h>

#include <chrono>

namespace sluice {

namespace {

double unix_now()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A source that changed while it was read (a resumed download got another file) is read again
// from the start, once: nothing of the first attempt was published.
ReportJobSummary run_restarting(const ReportJobOptions& options,
                                const std::function<void(const ReportJobSummary&)>& before_publish)
{
    for (int attempt = 0;; ++attempt) {
        try {
            return run_report_job(options, before_publish);
        } catch (const SourceChanged& changed) {
            if (attempt > 0) throw;
            log_line(std::string{changed.what()} + ": starting the run again");
        }
    }
}

LogFields summary_fields(const ReportJobSummary& s)
{
    return {{"seconds", s.seconds},
            {"peak_rss_bytes", s.peak_rss},
            {"movies_bytes_fetched", s.movies.bytes_fetched},
            {"abstracts_bytes_fetched", s.abstracts.bytes_fetched},
            {"abstracts_bytes_decoded", s.abstracts.bytes_decoded},
            {"docs", s.docs},
            {"films_read", s.films_read},
            {"films_rejected", s.films_rejected},
            {"films_selected", s.films_selected},
            {"matched", s.matched},
            {"rows_loaded", s.rows_loaded},
            {"rows_written", s.rows_written}};
}

class MetricsReport {
public:
    MetricsReport(const JobSettings& settings, const RunLabel& label)
        : path_(settings.metrics_file), started_(unix_now())
    {
        metrics_.job = job_name(settings);
        metrics_.started_at = started_;
        if (!label.snapshot_date.empty()) metrics_.snapshot_date = label.snapshot_date;
    }

    void summary(const ReportJobSummary& s)
    {
        metrics_.sources = {{"movies", s.movies.bytes_fetched, s.movies.bytes_decoded},
                            {"abstracts", s.abstracts.bytes_fetched, s.abstracts.bytes_decoded}};
        metrics_.docs = s.docs;
        metrics_.records_read = s.films_read;
        metrics_.records_rejected = s.films_rejected;
        metrics_.films_selected = s.films_selected;
        metrics_.matched = s.matched;
        metrics_.rows_loaded = s.rows_loaded;
    }

    // Never hides the run's own outcome: a metrics file that cannot be written is logged.
    void write(const char* status) noexcept
    {
        if (path_.empty()) return;
        try {
            metrics_.status = status;
            metrics_.duration_seconds = unix_now() - started_;
            write_metrics_file(path_, metrics_, unix_now());
        } catch (const std::exception& failure) {
            try {
                log_error(one_line(failure.what()));
            } catch (...) {
            }
        }
    }

private:
    std::string path_;
    double started_;
    RunMetrics metrics_;
};

const char* failure_status(const std::exception& failure)
{
    return dynamic_cast<const Interrupted*>(&failure) != nullptr ? "interrupted" : "failed";
}

} // namespace

void write_failed_run_metrics(const JobSettings& settings, const RunLabel& label, const std::exception& failure)
{
    MetricsReport{settings, label}.write(failure_status(failure));
}

std::string job_name(const JobSettings& settings)
{
    return settings.job.empty() ? settings.options.table : settings.job;
}

JobRunOutcome run_job(JobSettings& settings, RunLedger* ledger, const RunLabel& label, const JobRunPolicy& policy)
{
    auto& options = settings.options;
    options.snapshot_date = label.snapshot_date;
    options.publish.job = job_name(settings);
    options.progress = settings.progress.value_or(false);
    MetricsReport metrics{settings, label};
    const auto skipped = [&](std::string reason) {
        metrics.write("skipped");
        return JobRunOutcome{JobRunStatus::skipped, std::move(reason)};
    };

    if (ledger == nullptr) {
        try {
            const auto summary = run_restarting(options, {});
            metrics.summary(summary);
            log_report(format_summary(options, summary), "run finished", summary_fields(summary));
            metrics.write("loaded");
            return {};
        } catch (const std::exception& failure) {
            metrics.write(failure_status(failure));
            throw;
        }
    }

    // Until the run has its ledger row, a failure (the database gone during the checks) is
    // recorded in the metrics file only.
    std::vector<LedgerSource> sources;
    std::int64_t id = 0;
    try {
        sources = {
            {"movies", redact_url(options.movies), probe_version(options.movies, options.fetch), 0},
            {"abstracts", redact_url(options.abstracts), probe_version(options.abstracts, options.fetch), 0}};
        const auto settings_text = report_settings(options);
        if (policy.by_snapshot) {
            for (const auto& source : sources) {
                if (source.version.missing.empty()) continue;
                const auto reason = fmt::format("{} not found: {} ({})", source.role, source.url, source.version.missing);
                ledger->skip(label, settings_text, sources, reason);
                return skipped(reason);
            }
        }
        if (!settings.force) {
            if (policy.by_snapshot) {
                if (const auto last = ledger->loaded_snapshot(label.snapshot_date, options.table)) {
                    const auto reason = fmt::format("snapshot {} already loaded by run {}", label.snapshot_date, *last);
                    ledger->skip(label, settings_text, sources, reason);
                    return skipped(reason);
                }
            } else if (const auto last = ledger->up_to_date(settings_text, sources, options.table,
                                                             policy.snapshot_named ? label.snapshot_date : "")) {
                const auto reason = fmt::format("up to date: no source changed since run {}", *last);
                ledger->skip(label, settings_text, sources, reason);
                log_line(reason + " (pass --force to load anyway)");
                return skipped(reason);
            }
        }

        id = ledger->start(label, settings_text, sources);
    } catch (const std::exception& failure) {
        metrics.write(failure_status(failure));
        throw;
    }
    const auto record = ledger->publish_record(id);
    options.publish.record = record.get();
    try {
        const auto summary = run_restarting(options, [&](const ReportJobSummary& s) {
            sources[0].bytes = s.movies.bytes_fetched;
            sources[1].bytes = s.abstracts.bytes_fetched;
            ledger->progress(id, {s.films_read, s.films_rejected}, sources);
        });
        options.publish.record = nullptr;
        metrics.summary(summary);
        log_report(format_summary(options, summary), "run finished", summary_fields(summary));
        log_line(fmt::format("run {} of job '{}' loaded snapshot {} (run id {})", id, job_name(settings),
                             label.snapshot_date, label.run_id),
                 {{"ledger_id", static_cast<std::int64_t>(id)}, {"status", std::string{"LOADED"}}});
        metrics.write("loaded");
        return {};
    } catch (const std::exception& failure) {
        options.publish.record = nullptr;
        ledger->fail(id, one_line(failure.what()));
        metrics.write(failure_status(failure));
        throw;
    }
}

} // namespace sluice
