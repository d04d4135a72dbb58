// `sluice backfill` end to end: dated file:// and http:// templates over the fixture dumps, one
// snapshot per date side by side in one table, missing dumps and loaded dates SKIPPED, a broken
// dump FAILED without stopping the walk, --force, a plain `run` beside the backfilled snapshots,
// and the usage errors. Each test case has a table (and so a job) of its own: the cases run in
// parallel against one Postgres that outlives them, so each starts by dropping what an earlier
// run of it left.

#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

using namespace sluice::testing;

namespace {

// The table, its swap partners and the job's ledger rows, as left by an earlier run of the case.
void reset(const std::string& table)
{
    query_value("DROP TABLE IF EXISTS " + table + ", " + table + "_previous, " + table + "_staging");
    if (!query_value("SELECT to_regclass('sluice_runs')").empty())
        query_value("DELETE FROM sluice_runs WHERE job = '" + table + "'");
}

// A directory of dated abstracts dumps: enwiki-YYYYMMDD-abstract.xml.gz, each a copy of `source`
// (the fixture dump unless told otherwise).
class DatedDumps {
public:
    void add(const std::string& yyyymmdd, const std::string& source = fixture("abstracts.xml.gz"))
    {
        std::filesystem::copy_file(source, path(yyyymmdd));
    }
    std::string path(const std::string& yyyymmdd) const { return dir_.file("enwiki-" + yyyymmdd + "-abstract.xml.gz"); }
    std::string url(const std::string& yyyymmdd) const { return "file://" + path(yyyymmdd); }
    std::string file_template() const { return "file://" + dir_.file("enwiki-{yyyymmdd}-abstract.xml.gz"); }
    const std::string& dir() const { return dir_.path(); }

private:
    TempDir dir_;
};

// `sluice backfill` of the fixture movies and `abstracts` into `table` (also the job), plus `extra`.
ProcessResult backfill(const std::string& table, const std::string& abstracts, std::vector<std::string> extra,
                       const std::map<std::string, std::string>& env = {})
{
    static const TempDir scratch;
    std::vector<std::string> args{"backfill", "--movies", fixture("movies.zip"), "--abstracts", abstracts,
                                   "--db", test_conninfo(), "--table", table, "--rejects", scratch.file("rejects.csv")};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_sluice(args, env);
}

// A plain `sluice run` of the fixtures into `table`, plus `extra`.
ProcessResult run(const std::string& table, std::vector<std::string> extra)
{
    static const TempDir scratch;
    std::vector<std::string> args{"run", "--movies", fixture("movies.zip"), "--abstracts", fixture("abstracts.xml.gz"),
                                  "--db", test_conninfo(), "--table", table, "--rejects", scratch.file("rejects.csv")};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_sluice(args);
}

// The job's ledger rows, oldest first, as "STATUS DATE MESSAGE".
std::vector<std::string> ledger(const std::string& job)
{
    std::vector<std::string> rows;
    const auto connection = connect_test_db();
    pqxx::nontransaction query{*connection};
    for (const auto& row : query.exec_params("SELECT status || ' ' || coalesce(snapshot_date::text, '-') || "
                                             "coalesce(' ' || message, '') FROM sluice_runs WHERE job = $1 ORDER BY id",
                                             job))
        rows.push_back(row[0].as<std::string>());
    return rows;
}

// The id of the job's newest ledger row with this status and date.
std::string ledger_id(const std::string& job, const std::string& status, const std::string& date)
{
    return query_value("SELECT max(id) FROM sluice_runs WHERE job = '" + job + "' AND status = '" + status +
                       "' AND snapshot_date = '" + date + "'");
}

// Each snapshot in the table as "DATE:ROWS:SUM(movie_id)", by date.
std::string snapshots(const std::string& table)
{
    return query_value("SELECT string_agg(snapshot_date || ':' || n || ':' || s, ' ' ORDER BY snapshot_date) FROM "
                       "(SELECT snapshot_date, count(*) n, sum(movie_id) s FROM " +
                       table + " GROUP BY snapshot_date) x");
}

std::string snapshot(const std::string& date, std::int64_t rows = kFixtureRows, std::int64_t id_sum = kFixtureIdSum)
{
    return date + ":" + std::to_string(rows) + ":" + std::to_string(id_sum);
}

// One snapshot's movie_ids by ratio, to compare with kFixtureRanking.
std::string ranking(const std::string& table, const std::string& date)
{
    return query_value("SELECT string_agg(movie_id::text, ',' ORDER BY ratio DESC, movie_id) FROM " + table +
                       " WHERE snapshot_date = '" + date + "'");
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in{text};
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// The lines backfill writes about its walk ("sluice: backfill ..."), leaving out the runs' summaries.
std::vector<std::string> walk_lines(const std::string& err)
{
    std::vector<std::string> out;
    for (const auto& line : lines(err)) {
        if (line.starts_with("sluice: backfill") || line.starts_with("sluice: error: backfill")) out.push_back(line);
    }
    return out;
}

std::string last_line(const std::string& text)
{
    const auto all = lines(text);
    return all.empty() ? "" : all.back();
}

std::string utc_today()
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
    return text;
}

} // namespace

TEST_CASE("backfill: each dated dump becomes a snapshot, a missing dump and a loaded date are skipped")
{
    const std::string table = "backfill_walk";
    reset(table);
    DatedDumps dumps;
    dumps.add("20240101");
    dumps.add("20240301");  // no dump for 2024-02-01

    // An earlier backfill loads the first date.
    auto result = backfill(table, dumps.file_template(), {"--from", "2024-01-01", "--to", "2024-01-01"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.empty());
    CHECK(last_line(result.err) == "sluice: backfill of 1 dates: 1 loaded, 0 skipped, 0 failed");
    const auto first_run = ledger_id(table, "LOADED", "2024-01-01");
    REQUIRE(!first_run.empty());
    CHECK(ledger(table) == std::vector<std::string>{"LOADED 2024-01-01"});

    // Three months: one loaded already, one with no dump, one to load.
    result = backfill(table, dumps.file_template(), {"--from", "2024-01-01", "--to", "2024-03-01", "--every", "1m"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out.empty());
    CHECK(ledger(table) ==
          std::vector<std::string>{"LOADED 2024-01-01", "SKIPPED 2024-01-01 snapshot 2024-01-01 already loaded by run " + first_run,
                                   "SKIPPED 2024-02-01 abstracts not found: " + dumps.url("20240201") + " (no such file)",
                                   "LOADED 2024-03-01"});
    const auto third_run = ledger_id(table, "LOADED", "2024-03-01");
    CHECK(walk_lines(result.err) ==
          std::vector<std::string>{
              "sluice: backfill 2024-01-01: " + dumps.url("20240101"),
              "sluice: backfill 2024-01-01: skipped: snapshot 2024-01-01 already loaded by run " + first_run,
              "sluice: backfill 2024-02-01: " + dumps.url("20240201"),
              "sluice: backfill 2024-02-01: skipped: abstracts not found: " + dumps.url("20240201") + " (no such file)",
              "sluice: backfill 2024-03-01: " + dumps.url("20240301"),
              "sluice: backfill of 3 dates: 1 loaded, 2 skipped, 0 failed"});
    CHECK(result.err.find("sluice: run " + third_run + " of job '" + table + "' loaded snapshot 2024-03-01 (run id ") !=
          std::string::npos);
    CHECK(last_line(result.err) == "sluice: backfill of 3 dates: 1 loaded, 2 skipped, 0 failed");

    // Both snapshots side by side, each the whole fixture report.
    CHECK(snapshots(table) == snapshot("2024-01-01") + " " + snapshot("2024-03-01"));
    CHECK(ranking(table, "2024-01-01") == kFixtureRanking);
    CHECK(ranking(table, "2024-03-01") == kFixtureRanking);
    CHECK(query_value("SELECT string_agg(rows_loaded::text, ',' ORDER BY id) FROM sluice_runs WHERE job = '" + table +
                      "' AND status = 'LOADED'") == "19,19");
    // Every date is a run of its own, with an id of its own.
    CHECK(query_value("SELECT count(DISTINCT run_id) FROM sluice_runs WHERE job = '" + table + "'") == "4");
    CHECK(table_oid(test_conninfo(), table + "_staging").empty());
}

TEST_CASE("backfill --dates: any order, duplicates once, a date a plain run loaded is skipped")
{
    const std::string table = "backfill_dates";
    reset(table);
    DatedDumps dumps;
    dumps.add("20240101");
    dumps.add("20240301");

    // 2024-01-01 loaded by `sluice run` of the same job.
    auto result = run(table, {"--snapshot-date", "2024-01-01"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const auto first_run = ledger_id(table, "LOADED", "2024-01-01");

    result = backfill(table, dumps.file_template(), {"--dates", "2024-03-01,2024-01-01,2024-02-01,2024-03-01"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(ledger(table) ==
          std::vector<std::string>{"LOADED 2024-01-01", "SKIPPED 2024-01-01 snapshot 2024-01-01 already loaded by run " + first_run,
                                   "SKIPPED 2024-02-01 abstracts not found: " + dumps.url("20240201") + " (no such file)",
                                   "LOADED 2024-03-01"});
    CHECK(last_line(result.err) == "sluice: backfill of 3 dates: 1 loaded, 2 skipped, 0 failed");
    CHECK(snapshots(table) == snapshot("2024-01-01") + " " + snapshot("2024-03-01"));
    CHECK(ranking(table, "2024-03-01") == kFixtureRanking);
}

TEST_CASE("backfill --force reloads a loaded date and keeps the other snapshots")
{
    const std::string table = "backfill_force";
    reset(table);
    DatedDumps dumps;
    for (const auto* date : {"20240101", "20240201", "20240301"}) dumps.add(date);

    auto result = backfill(table, dumps.file_template(), {"--from", "2024-01-01", "--to", "2024-03-01"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(last_line(result.err) == "sluice: backfill of 3 dates: 3 loaded, 0 skipped, 0 failed");
    CHECK(snapshots(table) == snapshot("2024-01-01") + " " + snapshot("2024-02-01") + " " + snapshot("2024-03-01"));
    const auto oid_before = table_oid(test_conninfo(), table);
    const auto loaded_before = ledger_id(table, "LOADED", "2024-02-01");

    // Reloaded with --top 5, so the rows that changed show which date was replaced.
    result = backfill(table, dumps.file_template(), {"--dates", "2024-02-01", "--force", "--top", "5"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(last_line(result.err) == "sluice: backfill of 1 dates: 1 loaded, 0 skipped, 0 failed");
    const auto reloaded = ledger_id(table, "LOADED", "2024-02-01");
    CHECK(std::stoll(reloaded) > std::stoll(loaded_before));
    CHECK(ledger(table) == std::vector<std::string>{"LOADED 2024-01-01", "LOADED 2024-02-01", "LOADED 2024-03-01",
                                                    "LOADED 2024-02-01"});
    CHECK(table_oid(test_conninfo(), table) != oid_before);
    // The five best of the fixture ranking: 31909+36094+40507+14924+77469.
    CHECK(snapshots(table) == snapshot("2024-01-01") + " " + snapshot("2024-02-01", 5, 200903) + " " + snapshot("2024-03-01"));
    CHECK(ranking(table, "2024-02-01") == "31909,36094,40507,14924,77469");
    CHECK(ranking(table, "2024-01-01") == kFixtureRanking);
    CHECK(ranking(table, "2024-03-01") == kFixtureRanking);

    // Without --force the reload is what counts as loaded.
    const auto oid_forced = table_oid(test_conninfo(), table);
    result = backfill(table, dumps.file_template(), {"--dates", "2024-02-01"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(ledger(table).back() == "SKIPPED 2024-02-01 snapshot 2024-02-01 already loaded by run " + reloaded);
    CHECK(table_oid(test_conninfo(), table) == oid_forced);
}

TEST_CASE("backfill over HTTP: a date the server answers 404 for is skipped and the walk goes on")
{
    const std::string table = "backfill_http";
    reset(table);
    DatedDumps dumps;
    dumps.add("20240101");
    dumps.add("20240301");
    std::filesystem::copy_file(fixture("movies.zip"), dumps.dir() + "/movies.zip");
    HttpServer server{dumps.dir()};
    // The movies from the server too: with no date in its name, every date reads the same archive.
    std::vector<std::string> args{"backfill", "--movies", server.url("/movies.zip"), "--abstracts",
                                  server.url("/enwiki-{yyyymmdd}-abstract.xml.gz"), "--db", test_conninfo(),
                                  "--table", table, "--from", "2024-01-01", "--to", "2024-03-01", "--retries", "0"};
    TempDir scratch;
    args.insert(args.end(), {"--rejects", scratch.file("rejects.csv")});

    const auto result = run_sluice(args);
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(ledger(table) == std::vector<std::string>{
                               "LOADED 2024-01-01",
                               "SKIPPED 2024-02-01 abstracts not found: " +
                                   server.url("/enwiki-20240201-abstract.xml.gz") + " (HTTP status 404)",
                               "LOADED 2024-03-01"});
    CHECK(result.err.find("sluice: backfill 2024-02-01: skipped: abstracts not found: " +
                          server.url("/enwiki-20240201-abstract.xml.gz") + " (HTTP status 404)\n") != std::string::npos);
    CHECK(last_line(result.err) == "sluice: backfill of 3 dates: 2 loaded, 1 skipped, 0 failed");
    CHECK(snapshots(table) == snapshot("2024-01-01") + " " + snapshot("2024-03-01"));
    CHECK(ranking(table, "2024-01-01") == kFixtureRanking);
}

TEST_CASE("backfill holds the job's lock for the whole walk, and SIGTERM stops it at the date it is on")
{
    const std::string table = "backfill_interrupted";
    reset(table);
    DatedDumps dumps;
    dumps.add("20240101");
    dumps.add("20240301");
    HttpServer server{dumps.dir()};
    // 2024-02-01 trickles until the test is done with it (the server serves files before routes,
    // and the directory has no such file).
    SlowDownload slow{server, "/enwiki-20240201-abstract.xml.gz", read_file(fixture("abstracts.xml.gz"))};
    TempDir scratch;
    SluiceProcess walk{{"backfill", "--movies", fixture("movies.zip"), "--abstracts",
                        server.url("/enwiki-{yyyymmdd}-abstract.xml.gz"), "--db", test_conninfo(), "--table", table,
                        "--from", "2024-01-01", "--to", "2024-03-01", "--rejects", scratch.file("rejects.csv")}};
    REQUIRE(wait_until([&] { return slow.started(); }));

    // Another run of the job waits for nothing: exit 3, nothing recorded.
    const auto rows_before = ledger(table);
    const auto second = run(table, {"--snapshot-date", "2024-05-01"});
    CHECK(second.exit_code == 3);
    CHECK(second.err == "sluice: postgres (" + test_conninfo() + "): job '" + table +
                            "' is already running (another sluice holds its lock); this run did nothing\n");
    CHECK(ledger(table) == rows_before);

    walk.signal(SIGTERM);
    const auto result = walk.wait();
    INFO(result.err);
    CHECK(result.exit_code == 143);
    CHECK(last_line(result.err) == "sluice: interrupted by SIGTERM: the run was rolled back");
    CHECK(ledger(table) == std::vector<std::string>{"LOADED 2024-01-01",
                                                    "FAILED 2024-02-01 interrupted by SIGTERM: the run was rolled back"});
    CHECK(snapshots(table) == snapshot("2024-01-01"));
    CHECK(table_oid(test_conninfo(), table + "_staging").empty());
}

TEST_CASE("backfill logs JSON lines with each date's own run id, as the ledger records it")
{
    const std::string table = "backfill_json_log";
    reset(table);
    DatedDumps dumps;
    dumps.add("20240301");
    const auto result =
        backfill(table, dumps.file_template(), {"--dates", "2024-02-01,2024-03-01"}, {{"SLUICE_LOG_FORMAT", "json"}});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    std::vector<nlohmann::json> parsed;
    for (const auto& line : lines(result.err)) {
        CAPTURE(line);
        REQUIRE_NOTHROW(parsed.push_back(nlohmann::json::parse(line)));
        CHECK(parsed.back().is_object());
        CHECK(parsed.back().contains("time"));
        CHECK(parsed.back()["level"] == "info");
    }
    const auto run_of = [&](const std::string& date) {
        return query_value("SELECT run_id FROM sluice_runs WHERE job = '" + table + "' AND snapshot_date = '" + date + "'");
    };
    const auto skipped_run = run_of("2024-02-01");
    const auto loaded_run = run_of("2024-03-01");
    REQUIRE(!skipped_run.empty());
    REQUIRE(!loaded_run.empty());
    CHECK(skipped_run != loaded_run);
    // Each date's lines carry its run id; the walk's summary belongs to no run.
    REQUIRE(parsed.size() == 6);
    for (std::size_t i = 0; i < 5; ++i) {
        CAPTURE(i);
        CHECK(parsed[i]["run"] == (i < 2 ? skipped_run : loaded_run));
    }
    CHECK(parsed[0]["msg"] == "backfill 2024-02-01: " + dumps.url("20240201"));
    CHECK(parsed[0]["snapshot_date"] == "2024-02-01");
    CHECK(parsed[1]["msg"] == "backfill 2024-02-01: skipped: abstracts not found: " + dumps.url("20240201") + " (no such file)");
    CHECK(parsed[1]["status"] == "SKIPPED");
    CHECK(parsed[3]["msg"] == "run finished");
    CHECK(parsed[3]["rows_loaded"] == 19);
    CHECK(parsed[4]["status"] == "LOADED");
    CHECK(!parsed[5].contains("run"));
    CHECK(parsed[5]["msg"] == "backfill of 2 dates: 1 loaded, 1 skipped, 0 failed");
    CHECK(parsed[5]["dates"] == 2);
    CHECK(parsed[5]["loaded"] == 1);
    CHECK(parsed[5]["skipped"] == 1);
    CHECK(parsed[5]["failed"] == 0);
}

TEST_CASE("backfill: a date whose dump is broken fails alone, later dates still load, exit 1")
{
    const std::string table = "backfill_failed";
    reset(table);
    DatedDumps dumps;
    dumps.add("20240101");
    dumps.add("20240201", fixture("bad/truncated.xml.gz"));
    dumps.add("20240301");

    const auto result = backfill(table, dumps.file_template(), {"--from", "2024-01-01", "--to", "2024-03-01"});
    INFO(result.err);
    CHECK(result.exit_code == 1);
    const auto error = dumps.path("20240201") + ": byte 3142: truncated gzip data: the stream ends inside a member";
    CHECK(ledger(table) ==
          std::vector<std::string>{"LOADED 2024-01-01", "FAILED 2024-02-01 " + error, "LOADED 2024-03-01"});
    CHECK(walk_lines(result.err) == std::vector<std::string>{
                                        "sluice: backfill 2024-01-01: " + dumps.url("20240101"),
                                        "sluice: backfill 2024-02-01: " + dumps.url("20240201"),
                                        "sluice: error: backfill 2024-02-01: " + error,
                                        "sluice: backfill 2024-03-01: " + dumps.url("20240301"),
                                        "sluice: backfill of 3 dates: 2 loaded, 0 skipped, 1 failed (2024-02-01)"});
    CHECK(last_line(result.err) == "sluice: backfill of 3 dates: 2 loaded, 0 skipped, 1 failed (2024-02-01)");
    CHECK(snapshots(table) == snapshot("2024-01-01") + " " + snapshot("2024-03-01"));
    CHECK(table_oid(test_conninfo(), table + "_staging").empty());

    // A failed date is not loaded: the next walk tries it again (and fails it again).
    const auto again = backfill(table, dumps.file_template(), {"--dates", "2024-02-01"});
    CHECK(again.exit_code == 1);
    CHECK(ledger(table).back() == "FAILED 2024-02-01 " + error);
}

TEST_CASE("backfill, then a plain run writes today's snapshot beside, --snapshot-date replaces that date only")
{
    const std::string table = "backfill_then_run";
    reset(table);
    DatedDumps dumps;
    dumps.add("20240101");
    dumps.add("20240301");
    auto result = backfill(table, dumps.file_template(), {"--dates", "2024-01-01,2024-03-01"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);

    // No --snapshot-date, no --force: today's date (UTC) as a new snapshot.
    const auto before = utc_today();
    result = run(table, {});
    const auto after = utc_today();
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const auto today = query_value("SELECT max(snapshot_date)::text FROM " + table);
    CHECK((today == before || today == after));
    CHECK(result.err.find("loaded snapshot " + today + " (run id ") != std::string::npos);
    CHECK(snapshots(table) == snapshot("2024-01-01") + " " + snapshot("2024-03-01") + " " + snapshot(today));
    CHECK(ledger(table).back() == "LOADED " + today);

    // One date replaced (with --top 5, to see it), the others as they were.
    result = run(table, {"--snapshot-date", "2024-03-01", "--top", "5"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(snapshots(table) == snapshot("2024-01-01") + " " + snapshot("2024-03-01", 5, 200903) + " " + snapshot(today));
    CHECK(ranking(table, "2024-01-01") == kFixtureRanking);
    CHECK(ranking(table, today) == kFixtureRanking);
    CHECK(ledger(table).back() == "LOADED 2024-03-01");
}

TEST_CASE("backfill: the dates of a range, with every placeholder filled in")
{
    // Nothing to load: each date is skipped, and the ledger and the log name the dates walked.
    const std::string table = "backfill_range";
    reset(table);
    TempDir empty;
    const auto abstracts = "file://" + empty.file("{yyyy}/{mm}/{dd}/enwiki-{yyyymmdd}-{date}.xml.gz");
    const auto walked = [&](std::vector<std::string> extra) {
        const auto result = backfill(table, abstracts, std::move(extra));
        INFO(result.err);
        CHECK(result.exit_code == 0);
        std::vector<std::string> dates;
        for (const auto& line : walk_lines(result.err)) {
            if (line.find(": skipped: ") != std::string::npos) dates.push_back(line.substr(17, 10));
        }
        return std::make_pair(dates, last_line(result.err));
    };

    // Months keep the first day where the month has it, else take the month's last day.
    auto [dates, summary] = walked({"--from", "2024-01-31", "--to", "2024-05-01", "--every", "1m"});
    CHECK(dates == std::vector<std::string>{"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"});
    CHECK(summary == "sluice: backfill of 4 dates: 0 loaded, 4 skipped, 0 failed");
    CHECK(ledger(table).back() == "SKIPPED 2024-04-30 abstracts not found: file://" +
                                      empty.file("2024/04/30/enwiki-20240430-2024-04-30.xml.gz") + " (no such file)");

    std::tie(dates, summary) = walked({"--from", "2024-02-20", "--to", "2024-03-11", "--every", "10d"});
    CHECK(dates == std::vector<std::string>{"2024-02-20", "2024-03-01", "2024-03-11"});

    std::tie(dates, summary) = walked({"--from", "2023-12-25", "--to", "2024-01-14", "--every", "1w"});
    CHECK(dates == std::vector<std::string>{"2023-12-25", "2024-01-01", "2024-01-08"});

    std::tie(dates, summary) = walked({"--from", "2024-01-01", "--to", "2024-01-01"});
    CHECK(dates == std::vector<std::string>{"2024-01-01"});
    CHECK(summary == "sluice: backfill of 1 dates: 0 loaded, 1 skipped, 0 failed");
    CHECK(table_oid(test_conninfo(), table).empty());
}

TEST_CASE("backfill: usage errors exit 2 with one line, and nothing is recorded")
{
    const std::string table = "backfill_usage";
    reset(table);
    const auto abstracts = "/nowhere/enwiki-{yyyymmdd}-abstract.xml.gz";
    const auto usage = [&](const std::string& abstracts_template, std::vector<std::string> extra) {
        std::vector<std::string> args{"backfill", "--movies", fixture("movies.zip"), "--abstracts", abstracts_template,
                                      "--db", test_conninfo(), "--table", table};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto result = run_sluice(args);
        CHECK(result.exit_code == 2);
        CHECK(result.out.empty());
        return result.err;
    };

    CHECK(usage("/nowhere/enwiki-latest-abstract.xml.gz", {"--from", "2024-01-01", "--to", "2024-02-01"}) ==
          "sluice: --abstracts has no date in it ({yyyymmdd}, {date}, {yyyy}, {mm} or {dd}): "
          "every date would load the same dump\n");
    CHECK(usage(abstracts, {"--from", "2024-03-01", "--to", "2024-02-01"}) ==
          "sluice: --to 2024-02-01 is before --from 2024-03-01\n");
    for (const auto* every : {"2x", "0d", "1", "m", "1m2", "-1d", "10001d", "4294967295d", "4294967296w", "+1d"}) {
        CAPTURE(every);
        CHECK(usage(abstracts, {"--from", "2024-01-01", "--to", "2024-02-01", "--every", every}) ==
              std::string{"sluice: --every: expected a whole number from 1 to 10000 and d, w or m (1d, 2w, 1m), got '"} +
                  every + "'\n");
    }
    CHECK(usage(abstracts, {"--from", "2024-01-01", "--dates", "2024-02-01"}) ==
          "sluice: --from excludes --dates (see sluice backfill --help)\n");
    CHECK(usage(abstracts, {"--from", "2024-01-01"}) == "sluice: backfill needs --from and --to, or --dates\n");
    CHECK(usage(abstracts, {"--from", "2024-02-30", "--to", "2024-03-01"}) ==
          "sluice: --from: expected a date as YYYY-MM-DD, got '2024-02-30'\n");
    CHECK(usage(abstracts, {"--dates", "2024-01-01,2024-1-02"}) ==
          "sluice: --dates: expected a date as YYYY-MM-DD, got '2024-1-02'\n");
    CHECK(ledger(table).empty());
}

TEST_CASE("backfill: without a database it says the ledger needs one")
{
    // The ledger records each date, so a CSV file alone is no way out: the hint must not offer it.
    const auto expected = "sluice: backfill needs a database (--db, DATABASE_URL or PG*): the ledger records each date\n";
    const std::vector<std::string> args{"backfill", "--movies", fixture("movies.zip"), "--abstracts",
                                        "/nowhere/enwiki-{yyyymmdd}-abstract.xml.gz", "--from", "2024-01-01",
                                        "--to", "2024-02-01"};
    auto result = run_sluice(args);
    CHECK(result.exit_code == 2);
    CHECK(result.err == expected);

    TempDir scratch;
    auto with_csv = args;
    with_csv.insert(with_csv.end(), {"--csv", scratch.file("report.csv")});
    result = run_sluice(with_csv);
    CHECK(result.exit_code == 2);
    CHECK(result.err == expected);
    CHECK(!std::filesystem::exists(scratch.file("report.csv")));
}

namespace {

// A load job over dated hourly-style CSVs `readings-YYYYMMDD.csv` in `dir`, in `mode`.
std::string dated_load_job(const TempDir& dir, const std::string& table, const std::string& mode)
{
    const auto path = dir.file(table + ".toml");
    std::ofstream out(path);
    out << "[job]\nname = \"" << table << "\"\n[source]\nlocation = \"readings-{yyyymmdd}.csv\"\n"
        << "[[column]]\nname = \"sensor\"\ntype = \"text\"\n[[column]]\nname = \"value\"\ntype = \"integer\"\n"
        << "[target]\ntable = \"" << table << "\"\nmode = \"" << mode << "\"\n";
    return path;
}

void write_readings(const TempDir& dir, const std::string& yyyymmdd, const std::string& rows)
{
    std::ofstream out(dir.file("readings-" + yyyymmdd + ".csv"));
    out << "sensor,value\n" << rows;
}

ProcessResult backfill_load(const std::string& job, std::vector<std::string> dates)
{
    std::vector<std::string> args{"backfill"};
    args.insert(args.end(), dates.begin(), dates.end());
    args.insert(args.end(), {"--", "load", job, "--db", test_conninfo(), "--no-progress"});
    return run_sluice(args);
}

} // namespace

TEST_CASE("backfill -- load: a snapshot per date from dated files, a missing file skipped, loaded dates skipped")
{
    const std::string table = "backfill_load_snap";
    reset(table);
    TempDir dir;
    const auto job = dated_load_job(dir, table, "snapshot");
    write_readings(dir, "20240101", "a,1\nb,2\n");
    write_readings(dir, "20240103", "a,30\n");  // none for 2024-01-02

    auto result = backfill_load(job, {"--from", "2024-01-01", "--to", "2024-01-03", "--every", "1d"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(last_line(result.err) == "sluice: backfill of 3 dates: 2 loaded, 1 skipped, 0 failed");
    CHECK(query_value("SELECT string_agg(t::text, ';' ORDER BY t::text) FROM " + table + " t") ==
          "(2024-01-01,a,1);(2024-01-01,b,2);(2024-01-03,a,30)");
    const auto missing = "file://" + dir.file("readings-20240102.csv");
    const auto rows = ledger(table);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == "LOADED 2024-01-01");
    CHECK(rows[1].starts_with("SKIPPED 2024-01-02 source not found: "));
    CHECK(rows[1].find("readings-20240102.csv") != std::string::npos);
    CHECK(rows[2] == "LOADED 2024-01-03");

    // Again: every date is loaded or still missing; a new file for the missing date loads alone.
    write_readings(dir, "20240102", "c,7\n");
    result = backfill_load(job, {"--from", "2024-01-01", "--to", "2024-01-03", "--every", "1d"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(last_line(result.err) == "sluice: backfill of 3 dates: 1 loaded, 2 skipped, 0 failed");
    CHECK(result.err.find("backfill 2024-01-01: skipped: snapshot 2024-01-01 already loaded by run") != std::string::npos);
    CHECK(query_value("SELECT string_agg(t::text, ';' ORDER BY t::text) FROM " + table + " t") ==
          "(2024-01-01,a,1);(2024-01-01,b,2);(2024-01-02,c,7);(2024-01-03,a,30)");
}

TEST_CASE("backfill -- load: append adds each date's file once, whatever re-runs")
{
    const std::string table = "backfill_load_append";
    reset(table);
    TempDir dir;
    const auto job = dated_load_job(dir, table, "append");
    write_readings(dir, "20240101", "a,1\n");
    write_readings(dir, "20240102", "b,2\nc,3\n");

    auto result = backfill_load(job, {"--dates", "2024-01-02,2024-01-01"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(last_line(result.err) == "sluice: backfill of 2 dates: 2 loaded, 0 skipped, 0 failed");
    CHECK(query_value("SELECT string_agg(t::text, ';' ORDER BY t::text) FROM " + table + " t") == "(a,1);(b,2);(c,3)");

    result = backfill_load(job, {"--dates", "2024-01-01,2024-01-02"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(last_line(result.err) == "sluice: backfill of 2 dates: 0 loaded, 2 skipped, 0 failed");
    CHECK(result.err.find("skipped: every source was appended before") != std::string::npos);
    CHECK(query_value("SELECT count(*) FROM " + table) == "3");
}

TEST_CASE("backfill -- load: usage errors exit 2 with one line, and nothing is loaded")
{
    const std::string table = "backfill_load_usage";
    reset(table);
    TempDir dir;
    write_readings(dir, "20240101", "a,1\n");
    const std::vector<std::string> one_date{"--dates", "2024-01-01"};

    auto result = backfill_load(dated_load_job(dir, table, "replace"), one_date);
    CHECK(result.exit_code == 2);
    CHECK(last_line(result.err) ==
          "sluice: backfill of a replace job would leave only the last date's rows: use mode snapshot (one snapshot "
          "per date), append or upsert");

    // A job whose source names no date.
    const auto undated = dir.file("undated.toml");
    {
        std::ofstream out(undated);
        out << "[source]\nlocation = \"readings-20240101.csv\"\n[target]\ntable = \"" << table
            << "\"\nmode = \"append\"\n";
    }
    result = backfill_load(undated, one_date);
    CHECK(result.exit_code == 2);
    CHECK(last_line(result.err) == "sluice: the load's sources have no date in them ({yyyymmdd}, {date}, {yyyy}, {mm} "
                                   "or {dd}): every date would load the same files");

    result = run_sluice({"backfill", "--dates", "2024-01-01", "--", "lod", undated});
    CHECK(result.exit_code == 2);
    CHECK(last_line(result.err) == "sluice: backfill runs the report (its own options) or a load job: put the load's "
                                   "options after `-- load JOB.toml`, got 'lod'");

    result = backfill_load(dated_load_job(dir, table, "snapshot"), {"--dates", "2024-01-01", "--snapshot-date", "x"});
    CHECK(result.exit_code == 2);
    CHECK(query_value("SELECT to_regclass('" + table + "') IS NULL") == "t");
}
