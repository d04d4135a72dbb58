#pragma once
// `sluice run`: the flagship job once, now.

#include "cli/report_job.hpp"

#include <CLI/CLI.hpp>

namespace sluice {

class RunCommand {
public:
    explicit RunCommand(CLI::App& parent);

    bool chosen() const { return app_->parsed(); }
    int execute();  // exit code; throws sluice::Error / UsageError

private:
    // The job under the run ledger: the job's lock, the up-to-date check, the ledger row.
    int execute_recorded();
    ReportJobSummary run_restarting(std::FILE* log, const std::function<void(const ReportJobSummary&)>& before_publish);

    CLI::App* app_;
    ReportJobOptions options_;
    std::string db_;
    std::string job_;
    std::string auth_env_;
    bool force_ = false;
    double retry_delay_seconds_ = 1.0;
};

// The options that shape the report: a run with other settings is never "up to date".
std::string report_settings(const ReportJobOptions& options);

// The database named by --db, else DATABASE_URL, else libpq's PG* variables ("" = libpq's own
// resolution); nullopt when nothing names one.
std::optional<std::string> resolve_database(const std::string& db_flag);

} // namespace sluice
