// Failures end to end: bad usage exits 2; bad input, a failed download or a database error exits
// 1 with one line naming the source and the position, and the published table is left as it was.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

using namespace sluice::testing;

namespace {

// Publishes the fixture report into `table`, so each failure can be checked to leave it intact.
// Each test has a table (and so a job) of its own: ctest runs them in parallel, and a second
// run of a job that is running exits 3.
void publish_good_report(const std::string& table)
{
    const auto result = run_sluice({"run", "--movies", fixture("movies.zip"), "--abstracts",
                                    fixture("abstracts.xml.gz"), "--db", test_conninfo(), "--table", table});
    REQUIRE(result.exit_code == 0);
}

void check_failure(const std::string& table, const std::vector<std::string>& sources, const std::string& expected_error)
{
    TempDir scratch;
    std::vector<std::string> args{"run"};
    args.insert(args.end(), sources.begin(), sources.end());
    args.insert(args.end(), {"--db", test_conninfo(), "--table", table, "--rejects", scratch.file("rejects.csv")});
    const auto result = run_sluice(args);
    INFO(result.err);
    CHECK(result.exit_code == 1);
    // The error is the one and only line.
    CHECK(result.err == expected_error + "\n");
    CHECK(query_value("SELECT count(*) FROM " + table) == "19");
}

} // namespace

TEST_CASE("bad usage exits 2 with a hint")
{
    auto result = run_sluice({"run", "--movies", fixture("movies.zip")});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("--abstracts is required") != std::string::npos);

    result = run_sluice({"run", "--movies", fixture("movies.zip"), "--abstracts", fixture("abstracts.xml.gz")});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "sluice: no database named: pass --db CONNINFO, set DATABASE_URL or PG* variables, "
                        "or write the report to a file with --csv PATH\n");

    result = run_sluice({"run", "--movies", "ftp://example.org/movies.zip", "--abstracts", fixture("abstracts.xml.gz"),
                         "--csv", "/dev/null"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "sluice: unsupported URL scheme 'ftp' (use http, https, file or a path)\n");

    result = run_sluice({"run", "--movies", "m", "--abstracts", "a", "--csv", "out.csv", "--top", "0"});
    CHECK(result.exit_code == 2);

    result = run_sluice({});
    CHECK(result.exit_code == 2);
}

TEST_CASE("bad archives fail with the source and byte offset, and the published table stays")
{
    const std::string table = "failure_guard_archives";
    publish_good_report(table);
    const auto movies = fixture("movies.zip");
    const auto bad = [](const std::string& name) { return fixture("bad/" + name); };

    check_failure(table, {"--movies", movies, "--abstracts", bad("truncated.xml.gz")},
                  "sluice: error: " + bad("truncated.xml.gz") +
                      ": byte 3142: truncated gzip data: the stream ends inside a member");
    // igzip and zlib notice the bad distance a few bytes apart.
    check_failure(table, {"--movies", movies, "--abstracts", bad("corrupt.xml.gz")},
                  "sluice: error: " + bad("corrupt.xml.gz") + ": byte 111: corrupt gzip data: invalid distance too far back");
    check_failure(table, {"--movies", movies, "--abstracts", bad("corrupt.xml.gz"), "--inflate", "zlib"},
                  "sluice: error: " + bad("corrupt.xml.gz") + ": byte 103: corrupt gzip data: invalid distance too far back");
    check_failure(table, {"--movies", movies, "--abstracts", bad("truncated.xml.gz"), "--inflate", "zlib"},
                  "sluice: error: " + bad("truncated.xml.gz") +
                      ": byte 3142: truncated gzip data: the stream ends inside a member");
    check_failure(table, {"--movies", movies, "--abstracts", bad("malformed.xml.gz")},
                  "sluice: error: " + bad("malformed.xml.gz") +
                      ": line 12, column 93 (byte 359): malformed XML: Opening and ending tag mismatch: abstract line 12 and abstrct");
    check_failure(table, {"--movies", movies, "--abstracts", bad("doctype.xml.gz")},
                  "sluice: error: " + bad("doctype.xml.gz") +
                      ": line 2: refused: the XML has a DOCTYPE (DTDs and entity declarations are not accepted)");
    check_failure(table, {"--movies", movies, "--abstracts", bad("empty.xml.gz")},
                  "sluice: error: " + bad("empty.xml.gz") + ": byte 0: empty file");
    check_failure(table, {"--movies", bad("no-member.zip"), "--abstracts", fixture("abstracts.xml.gz")},
                  "sluice: error: " + bad("no-member.zip") +
                      ": no member 'movies_metadata.csv' in the zip archive (members: credits.csv, keywords.csv, links.csv)");
    check_failure(table, {"--movies", fixture("missing.zip"), "--abstracts", fixture("abstracts.xml.gz")},
                  "sluice: error: " + fixture("missing.zip") + ": cannot open: No such file or directory");
}

TEST_CASE("HTTP failures name the URL, with the password redacted")
{
    const std::string table = "failure_guard_http";
    publish_good_report(table);
    HttpServer server{fixture("")};
    server.routes().Get("/broken.xml.gz", [](const httplib::Request&, httplib::Response& response) {
        response.status = 500;
        response.set_content("boom", "text/plain");
    });
    const auto url_with_secret = [&](const std::string& path) {
        auto url = server.url(path);
        return url.replace(url.find("127.0.0.1"), 0, "reader:s3cret@");
    };
    const auto shown = [&](const std::string& path) {
        auto url = server.url(path);
        return url.replace(url.find("127.0.0.1"), 0, "reader:***@");
    };

    check_failure(table, {"--movies", fixture("movies.zip"), "--abstracts", url_with_secret("/nothing-here.xml.gz")},
                  "sluice: error: " + shown("/nothing-here.xml.gz") + ": byte 0: download failed: HTTP status 404");
    // Retries of a 5xx are tested in run_faults_test.cpp.
    check_failure(table, {"--movies", url_with_secret("/broken.xml.gz"), "--abstracts", fixture("abstracts.xml.gz"), "--retries", "0"},
                  "sluice: error: " + shown("/broken.xml.gz") + ": byte 0: download failed: HTTP status 500");
}

TEST_CASE("a database that cannot be reached fails before any download, without leaking the password")
{
    const auto result = run_sluice({"run", "--movies", fixture("movies.zip"), "--abstracts", fixture("abstracts.xml.gz"),
                                    "--db", "host=127.0.0.1 port=1 user=x password=hunter2 connect_timeout=5"});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("hunter2") == std::string::npos);
    CHECK(result.err.starts_with(
        "sluice: error: postgres (host=127.0.0.1 port=1 user=x password=*** connect_timeout=5): "));
    CHECK(result.err.find('\n') == result.err.size() - 1);
}

TEST_CASE("a connection dropped mid-download, with no validator to resume by, fails with the byte offset reached")
{
    const std::string table = "failure_guard_dropped";
    publish_good_report(table);
    HttpServer server{fixture("")};
    const auto gz = read_file(fixture("abstracts.xml.gz"));
    constexpr std::size_t kSent = 4000;
    // Announces the whole file, sends the first 4000 bytes, then closes the connection.
    server.routes().Get("/dropped.xml.gz", [&](const httplib::Request&, httplib::Response& response) {
        response.set_content_provider(gz.size(), "application/gzip",
                                      [&](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                          if (offset >= kSent) return false;
                                          sink.write(gz.data(), kSent);
                                          return true;
                                      });
    });
    check_failure(table, {"--movies", fixture("movies.zip"), "--abstracts", server.url("/dropped.xml.gz")},
                  "sluice: error: " + server.url("/dropped.xml.gz") + ": byte 4000: download failed: transfer closed with " +
                      std::to_string(gz.size() - kSent) +
                      " bytes remaining to read (cannot resume: the server sent neither ETag nor Last-Modified)");
}

TEST_CASE("with no eligible film nothing is published")
{
    const std::string table = "failure_guard_empty";
    publish_good_report(table);
    check_failure(table, {"--movies", fixture("movies.zip"), "--abstracts", fixture("abstracts.xml.gz"), "--min-budget",
                   "1000000000000"},
                  "sluice: error: " + fixture("movies.zip") + ":movies_metadata.csv: nothing to publish: none of the 41 "
                  "records is an eligible film (budget >= 1000000000000, revenue >= 1000)");
}
