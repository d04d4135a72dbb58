#pragma once
// Why a command line cannot run, told to the person who typed it. CLI11's own errors name no
// culprit ("A subcommand is required" for `sluice rnu`), and list unknown words out of order;
// here the first unknown word is named, with the closest known one:
//   unknown command 'rnu'; did you mean 'run'?
//   unknown option --movie for sluice run; did you mean --movies?
//   --cron is an option of sluice schedule, not of sluice run (see sluice run --help)
//   --movies is an option of the run: give the run's options after `--`, as in ...

#include "core/error.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sluice {

// The first word of `args` (the words after the program's name) that `root` took for no
// command, option or value in its last parse, explained; nullopt when there is none.
std::optional<std::string> explain_unknown_word(const CLI::App& root, const std::vector<std::string>& args);

// A failed parse of `args` by `root`, explained: an unknown word first (it is usually the
// cause of whatever else went wrong), else `error` made readable.
std::string explain_parse_error(const CLI::App& root, const std::vector<std::string>& args, const CLI::ParseError& error);
std::string explain_parse_error(const CLI::App& root, const std::vector<std::string>& args, const UsageError& error);

} // namespace sluice
