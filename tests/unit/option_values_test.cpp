// Every numeric and choice option of every command, through the real command line: its range in
// --help, each kind of bad value refused with the one line a person reads, from a flag, a
// SLUICE_* variable or the config file (top level and a command's table), and good values
// handed on in their plain form.
#include "cli/cli_main.hpp"
#include "cli/option_values.hpp"
#include "core/error.hpp"

#include "cli_environment.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using sluice::test::CleanSluiceEnvironment;
using sluice::test::parse_error;

namespace {

// The value an option holds after a parse of `args` that must succeed.
std::string parsed_value(const std::vector<std::string>& args, const std::string& command, const std::string& option)
{
    sluice::CommandLine command_line;
    command_line.parse(args);
    const auto results = command_line.app().get_subcommand(command)->get_option(option)->results();
    REQUIRE(results.size() == 1);
    return results.front();
}

struct NumberOption {
    std::string command;
    std::string name;
    std::string min;
    std::string max;
    bool whole = true;
};

const std::string kInt64Max = std::to_string(std::numeric_limits<std::int64_t>::max());
const std::string kUint64Max = std::to_string(std::numeric_limits<std::uint64_t>::max());

// Every option that takes a number, with its documented range.
std::vector<NumberOption> number_options()
{
    std::vector<NumberOption> options;
    for (const char* command : {"run", "backfill"}) {
        options.push_back({command, "--retries", "0", "100"});
        options.push_back({command, "--retry-delay", "0", "3600", false});
        options.push_back({command, "--max-inflated", "1", kUint64Max});
        options.push_back({command, "--max-ratio", "1", "1000000000", false});
        options.push_back({command, "--top", "1", "10000000"});
        options.push_back({command, "--min-budget", "0", kInt64Max});
        options.push_back({command, "--min-revenue", "1", kInt64Max});
        options.push_back({command, "--max-rejects", "0", kUint64Max});
    }
    options.push_back({"schedule", "--metrics-port", "0", "65535"});
    options.push_back({"status", "--limit", "1", "100000"});
    options.push_back({"inspect", "--records", "0", "1000"});
    options.push_back({"inspect", "--limit", "1", kUint64Max});
    options.push_back({"inspect", "--retries", "0", "100"});
    return options;
}

// The decimal text one more than `number` (which may be 2^64 - 1).
std::string plus_one(std::string number)
{
    for (auto digit = number.rbegin(); digit != number.rend(); ++digit) {
        if (*digit != '9') {
            ++*digit;
            return number;
        }
        *digit = '0';
    }
    return "1" + number;
}

std::vector<std::string> command_args(const NumberOption& option, const std::string& value)
{
    std::vector<std::string> args{option.command, option.name, value};
    if (option.command == "inspect") args.push_back("source.csv");  // its required positional
    return args;
}

std::string range(const NumberOption& option)
{
    return std::string{option.whole ? "a whole number" : "a decimal number"} + " from " + option.min + " to " + option.max;
}

} // namespace

TEST_CASE("numbers: every option refuses each kind of bad value, named as typed")
{
    CleanSluiceEnvironment environment;
    for (const auto& option : number_options()) {
        CAPTURE(option.command);
        CAPTURE(option.name);
        std::vector<std::string> bad{"-1", "-0", "+5", " 5", "5 ", "", "abc", "0x10", "1e3", "1E3", "1,000", "1_000",
                                     "nan", "inf", "5abc", "\xd9\xa3", plus_one(option.max),
                                     "99999999999999999999999999"};
        if (option.whole) bad.insert(bad.end(), {"1.5", "2.0", "0.999"});
        else bad.insert(bad.end(), {".", ".5.", "1.2.3", "-0.5", "0x1p3"});
        if (option.min != "0") bad.push_back(option.min == "1" ? "0" : "0.99");
        for (const auto& value : bad) {
            CAPTURE(value);
            CHECK(parse_error(command_args(option, value)) ==
                  option.name + ": expected " + range(option) + ", got " + sluice::quoted_value(value));
        }
    }
}

TEST_CASE("numbers: every option takes its whole range, in plain decimal form")
{
    CleanSluiceEnvironment environment;
    for (const auto& option : number_options()) {
        CAPTURE(option.command);
        CAPTURE(option.name);
        CHECK(parsed_value(command_args(option, option.min), option.command, option.name) == option.min);
        CHECK(parsed_value(command_args(option, option.max), option.command, option.name) == option.max);
        if (option.whole) {
            // CLI11 alone reads a leading 0 as octal: "010" would be 8.
            CHECK(parsed_value(command_args(option, "0" + option.max), option.command, option.name) == option.max);
        } else {
            CHECK(parsed_value(command_args(option, "1.5"), option.command, option.name) == "1.5");
            CHECK(parsed_value(command_args(option, "1."), option.command, option.name) == "1.");
        }
        // --name=value as well.
        CHECK(parse_error({option.command, option.name + "=" + plus_one(option.max)}) ==
              option.name + ": expected " + range(option) + ", got '" + plus_one(option.max) + "'");
    }
}

TEST_CASE("numbers: a bad value from a SLUICE_* variable or the config file names where it came from")
{
    sluice::test::ScratchDir scratch;
    for (const auto& option : number_options()) {
        CAPTURE(option.command);
        CAPTURE(option.name);
        const auto key = option.name.substr(2);
        std::string variable = "SLUICE_";
        for (const char c : key) variable += c == '-' ? '_' : static_cast<char>(std::toupper(c));
        const auto expected = ": expected " + range(option) + ", got '-1'";
        std::vector<std::string> plain{option.command};
        if (option.command == "inspect") plain.push_back("source.csv");
        {
            CleanSluiceEnvironment environment;
            environment.set(variable, "-1");
            CHECK(parse_error(plain) == variable + expected);
            // A flag wins over the variable, and is what the error names.
            auto flagged = plain;
            flagged.insert(flagged.end(), {option.name, "-2"});
            CHECK(parse_error(flagged) == option.name + ": expected " + range(option) + ", got '-2'");
        }
        {
            CleanSluiceEnvironment environment;
            const auto top_level = scratch.file("top.toml");
            sluice::test::write_file(top_level, "# settings\n\n" + key + " = -1\n");
            auto args = plain;
            args.insert(args.begin(), {"--config", top_level});
            CHECK(parse_error(args) == top_level + ": line 3: " + key + expected);
            // In the command's own table, with the variable set the file is passed over.
            const auto table = scratch.file("table.toml");
            sluice::test::write_file(table, "[" + option.command + "]\n" + key + " = \"-1\"\n");
            args[1] = table;
            CHECK(parse_error(args) == table + ": line 2: [" + option.command + "] " + key + expected);
            environment.set(variable, "-3");
            CHECK(parse_error(args) == variable + ": expected " + range(option) + ", got '-3'");
            environment.set(variable, option.min);
            CHECK(parse_error(args).empty());
        }
    }
}

TEST_CASE("numbers: a value shown in an error is quoted, control bytes escaped, long ones cut")
{
    CHECK(sluice::quoted_value("12") == "'12'");
    CHECK(sluice::quoted_value("") == "''");
    CHECK(sluice::quoted_value("1\x1b[31m\n\t\x7f") == "'1\\e[31m\\n\\t\\x7f'");
    CHECK(sluice::quoted_value(std::string(64, '9')) == "'" + std::string(64, '9') + "'");
    CHECK(sluice::quoted_value(std::string(65, '9')) == "'" + std::string(64, '9') + "...'");
    CleanSluiceEnvironment environment;
    environment.set("SLUICE_TOP", "1\x1b]0;owned\x07");
    CHECK(parse_error({"run"}) == "SLUICE_TOP: expected a whole number from 1 to 10000000, got '1\\e]0;owned\\x07'");
}

TEST_CASE("numbers: --help gives each option's range")
{
    CleanSluiceEnvironment environment;
    for (const auto& option : number_options()) {
        CAPTURE(option.name);
        sluice::CommandLine command_line;
        const auto* found = command_line.app().get_subcommand(option.command)->get_option(option.name);
        CHECK(found->get_description().ends_with("; " + range(option)));
    }
    sluice::CommandLine command_line;
    command_line.parse({"run"});
    const auto help = command_line.app().get_subcommand("run")->help();
    CHECK(help.find("  --top N=1000 (Env:SLUICE_TOP)\n") != std::string::npos);
    CHECK(help.find("Films kept, by highest budget/revenue ratio; a whole number from 1 to 10000000\n") != std::string::npos);
    CHECK(help.find("  --retry-delay SECONDS=1 (Env:SLUICE_RETRY_DELAY)\n") != std::string::npos);
    CHECK(help.find("  --inflate isal|zlib=isal (Env:SLUICE_INFLATE)\n") != std::string::npos);
    CHECK(help.find("  --invalid-utf8 refuse|replace=refuse (Env:SLUICE_INVALID_UTF8)\n") != std::string::npos);
    // CLI11's own descriptions: a 300-digit bound, "UINT:POSITIVE"...
    CHECK(help.find("179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878") ==
          std::string::npos);
    CHECK(help.find("POSITIVE") == std::string::npos);
    CHECK(help.find("NONNEGATIVE") == std::string::npos);
}

TEST_CASE("choices: any case taken, anything else refused with the choices and the closest one")
{
    CleanSluiceEnvironment environment;
    CHECK(parse_error({"run", "--inflate", "isl"}) == "--inflate: expected isal or zlib, got 'isl'; did you mean 'isal'?");
    CHECK(parse_error({"run", "--inflate", "zilb"}) == "--inflate: expected isal or zlib, got 'zilb'; did you mean 'zlib'?");
    CHECK(parse_error({"run", "--inflate", "gzip"}) == "--inflate: expected isal or zlib, got 'gzip'");
    CHECK(parse_error({"run", "--inflate", ""}) == "--inflate: expected isal or zlib, got ''");
    CHECK(parse_error({"backfill", "--inflate=1"}) == "--inflate: expected isal or zlib, got '1'");
    CHECK(parse_error({"run", "--invalid-utf8", "replce"}) ==
          "--invalid-utf8: expected refuse or replace, got 'replce'; did you mean 'replace'?");
    CHECK(parse_error({"run", "--invalid-utf8", "true"}) == "--invalid-utf8: expected refuse or replace, got 'true'");
    CHECK(parse_error({"--log-format", "jsno", "status"}) ==
          "--log-format: expected auto, text or json, got 'jsno'; did you mean 'json'?");
    CHECK(parse_error({"status", "--log-format", "xml"}) == "--log-format: expected auto, text or json, got 'xml'");
    CHECK(parse_error({"config", "runn"}) ==
          "config: expected run, load, backfill, schedule, status or inspect, got 'runn'; did you mean 'run'?");
    CHECK(parse_error({"config", "all"}) == "config: expected run, load, backfill, schedule, status or inspect, got 'all'");

    CHECK(parsed_value({"run", "--inflate", "ZLIB"}, "run", "--inflate") == "zlib");
    CHECK(parsed_value({"run", "--invalid-utf8", "Replace"}, "run", "--invalid-utf8") == "replace");
    CHECK(parsed_value({"config", "STATUS"}, "config", "command") == "status");

    environment.set("SLUICE_INFLATE", "isl");
    CHECK(parse_error({"run"}) == "SLUICE_INFLATE: expected isal or zlib, got 'isl'; did you mean 'isal'?");
    environment.set("SLUICE_LOG_FORMAT", "jason");
    CHECK(parse_error({"status"}) == "SLUICE_LOG_FORMAT: expected auto, text or json, got 'jason'; did you mean 'json'?");
    sluice::test::ScratchDir scratch;
    const auto file = scratch.file("sluice.toml");
    sluice::test::write_file(file, "invalid-utf8 = \"replac\"\n");
    CHECK(parse_error({"--config", file, "backfill"}) ==
          file + ": line 1: invalid-utf8: expected refuse or replace, got 'replac'; did you mean 'replace'?");
}

namespace {

enum class Codec { first, second };

} // namespace

TEST_CASE("choices and numbers reach their variables: a choice's value, a whole number in decimal")
{
    CleanSluiceEnvironment environment;
    CLI::App app{"test", "test"};
    Codec codec = Codec::second;
    bool flag = false;
    std::uint64_t count = 5;
    int small = 0;
    double ratio = 2.5;
    auto* codec_option = sluice::add_choice(app, "--codec", codec, "Codec", {{"first", Codec::first}, {"second", Codec::second}});
    sluice::add_choice(app, "--flag", flag, "Flag", {{"off", false}, {"on", true}});
    sluice::add_whole_number(app, "--count", count, "Count", 1, 1000);
    sluice::add_whole_number(app, "--small", small, "Small", 0, 100);
    sluice::add_decimal_number(app, "--ratio", ratio, "Ratio", 1, 10);
    CHECK(codec_option->get_default_str() == "second");
    // CLI11 takes a vector last word first.
    app.parse(std::vector<std::string>{"7.25", "--ratio", "First", "--codec", "ON", "--flag", "0010", "--count", "010", "--small"});
    CHECK(codec == Codec::first);
    CHECK(flag);
    CHECK(count == 10);  // not 8
    CHECK(small == 10);
    CHECK(ratio == 7.25);
    // A range past what the variable holds is a programming error, found when the option is made.
    std::int8_t tiny = 0;
    CHECK_THROWS_AS(sluice::add_whole_number(app, "--tiny", tiny, "Tiny", 0, 128), std::logic_error);
    CHECK_THROWS_AS(sluice::add_whole_number(app, "--upside-down", count, "Upside down", 5, 4), std::logic_error);
}

TEST_CASE("numbers: a variable is checked only by the command that runs, against its own range")
{
    // Both inspect and status have --limit, with different ranges; only run, backfill and inspect
    // have --retries and --records is inspect's alone.
    CleanSluiceEnvironment environment;
    environment.set("SLUICE_LIMIT", "500000");
    environment.set("SLUICE_RECORDS", "5000");
    CHECK(parse_error({"run"}).empty());
    CHECK(parse_error({"status"}) == "SLUICE_LIMIT: expected a whole number from 1 to 100000, got '500000'");
    CHECK(parse_error({"inspect", "source.csv"}) == "SLUICE_RECORDS: expected a whole number from 0 to 1000, got '5000'");
    CHECK(parsed_value({"inspect", "source.csv", "--records", "7"}, "inspect", "--limit") == "500000");
    environment.unset("SLUICE_LIMIT");
    environment.set("SLUICE_RETRIES", "-1");
    CHECK(parse_error({"status"}).empty());
    CHECK(parse_error({"schedule"}).empty());
    CHECK(parse_error({"backfill"}) == "SLUICE_RETRIES: expected a whole number from 0 to 100, got '-1'");
}

TEST_CASE("flags: a value from =, a variable or the config file is true or false, anything else refused")
{
    struct Flag {
        std::string command, name, variable;
    };
    std::vector<Flag> flags;
    for (const char* command : {"run", "backfill"}) {
        flags.push_back({command, "--no-zip-range", "SLUICE_NO_ZIP_RANGE"});
        flags.push_back({command, "--allow-empty", "SLUICE_ALLOW_EMPTY"});
        flags.push_back({command, "--force", "SLUICE_FORCE"});
        flags.push_back({command, "--progress", "SLUICE_PROGRESS"});
    }
    flags.push_back({"schedule", "--run-now", "SLUICE_RUN_NOW"});
    sluice::test::ScratchDir scratch;
    for (const auto& flag : flags) {
        CAPTURE(flag.name);
        CAPTURE(flag.command);
        const auto expected = ": expected true or false (or yes/no, on/off, 1/0), got ";
        for (const std::string bad : {"maybe", "2", "-1", "tru", "99999999999999999999", "y", "\x1b[1m"}) {
            CAPTURE(bad);
            CHECK(parse_error({flag.command, flag.name + "=" + bad}) == flag.name + expected + sluice::quoted_value(bad));
            CleanSluiceEnvironment environment;
            environment.set(flag.variable, bad);
            CHECK(parse_error({flag.command}) == flag.variable + expected + sluice::quoted_value(bad));
        }
        const auto file = scratch.file("flags.toml");
        sluice::test::write_file(file, "[" + flag.command + "]\n" + flag.name.substr(2) + " = \"maybe\"\n");
        CHECK(parse_error({"--config", file, flag.command}) ==
              file + ": line 2: [" + flag.command + "] " + flag.name.substr(2) + expected + "'maybe'");
        for (const std::string yes : {"true", "YES", "on", "1", "Enable"}) {
            CleanSluiceEnvironment environment;
            environment.set(flag.variable, yes);
            CHECK(parsed_value({flag.command}, flag.command, flag.name) == "true");
            CHECK(parsed_value({flag.command, flag.name + "=" + yes}, flag.command, flag.name) == "true");
        }
        for (const std::string no : {"false", "No", "OFF", "0", "disable"}) {
            CleanSluiceEnvironment environment;
            environment.set(flag.variable, no);
            CHECK(parsed_value({flag.command}, flag.command, flag.name) == "false");
        }
    }
    // The negated spelling of --progress.
    CleanSluiceEnvironment environment;
    CHECK(parsed_value({"run", "--no-progress"}, "run", "--progress") == "false");
    CHECK(parsed_value({"run", "--no-progress=false"}, "run", "--progress") == "true");
    CHECK(parse_error({"run", "--no-progress=maybe"}) == "--progress: expected true or false (or yes/no, on/off, 1/0), got 'maybe'");
}
