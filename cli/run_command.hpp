#pragma once
// `sluice run`: the flagship job once, now.

#include "cli/job_settings.hpp"

#include <CLI/CLI.hpp>

namespace sluice {

class RunCommand {
public:
    explicit RunCommand(CLI::App& parent);

    bool chosen() const { return app_->parsed(); }
    int execute();  // exit code; throws sluice::Error / UsageError
    // The settings' checks, alone: UsageError when the run could not start.
    void check();

private:
    CLI::App* app_;
    JobSettings settings_;
    std::string snapshot_date_;
    bool snapshot_named_ = false;
};

} // namespace sluice
