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
    CLI::App* app_;
    ReportJobOptions options_;
    std::string db_;
};

// The database named by --db, else DATABASE_URL, else libpq's PG* variables ("" = libpq's own
// resolution); nullopt when nothing names one.
std::optional<std::string> resolve_database(const std::string& db_flag);

} // namespace sluice
