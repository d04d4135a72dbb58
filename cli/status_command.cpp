#include "cli/status_command.hpp"

#include "cli/option_values.hpp"
#include "cli/run_command.hpp"
#include "core/error.hpp"
#include "core/printable.hpp"
#include "core/redact.hpp"
#include "load/run_ledger.hpp"

#include <fmt/format.h>

namespace sluice {

namespace {

std::string or_dash(const std::optional<std::uint64_t>& value)
{
    return value ? std::to_string(*value) : "-";
}

} // namespace

StatusCommand::StatusCommand(CLI::App& parent)
    : app_(parent.add_subcommand("status", "Show the recent runs recorded in the run ledger (sluice_runs)"))
{
    app_->add_option("--db", db_, "libpq connection string or postgresql:// URL (else DATABASE_URL, else PG* variables)");
    app_->add_option("--schema", schema_, "Schema of the ledger (that of the report table; default: search_path)");
    app_->add_option("--job", job_, "Only this job's runs");
    add_whole_number(*app_, "--limit", limit_, "How many runs", 1, 100'000)->capture_default_str();
}

int StatusCommand::execute()
{
    const auto database = resolve_database(db_);
    if (!database) throw UsageError("no database named: pass --db CONNINFO, or set DATABASE_URL or PG* variables");
    const auto runs = RunLedger::recent(*database, schema_, job_, limit_);
    if (runs.empty()) {
        fmt::print("no runs recorded{}\n", job_.empty() ? "" : " for job '" + printable(job_) + "'");
        return 0;
    }
    fmt::print("{:>6}  {:<16} {:<8} {:<10} {:<20} {:>9} {:>9} {:>8} {:>7}  {}\n", "run", "job", "status", "snapshot",
               "started (UTC)", "seconds", "read", "rejected", "loaded", "message");
    for (const auto& run : runs) {
        // The job and the message may hold anything a user or a server put there.
        fmt::print("{:>6}  {:<16} {:<8} {:<10} {:<20} {:>9} {:>9} {:>8} {:>7}  {}\n", run.id, printable(run.job), run.status,
                   run.snapshot_date.empty() ? "-" : run.snapshot_date, run.started_at, run.seconds ? fmt::format("{:.1f}", *run.seconds) : "-", or_dash(run.read), or_dash(run.rejected),
                   or_dash(run.loaded), printable(redact_text(run.message)));
    }
    return 0;
}

} // namespace sluice
