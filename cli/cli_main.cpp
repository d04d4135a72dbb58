#include "cli/cli_main.hpp"

#include "cli/run_command.hpp"
#include "core/error.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace sluice {

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// An error is one line whatever its source: libxml2, libpq and libarchive messages may hold
// newlines, and a log line per failure is what a scheduler's alerting can match on.
std::string one_line(std::string message)
{
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r' || message.back() == ' '))
        message.pop_back();
    for (auto& c : message) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    return message;
}

} // namespace

int cli_main(int argc, char** argv)
{
    CLI::App app{"sluice: stream huge compressed data dumps into PostgreSQL in constant memory", "sluice"};
    app.set_version_flag("--version", SLUICE_VERSION);
    app.require_subcommand(1);
    RunCommand run{app};

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& done) {  // --help, --version
        return app.exit(done);
    } catch (const CLI::ParseError& error) {
        fmt::print(stderr, "sluice: {} (see sluice {}--help)\n", one_line(error.what()),
                   run.chosen() ? "run " : "");
        return kExitUsage;
    }

    try {
        if (run.chosen()) return run.execute();
        return kExitUsage;
    } catch (const UsageError& error) {
        fmt::print(stderr, "sluice: {}\n", one_line(error.what()));
        return kExitUsage;
    } catch (const std::exception& error) {
        fmt::print(stderr, "sluice: error: {}\n", one_line(error.what()));
        return kExitFailure;
    }
}

} // namespace sluice
