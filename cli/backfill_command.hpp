#pragma once
// `sluice backfill`: the job over a range of dated dumps, one ledger run per date. The sources
// are templates ({yyyymmdd}, {date}, {yyyy}, {mm}, {dd}); each date's report lands as its own
// snapshot in the table. Dates already loaded are skipped (unless --force), a date whose dump is
// not there (404, no such file) is recorded SKIPPED, and a date that fails is recorded FAILED
// while the walk goes on; the exit code is 1 if any date failed.

#include "cli/job_settings.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
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
    std::vector<std::string> dates_;
};

} // namespace sluice
