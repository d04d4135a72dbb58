#include "job/job_runner.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/log.hpp"
#include "core/redact.hpp"
#include "core/run_metrics.hpp"
#include "fetch/source_version.hpp"
#include "load/sql_names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace sluice {

namespace {

double unix_now()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A source that changed while it was read (a resumed download got another file) is read again
// from the start, once: nothing of the first attempt was published.
JobResult run_restarting(Job& job, const RunLabel& label, PublishRecord* record,
                         const std::function<void(const JobResult&)>& before_publish)
{
    for (int attempt = 0;; ++attempt) {
        try {
            return job.run(label, record, before_publish);
        } catch (const SourceChanged& changed) {
            if (attempt > 0) throw;
            log_line(std::string{changed.what()} + ": starting the run again");
        }
    }
}

class MetricsReport {
public:
    MetricsReport(const Job& job, const RunLabel& label) : path_(job.metrics_file()), started_(unix_now())
    {
        metrics_.job = job.name();
        metrics_.started_at = started_;
        if (!label.snapshot_date.empty()) metrics_.snapshot_date = label.snapshot_date;
    }

    void result(const JobResult& result)
    {
        const auto keep = metrics_;
        metrics_ = result.metrics;
        metrics_.job = keep.job;
        metrics_.started_at = keep.started_at;
        metrics_.snapshot_date = keep.snapshot_date;
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

void write_failed_run_metrics(const Job& job, const RunLabel& label, const std::exception& failure)
{
    MetricsReport{job, label}.write(failure_status(failure));
}

std::unique_ptr<RunLedger> open_ledger(const Job& job, const RunLabel& label)
{
    const auto database = job.database();
    if (!database) return nullptr;
    try {
        return std::make_unique<RunLedger>(*database, job.name(), split_table_name(job.table()).schema);
    } catch (const AlreadyRunning&) {
        throw;
    } catch (const std::exception& failure) {
        write_failed_run_metrics(job, label, failure);
        throw;
    }
}

JobRunOutcome run_job(Job& job, RunLedger* ledger, const RunLabel& label, const JobRunPolicy& policy)
{
    MetricsReport metrics{job, label};
    const auto skipped = [&](std::string reason) {
        metrics.write("skipped");
        return JobRunOutcome{JobRunStatus::skipped, std::move(reason)};
    };
    const auto finished = [&](const JobResult& result) {
        metrics.result(result);
        log_report(result.summary, "run finished", result.fields);
    };

    if (ledger == nullptr) {
        try {
            finished(run_restarting(job, label, nullptr, {}));
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
        for (const auto& source : job.sources())
            sources.push_back({source.role, redact_url(source.location), probe_version(source.location, job.fetch()), 0});
        const auto settings_text = job.settings();
        if (job.appends()) {
            // Each source version is appended once, --force or not: a second append would load
            // its rows twice.
            const auto done = ledger->appended(sources);
            if (!done.empty()) {
                std::vector<std::size_t> indexes;
                for (const auto& appended : done) {
                    indexes.push_back(appended.source);
                    log_line(fmt::format("{} was appended by run {}: left out", sources[appended.source].url, appended.run),
                             {{"source", sources[appended.source].url}, {"appended_by", appended.run}});
                }
                if (done.size() == sources.size()) {
                    const auto reason = fmt::format("every source was appended before (the last by run {})", done.back().run);
                    ledger->skip(label, settings_text, sources, reason);
                    log_line(reason);
                    return skipped(reason);
                }
                std::sort(indexes.begin(), indexes.end());
                job.leave_out(indexes);
                for (auto i = indexes.rbegin(); i != indexes.rend(); ++i)
                    sources.erase(sources.begin() + static_cast<std::ptrdiff_t>(*i));
            }
        }
        if (policy.by_snapshot || policy.skip_missing) {
            for (const auto& source : sources) {
                if (source.version.missing.empty()) continue;
                const auto reason = fmt::format("{} not found: {} ({})", source.role, source.url, source.version.missing);
                ledger->skip(label, settings_text, sources, reason);
                return skipped(reason);
            }
        }
        if (!policy.force) {
            if (policy.by_snapshot) {
                if (const auto last = ledger->loaded_snapshot(label.snapshot_date, job.table())) {
                    const auto reason = fmt::format("snapshot {} already loaded by run {}", label.snapshot_date, *last);
                    ledger->skip(label, settings_text, sources, reason);
                    return skipped(reason);
                }
            } else if (const auto last = ledger->up_to_date(settings_text, sources, job.table(),
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
    try {
        const auto result = run_restarting(job, label, record.get(), [&](const JobResult& r) {
            for (std::size_t i = 0; i < sources.size() && i < r.fetched.size(); ++i) sources[i].bytes = r.fetched[i];
            ledger->progress(id, r.counts, sources);
        });
        finished(result);
        log_line(fmt::format("run {} of job '{}' {} (run id {})", id, job.name(), job.loaded_what(label), label.run_id),
                 {{"ledger_id", static_cast<std::int64_t>(id)}, {"status", std::string{"LOADED"}}});
        metrics.write("loaded");
        return {};
    } catch (const std::exception& failure) {
        ledger->fail(id, one_line(failure.what()));
        metrics.write(failure_status(failure));
        throw;
    }
}

} // namespace sluice
