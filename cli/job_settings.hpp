#pragma once
// The settings of the flagship job, as `run` and `backfill` both take them: the sources, the
// report, the output, the ledger and the run's own reporting (progress, metrics).

#include "jobs/movie_report/movie_report_job.hpp"
#include "jobs/movie_report/report_job.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace sluice {

// How sources are fetched, as every job that fetches takes it (the flags beside FetchOptions).
struct FetchFlags {
    std::string auth_env;
    bool no_zip_range = false;  // a plain flag, so SLUICE_NO_ZIP_RANGE=true means what it says
    double retry_delay_seconds = 1.0;
};

// The run's own reporting, for every job.
struct ReportingFlags {
    std::string metrics_file;
    std::optional<bool> progress;  // --progress / --no-progress; unset: when stderr is a terminal
};

struct JobSettings {
    ReportJobOptions options;
    std::string db;
    std::string job;
    bool force = false;
    FetchFlags fetch_flags;
    ReportingFlags reporting;
};

// The job's options on `command` (a subcommand), grouped as in `sluice run --help`.
void add_job_options(CLI::App& command, JobSettings& settings);

// The groups every job shares: fetching (--ca-file, --retries, --auth-header-env...), the
// decoded text's limits (--max-depth, --max-record-bytes, --invalid-utf8), and reporting
// (--progress, --metrics-file).
void add_fetch_options(CLI::App& command, FetchOptions& fetch, FetchFlags& flags, const std::string& group);
void add_text_limit_options(CLI::App& command, std::size_t& max_depth, std::uint64_t& max_record_bytes,
                            bool& repair_utf8, const std::string& group);
void add_reporting_options(CLI::App& command, ReportingFlags& flags);

// Completes `fetch` from the flags: the Authorization header read (and remembered as a secret),
// the retry delay, the zip range choice. Throws UsageError.
void prepare_fetch(FetchOptions& fetch, const FetchFlags& flags);

// Checks and completes the settings once parsed: the sources are named, the database resolved,
// the table name usable, the Authorization header read. Throws UsageError.
void prepare_job(JobSettings& settings);

// The report job these settings describe (prepare_job() first).
MovieReportJob report_job(const JobSettings& settings);

// The job's name in the ledger: --job, else the table name.
std::string job_name(const JobSettings& settings);

// The database named by --db (or SLUICE_DB), else DATABASE_URL, else libpq's PG* variables
// ("" = libpq's own resolution); nullopt when nothing names one.
std::optional<std::string> resolve_database(const std::string& db_flag);

// Today's date in UTC, YYYY-MM-DD.
std::string utc_today();

// Throws UsageError unless `date` is a real YYYY-MM-DD date.
void check_date(const std::string& option, const std::string& date);

} // namespace sluice
