#include "cli/config_command.hpp"

#include "cli/cli_main.hpp"
#include "cli/config_file.hpp"
#include "cli/job_settings.hpp"
#include "cli/option_values.hpp"
#include "core/error.hpp"
#include "core/printable.hpp"
#include "core/redact.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace sluice {

namespace {

// The name of an option whose value is a secret or may hold one.
bool holds_credentials(const std::string& name)
{
    return name == "db" || name.find("password") != std::string::npos || name.find("token") != std::string::npos;
}

std::string toml_value(const std::string& name, const std::string& value)
{
    if (value == "true" || value == "false") return value;
    const bool number = !value.empty() && value.find_first_not_of("0123456789.") == std::string::npos &&
                        value.find_first_of("0123456789") != std::string::npos &&
                        value.find('.') == value.rfind('.');
    if (number) return value;
    if (holds_credentials(name)) remember_conninfo_secrets(value);
    const auto shown = holds_credentials(name) ? redact_conninfo(value) : redact_url(value);
    // A TOML basic string: quotes, backslashes and control characters escaped.
    std::string quoted = "\"";
    for (const char c : shown) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') quoted += std::string{'\\', c};
        else if (byte < 0x20 || byte == 0x7f) quoted += fmt::format("\\u{:04X}", byte);
        else quoted += c;
    }
    return quoted + "\"";
}

} // namespace

ConfigCommand::ConfigCommand(CLI::App& parent)
    : app_(parent.add_subcommand("config", "Print the settings a command would use (SLUICE_* variables, config file, "
                                           "defaults), secrets hidden"))
{
    std::vector<std::pair<std::string, std::string>> commands;
    for (const char* name : {"run", "load", "backfill", "schedule", "status", "inspect"}) commands.emplace_back(name, name);
    add_choice(*app_, "command", command_, "The command whose settings to print", commands);
}

int ConfigCommand::execute(const std::string& config_path)
{
    // A command line of its own, parsed with nothing but the command's name: what it then holds
    // came from the environment and the file.
    CommandLine fresh;
    std::vector<std::string> args{"sluice"};
    if (!config_path.empty()) args.insert(args.end(), {"--config", config_path});
    args.push_back(command_);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    try {
        fresh.app().parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::ParseError& error) {
        throw UsageError(one_line(error.what()));
    }
    const auto* command = fresh.app().get_subcommand(command_);

    // A load job's own file sits between the variables and the config file; it is not read here.
    std::string out = fmt::format("# sluice {}: effective settings (flags > SLUICE_* variables > {}{} > defaults)\n",
                                  command_, command_ == "load" ? "the job file > " : "",
                                  config_path.empty() ? "config file (none)" : "config file " + config_path);
    // Grouped as in --help, each group once, in the order its first option was declared.
    std::vector<std::pair<std::string, std::string>> groups;
    for (const auto* option : command->get_options()) {
        if (option->get_lnames().empty() || option == command->get_help_ptr()) continue;
        const auto& name = option->get_lnames().front();
        std::string from = "default";
        std::string value = option->get_default_str();
        if (option->count() > 0) {
            from = environment_has(option->get_envname()) ? option->get_envname() : "config file";
            value.clear();
            for (const auto& result : option->results()) value += (value.empty() ? "" : ",") + result;
        }
        const auto line = value.empty() && from == "default"
                              ? fmt::format("# {} = (not set; {})\n", name, option->get_envname())
                              : fmt::format("{} = {}  # {}\n", name, toml_value(name, value), from);
        auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == option->get_group(); });
        if (group == groups.end()) group = groups.insert(groups.end(), {option->get_group(), ""});
        group->second += line;
    }
    for (const auto& [group, lines] : groups) out += fmt::format("\n# {}\n{}", group, lines);
    if (command_ != "status") {
        const auto database = resolve_database("");
        const auto* db = command->get_option_no_throw("--db");
        if (db != nullptr && db->count() == 0 && database)
            out += fmt::format("\n# the database, as no --db or SLUICE_DB is set: {}\n",
                               database->empty() ? "libpq's PG* variables" : "DATABASE_URL " + redact_conninfo(*database));
    }
    // Whatever the shapes above missed, a password this process knows is not printed.
    fmt::print("{}", printable(redact_text(out), true));
    return 0;
}

} // namespace sluice
