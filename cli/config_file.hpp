#pragma once
// Where settings come from: flags beat SLUICE_* environment variables, which beat the TOML
// config file, which beats the defaults. Every long option has all three spellings:
//   --max-rejects 10      SLUICE_MAX_REJECTS=10      max-rejects = 10   (or max_rejects)
// In the file, top-level keys apply to whichever command runs (and are ignored by commands that
// have no such option, so one file serves `run` and `schedule`); a [run], [schedule] or
// [backfill] table applies to that command alone.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace sluice {

// The variable is set to something (an empty value counts as unset, as in CLI11).
bool environment_has(const std::string& name);

// SLUICE_MAX_REJECTS for --max-rejects.
std::string environment_name(const std::string& long_name);

// Gives every long option of `app` and of its subcommands its SLUICE_* variable (a subcommand's
// once it is chosen: the variables of the commands not run are not read).
void name_environment_variables(CLI::App& app);

// Reads the config file named by --config (default: $SLUICE_CONFIG) with toml++, into `app`.
// Unknown keys and values of the wrong shape are errors naming the file, the line and the key.
void use_toml_config(CLI::App& app);

// SLUICE_CONFIG naming no file is an error (CLI11 would pass over a missing default file).
void check_config_file(const CLI::App& app);

// The words of the command line `app` (the top level) is about to parse, after the program's
// name, so that value_origin can tell a flag from a variable.
void note_command_line(CLI::App& app, std::vector<std::string> args);

// Where `option` (of `command`) got its value, to name in an error about it: "--top" given as a
// flag (before any `--`), else "SLUICE_TOP" when that is set, else the config file's key as
// "sluice.toml: line 3: top" (or "... [run] top"); "--top" when nothing is known; the command's
// name for a positional argument ("config" for `sluice config CMD`).
std::string value_origin(const CLI::App& command, const CLI::Option& option);

} // namespace sluice
