#pragma once

namespace sluice {

// Parses the command line, runs the chosen subcommand and maps failures to exit codes:
// 0 success, 1 runtime or data failure, 2 bad usage.
int cli_main(int argc, char** argv);

} // namespace sluice
