#include "cli/cli_main.hpp"

#include "cli/backfill_command.hpp"
#include "cli/config_command.hpp"
#include "cli/config_file.hpp"
#include "cli/inspect_command.hpp"
#include "cli/load_command.hpp"
#include "cli/option_values.hpp"
#include "cli/run_command.hpp"
#include "cli/schedule_command.hpp"
#include "cli/status_command.hpp"
#include "cli/usage_message.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/log.hpp"
#include "load/run_ledger.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace sluice {

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitAlreadyRunning = 3;

// Before the command line is parsed, the log format can only come from the environment.
LogFormat early_log_format()
{
    try {
        const char* choice = std::getenv("SLUICE_LOG_FORMAT");
        return parse_log_format(choice != nullptr ? choice : "auto");
    } catch (const UsageError&) {
        return LogFormat::text;
    }
}

} // namespace

CommandLine::CommandLine()
    : app_("sluice: stream huge compressed data dumps into PostgreSQL in constant memory", "sluice")
{
    app_.set_version_flag("--version", SLUICE_VERSION);
    app_.require_subcommand(1);
    // --config and --log-format may come after the command's name too.
    app_.fallthrough();
    add_choice(app_, "--log-format", log_format_,
               "Log lines as text (for people) or json (for collectors); auto: text on a terminal, else json",
               std::vector<std::pair<std::string, std::string>>{{"auto", "auto"}, {"text", "text"}, {"json", "json"}});
    use_toml_config(app_);
    run_ = std::make_unique<RunCommand>(app_);
    load_ = std::make_unique<LoadCommand>(app_);
    backfill_ = std::make_unique<BackfillCommand>(app_);
    schedule_ = std::make_unique<ScheduleCommand>(app_);
    inspect_ = std::make_unique<InspectCommand>(app_);
    status_ = std::make_unique<StatusCommand>(app_);
    config_ = std::make_unique<ConfigCommand>(app_);
    name_environment_variables(app_);
    check_flags(app_);
}

CommandLine::~CommandLine() = default;

void CommandLine::parse(const std::vector<std::string>& args)
{
    note_command_line(app_, args);
    // CLI11 takes the words last to first.
    std::vector<std::string> reversed{args.rbegin(), args.rend()};
    try {
        app_.parse(reversed);
    } catch (const CLI::Success&) {
        throw;
    } catch (const CLI::ParseError& error) {
        throw UsageError(explain_parse_error(app_, args, error));
    } catch (const UsageError& error) {  // a value refused (option_values.hpp)
        throw UsageError(explain_parse_error(app_, args, error));
    }
}

int CommandLine::main(int argc, char** argv)
{
    set_log_format(early_log_format());
    try {
        parse({argv + std::min(argc, 1), argv + argc});
        check_config_file(app_);
        set_log_format(parse_log_format(log_format_));
    } catch (const CLI::Success& done) {  // --help, --version
        return app_.exit(done);
    } catch (const UsageError& error) {
        log_usage_error(one_line(error.what()));
        return kExitUsage;
    }

    try {
        if (run_->chosen()) return run_->execute();
        if (load_->chosen()) return load_->execute();
        if (backfill_->chosen()) return backfill_->execute();
        if (schedule_->chosen()) return schedule_->execute(config_path());
        if (status_->chosen()) return status_->execute();
        if (inspect_->chosen()) return inspect_->execute();
        if (config_->chosen()) return config_->execute(config_path());
        return kExitUsage;
    } catch (const Interrupted& interrupted) {
        log_line(interrupted.what());
        return interrupted.exit_code();
    } catch (const AlreadyRunning& error) {
        log_line(one_line(error.what()), {}, LogLevel::warning);
        return kExitAlreadyRunning;
    } catch (const UsageError& error) {
        log_usage_error(one_line(error.what()));
        return kExitUsage;
    } catch (const std::exception& error) {
        log_error(one_line(error.what()));
        return kExitFailure;
    }
}

void CommandLine::check_run(const std::vector<std::string>& args)
{
    try {
        parse(args);
    } catch (const CLI::Success&) {
        throw UsageError("the run's options ask for --help or --version: give those to sluice run or sluice load itself");
    }
    if (load_->chosen()) {
        load_->check();
        return;
    }
    if (!run_->chosen()) throw UsageError("expected a `run` or `load` command");
    run_->check();
}

LoadCommand& CommandLine::parse_load(const std::vector<std::string>& args)
{
    try {
        parse(args);
    } catch (const CLI::Success&) {
        throw UsageError("the load's options ask for --help or --version: give those to sluice load itself");
    }
    if (!load_->chosen()) throw UsageError("expected a `load` command");
    return *load_;
}

std::string CommandLine::config_path() const
{
    return app_.get_config_ptr()->as<std::string>();
}

int cli_main(int argc, char** argv)
{
    CommandLine command_line;
    return command_line.main(argc, argv);
}

} // namespace sluice
