#pragma once
// The `sluice` command line: every subcommand, the config file and the SLUICE_* variables.

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

namespace sluice {

class RunCommand;
class LoadCommand;
class BackfillCommand;
class ScheduleCommand;
class InspectCommand;
class StatusCommand;
class ConfigCommand;

class CommandLine {
public:
    CommandLine();
    ~CommandLine();
    CommandLine(const CommandLine&) = delete;
    CommandLine& operator=(const CommandLine&) = delete;

    // Parses, runs the chosen subcommand and maps failures to exit codes.
    int main(int argc, char** argv);

    CLI::App& app() { return app_; }

    // Parses `args` (after the program name) as a `run` command line and checks its settings as
    // the run would, without running it; throws UsageError. For the scheduler, so a container
    // with a setting missing fails when it starts, not at every tick.
    void check_run(const std::vector<std::string>& args);

    // Parses `args` (after the program's name) without running anything; a failure throws
    // UsageError with the reason told for a person (usage_message.hpp). --help and --version
    // throw CLI::Success.
    void parse(const std::vector<std::string>& args);
    // Parses `args` (after the program's name) as a `load` command line, for backfill; throws
    // UsageError when it is not one.
    LoadCommand& parse_load(const std::vector<std::string>& args);

private:
    std::string config_path() const;

    CLI::App app_;
    std::string log_format_ = "auto";
    std::unique_ptr<RunCommand> run_;
    std::unique_ptr<LoadCommand> load_;
    std::unique_ptr<BackfillCommand> backfill_;
    std::unique_ptr<ScheduleCommand> schedule_;
    std::unique_ptr<InspectCommand> inspect_;
    std::unique_ptr<StatusCommand> status_;
    std::unique_ptr<ConfigCommand> config_;
};

// Exit codes: 0 success (loaded, up to date, or skipped), 1 runtime or data failure, 2 bad usage,
// 3 another run of the job holds its lock, 128+N stopped by signal N (the run rolled back).
int cli_main(int argc, char** argv);

} // namespace sluice
