#include "cli/cli_main.hpp"

#include "cli/run_command.hpp"
#include "cli/status_command.hpp"
#include "core/interrupt.hpp"
#include "load/run_ledger.hpp"
#include "core/error.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace sluice {

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitAlreadyRunning = 3;

} // namespace

int cli_main(int argc, char** argv)
{
    CLI::App app{"sluice: stream huge compressed data dumps into PostgreSQL in constant memory", "sluice"};
    app.set_version_flag("--version", SLUICE_VERSION);
    app.require_subcommand(1);
    RunCommand run{app};
    StatusCommand status{app};

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& done) {  // --help, --version
        return app.exit(done);
    } catch (const CLI::ParseError& error) {
        const char* command = run.chosen() ? "run " : status.chosen() ? "status " : "";
        fmt::print(stderr, "sluice: {} (see sluice {}--help)\n", one_line(error.what()), command);
        return kExitUsage;
    }

    try {
        if (run.chosen()) return run.execute();
        if (status.chosen()) return status.execute();
        return kExitUsage;
    } catch (const Interrupted& interrupted) {
        fmt::print(stderr, "sluice: {}\n", interrupted.what());
        return interrupted.exit_code();
    } catch (const AlreadyRunning& error) {
        fmt::print(stderr, "sluice: {}\n", one_line(error.what()));
        return kExitAlreadyRunning;
    } catch (const UsageError& error) {
        fmt::print(stderr, "sluice: {}\n", one_line(error.what()));
        return kExitUsage;
    } catch (const std::exception& error) {
        fmt::print(stderr, "sluice: error: {}\n", one_line(error.what()));
        return kExitFailure;
    }
}

} // namespace sluice
