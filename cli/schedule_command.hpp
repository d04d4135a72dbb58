#pragma once
// `sluice schedule`: stays in the foreground and starts `sluice run` on a cron schedule, as the
// container's main process. Each run is a child process of its own (a crash or a leak in one run
// cannot take the scheduler down, and every run starts from a clean slate), started in its own
// process group so a terminal's Ctrl-C reaches it once, through the scheduler.
//
// Runs never overlap: a tick that comes while a run is going is skipped and logged. SIGTERM or
// SIGINT is passed on to the running run, which rolls back (or finishes its commit); the
// scheduler waits for it and exits 0.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace sluice {

class ScheduleCommand {
public:
    explicit ScheduleCommand(CLI::App& parent);

    bool chosen() const { return app_->parsed(); }
    // `config_path`: the config file in use, handed on to each run.
    int execute(const std::string& config_path);

private:
    CLI::App* app_;
    std::string cron_;
    std::string time_zone_ = "UTC";
    int metrics_port_ = 0;
    std::string metrics_address_ = "127.0.0.1";
    std::string metrics_file_;
    bool run_now_ = false;
    std::vector<std::string> run_args_;
};

} // namespace sluice
