// A database that cannot be reached is told apart from a session lost mid-run: "cannot connect to
// the database: <libpq's reason>" for a closed port, a missing socket, an unknown role or
// database; and a web source that cannot be reached shows each retry as it comes.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

#include <regex>

using namespace sluice::testing;

namespace {

// The test server's socket directory and port, from its conninfo.
std::string conninfo_value(const std::string& key)
{
    const auto conninfo = test_conninfo();
    const auto begin = conninfo.find(key + "=") + key.size() + 1;
    return conninfo.substr(begin, conninfo.find(' ', begin) - begin);
}

std::string cannot_connect(const std::string& conninfo, const std::string& reason)
{
    return "sluice: error: postgres (" + conninfo + "): cannot connect to the database: " + reason + "\n";
}

} // namespace

TEST_CASE("a database that refuses the connection says why, for run, backfill and status alike")
{
    const auto socket = conninfo_value("host");
    const auto port = conninfo_value("port");
    const auto on_socket = "connection to server on socket \"" + socket + "/.s.PGSQL." + port + "\" failed: ";
    struct Case {
        std::string conninfo;
        std::string reason;
    };
    const std::vector<Case> cases{
        {"host=127.0.0.1 port=1 dbname=postgres",
         "connection to server at \"127.0.0.1\", port 1 failed: Connection refused Is the server running on that host "
         "and accepting TCP/IP connections?"},
        {"host=/nonexistent-sluice-dir port=5432",
         "connection to server on socket \"/nonexistent-sluice-dir/.s.PGSQL.5432\" failed: No such file or directory Is "
         "the server running locally and accepting connections on that socket?"},
        {"host=" + socket + " port=" + port + " user=no_such_role dbname=postgres",
         on_socket + "FATAL:  role \"no_such_role\" does not exist"},
        {"host=" + socket + " port=" + port + " user=postgres dbname=no_such_database",
         on_socket + "FATAL:  database \"no_such_database\" does not exist"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.conninfo);
        const auto expected = cannot_connect(c.conninfo, c.reason);
        auto result = run_sluice({"run", "--movies", fixture("movies.zip"), "--abstracts", fixture("abstracts.xml.gz"),
                                  "--db", c.conninfo, "--table", "connect_never_made"});
        CHECK(result.exit_code == 1);
        CHECK(result.err == expected);
        result = run_sluice({"backfill", "--dates", "2024-01-01", "--movies", fixture("movies.zip"), "--abstracts",
                             fixture("abstracts-{date}.xml.gz"), "--db", c.conninfo, "--table", "connect_never_made"});
        CHECK(result.exit_code == 1);
        CHECK(result.err == expected);
        result = run_sluice({"status", "--db", c.conninfo});
        CHECK(result.exit_code == 1);
        CHECK(result.err == expected);
        // The same through DATABASE_URL.
        result = run_sluice({"status"}, {{"DATABASE_URL", c.conninfo}});
        CHECK(result.err == expected);
    }
    CHECK(query_value("SELECT to_regclass('connect_never_made')").empty());
}

TEST_CASE("a web source that refuses the connection shows each retry, as text and as JSON")
{
    const std::string url = "http://127.0.0.1:1/abstracts.xml.gz";
    TempDir scratch;
    const std::vector<std::string> args{"run", "--movies", fixture("movies.zip"), "--abstracts", url, "--csv",
                                        scratch.file("report.csv"), "--rejects", scratch.file("rejects.csv"),
                                        "--retries", "3", "--retry-delay", "0.05"};
    auto result = run_sluice(args);
    CHECK(result.exit_code == 1);
    const auto timeless = [](const std::string& text) {
        return std::regex_replace(text, std::regex{"after [0-9]+ ms"}, "after N ms");
    };
    CHECK(timeless(result.err) == "sluice: " + url + ": retry 1/3 in 0.05 s: connection refused\n"
                               "sluice: " + url + ": retry 2/3 in 0.1 s: connection refused\n"
                               "sluice: " + url + ": retry 3/3 in 0.2 s: connection refused\n"
                               "sluice: error: " + url + ": byte 0: download failed: Failed to connect to 127.0.0.1 "
                               "port 1 after N ms: Couldn't connect to server (after 3 retries)\n");

    result = run_sluice(args, {{"SLUICE_LOG_FORMAT", "json"}});
    CHECK(result.exit_code == 1);
    const std::regex retry_line{R"(\{"time":"[^"]+","level":"warning","run":"[^"]+","msg":"http://127\.0\.0\.1:1/abstracts\.xml\.gz: )"
                                R"(retry ([0-9])/3 in [0-9.]+ s: connection refused","source":"http://127\.0\.0\.1:1/)"
                                R"(abstracts\.xml\.gz","retry":\1,"retries":3,"delay_seconds":[0-9.]+,"byte":0,)"
                                R"("reason":"connection refused"\})"};
    int lines = 0;
    for (std::sregex_iterator it{result.err.begin(), result.err.end(), retry_line}, end; it != end; ++it) ++lines;
    CHECK(lines == 3);
}
