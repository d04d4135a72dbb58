#pragma once
// `sluice load [JOB.toml]`: any dump into any table. Every key of the job file is also a flag
// (--source, --record, --delimiter, --table, --mode, --column ...): a flag or its SLUICE_*
// variable beats the job file, which beats the config file, which beats the defaults.

#include "cli/job_settings.hpp"
#include "job/load_job_spec.hpp"
#include "jobs/table_load/table_load_job.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sluice {

class LoadCommand {
public:
    explicit LoadCommand(CLI::App& parent);

    bool chosen() const { return app_->parsed(); }
    int execute();  // exit code; throws sluice::Error / UsageError
    // The job as the run would make it, checked, without running it: UsageError when it could
    // not start (for the scheduler).
    std::unique_ptr<TableLoadJob> check();
    // The same, with `adjust` applied to the spec first: backfill fills each date into the
    // locations. The database (for the ledger), --force and --snapshot-date as given.
    std::unique_ptr<TableLoadJob> check(const std::function<void(LoadJobSpec&)>& adjust);
    bool force() const { return force_; }
    bool snapshot_date_given() const { return !snapshot_date_.empty(); }

private:
    // A flag that mirrors a job-file key: how to put its value into the spec.
    struct Mirror {
        CLI::Option* option;
        std::string key;  // "[csv] delimiter"
        std::function<void(LoadJobSpec&)> apply;
    };
    void mirror(CLI::Option* option, std::string key, std::function<void(LoadJobSpec&)> apply);
    LoadJobSpec spec() const;

    CLI::App* app_;
    std::string job_file_;
    LoadJobSpec flags_;  // the mirrored flags' values, applied over the job file's
    std::vector<std::string> column_flags_;
    std::string header_lines_, skip_lines_;
    bool lineage_ = false;
    std::vector<Mirror> mirrors_;

    std::string db_;
    bool force_ = false;
    std::string snapshot_date_;
    LoadRunOptions run_;
    FetchFlags fetch_flags_;
    ReportingFlags reporting_;
};

} // namespace sluice
