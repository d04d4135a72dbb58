#pragma once
// The figures of one run in the Prometheus text format (0.0.4), for node_exporter's textfile
// collector or the /metrics endpoint. They describe the LAST run only, so every metric is a gauge:
// a counter would need a process that lives across runs, and a cron-started sluice does not.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice {

struct SourceMetrics {
    std::string role;  // "movies", "abstracts": the source label
    std::uint64_t bytes_fetched = 0;
    std::uint64_t bytes_decoded = 0;
};

struct RunMetrics {
    std::string job;     // the job label
    std::string status;  // "loaded", "failed", "skipped" or "interrupted"
    double started_at = 0;  // unix seconds
    double duration_seconds = 0;
    std::vector<SourceMetrics> sources;
    std::uint64_t docs = 0;
    std::uint64_t records_read = 0;
    std::uint64_t records_rejected = 0;
    std::uint64_t films_selected = 0;
    std::uint64_t matched = 0;
    std::uint64_t rows_loaded = 0;
    std::optional<std::string> snapshot_date;  // "YYYY-MM-DD"
};

// The exposition text, "# HELP" and "# TYPE" before each metric. sluice_run_status has a line per
// known status (1 for the run's, 0 for the rest) so an alert can test status="failed" == 1
// without absent() tricks. last_success_time and snapshot_date add their metric only when set.
// Throws sluice::Error when snapshot_date is not a real YYYY-MM-DD date.
std::string format_prometheus(const RunMetrics& run, std::optional<double> last_success_time);

// Replaces the file at path with format_prometheus(run, ...): written to a temporary file beside
// it (named so a "*.prom" glob never picks it up), fsynced, renamed over path, so a scraper reads
// either the old text or the new, never half. A run that loaded or was skipped as up to date
// succeeded at now_unix; any other run keeps the last success time found in the old file (none
// when that file is missing, unreadable or garbled). Throws sluice::Error naming path and errno.
void write_metrics_file(const std::string& path, const RunMetrics& run, double now_unix);

} // namespace sluice
