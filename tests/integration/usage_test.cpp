// A new user's first hour on the command line, through the real binary: every usage error is one
// plain text line on stderr (also off a terminal, with SLUICE_LOG_FORMAT=json or --log-format
// json), nothing on stdout, exit 2, nothing run. Numbers out of range from flags, variables and
// the config file; unknown commands, options and choices with the closest one; a run's options
// given to schedule without `--`.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace sluice::testing;

namespace {

// The arguments of a run that would succeed (the fixtures into a CSV file), and `extra`.
std::vector<std::string> good_run(const TempDir& scratch, const std::vector<std::string>& extra = {})
{
    std::vector<std::string> args{"run",   "--movies",  fixture("movies.zip"),   "--abstracts", fixture("abstracts.xml.gz"),
                                  "--csv", scratch.file("report.csv"), "--rejects", scratch.file("rejects.csv"),
                                  "--snapshot-date", kFixtureSnapshot};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

// Runs sluice, checks it refused the command line (exit 2, nothing on stdout, no report
// written), and returns stderr.
std::string refused(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
                    const TempDir* scratch = nullptr)
{
    const auto result = run_sluice(args, env);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    if (scratch != nullptr) CHECK(!std::filesystem::exists(scratch->file("report.csv")));
    return result.err;
}

std::string write_file(const TempDir& scratch, const std::string& name, const std::string& text)
{
    const auto path = scratch.file(name);
    std::ofstream{path} << text;
    return path;
}

} // namespace

TEST_CASE("usage: numbers out of range or malformed are refused before the run, with the range expected")
{
    TempDir scratch;
    const auto rejects = good_run(scratch, {"--max-rejects", "-1"});
    CHECK(refused(rejects, {}, &scratch) ==
          "sluice: --max-rejects: expected a whole number from 0 to 18446744073709551615, got '-1'\n");
    CHECK(refused(good_run(scratch, {"--min-budget", "-1"}), {}, &scratch) ==
          "sluice: --min-budget: expected a whole number from 0 to 9223372036854775807, got '-1'\n");
    CHECK(refused(good_run(scratch, {"--min-revenue", "0"}), {}, &scratch) ==
          "sluice: --min-revenue: expected a whole number from 1 to 9223372036854775807, got '0'\n");
    CHECK(refused(good_run(scratch, {"--min-revenue", "9223372036854775808"}), {}, &scratch) ==
          "sluice: --min-revenue: expected a whole number from 1 to 9223372036854775807, got '9223372036854775808'\n");
    CHECK(refused(good_run(scratch, {"--top", "1.5"}), {}, &scratch) ==
          "sluice: --top: expected a whole number from 1 to 10000000, got '1.5'\n");
    CHECK(refused(good_run(scratch, {"--top=0x10"}), {}, &scratch) ==
          "sluice: --top: expected a whole number from 1 to 10000000, got '0x10'\n");
    CHECK(refused(good_run(scratch, {"--top", "1e3"}), {}, &scratch) ==
          "sluice: --top: expected a whole number from 1 to 10000000, got '1e3'\n");
    CHECK(refused(good_run(scratch, {"--top", ""}), {}, &scratch) ==
          "sluice: --top: expected a whole number from 1 to 10000000, got ''\n");
    CHECK(refused(good_run(scratch, {"--top", "ten"}), {}, &scratch) ==
          "sluice: --top: expected a whole number from 1 to 10000000, got 'ten'\n");
    CHECK(refused(good_run(scratch, {"--retry-delay", "-0.5"}), {}, &scratch) ==
          "sluice: --retry-delay: expected a decimal number from 0 to 3600, got '-0.5'\n");
    CHECK(refused(good_run(scratch, {"--max-ratio", "1e9"}), {}, &scratch) ==
          "sluice: --max-ratio: expected a decimal number from 1 to 1000000000, got '1e9'\n");
    CHECK(refused({"status", "--limit", "0"}) == "sluice: --limit: expected a whole number from 1 to 100000, got '0'\n");
    CHECK(refused({"inspect", fixture("movies.zip"), "--records", "1001"}) ==
          "sluice: --records: expected a whole number from 0 to 1000, got '1001'\n");
    CHECK(refused({"schedule", "--cron", "@daily", "--metrics-port", "65536"}) ==
          "sluice: --metrics-port: expected a whole number from 0 to 65535, got '65536'\n");
    // The run's own line, checked when the scheduler starts.
    CHECK(refused({"schedule", "--cron", "@daily", "--", "run", "--top", "0"}) ==
          "sluice: --top: expected a whole number from 1 to 10000000, got '0'\n");

    // In range, the same run succeeds; a leading zero is decimal, not octal: --top 010 keeps ten films.
    auto result = run_sluice(good_run(scratch, {"--top", "010", "--max-rejects", "4"}));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    std::ifstream report{scratch.file("report.csv")};
    std::size_t lines = 0;
    for (std::string line; std::getline(report, line);) ++lines;
    CHECK(lines == 11);  // the header and ten films
}

TEST_CASE("usage: a bad number from a SLUICE_* variable or the config file names where it came from")
{
    TempDir scratch;
    CHECK(refused(good_run(scratch), {{"SLUICE_MAX_REJECTS", "-1"}}, &scratch) ==
          "sluice: SLUICE_MAX_REJECTS: expected a whole number from 0 to 18446744073709551615, got '-1'\n");
    CHECK(refused(good_run(scratch), {{"SLUICE_TOP", "1\x1b[31m"}}, &scratch) ==
          "sluice: SLUICE_TOP: expected a whole number from 1 to 10000000, got '1\\e[31m'\n");
    const auto top_level = write_file(scratch, "top.toml", "# for every command\nmin-revenue = 0\n");
    auto args = good_run(scratch);
    args.insert(args.begin(), {"--config", top_level});
    CHECK(refused(args, {}, &scratch) ==
          "sluice: " + top_level + ": line 2: min-revenue: expected a whole number from 1 to 9223372036854775807, got '0'\n");
    const auto table = write_file(scratch, "table.toml", "[run]\ntop = 2.5\n");
    args[1] = table;
    CHECK(refused(args, {}, &scratch) ==
          "sluice: " + table + ": line 2: [run] top: expected a whole number from 1 to 10000000, got '2.5'\n");
    // A flag beats the variable and the file, and is named.
    auto flagged = args;
    flagged.insert(flagged.end(), {"--top", "-5"});
    CHECK(refused(flagged, {{"SLUICE_TOP", "7"}}, &scratch) ==
          "sluice: --top: expected a whole number from 1 to 10000000, got '-5'\n");
    // A variable for another command's option is not this command's business.
    const auto result = run_sluice({"config", "status"}, {{"SLUICE_RECORDS", "5000"}, {"SLUICE_LIMIT", "7"}});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("limit = 7  # SLUICE_LIMIT\n") != std::string::npos);
}

TEST_CASE("usage: a flag's value is true or false, and an option given twice is named")
{
    TempDir scratch;
    // SLUICE_PROGRESS=maybe ended the program (an uncaught std::stoll failure, exit 134).
    CHECK(refused(good_run(scratch), {{"SLUICE_PROGRESS", "maybe"}}, &scratch) ==
          "sluice: SLUICE_PROGRESS: expected true or false (or yes/no, on/off, 1/0), got 'maybe'\n");
    CHECK(refused(good_run(scratch, {"--force=2"}), {}, &scratch) ==
          "sluice: --force: expected true or false (or yes/no, on/off, 1/0), got '2'\n");
    CHECK(refused(good_run(scratch), {{"SLUICE_ALLOW_EMPTY", "sure"}}, &scratch) ==
          "sluice: SLUICE_ALLOW_EMPTY: expected true or false (or yes/no, on/off, 1/0), got 'sure'\n");
    CHECK(refused(good_run(scratch, {"--top", "5", "--top", "6"}), {}, &scratch) ==
          "sluice: --top is given 2 times: give it once (see sluice run --help)\n");
    const auto result = run_sluice(good_run(scratch), {{"SLUICE_PROGRESS", "No"}, {"SLUICE_NO_ZIP_RANGE", "yes"}});
    CHECK(result.exit_code == 0);
}

TEST_CASE("usage: unknown commands, options and choices are named, with the closest one")
{
    CHECK(refused({"rnu"}) == "sluice: unknown command 'rnu'; did you mean 'run'?\n");
    CHECK(refused({"stauts"}) == "sluice: unknown command 'stauts'; did you mean 'status'?\n");
    CHECK(refused({"lod", "--movies", "m.zip"}) == "sluice: unknown command 'lod'; did you mean 'load'?\n");
    CHECK(refused({"load", "--movies", "m.zip"}) ==
          "sluice: --movies is an option of sluice run and sluice backfill, not of sluice load (see sluice load --help)\n");
    CHECK(refused({}) ==
          "sluice: a command is required: run, load, backfill, schedule, inspect, status or config (see sluice --help)\n");
    TempDir scratch;
    std::vector<std::string> movie{"run", "--movie", fixture("movies.zip"), "--abstracts", fixture("abstracts.xml.gz"),
                                   "--csv", scratch.file("report.csv")};
    CHECK(refused(movie, {}, &scratch) == "sluice: unknown option --movie for sluice run; did you mean --movies?\n");
    CHECK(refused(good_run(scratch, {"--max-reject", "5"}), {}, &scratch) ==
          "sluice: unknown option --max-reject for sluice run; did you mean --max-rejects?\n");
    CHECK(refused(good_run(scratch, {"--cron", "@daily"}), {}, &scratch) ==
          "sluice: --cron is an option of sluice schedule, not of sluice run (see sluice run --help)\n");
    CHECK(refused({"status", "--table", "movie_report"}) ==
          "sluice: --table is an option of sluice run, sluice load and sluice backfill, not of sluice status (see sluice status --help)\n");
    CHECK(refused(good_run(scratch, {"--inflate", "isl"}), {}, &scratch) ==
          "sluice: --inflate: expected isal or zlib, got 'isl'; did you mean 'isal'?\n");
    CHECK(refused(good_run(scratch, {"--invalid-utf8", "ignore"}), {}, &scratch) ==
          "sluice: --invalid-utf8: expected refuse or replace, got 'ignore'\n");
    CHECK(refused(good_run(scratch), {{"SLUICE_INFLATE", "zlb"}}, &scratch) ==
          "sluice: SLUICE_INFLATE: expected isal or zlib, got 'zlb'; did you mean 'zlib'?\n");
    CHECK(refused({"--log-format", "jsno", "status"}) ==
          "sluice: --log-format: expected auto, text or json, got 'jsno'; did you mean 'json'?\n");
    CHECK(refused({"config", "rnu"}) ==
          "sluice: config: expected run, load, backfill, schedule, status or inspect, got 'rnu'; did you mean 'run'?\n");
    CHECK(refused(good_run(scratch, {"extra"}), {}, &scratch) ==
          "sluice: unexpected argument 'extra' for sluice run (see sluice run --help)\n");
    CHECK(refused(good_run(scratch, {"--top"}), {}, &scratch) == "sluice: --top needs a value (see sluice run --help)\n");
}

TEST_CASE("usage: schedule says that the run's options follow --")
{
    const std::string hint = "is an option of the run: give the run's options after `--`, as in "
                             "sluice schedule --cron '0 1 * * *' -- run ";
    CHECK(refused({"schedule", "--cron", "0 1 * * *", "run", "--movies", fixture("movies.zip"), "--abstracts",
                   fixture("abstracts.xml.gz")}) == "sluice: --movies " + hint + "--movies ...\n");
    CHECK(refused({"schedule", "--cron", "0 1 * * *", "--top", "5"}) == "sluice: --top " + hint + "--top ...\n");
    CHECK(refused({"schedule", "--cron", "0 1 * * *", "--", "run", "--movie", "m.zip"}) ==
          "sluice: unknown option --movie for sluice run; did you mean --movies?\n");
}

TEST_CASE("usage: errors are plain text off a terminal too, whatever the log format asked for")
{
    TempDir scratch;
    const auto expected = "sluice: --min-revenue: expected a whole number from 1 to 9223372036854775807, got '0'\n";
    const auto args = good_run(scratch, {"--min-revenue", "0"});
    // run_sluice's stderr is a pipe: "auto" means JSON there for log lines, not for usage errors.
    CHECK(refused(args, {{"SLUICE_LOG_FORMAT", "auto"}}, &scratch) == expected);
    CHECK(refused(args, {{"SLUICE_LOG_FORMAT", "json"}}, &scratch) == expected);
    auto text = args;
    text.insert(text.end(), {"--log-format", "text"});
    CHECK(refused(text, {{"SLUICE_LOG_FORMAT", "json"}}, &scratch) == expected);
    auto json = args;
    json.insert(json.begin(), {"--log-format", "json"});
    CHECK(refused(json, {{"SLUICE_LOG_FORMAT", "auto"}}, &scratch) == expected);
    CHECK(refused({"rnu"}, {{"SLUICE_LOG_FORMAT", "json"}}) == "sluice: unknown command 'rnu'; did you mean 'run'?\n");
    CHECK(refused({"--log-format", "json", "rnu"}) == "sluice: unknown command 'rnu'; did you mean 'run'?\n");
    // A usage error found after parsing too.
    CHECK(refused({"--log-format", "json", "run", "--movies", fixture("movies.zip")}, {{"SLUICE_LOG_FORMAT", "auto"}}) ==
          "sluice: --abstracts is required (or SLUICE_ABSTRACTS, or abstracts in the config file)\n");
    // Log lines of a run that goes ahead stay JSON.
    const auto result = run_sluice(good_run(scratch), {{"SLUICE_LOG_FORMAT", "json"}});
    CHECK(result.exit_code == 0);
    CHECK(result.err.starts_with("{\"time\":"));
}

TEST_CASE("usage: --help gives every number's range and every choice")
{
    const auto run = run_sluice({"run", "--help"});
    CHECK(run.exit_code == 0);
    for (const auto* line : {"  --top N=1000 (Env:SLUICE_TOP)\n",
                             "Films kept, by highest budget/revenue ratio; a whole number from 1 to 10000000\n",
                             "Smallest revenue a ranked film may have; a whole number from 1 to 9223372036854775807\n",
                             "Fail the run when more CSV records than this are refused; a whole number from 0 to "
                             "18446744073709551615\n",
                             "  --inflate isal|zlib=isal (Env:SLUICE_INFLATE)\n",
                             "Seconds before the first retry; doubled each time, up to 60; a decimal number from 0 to 3600\n"}) {
        CAPTURE(line);
        CHECK(run.out.find(line) != std::string::npos);
    }
    const auto status = run_sluice({"status", "--help"});
    CHECK(status.out.find("How many runs; a whole number from 1 to 100000\n") != std::string::npos);
    const auto inspect = run_sluice({"inspect", "--help"});
    CHECK(inspect.out.find("First records shown; a whole number from 0 to 1000\n") != std::string::npos);
    const auto schedule = run_sluice({"schedule", "--help"});
    CHECK(schedule.out.find("Serve /metrics on this port (0: no server); a whole number from 0 to 65535\n") !=
          std::string::npos);
}
