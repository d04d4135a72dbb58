#pragma once
// The values options take, checked as they come in, from wherever they come (a flag, a SLUICE_*
// variable, the config file): whole numbers and decimal numbers within a range, and choices
// from a list. The range is added to the option's --help text, and a bad value is refused with
// one line a person can read, naming where the value came from (config_file.hpp value_origin):
//   --min-revenue: expected a whole number from 1 to 9223372036854775807, got '0'
//   SLUICE_INFLATE: expected isal or zlib, got 'isl'; did you mean 'isal'?
//   /etc/sluice.toml: line 4: [run] top: expected a whole number from 1 to 10000000, got '1.5'
// A bad value throws UsageError from inside CLI11's parse (CLI11 would prefix its own name).
//
// Only decimal digits pass as numbers: CLI11 on its own reads "010" as octal, "0x10" as hex, and
// "-1" into an unsigned option as its wrap (unlimited rejects). A whole number is handed on to
// CLI11 in its plain form ("010" -> "10").

#include <CLI/CLI.hpp>

#include <concepts>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice {

// "a whole number from 1 to 10000000", as both --help and the error say it.
std::string whole_number_range(std::uint64_t min, std::uint64_t max);
std::string decimal_number_range(double min, double max);

// A value as an error shows it: quoted, control bytes as \xNN, cut after 64 bytes.
std::string quoted_value(std::string_view value);

// Words as a message lists them: "a", "a or b", "a, b or c" (`last` is "or" or "and").
std::string listed(const std::vector<std::string>& words, std::string_view last);

namespace detail {

CLI::Option* check_whole_number(CLI::App& command, CLI::Option* option, std::uint64_t min, std::uint64_t max);
CLI::Option* check_choice(CLI::App& command, CLI::Option* option, std::vector<std::string> names);

} // namespace detail

// An option taking a whole number from `min` to `max` into `target`.
template <std::integral T>
CLI::Option* add_whole_number(CLI::App& command, const std::string& name, T& target, const std::string& description,
                              std::uint64_t min, std::uint64_t max)
{
    if (min > max || max > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
        throw std::logic_error(name + ": the range does not fit the option's type");
    return detail::check_whole_number(command, command.add_option(name, target, description), min, max);
}

// An option taking a decimal number (digits, optionally with a point: no sign, no exponent) from
// `min` to `max` into `target`.
CLI::Option* add_decimal_number(CLI::App& command, const std::string& name, double& target,
                                const std::string& description, double min, double max);

// Gives every flag of `app` and of its commands (--force, --progress, ...) a check of the value a
// SLUICE_* variable, the config file or `--flag=value` gives it: true, yes, on, 1 or enable, or
// false, no, off, 0 or disable (any case), handed on as "true" or "false". CLI11 alone reads "2"
// as true, and "maybe" for --progress ended the program (an uncaught std::stoll failure).
void check_flags(CLI::App& app);

// An option taking one of `choices` (any case) into `target`. The choice `target` holds is the
// default shown.
template <typename T>
CLI::Option* add_choice(CLI::App& command, const std::string& name, T& target, const std::string& description,
                        std::vector<std::pair<std::string, T>> choices)
{
    std::vector<std::string> names;
    std::string current;
    for (const auto& [choice, value] : choices) {
        names.push_back(choice);
        if (value == target && current.empty()) current = choice;
    }
    auto* option = command.add_option_function<std::string>(
        name,
        [&target, choices](const std::string& chosen) {
            for (const auto& [choice, value] : choices) {
                if (choice == chosen) target = value;
            }
        },
        description);
    option->default_str(current);
    return detail::check_choice(command, option, std::move(names));
}

} // namespace sluice
