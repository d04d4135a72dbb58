#include "cli/cli_main.hpp"

#include "cli/run_command.hpp"
#include "core/error.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace sluice {

namespace {
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
} // namespace

int cli_main(int argc, char** argv)
{
    CLI::App app{"sluice: stream huge compressed data dumps into PostgreSQL in constant memory", "sluice"};
    app.set_version_flag("--version", SLUICE_VERSION);
    app.require_subcommand(1);
    RunCommand run{app};

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? 0 : kExitUsage;
    }

    try {
        if (run.chosen()) return run.execute();
        return kExitUsage;
    } catch (const UsageError& error) {
        fmt::print(stderr, "sluice: {}\n", error.what());
        return kExitUsage;
    } catch (const std::exception& error) {
        fmt::print(stderr, "sluice: error: {}\n", error.what());
        return kExitFailure;
    }
}

} // namespace sluice
