#pragma once
// `sluice config [COMMAND]`: the settings a command would run with, from the SLUICE_* variables,
// the config file and the defaults, printed as TOML that can be saved as a config file. Each
// line says where its value came from; passwords in URLs and conninfo strings are hidden.

#include <CLI/CLI.hpp>

#include <string>

namespace sluice {

class ConfigCommand {
public:
    explicit ConfigCommand(CLI::App& parent);

    bool chosen() const { return app_->parsed(); }
    int execute(const std::string& config_path);

private:
    CLI::App* app_;
    std::string command_ = "run";
};

} // namespace sluice
