// Every file a run writes is checked before any work: a directory, a missing or non-directory
// parent, a device where a rename would replace it, two options naming one file, or an input
// named as an output are refused with exit 2 at once; no ledger row, no download, nothing written.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace sluice::testing;

TEST_CASE("output paths that cannot work are refused before anything is fetched")
{
    TempDir scratch;
    const auto dir = scratch.path();
    std::ofstream{scratch.file("plain-file")} << "x";
    std::ofstream{scratch.file("existing.csv")} << "kept";
    const auto movies = fixture("movies.zip");
    struct Case {
        std::vector<std::string> options;
        std::string error;
    };
    const std::vector<Case> cases{
        {{"--csv", dir}, "--csv: " + dir + ": is a directory; name a file in it"},
        {{"--csv", dir + "/"}, "--csv: " + dir + "/: names a directory; name a file in it"},
        {{"--csv", dir + "/no-such-dir/report.csv"},
         "--csv: " + dir + "/no-such-dir/report.csv: the directory " + dir + "/no-such-dir does not exist"},
        {{"--csv", dir + "/plain-file/report.csv"},
         "--csv: " + dir + "/plain-file/report.csv: " + dir + "/plain-file is not a directory"},
        {{"--csv", dir + "/out.csv", "--rejects", dir}, "--rejects: " + dir + ": is a directory; name a file in it"},
        {{"--csv", dir + "/out.csv", "--rejects", dir + "/none/rejects.csv"},
         "--rejects: " + dir + "/none/rejects.csv: the directory " + dir + "/none does not exist"},
        {{"--csv", dir + "/out.csv", "--metrics-file", dir}, "--metrics-file: " + dir + ": is a directory; name a file in it"},
        {{"--csv", dir + "/out.csv", "--metrics-file", "/dev/null"},
         "--metrics-file: /dev/null: is not a regular file (a device or a pipe)"},
        // Two options, one file: new, or already there.
        {{"--csv", dir + "/same.csv", "--rejects", dir + "/same.csv"}, "--rejects: " + dir + "/same.csv: is the file --csv names too"},
        {{"--csv", dir + "/existing.csv", "--metrics-file", dir + "/../" + dir.substr(dir.rfind('/') + 1) + "/existing.csv"},
         "--metrics-file: " + dir + "/../" + dir.substr(dir.rfind('/') + 1) + "/existing.csv: is the file --csv names too"},
        // An input named as an output would be overwritten.
        {{"--csv", movies}, "--csv: " + movies + ": is an input of this run (" + movies + "); it would be overwritten"},
        {{"--csv", dir + "/out.csv", "--rejects", movies},
         "--rejects: " + movies + ": is an input of this run (" + movies + "); it would be overwritten"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.error);
        // The abstracts are a port where nothing listens: a run that started would retry for 31 s.
        std::vector<std::string> args{"run", "--movies", movies, "--abstracts", "http://127.0.0.1:1/abstracts.xml.gz",
                                      "--db", test_conninfo(), "--table", "outputs_never_made"};
        args.insert(args.end(), c.options.begin(), c.options.end());
        const auto started = std::chrono::steady_clock::now();
        auto result = run_sluice(args);
        CHECK(result.exit_code == 2);
        CHECK(result.err == "sluice: " + c.error + "\n");
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds{5});
        // backfill takes the same outputs.
        args[0] = "backfill";
        args[4] = "http://127.0.0.1:1/{date}/abstracts.xml.gz";
        args.insert(args.begin() + 1, {"--dates", "2024-01-01"});
        result = run_sluice(args);
        CHECK(result.exit_code == 2);
        CHECK(result.err == "sluice: " + c.error + "\n");
    }
    CHECK(ledger_rows(test_conninfo(), "outputs_never_made").empty());
    CHECK(read_file(scratch.file("existing.csv")) == "kept");
    CHECK(read_file(movies).size() == file_size(movies));

    const auto schedule = run_sluice({"schedule", "--cron", "@daily", "--metrics-file", dir, "--", "run", "--movies",
                                      movies, "--abstracts", fixture("abstracts.xml.gz"), "--csv", dir + "/out.csv"});
    CHECK(schedule.exit_code == 2);
    CHECK(schedule.err == "sluice: --metrics-file: " + dir + ": is a directory; name a file in it\n");
}

TEST_CASE("outputs that can work still do: a device for the CSV, an existing file replaced, a relative path")
{
    TempDir scratch;
    std::ofstream{scratch.file("report.csv")} << "old";
    const auto base = std::vector<std::string>{"run", "--movies", fixture("movies.zip"), "--abstracts",
                                               fixture("abstracts.xml.gz"), "--rejects", scratch.file("rejects.csv")};
    for (const auto& csv : {std::string{"/dev/null"}, scratch.file("report.csv")}) {
        auto args = base;
        args.insert(args.end(), {"--csv", csv});
        const auto result = run_sluice(args);
        INFO(result.err);
        CHECK(result.exit_code == 0);
    }
    CHECK(read_file(scratch.file("report.csv")).starts_with("snapshot_date,movie_id,"));
}
