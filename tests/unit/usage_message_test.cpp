// A command line that cannot run, explained through the real command line: the first unknown word
// named, with the closest command or option; an option of another command; a run's option given
// to schedule before `--`; CLI11's own errors in words a person reads.
#include "cli/cli_main.hpp"
#include "core/error.hpp"

#include "cli_environment.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using sluice::test::CleanSluiceEnvironment;
using sluice::test::parse_error;

TEST_CASE("usage message: an unknown command is named, with the closest one")
{
    CleanSluiceEnvironment environment;
    CHECK(parse_error({"rnu"}) == "unknown command 'rnu'; did you mean 'run'?");
    CHECK(parse_error({"RUN"}) == "unknown command 'RUN'; did you mean 'run'?");
    CHECK(parse_error({"sttaus", "--job", "x"}) == "unknown command 'sttaus'; did you mean 'status'?");
    CHECK(parse_error({"schedul", "--cron", "@daily"}) == "unknown command 'schedul'; did you mean 'schedule'?");
    CHECK(parse_error({"inpsect", "x.csv"}) == "unknown command 'inpsect'; did you mean 'inspect'?");
    CHECK(parse_error({"--log-format", "text", "backfil"}) == "unknown command 'backfil'; did you mean 'backfill'?");
    CHECK(parse_error({"foo"}) == "unknown command 'foo'; the commands are run, load, backfill, schedule, inspect, status "
                                  "and config (see sluice --help)");
    CHECK(parse_error({"help"}) == "unknown command 'help'; the commands are run, load, backfill, schedule, inspect, status "
                                   "and config (see sluice --help)");
    CHECK(parse_error({"-1"}) == "unknown command '-1'; the commands are run, load, backfill, schedule, inspect, status "
                                 "and config (see sluice --help)");
    CHECK(parse_error({"bad\x1b[2Jword"}) == "unknown command 'bad\\e[2Jword'; the commands are run, load, backfill, "
                                             "schedule, inspect, status and config (see sluice --help)");
    CHECK(parse_error({}) == "a command is required: run, load, backfill, schedule, inspect, status or config (see sluice --help)");
    CHECK(parse_error({"--log-format", "json"}) ==
          "a command is required: run, load, backfill, schedule, inspect, status or config (see sluice --help)");
}

TEST_CASE("usage message: an unknown option is named, with the closest option of the command")
{
    CleanSluiceEnvironment environment;
    CHECK(parse_error({"run", "--movie", "m.zip"}) == "unknown option --movie for sluice run; did you mean --movies?");
    CHECK(parse_error({"run", "--movie=m.zip"}) == "unknown option --movie for sluice run; did you mean --movies?");
    CHECK(parse_error({"run", "--movies", "m.zip", "--abstract", "a.xml"}) ==
          "unknown option --abstract for sluice run; did you mean --abstracts?");
    CHECK(parse_error({"backfill", "--max-reject", "5"}) ==
          "unknown option --max-reject for sluice backfill; did you mean --max-rejects?");
    CHECK(parse_error({"run", "--min_budget", "5"}) == "unknown option --min_budget for sluice run; did you mean --min-budget?");
    CHECK(parse_error({"run", "--Top", "5"}) == "unknown option --Top for sluice run; did you mean --top?");
    CHECK(parse_error({"inspect", "--recrods", "5", "x.csv"}) ==
          "unknown option --recrods for sluice inspect; did you mean --records?");
    CHECK(parse_error({"status", "--lmit", "5"}) == "unknown option --lmit for sluice status; did you mean --limit?");
    CHECK(parse_error({"schedule", "--cronn", "@daily"}) == "unknown option --cronn for sluice schedule; did you mean --cron?");
    CHECK(parse_error({"run", "--log-formt", "text"}) ==
          "unknown option --log-formt for sluice run; did you mean --log-format?");
    CHECK(parse_error({"run", "--frobnicate"}) == "unknown option --frobnicate for sluice run (see sluice run --help)");
    CHECK(parse_error({"run", "-x"}) == "unknown option -x for sluice run (see sluice run --help)");
    // Before the command's name, sluice's own options were meant.
    CHECK(parse_error({"--log-fromat", "text", "run"}) == "unknown option --log-fromat for sluice; did you mean --log-format?");
    CHECK(parse_error({"--frob", "status"}) == "unknown option --frob for sluice (see sluice --help)");
    // The first unknown word is named, whatever else is wrong after it.
    CHECK(parse_error({"run", "--movie", "m.zip", "--top", "0"}) == "unknown option --movie for sluice run; did you mean --movies?");
    CHECK(parse_error({"run", "extra", "--movie", "m.zip"}) == "unexpected argument 'extra' for sluice run (see sluice run --help)");
    CHECK(parse_error({"inspect", "--recrods"}) == "unknown option --recrods for sluice inspect; did you mean --records?");
}

TEST_CASE("usage message: an option of another command says whose it is")
{
    CleanSluiceEnvironment environment;
    CHECK(parse_error({"run", "--cron", "@daily"}) ==
          "--cron is an option of sluice schedule, not of sluice run (see sluice run --help)");
    CHECK(parse_error({"status", "--movies", "m.zip"}) ==
          "--movies is an option of sluice run and sluice backfill, not of sluice status (see sluice status --help)");
    CHECK(parse_error({"run", "--limit", "5"}) ==
          "--limit is an option of sluice inspect and sluice status, not of sluice run (see sluice run --help)");
    CHECK(parse_error({"run", "--from=2024-01-01"}) ==
          "--from is an option of sluice backfill, not of sluice run (see sluice run --help)");
    CHECK(parse_error({"inspect", "x.csv", "--table", "t"}) ==
          "--table is an option of sluice run, sluice load and sluice backfill, not of sluice inspect (see sluice inspect --help)");
    // Before any command.
    CHECK(parse_error({"--movies", "m.zip"}) ==
          "--movies is an option of run and backfill: put it after the command's name, as in sluice run --movies ...");
    CHECK(parse_error({"--top", "5", "backfill"}) ==
          "--top is an option of run and backfill: put it after the command's name, as in sluice backfill --top ...");
    CHECK(parse_error({"--cron", "@daily", "run"}) ==
          "--cron is an option of schedule: put it after the command's name, as in sluice schedule --cron ...");
    CHECK(parse_error({"--nothing"}) ==
          "unknown option --nothing; a command comes first: run, load, backfill, schedule, inspect, status or config "
          "(see sluice --help)");
}

TEST_CASE("usage message: schedule's run takes its options after --")
{
    CleanSluiceEnvironment environment;
    const auto after_dashes = [](const std::string& name) {
        return name + " is an option of the run: give the run's options after `--`, as in "
                      "sluice schedule --cron '0 1 * * *' -- run " + name + " ...";
    };
    CHECK(parse_error({"schedule", "--cron", "0 1 * * *", "run", "--movies", "m.zip"}) == after_dashes("--movies"));
    CHECK(parse_error({"schedule", "--cron", "0 1 * * *", "run", "--top=5"}) == after_dashes("--top"));
    CHECK(parse_error({"schedule", "--top", "5", "--cron", "0 1 * * *"}) == after_dashes("--top"));
    CHECK(parse_error({"schedule", "--cron", "0 1 * * *", "--snapshot-date", "2024-01-01"}) ==
          after_dashes("--snapshot-date"));
    // Not the run's either: the scheduler's own options are suggested.
    CHECK(parse_error({"schedule", "--cron", "0 1 * * *", "--limit", "5"}) ==
          "--limit is an option of sluice inspect and sluice status, not of sluice schedule (see sluice schedule --help)");
    // With `--`, the run's own line is checked when the scheduler starts (CommandLine::check_run).
    CHECK(parse_error({"schedule", "--cron", "0 1 * * *", "--", "run", "--movies", "m.zip"}).empty());
    CleanSluiceEnvironment none;
    sluice::CommandLine scheduler_check;
    CHECK_THROWS_WITH_AS(scheduler_check.check_run({"run", "--movie", "m.zip"}),
                         "unknown option --movie for sluice run; did you mean --movies?", sluice::UsageError);
    sluice::CommandLine help_check;
    CHECK_THROWS_WITH_AS(help_check.check_run({"run", "--help"}),
                         "the run's options ask for --help or --version: give those to sluice run or sluice load itself",
                         sluice::UsageError);
}

TEST_CASE("usage message: other words out of place, missing values, CLI11's errors in plain words")
{
    CleanSluiceEnvironment environment;
    CHECK(parse_error({"run", "status"}) == "one command at a time: 'status' after sluice run (see sluice run --help)");
    CHECK(parse_error({"run", "m.zip"}) == "unexpected argument 'm.zip' for sluice run (see sluice run --help)");
    CHECK(parse_error({"inspect", "a.csv", "b.csv"}) == "unexpected argument 'b.csv' for sluice inspect (see sluice inspect --help)");
    // A word that may hold a password is shown without it.
    CHECK(parse_error({"run", "postgresql://loader:s3cret@db/reports"}) ==
          "unexpected argument 'postgresql://loader:***@db/reports' for sluice run (see sluice run --help)");
    CHECK(parse_error({"run", "host=db password=s3cret"}) ==
          "unexpected argument 'host=db password=***' for sluice run (see sluice run --help)");
    CHECK(parse_error({"run", "--top"}) == "--top needs a value (see sluice run --help)");
    CHECK(parse_error({"run", "--movies"}) == "--movies needs a value (see sluice run --help)");
    CHECK(parse_error({"status", "--limit"}) == "--limit needs a value (see sluice status --help)");
    CHECK(parse_error({"inspect"}) == "source is required (see sluice inspect --help)");
    CHECK(parse_error({"status", "--limit", "5", "--limit", "6"}) == "--limit is given 2 times: give it once (see sluice status --help)");
    CHECK(parse_error({"run", "--top=5", "--top", "6", "--top", "7"}) == "--top is given 3 times: give it once (see sluice run --help)");
    CHECK(parse_error({"backfill", "--from", "2024-01-01", "--dates", "2024-02-01"}) ==
          "--from excludes --dates (see sluice backfill --help)");
}
