// Settings from flags, SLUICE_* variables and a TOML file, observed through real runs; the file's
// errors; `sluice config` with its sources and hidden secrets; and the log lines, as JSON (with
// the run id the ledger records) or as text.

#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

using namespace sluice::testing;

namespace {

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in{text};
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

bool has_line(const std::string& text, const std::string& line)
{
    const auto all = lines(text);
    return std::find(all.begin(), all.end(), line) != all.end();
}

std::size_t count_lines(const std::string& text, const std::string& line)
{
    const auto all = lines(text);
    return static_cast<std::size_t>(std::count(all.begin(), all.end(), line));
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The first `n` movie_ids of the fixture ranking.
std::string top_of_ranking(std::size_t n)
{
    std::string ranking = kFixtureRanking;
    std::size_t end = 0;
    for (std::size_t i = 0; i < n && end != std::string::npos; ++i) end = ranking.find(',', end + (i > 0 ? 1 : 0));
    return end == std::string::npos ? ranking : ranking.substr(0, end);
}

// A scratch directory with a config file in it, and the paths a run writes.
class Scratch {
public:
    std::string write(const std::string& name, const std::string& toml) const
    {
        const auto path = dir_.file(name);
        std::ofstream{path} << toml;
        return path;
    }
    std::string path(const std::string& name) const { return dir_.file(name); }
    std::string csv() const { return dir_.file("report.csv"); }
    std::string rejects() const { return dir_.file("rejects.csv"); }

    // The settings every run here needs, as TOML: the fixtures, the reject file and the snapshot
    // date (fixed, so the CSV rows can be picked out by it).
    std::string sources() const
    {
        return "movies = \"" + fixture("movies.zip") + "\"\nabstracts = \"" + fixture("abstracts.xml.gz") +
               "\"\nrejects = \"" + rejects() + "\"\nsnapshot-date = \"" + kFixtureSnapshot + "\"\n";
    }

    // The movie_ids of the CSV report `run` wrote, in its order ("" when it wrote none).
    std::string csv_ids() const
    {
        if (!std::filesystem::exists(csv())) return "";
        std::string ids;
        for (const auto& line : lines(read_file(csv()))) {
            if (!line.starts_with(std::string{kFixtureSnapshot} + ",")) continue;
            const auto start = line.find(',') + 1;
            ids += (ids.empty() ? "" : ",") + line.substr(start, line.find(',', start) - start);
        }
        return ids;
    }

private:
    TempDir dir_;
};

// `sluice ARGS... --csv CSV` (no database), with the CSV removed first; returns the ids written.
std::string run_csv(const Scratch& scratch, std::vector<std::string> args, const std::map<std::string, std::string>& env = {})
{
    std::filesystem::remove(scratch.csv());
    args.insert(args.end(), {"--csv", scratch.csv()});
    const auto result = run_sluice(args, env);
    INFO(result.err);
    CHECK(result.exit_code == 0);
    return scratch.csv_ids();
}

void reset(const std::string& table)
{
    query_value("DROP TABLE IF EXISTS " + table + ", " + table + "_previous, " + table + "_staging");
    if (!query_value("SELECT to_regclass('sluice_runs')").empty())
        query_value("DELETE FROM sluice_runs WHERE job = '" + table + "'");
}

// Every stderr line parsed as a JSON object (a line that is not one fails the test).
std::vector<nlohmann::json> json_lines(const std::string& err)
{
    std::vector<nlohmann::json> out;
    for (const auto& line : lines(err)) {
        CAPTURE(line);
        nlohmann::json parsed;
        CHECK_NOTHROW(parsed = nlohmann::json::parse(line));
        CHECK(parsed.is_object());
        out.push_back(parsed);
    }
    return out;
}

// The fields every log line has; returns the line's run id ("" when it has none).
std::string check_common_fields(const nlohmann::json& line)
{
    CAPTURE(line.dump());
    static const std::regex iso_time{R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z)"};
    REQUIRE(line.contains("time"));
    REQUIRE(line["time"].is_string());
    CHECK(std::regex_match(line["time"].get<std::string>(), iso_time));
    REQUIRE(line.contains("level"));
    const auto level = line["level"].get<std::string>();
    CHECK((level == "info" || level == "warning" || level == "error"));
    REQUIRE(line.contains("msg"));
    CHECK(line["msg"].is_string());
    if (!line.contains("run")) return "";
    REQUIRE(line["run"].is_string());
    return line["run"].get<std::string>();
}

std::string newest_ledger(const std::string& job, const std::string& column)
{
    return query_value("SELECT " + column + " FROM sluice_runs WHERE job = '" + job + "' ORDER BY id DESC LIMIT 1");
}

} // namespace

TEST_CASE("config: flags beat SLUICE_* variables, which beat the file, which beats the defaults")
{
    Scratch scratch;
    const auto file = scratch.write("sluice.toml", scratch.sources() + "top = 5\n");
    const auto other = scratch.write("other.toml", scratch.sources() + "top = 4\n");
    const auto no_top = scratch.write("no-top.toml", scratch.sources());

    CHECK(run_csv(scratch, {"--config", file, "run"}) == top_of_ranking(5));
    CHECK(run_csv(scratch, {"--config", file, "run"}, {{"SLUICE_TOP", "3"}}) == top_of_ranking(3));
    CHECK(run_csv(scratch, {"--config", file, "run", "--top", "2"}, {{"SLUICE_TOP", "3"}}) == top_of_ranking(2));
    CHECK(run_csv(scratch, {"--config", no_top, "run"}) == kFixtureRanking);  // top 1000 by default
    // The file named by SLUICE_CONFIG, and --config after the command's name.
    CHECK(run_csv(scratch, {"run"}, {{"SLUICE_CONFIG", file}}) == top_of_ranking(5));
    CHECK(run_csv(scratch, {"run", "--config", file}) == top_of_ranking(5));
    CHECK(run_csv(scratch, {"run", "--config", other}, {{"SLUICE_CONFIG", file}}) == top_of_ranking(4));
    // Sources from the environment too.
    CHECK(run_csv(scratch, {"run", "--top", "1", "--rejects", scratch.rejects(), "--snapshot-date", kFixtureSnapshot},
                  {{"SLUICE_MOVIES", fixture("movies.zip")}, {"SLUICE_ABSTRACTS", fixture("abstracts.xml.gz")}}) ==
          top_of_ranking(1));
}

TEST_CASE("config: a [run] table beats the top-level keys, max_rejects with an underscore works, other tables are not run's")
{
    Scratch scratch;
    // Four fixture records are refused: more than max_rejects 1 fails the run.
    const auto strict = scratch.write("strict.toml", scratch.sources() + "max_rejects = 1\n");
    std::filesystem::remove(scratch.csv());
    auto result = run_sluice({"run", "--config", strict, "--csv", scratch.csv()});
    CHECK(result.exit_code == 1);
    CHECK(result.err == "sluice: error: " + fixture("movies.zip") +
                            ":movies_metadata.csv: line 17: too many rejected records: 2 is more than --max-rejects 1 "
                            "(the last: expected 24 fields, found 15)\n");
    CHECK(!std::filesystem::exists(scratch.csv()));

    // The [run] table's values win over the top-level ones, whatever the keys' names.
    const auto tables = scratch.write("tables.toml", scratch.sources() +
                                                         "top = 5\nmax_rejects = 1\nfrom = \"2024-01-01\"\n"
                                                         "[run]\ntop = 4\nmax-rejects = 10\n"
                                                         "[backfill]\ntop = 1\nmax-rejects = 0\n");
    CHECK(run_csv(scratch, {"--config", tables, "run"}) == top_of_ranking(4));
    result = run_sluice({"--config", tables, "config", "run"});
    CHECK(result.exit_code == 0);
    CHECK(has_line(result.out, "top = 4  # config file"));
    CHECK(has_line(result.out, "max-rejects = 10  # config file"));
    result = run_sluice({"--config", tables, "config", "backfill"});
    CHECK(has_line(result.out, "top = 1  # config file"));
    CHECK(has_line(result.out, "from = \"2024-01-01\"  # config file"));
    // A variable still beats the table.
    CHECK(run_csv(scratch, {"--config", tables, "run"}, {{"SLUICE_TOP", "3"}}) == top_of_ranking(3));
}

TEST_CASE("config: a bad file, key or path exits 2 with one line naming the file and the line")
{
    Scratch scratch;
    const auto usage = [&](const std::string& toml, std::vector<std::string> args = {"run"},
                           std::map<std::string, std::string> env = {}) {
        const auto file = scratch.write("bad.toml", toml);
        std::vector<std::string> full{"--config", file};
        full.insert(full.end(), args.begin(), args.end());
        full.insert(full.end(), {"--csv", scratch.csv()});
        const auto result = run_sluice(full, env);
        CHECK(result.exit_code == 2);
        CHECK(result.out.empty());
        CHECK(!std::filesystem::exists(scratch.csv()));
        return result.err;
    };
    const auto file = scratch.write("bad.toml", "");
    const auto sources = scratch.sources();

    CHECK(usage(sources + "mvies = \"x\"\n") ==
          "sluice: " + file + ": line 5: mvies: no command has an option --mvies\n");
    CHECK(usage("top = 5\n[run]\nfrom = \"2024-01-01\"\n") ==
          "sluice: " + file + ": line 3: [run] from: sluice run has no option --from\n");
    CHECK(usage("top = 5\n[runn]\ntop = 3\n") == "sluice: " + file + ": line 2: [runn]: no command of that name\n");
    CHECK(usage("# settings\ntop = 5\nmovies = = \"x\"\n") ==
          "sluice: " + file + ": line 3: Error while parsing value: could not determine value type\n");
    CHECK(usage("top = 5\n\nmovies = \"no end\n") ==
          "sluice: " + file +
              ": line 3: Error while parsing string: unescaped control characters other than TAB (U+0009) are explicitly "
              "prohibited\n");
    CHECK(usage("top = 1979-05-27\n") ==
          "sluice: " + file + ": line 1: top: expected a string, a number, a boolean or an array of them\n");
    // `sluice config` reads the same file, and fails the same way.
    scratch.write("bad.toml", sources + "mvies = \"x\"\n");
    const auto config = run_sluice({"--config", file, "config"});
    CHECK(config.exit_code == 2);
    CHECK(config.err == "sluice: " + file + ": line 5: mvies: no command has an option --mvies\n");

    const auto missing = scratch.path("absent.toml");
    auto result = run_sluice({"run", "--csv", scratch.csv()}, {{"SLUICE_CONFIG", missing}});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "sluice: --config: no such file: " + missing + "\n");
    result = run_sluice({"config"}, {{"SLUICE_CONFIG", missing}});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "sluice: --config: no such file: " + missing + "\n");
    // Named by the flag, CLI11 reports it in words of its own.
    result = run_sluice({"run", "--config", missing, "--csv", scratch.csv()});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "sluice: " + missing + " was not readable (missing?) (see sluice run --help)\n");
}

TEST_CASE("config: sluice config load prints a load job's settings from the variables and the file, secrets hidden")
{
    Scratch scratch;
    const auto file = scratch.write("sluice.toml", "[load]\ntable = \"posts\"\nmode = \"upsert\"\n"
                                                   "db = \"postgresql://loader:loadsecret@db.example/reports\"\n");
    const auto result = run_sluice({"config", "--config", file, "load"}, {{"SLUICE_DELIMITER", ";"}});
    INFO(result.out);
    CHECK(result.exit_code == 0);
    CHECK(lines(result.out).front() == "# sluice load: effective settings (flags > SLUICE_* variables > the job file > "
                                       "config file " + file + " > defaults)");
    for (const auto* line : {"table = \"posts\"  # config file", "mode = \"upsert\"  # config file",
                             "delimiter = \";\"  # SLUICE_DELIMITER", "db = \"postgresql://loader:***@db.example/reports\"  # config file",
                             "# source = (not set; SLUICE_SOURCE)", "# record = (not set; SLUICE_RECORD)"}) {
        CAPTURE(line);
        CHECK(count_lines(result.out, line) == 1);
    }
    CHECK(!contains(result.out, "loadsecret"));
}

TEST_CASE("config: sluice config prints where each value came from, and never a password")
{
    Scratch scratch;
    const auto file = scratch.write("sluice.toml", "movies = \"/data/movies.zip\"\ntop = 5\n"
                                                   "db = \"postgresql://loader:filesecret@db.example/reports\"\n"
                                                   "[backfill]\nevery = \"1w\"\n");
    auto result = run_sluice({"config", "--config", file, "run"}, {{"SLUICE_RETRIES", "7"}});
    INFO(result.out);
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    CHECK(lines(result.out).front() ==
          "# sluice run: effective settings (flags > SLUICE_* variables > config file " + file + " > defaults)");
    for (const auto* line : {"movies = \"/data/movies.zip\"  # config file", "retries = 7  # SLUICE_RETRIES",
                             "top = 5  # config file", "db = \"postgresql://loader:***@db.example/reports\"  # config file",
                             "inflate = \"isal\"  # default", "max-rejects = 1000  # default",
                             "table = \"movie_report\"  # default", "# abstracts = (not set; SLUICE_ABSTRACTS)",
                             "# csv = (not set; SLUICE_CSV)", "# snapshot-date = (not set; SLUICE_SNAPSHOT_DATE)",
                             "# Sources (a path, or an http://, https:// or file:// URL)", "# Report", "# Output"}) {
        CAPTURE(line);
        CHECK(count_lines(result.out, line) == 1);
    }
    CHECK(!contains(result.out, "filesecret"));
    CHECK(!contains(result.out, "every"));  // [backfill] is not run's

    result = run_sluice({"--config", file, "config", "backfill"});
    CHECK(result.exit_code == 0);
    CHECK(lines(result.out).front() ==
          "# sluice backfill: effective settings (flags > SLUICE_* variables > config file " + file + " > defaults)");
    CHECK(has_line(result.out, "every = \"1w\"  # config file"));
    CHECK(has_line(result.out, "# from = (not set; SLUICE_FROM)"));
    CHECK(!contains(result.out, "filesecret"));

    // SLUICE_DB beats the file's db; both passwords stay hidden.
    result = run_sluice({"config", "--config", file},
                        {{"SLUICE_DB", "host=db.example user=loader password=envsecret dbname=reports"}});
    CHECK(result.exit_code == 0);
    CHECK(has_line(result.out, "db = \"host=db.example user=loader password=*** dbname=reports\"  # SLUICE_DB"));
    CHECK(!contains(result.out, "envsecret"));
    CHECK(!contains(result.out, "filesecret"));

    // No file, no --db: the database DATABASE_URL names, shown without its password.
    for (const auto& [url, shown] : std::vector<std::pair<std::string, std::string>>{
             {"postgresql://loader:urlsecret@db.example/reports", "postgresql://loader:***@db.example/reports"},
             {"postgresql://db.example/reports?user=loader&password=urlsecret",
              "postgresql://db.example/reports?user=loader&password=***"}}) {
        result = run_sluice({"config"}, {{"DATABASE_URL", url}});
        INFO(result.out);
        CHECK(result.exit_code == 0);
        CHECK(lines(result.out).front() ==
              "# sluice run: effective settings (flags > SLUICE_* variables > config file (none) > defaults)");
        CHECK(has_line(result.out, "# db = (not set; SLUICE_DB)"));
        CHECK(has_line(result.out, "# the database, as no --db or SLUICE_DB is set: DATABASE_URL " + shown));
        CHECK(!contains(result.out, "urlsecret"));
    }
    result = run_sluice({"config"}, {{"PGHOST", "db.example"}, {"PGPASSWORD", "pgsecret"}});
    CHECK(has_line(result.out, "# the database, as no --db or SLUICE_DB is set: libpq's PG* variables"));
    CHECK(!contains(result.out, "pgsecret"));
}

TEST_CASE("config: no-zip-range from the file or SLUICE_NO_ZIP_RANGE streams a remote zip whole")
{
    Scratch scratch;
    HttpServer server{fixture("")};
    const std::string by_range = "movies.zip:movies_metadata.csv (zip, member fetched by range): ";
    const std::string whole = "movies.zip:movies_metadata.csv (zip): ";
    const auto movies_line = [&](std::vector<std::string> extra, const std::map<std::string, std::string>& env) {
        std::vector<std::string> args{"run", "--movies", server.url("/movies.zip"), "--abstracts",
                                      fixture("abstracts.xml.gz"), "--csv", scratch.csv(), "--rejects", scratch.rejects()};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto result = run_sluice(args, env);
        INFO(result.err);
        CHECK(result.exit_code == 0);
        return contains(result.err, by_range) ? "by range" : contains(result.err, whole) ? "whole" : "?";
    };
    const auto on = scratch.write("on.toml", "no-zip-range = true\n");
    const auto off = scratch.write("off.toml", "no-zip-range = false\n");

    CHECK(std::string{movies_line({}, {})} == "by range");
    CHECK(std::string{movies_line({"--no-zip-range"}, {})} == "whole");
    CHECK(std::string{movies_line({"--config", on}, {})} == "whole");
    CHECK(std::string{movies_line({"--config", off}, {})} == "by range");
    CHECK(std::string{movies_line({}, {{"SLUICE_NO_ZIP_RANGE", "true"}})} == "whole");
    CHECK(std::string{movies_line({}, {{"SLUICE_NO_ZIP_RANGE", "false"}})} == "by range");

    // `sluice config` shows the setting as written, so its output read back means the same.
    auto result = run_sluice({"--config", on, "config"});
    CHECK(has_line(result.out, "no-zip-range = true  # config file"));
    result = run_sluice({"config"}, {{"SLUICE_NO_ZIP_RANGE", "true"}});
    CHECK(has_line(result.out, "no-zip-range = true  # SLUICE_NO_ZIP_RANGE"));
}

TEST_CASE("logs: as JSON every line of a run is an object carrying the run id the ledger records")
{
    const std::string table = "logs_json";
    reset(table);
    const std::map<std::string, std::string> json{{"SLUICE_LOG_FORMAT", "json"}};
    // No --rejects: the refused records are logged, as warnings.
    std::vector<std::string> args{"run", "--movies", fixture("movies.zip"), "--abstracts", fixture("abstracts.xml.gz"),
                                  "--db", test_conninfo(), "--table", table, "--snapshot-date", kFixtureSnapshot};

    auto result = run_sluice(args, json);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.empty());
    auto parsed = json_lines(result.err);
    REQUIRE(parsed.size() == 6);
    const auto run_id = newest_ledger(table, "run_id");
    CHECK(!run_id.empty());
    std::vector<std::string> levels;
    for (const auto& line : parsed) {
        CHECK(check_common_fields(line) == run_id);
        levels.push_back(line["level"].get<std::string>());
    }
    CHECK(levels == std::vector<std::string>{"warning", "warning", "warning", "warning", "info", "info"});
    CHECK(parsed[0]["msg"] == "rejected " + fixture("movies.zip") + ":movies_metadata.csv: line 16: expected 24 fields, found 10");
    CHECK(parsed[0]["line"] == 16);
    CHECK(parsed[4]["msg"] == "run finished");
    CHECK(parsed[4]["rows_loaded"] == 19);
    CHECK(parsed[4]["films_rejected"] == 4);
    const auto ledger_id = newest_ledger(table, "id");
    CHECK(parsed[5]["msg"] == "run " + ledger_id + " of job '" + table + "' loaded snapshot " + kFixtureSnapshot +
                                  " (run id " + run_id + ")");
    CHECK(parsed[5]["ledger_id"] == std::stoll(ledger_id));
    CHECK(parsed[5]["status"] == "LOADED");

    // A failing run: its error is an "error" line with the text the ledger records.
    auto failing = args;
    failing[4] = fixture("bad/truncated.xml.gz");
    result = run_sluice(failing, json);
    INFO(result.err);
    CHECK(result.exit_code == 1);
    parsed = json_lines(result.err);
    REQUIRE(!parsed.empty());
    const auto failed_id = newest_ledger(table, "run_id");
    CHECK(failed_id != run_id);
    for (const auto& line : parsed) CHECK(check_common_fields(line) == failed_id);
    CHECK(parsed.back()["level"] == "error");
    CHECK(parsed.back()["msg"] ==
          fixture("bad/truncated.xml.gz") + ": byte 3142: truncated gzip data: the stream ends inside a member");
    CHECK(newest_ledger(table, "status") == "FAILED");
    CHECK(parsed.back()["msg"] == newest_ledger(table, "message"));

    // A run id handed down (as `sluice schedule` does) is the one logged and recorded.
    auto forced = args;
    forced.push_back("--force");
    auto env = json;
    env["SLUICE_RUN_ID"] = "20240101T000000Z-test";
    result = run_sluice(forced, env);
    CHECK(result.exit_code == 0);
    for (const auto& line : json_lines(result.err)) CHECK(check_common_fields(line) == "20240101T000000Z-test");
    CHECK(newest_ledger(table, "run_id") == "20240101T000000Z-test");

    // A usage error, before any run, goes to the person at the command line: plain text.
    result = run_sluice({"run", "--movies", fixture("movies.zip"), "--abstracts", fixture("abstracts.xml.gz")}, json);
    CHECK(result.exit_code == 2);
    CHECK(result.err == "sluice: no database named: pass --db CONNINFO, set DATABASE_URL or PG* variables, "
                        "or write the report to a file with --csv PATH\n");
}

TEST_CASE("logs: --log-format beats SLUICE_LOG_FORMAT, before or after the command's name")
{
    const std::string table = "logs_text";
    reset(table);
    TempDir scratch;
    std::vector<std::string> args{"run", "--movies", fixture("movies.zip"), "--abstracts", fixture("abstracts.xml.gz"),
                                  "--db", test_conninfo(), "--table", table, "--snapshot-date", kFixtureSnapshot,
                                  "--rejects", scratch.file("rejects.csv"), "--force"};

    auto text = args;
    text.insert(text.end(), {"--log-format", "text"});
    auto result = run_sluice(text, {{"SLUICE_LOG_FORMAT", "json"}});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    for (const auto& line : lines(result.err)) {
        CAPTURE(line);
        CHECK((line.starts_with("sluice: ") || line.starts_with("  ")));
    }
    CHECK(lines(result.err).front().starts_with("sluice: run finished in "));
    CHECK(lines(result.err).back() == "sluice: run " + newest_ledger(table, "id") + " of job '" + table +
                                          "' loaded snapshot " + kFixtureSnapshot + " (run id " +
                                          newest_ledger(table, "run_id") + ")");

    auto json = args;
    json.insert(json.begin(), {"--log-format", "json"});
    result = run_sluice(json, {{"SLUICE_LOG_FORMAT", "text"}});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const auto parsed = json_lines(result.err);
    REQUIRE(parsed.size() == 2);
    for (const auto& line : parsed) CHECK(check_common_fields(line) == newest_ledger(table, "run_id"));

    result = run_sluice({"--log-format", "xml", "status"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "sluice: --log-format: expected auto, text or json, got 'xml'\n");
}
