#include "cli/option_values.hpp"

#include "cli/config_file.hpp"
#include "core/closest_word.hpp"
#include "core/error.hpp"
#include "core/printable.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace sluice {

namespace {

// Values longer than this are cut in messages: an environment variable may hold anything.
constexpr std::size_t kShownBytes = 64;

std::optional<std::uint64_t> parse_whole_number(std::string_view text)
{
    if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;  // past 2^64 - 1
    return value;
}

std::optional<double> parse_decimal_number(std::string_view text)
{
    const auto point = text.find('.');
    const auto digits = [](std::string_view part) {
        return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (text.empty() || text == "." || !digits(text.substr(0, point)) ||
        (point != std::string_view::npos && !digits(text.substr(point + 1))))
        return std::nullopt;
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::string lowercase(std::string text)
{
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

} // namespace

std::string whole_number_range(std::uint64_t min, std::uint64_t max)
{
    return fmt::format("a whole number from {} to {}", min, max);
}

std::string decimal_number_range(double min, double max)
{
    return fmt::format("a decimal number from {} to {}", min, max);
}

std::string listed(const std::vector<std::string>& words, std::string_view last)
{
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i)
        out += (i == 0 ? "" : i + 1 == words.size() ? fmt::format(" {} ", last) : ", ") + words[i];
    return out;
}

std::string quoted_value(std::string_view value)
{
    return "'" + printable(value.substr(0, kShownBytes)) + (value.size() > kShownBytes ? "...'" : "'");
}

namespace detail {

CLI::Option* check_whole_number(CLI::App& command, CLI::Option* option, std::uint64_t min, std::uint64_t max)
{
    const auto range = whole_number_range(min, max);
    option->description(option->get_description() + "; " + range);
    option->type_name("N");
    option->transform(CLI::Validator(
        [&command, option, min, max, range](std::string& value) {
            const auto number = parse_whole_number(value);
            if (!number || *number < min || *number > max)
                throw UsageError(fmt::format("{}: expected {}, got {}", value_origin(command, *option), range,
                                             quoted_value(value)));
            value = std::to_string(*number);
            return std::string{};
        },
        ""));
    return option;
}

CLI::Option* check_choice(CLI::App& command, CLI::Option* option, std::vector<std::string> names)
{
    std::string type_name;
    for (const auto& name : names) type_name += (type_name.empty() ? "" : "|") + name;
    option->type_name(type_name);
    option->transform(CLI::Validator(
        [&command, option, names](std::string& value) {
            const auto chosen = lowercase(value);
            if (std::find(names.begin(), names.end(), chosen) != names.end()) {
                value = chosen;
                return std::string{};
            }
            const auto guess = closest_word(value, names);
            throw UsageError(fmt::format("{}: expected {}, got {}{}", value_origin(command, *option), listed(names, "or"),
                                         quoted_value(value), guess ? "; did you mean '" + *guess + "'?" : ""));
        },
        ""));
    return option;
}

} // namespace detail

void check_flags(CLI::App& app)
{
    auto commands = app.get_subcommands([](CLI::App*) { return true; });
    commands.push_back(&app);
    for (auto* command : commands) {
        for (auto* option : command->get_options()) {
            if (option->get_expected_max() != 0 || option == command->get_help_ptr() || option == app.get_version_ptr())
                continue;
            option->transform(CLI::Validator(
                [command, option](std::string& value) {
                    // A negated flag (--no-progress) holds "false" for its own name, "true" for
                    // --no-progress=false.
                    const auto word = lowercase(value);
                    for (const char* yes : {"true", "yes", "on", "1", "enable"}) {
                        if (word == yes) value = "true";
                    }
                    for (const char* no : {"false", "no", "off", "0", "disable"}) {
                        if (word == no) value = "false";
                    }
                    if (value != "true" && value != "false")
                        throw UsageError(fmt::format("{}: expected true or false (or yes/no, on/off, 1/0), got {}",
                                                     value_origin(*command, *option), quoted_value(value)));
                    return std::string{};
                },
                ""));
        }
    }
}

CLI::Option* add_decimal_number(CLI::App& command, const std::string& name, double& target,
                                const std::string& description, double min, double max)
{
    const auto range = decimal_number_range(min, max);
    auto* option = command.add_option(name, target, description + "; " + range);
    option->type_name("X");
    option->transform(CLI::Validator(
        [&command, option, min, max, range](std::string& value) {
            const auto number = parse_decimal_number(value);
            if (!number || *number < min || *number > max)
                throw UsageError(fmt::format("{}: expected {}, got {}", value_origin(command, *option), range,
                                             quoted_value(value)));
            return std::string{};
        },
        ""));
    return option;
}

} // namespace sluice
