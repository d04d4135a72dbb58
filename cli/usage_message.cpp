#include "cli/usage_message.hpp"

#include "core/closest_word.hpp"
#include "cli/option_values.hpp"
#include "core/redact.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sluice {

namespace {

std::vector<std::string> command_names(const CLI::App& root)
{
    std::vector<std::string> names;
    for (const auto* command : root.get_subcommands([](const CLI::App*) { return true; }))
        names.push_back(command->get_name());
    return names;
}

// The long names (without dashes) of `app`'s options, --help's included.
std::vector<std::string> long_names(const CLI::App& app)
{
    std::vector<std::string> names;
    for (const auto* option : app.get_options()) {
        for (const auto& name : option->get_lnames()) names.push_back(name);
    }
    return names;
}

// The commands of `root` that have the option `name` ("--movies").
std::vector<std::string> owners_of(const CLI::App& root, const std::string& name)
{
    std::vector<std::string> owners;
    for (const auto* command : root.get_subcommands([](const CLI::App*) { return true; })) {
        if (command->get_option_no_throw(name) != nullptr) owners.push_back(command->get_name());
    }
    return owners;
}

std::string see_help(const CLI::App* command)
{
    return fmt::format("(see sluice {}--help)", command != nullptr ? command->get_name() + " " : "");
}

// Where a word was in `args`: its first appearance whole, else as "--name=value".
std::size_t position(const std::vector<std::string>& args, const std::string& word)
{
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == word) return i;
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i].starts_with(word)) return i;
    }
    return args.size();
}

// "--log-fromat" -> "log-fromat"
std::string without_dashes(const std::string& name)
{
    const auto start = name.find_first_not_of('-');
    return start == std::string::npos ? std::string{} : name.substr(start);
}

// An option of some command given before any command's name.
std::string explain_misplaced_option(const CLI::App* command, const std::string& name, const std::vector<std::string>& owners)
{
    const bool ours = command != nullptr && std::find(owners.begin(), owners.end(), command->get_name()) != owners.end();
    return fmt::format("{} is an option of {}: put it after the command's name, as in sluice {} {} ...", name,
                       listed(owners, "and"), ours ? command->get_name() : owners.front(), name);
}

std::string explain_global_option(const CLI::App& root, const CLI::App* command, const std::string& word)
{
    const auto name = word.substr(0, word.find('='));
    if (const auto owners = owners_of(root, name); !owners.empty()) return explain_misplaced_option(command, name, owners);
    if (const auto guess = closest_word(without_dashes(name), long_names(root)))
        return fmt::format("unknown option {} for sluice; did you mean --{}?", name, *guess);
    return fmt::format("unknown option {} for sluice {}", name, see_help(nullptr));
}

std::string explain_option(const CLI::App& root, const CLI::App* command, const std::string& word)
{
    const auto name = word.substr(0, word.find('='));
    const auto owners = owners_of(root, name);
    if (command == nullptr) {
        if (!owners.empty()) return explain_misplaced_option(command, name, owners);
        return fmt::format("unknown option {}; a command comes first: {} (see sluice --help)", name,
                           listed(command_names(root), "or"));
    }
    // The scheduler runs `sluice run`: the run's options are its own, after `--`.
    if (command->get_name() == "schedule" && std::find(owners.begin(), owners.end(), "run") != owners.end())
        return fmt::format("{} is an option of the run: give the run's options after `--`, as in "
                           "sluice schedule --cron '0 1 * * *' -- run {} ...",
                           name, name);
    if (!owners.empty() && std::find(owners.begin(), owners.end(), command->get_name()) == owners.end()) {
        std::vector<std::string> commands;
        for (const auto& owner : owners) commands.push_back("sluice " + owner);
        return fmt::format("{} is an option of {}, not of sluice {} {}", name, listed(commands, "and"),
                           command->get_name(), see_help(command));
    }
    auto candidates = long_names(*command);
    const auto global = long_names(root);
    candidates.insert(candidates.end(), global.begin(), global.end());
    if (const auto guess = closest_word(without_dashes(name), candidates))
        return fmt::format("unknown option {} for sluice {}; did you mean --{}?", name, command->get_name(), *guess);
    return fmt::format("unknown option {} for sluice {} {}", name, command->get_name(), see_help(command));
}

std::string explain_argument(const CLI::App& root, const CLI::App* command, const std::string& word)
{
    // A word may be a URL or a connection string with a password in it.
    const auto shown = quoted_value(redact_conninfo(redact_url(word)));
    const auto commands = command_names(root);
    if (command == nullptr) {
        if (const auto guess = closest_word(word, commands))
            return fmt::format("unknown command {}; did you mean '{}'?", shown, *guess);
        return fmt::format("unknown command {}; the commands are {} (see sluice --help)", shown, listed(commands, "and"));
    }
    if (std::find(commands.begin(), commands.end(), word) != commands.end())
        return fmt::format("one command at a time: {} after sluice {} {}", shown, command->get_name(), see_help(command));
    return fmt::format("unexpected argument {} for sluice {} {}", shown, command->get_name(), see_help(command));
}

const CLI::App* chosen_command(const CLI::App& root)
{
    const auto chosen = root.get_subcommands();
    return chosen.empty() ? nullptr : chosen.front();
}

} // namespace

std::optional<std::string> explain_unknown_word(const CLI::App& root, const std::vector<std::string>& args)
{
    const auto unknown = root.remaining(true);
    if (unknown.empty()) return std::nullopt;
    const auto first = *std::min_element(unknown.begin(), unknown.end(), [&](const auto& a, const auto& b) {
        return position(args, a) < position(args, b);
    });
    const auto* command = chosen_command(root);
    // "-1" is a value CLI11 found no place for, not an option.
    if (first.size() > 1 && first.front() == '-' && (first[1] < '0' || first[1] > '9')) {
        // Before the command's name: one of sluice's own options was meant.
        if (command != nullptr && position(args, first) < position(args, command->get_name()))
            return explain_global_option(root, command, first);
        return explain_option(root, command, first);
    }
    return explain_argument(root, command, first);
}

std::string explain_parse_error(const CLI::App& root, const std::vector<std::string>& args, const CLI::ParseError& error)
{
    if (auto unknown = explain_unknown_word(root, args)) return *unknown;
    const auto* command = chosen_command(root);
    if (command == nullptr && dynamic_cast<const CLI::RequiredError*>(&error) != nullptr)
        return fmt::format("a command is required: {} (see sluice --help)", listed(command_names(root), "or"));
    std::string message = one_line(error.what());
    // "--top: 1 required N missing": the option's name, then CLI11's grammar.
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr && message.ends_with(" missing") &&
        message.find(": ") != std::string::npos)
        return fmt::format("{} needs a value {}", message.substr(0, message.find(": ")), see_help(command));
    // "--top: At Most 1 required but received 2": an option given twice on the command line (a
    // variable or the file counts only when the command line does not give it).
    if (const auto at = message.find(": At Most 1 required but received "); at != std::string::npos)
        return fmt::format("{} is given {} times: give it once {}", message.substr(0, at),
                           message.substr(at + std::string_view{": At Most 1 required but received "}.size()),
                           see_help(command));
    return fmt::format("{} {}", message, see_help(command));
}

std::string explain_parse_error(const CLI::App& root, const std::vector<std::string>& args, const UsageError& error)
{
    if (auto unknown = explain_unknown_word(root, args)) return *unknown;
    return one_line(error.what());
}

} // namespace sluice
