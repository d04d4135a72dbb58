#include "cli/run_command.hpp"

#include "cli/job_settings.hpp"
#include "core/interrupt.hpp"
#include "core/log.hpp"
#include "job/job_runner.hpp"
#include "load/sql_names.hpp"

#include <cstdlib>
#include <unistd.h>

namespace sluice {

RunCommand::RunCommand(CLI::App& parent)
    : app_(parent.add_subcommand("run", "Stream the movies metadata and the abstracts dump into the report, once"))
{
    add_job_options(*app_, settings_);
    app_->add_option("--snapshot-date", snapshot_date_,
                     "Date of the report snapshot these rows replace (YYYY-MM-DD; default: today, UTC)")
        ->group("Report");
}

void RunCommand::check()
{
    prepare_job(settings_);
    snapshot_named_ = !snapshot_date_.empty();
    if (!snapshot_named_) snapshot_date_ = utc_today();
    check_date("--snapshot-date", snapshot_date_);
}

int RunCommand::execute()
{
    check();
    if (!settings_.reporting.progress) settings_.reporting.progress = ::isatty(STDERR_FILENO) == 1;
    // A scheduler that starts this run names it, so its lines and the run's share the id.
    const char* given_id = std::getenv("SLUICE_RUN_ID");
    const RunLabel label{snapshot_date_, given_id != nullptr && *given_id != '\0' ? given_id : new_run_id()};
    set_run_id(label.run_id);
    catch_interrupts();
    auto job = report_job(settings_);
    const auto ledger = open_ledger(job, label);
    run_job(job, ledger.get(), label,
            {.by_snapshot = false, .snapshot_named = snapshot_named_, .force = settings_.force});
    return 0;
}

} // namespace sluice
