// No password, token or key reaches stderr (text or JSON), `sluice config`, `sluice status`, the
// ledger or the metrics file, whatever its bytes: '#', '?', '@', '/', a bad %-escape, blanks,
// quotes, control characters; in a postgresql:// URL, a keyword conninfo, PGPASSWORD, or a
// source URL.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace sluice::testing;

namespace {

// Each holds distinctive letters, so a piece of it in any output is found.
const std::vector<std::string> kPasswords{
    "Zx1#Yw2q", "Zx1?Yw2q", "Zx1?a=b#Yw2q", "Zx1@Yw2q", "Zx1/Yw2q", "Zx1%zzYw2q", "Zx1%3FYw2q", "Zx1 Yw2q",
    "Zx1'\"\\Yw2q", "Zx1\x1b[2JYw2q", "Zx1\nYw2q", "Zx1&Yw2q%00",
};

// The pieces of `password` that must not be shown, each at least 3 bytes: the whole, its
// %-decoded form, and the runs of letters and digits in it (what libpq might quote of it).
void check_hidden(const std::string& output, const std::string& password)
{
    CAPTURE(output);
    CHECK(output.find(password) == std::string::npos);
    CHECK(output.find("Zx1") == std::string::npos);
    CHECK(output.find("Yw2q") == std::string::npos);
    CHECK(output.find("%zz") == std::string::npos);
}

// The password as it goes into a keyword conninfo: quoted, with \' and \\.
std::string keyword_quoted(const std::string& password)
{
    std::string out = "'";
    for (const char c : password) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

std::vector<std::string> run_args(const std::string& table)
{
    return {"run", "--movies", fixture("movies.zip"), "--abstracts", fixture("abstracts.xml.gz"), "--table", table,
            "--retries", "0"};
}

} // namespace

TEST_CASE("a database password is never shown, in any form and whatever its bytes")
{
    for (const auto& password : kPasswords) {
        CAPTURE(password);
        // Port 1: nothing listens, so every run fails on the connection and says so.
        const std::map<std::string, std::map<std::string, std::string>> environments{
            {"DATABASE_URL", {{"DATABASE_URL", "postgresql://loader:" + password + "@127.0.0.1:1/films"}}},
            {"SLUICE_DB keywords",
             {{"SLUICE_DB", "host=127.0.0.1 port=1 user=loader password=" + keyword_quoted(password) + " dbname=films"}}},
            {"SLUICE_DB unquoted",
             {{"SLUICE_DB", "host=127.0.0.1 port=1 password=" + password + " dbname=films"}}},
            {"PGPASSWORD", {{"PGPASSWORD", password}, {"PGHOST", "127.0.0.1"}, {"PGPORT", "1"}}},
        };
        for (const auto& [form, env] : environments) {
            CAPTURE(form);
            for (const std::string format : {"text", "json"}) {
                auto with_format = env;
                with_format["SLUICE_LOG_FORMAT"] = format;
                const auto run = run_sluice(run_args("secrets_never_made"), with_format);
                CHECK((run.exit_code == 1 || run.exit_code == 2));
                // One line: the connection failure, or the string that does not parse.
                CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
                check_hidden(run.err + run.out, password);
                const auto status = run_sluice({"status"}, with_format);
                CHECK(status.exit_code != 0);
                check_hidden(status.err + status.out, password);
            }
            const auto config = run_sluice({"config", "run"}, env);
            check_hidden(config.err + config.out, password);
        }
        // Given on the command line, in a config file and as a flag.
        TempDir scratch;
        const auto url = "postgresql://loader:" + password + "@127.0.0.1:1/films";
        auto run = run_sluice({"run", "--movies", fixture("movies.zip"), "--abstracts", fixture("abstracts.xml.gz"),
                               "--db", url, "--retries", "0"});
        CHECK((run.exit_code == 1 || run.exit_code == 2));
        check_hidden(run.err + run.out, password);
    }
}

TEST_CASE("a database URL whose password holds '?', '#' or '&' connects")
{
    // The test server trusts local connections: the password is only there to be carried.
    const auto conninfo = test_conninfo();
    const auto port = conninfo.substr(conninfo.find("port=") + 5, conninfo.find(' ', conninfo.find("port=")) -
                                                                      conninfo.find("port=") - 5);
    for (const std::string password : {"Zx1?Yw2q", "Zx1#Yw2q", "Zx1?a=b&c#Yw2q", "Zx1%3FYw2q"}) {
        CAPTURE(password);
        const std::string table = "secrets_url_ok";
        const auto run = run_sluice(
            {"run", "--movies", fixture("movies.zip"), "--abstracts", fixture("abstracts.xml.gz"), "--table", table,
             "--force", "--snapshot-date", kFixtureSnapshot},
            {{"DATABASE_URL", "postgresql://postgres:" + password + "@127.0.0.1:" + port + "/postgres?sslmode=disable"}});
        INFO(run.err);
        CHECK(run.exit_code == 0);
        CHECK(report_ranking(conninfo, table) == kFixtureRanking);
        check_hidden(run.err + run.out, password);
        const auto ledger = query_value("SELECT string_agg(coalesce(message, '') || settings || sources::text, ' ') "
                                        "FROM sluice_runs WHERE job = '" + table + "'");
        check_hidden(ledger, password);
    }
}

TEST_CASE("a source URL's password or token is never shown, nor stored in the ledger or the metrics")
{
    TempDir scratch;
    const std::vector<std::string> abstracts{
        "http://loader:Zx1%3FYw2q@127.0.0.1:1/abstracts.xml.gz",   // userinfo
        "http://loader:Zx1#Yw2q@127.0.0.1:1/abstracts.xml.gz",     // malformed: '#' in the userinfo
        "http://Zx1tokenYw2q@127.0.0.1:1/abstracts.xml.gz",        // a bare token
        "http://127.0.0.1:1/abstracts.xml.gz?access_token=Zx1tokenYw2q&part=1",
        "http://127.0.0.1:1/abstracts.xml.gz?X-Amz-Signature=Zx1sigYw2q",
    };
    for (const auto& url : abstracts) {
        CAPTURE(url);
        const std::string table = "secrets_source";
        const auto metrics = scratch.file("sluice.prom");
        for (const std::string format : {"text", "json"}) {
            const auto run = run_sluice({"run", "--movies", fixture("movies.zip"), "--abstracts", url, "--db",
                                         test_conninfo(), "--table", table, "--retries", "1", "--retry-delay", "0.01",
                                         "--metrics-file", metrics},
                                        {{"SLUICE_LOG_FORMAT", format}});
            CHECK(run.exit_code == 1);
            check_hidden(run.err + run.out, "Zx1");
            check_hidden(read_file(metrics), "Zx1");
        }
        check_hidden(query_value("SELECT string_agg(coalesce(message, '') || settings || sources::text, ' ') FROM "
                                 "sluice_runs WHERE job = '" + table + "'"),
                     "Zx1");
        const auto status = run_sluice({"status", "--db", test_conninfo(), "--job", table});
        CHECK(status.exit_code == 0);
        check_hidden(status.out + status.err, "Zx1");
        const auto config = run_sluice({"config", "run"}, {{"SLUICE_ABSTRACTS", url}});
        check_hidden(config.out + config.err, "Zx1");
    }
}

TEST_CASE("an Authorization header read from the environment is never shown")
{
    HttpServer server{fixture("")};
    server.routes().Get("/denied.xml.gz", [](const httplib::Request& request, httplib::Response& response) {
        // A server that echoes the credential back in its error page.
        response.status = 403;
        response.set_content("denied: " + request.get_header_value("Authorization"), "text/plain");
    });
    const auto run = run_sluice({"run", "--movies", fixture("movies.zip"), "--abstracts", server.url("/denied.xml.gz"),
                                 "--csv", "/dev/null", "--auth-header-env", "SECRET_HEADER"},
                                {{"SECRET_HEADER", "Bearer Zx1headerYw2q"}});
    CHECK(run.exit_code == 1);
    CHECK(run.err.find("HTTP status 403") != std::string::npos);
    check_hidden(run.err + run.out, "Zx1");
    const auto config = run_sluice({"config", "run"}, {{"SLUICE_AUTH_HEADER_ENV", "SECRET_HEADER"}, {"SECRET_HEADER", "Bearer Zx1headerYw2q"}});
    check_hidden(config.err + config.out, "Zx1");
}
