#pragma once
// `sluice status`: the recent runs from the run ledger.

#include <CLI/CLI.hpp>

#include <string>

namespace sluice {

class StatusCommand {
public:
    explicit StatusCommand(CLI::App& parent);

    bool chosen() const { return app_->parsed(); }
    int execute();

private:
    CLI::App* app_;
    std::string db_;
    std::string schema_;
    std::string job_;
    int limit_ = 20;
};

} // namespace sluice
