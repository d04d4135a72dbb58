#pragma once
// `sluice backfill`: the job over a range of dated dumps, one ledger run per date. The sources
// are templates ({yyyymmdd}, {date}, {yyyy}, {mm}, {dd}); each date's report lands as its own
// snapshot in the table. Dates already loaded are skipped (unless --force), a date whose dump is
// not there (404, no such file) is recorded SKIPPED, and a date that fails is recorded FAILED
// while the walk goes on; the exit code is 1 if any date failed.
//
// `sluice backfill --from D --to D -- load JOB.toml [options]` walks a load job the same way:
// its [source] locations are the templates, and each date is a snapshot (mode snapshot), or an
// append or upsert of that date's files, recorded in the job's ledger.

#include "cli/job_settings.hpp"
#include "job/job_runner.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace sluice {

// The dates from `from` to `to` (inclusive) every `every` ("1d", "2w", "1m"...): months keep the
// day of `from`, clamped to the month's last day (Jan 31, Feb 29, Mar 31...); N from 1 to 10000.
// Throws UsageError.
std::vector<std::chrono::year_month_day> backfill_dates(const std::string& from, const std::string& to,
                                                        const std::string& every);

// `location` with the date's placeholders filled in.
std::string fill_date(const std::string& location, std::chrono::year_month_day date);

class BackfillCommand {
public:
    explicit BackfillCommand(CLI::App& parent);

    bool chosen() const { return app_->parsed(); }
    int execute();

private:
    CLI::App* app_;
    JobSettings settings_;
    std::string from_;
    std::string to_;
    std::string every_ = "1m";
    std::string dates_;  // comma-separated
    std::vector<std::string> load_args_;  // `-- load JOB.toml ...`: a load job instead of the report

    std::vector<std::chrono::year_month_day> chosen_dates() const;
    int backfill_load(const std::vector<std::chrono::year_month_day>& dates);
    // Runs every date in turn, one failing not stopping the rest; the exit code.
    int walk(const std::vector<std::chrono::year_month_day>& dates,
             const std::function<JobRunOutcome(std::chrono::year_month_day, const RunLabel&)>& run_date);
};

} // namespace sluice
