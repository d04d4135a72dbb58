// Faults end to end: a server that drops the connection, fails, changes the file under a resumed
// download or sends a web page; inputs that are corrupt, hostile or bombs; CSV rejects; secrets
// kept out of every line; and the run ledger (up-to-date runs skipped, `sluice status`, the job
// lock). A failure exits 1 with one line naming the source and the position, leaves the published
// table as it was and is recorded as a FAILED run with that line in the ledger.
//
// Each case has a table (and so a job) of its own: ctest runs the tests in parallel and the test
// database, ledger included, persists across runs.

#include "tests/integration/harness.hpp"
#include "tests/unit/archive_bytes.hpp"

#include <doctest/doctest.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>

using namespace sluice::testing;
using sluice::test::gzip_bytes;
using sluice::test::zip_bytes;

namespace {

const std::string kRanking =
    "31909,36094,40507,14924,77469,252,2769,11414,415,12233,11159,949,10730,8844,630,862,244,194,1779";

constexpr std::size_t kMiB = 1024 * 1024;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void write_file(const std::string& path, const std::string& data)
{
    std::ofstream out{path, std::ios::binary};
    out << data;
    REQUIRE(out.good());
}

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in{text};
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string ranking(const std::string& table)
{
    return query_value("SELECT string_agg(movie_id::text, ',' ORDER BY ratio DESC) FROM " + table);
}

// The table and the copy the swap keeps, so a run that loads is seen to load.
void drop_table(const std::string& table)
{
    query_value("DROP TABLE IF EXISTS " + table + ", " + table + "_previous");
}

struct LedgerRun {
    std::string id;
    std::string status;
    std::string message;
    std::string sources;
};

// The job's latest run in the ledger (the job is the table's name unless --job says otherwise).
LedgerRun last_run(const std::string& job)
{
    auto connection = connect_test_db();
    pqxx::nontransaction query{*connection};
    const auto rows = query.exec_params(
        "SELECT id, status, coalesce(message, ''), sources::text FROM sluice_runs WHERE job = $1 ORDER BY id DESC LIMIT 1",
        job);
    if (rows.empty()) return {};
    return {rows[0][0].c_str(), rows[0][1].c_str(), rows[0][2].c_str(), rows[0][3].c_str()};
}

std::string runs_of(const std::string& job)
{
    return query_value("SELECT count(*) FROM sluice_runs WHERE job = '" + job + "'");
}

// sluice run into `table`, quick retries, rejects to a scratch file (so stderr holds only what
// the case is about).
ProcessResult run_job(const std::string& movies, const std::string& abstracts, const std::string& table,
                      const std::vector<std::string>& extra = {}, const std::map<std::string, std::string>& env = {})
{
    TempDir scratch;
    std::vector<std::string> args{"run",     "--movies", movies, "--abstracts", abstracts, "--db", test_conninfo(),
                                  "--table", table,      "--retry-delay", "0.01", "--rejects", scratch.file("rejects.csv")};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_sluice(args, env);
}

// A publish swaps a new table in: the same rows under another oid.
std::string table_oid(const std::string& table)
{
    return query_value("SELECT to_regclass('" + table + "')::oid");
}

// The oid of each table as the last successful run of this process left it.
std::map<std::string, std::string>& published_oids()
{
    static std::map<std::string, std::string> oids;
    return oids;
}

void check_loaded(const ProcessResult& result, const std::string& table)
{
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(ranking(table) == kRanking);
    CHECK(last_run(table).status == "LOADED");
    published_oids()[table] = table_oid(table);
}

// The fixture report published into `table` from the local fixtures. Forced: the ledger may
// already hold a run of the same files from an earlier ctest.
void publish_good(const std::string& table)
{
    const auto result = run_job(fixture("movies.zip"), fixture("abstracts.xml.gz"), table, {"--force"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    REQUIRE(ranking(table) == kRanking);
    published_oids()[table] = table_oid(table);
}

// Exit 1, `before` then the one error line, the published table as it was (the same table, not
// only the same rows), the run FAILED with that error in the ledger.
void check_failed(const ProcessResult& result, const std::string& table, const std::string& error,
                  const std::string& before = "")
{
    INFO(result.err);
    CHECK(result.exit_code == 1);
    CHECK(result.err == before + "sluice: error: " + error + "\n");
    CHECK(ranking(table) == kRanking);
    CHECK(table_oid(table) == published_oids()[table]);
    const auto last = last_run(table);
    CHECK(last.status == "FAILED");
    CHECK(last.message == error);
}

// What a fault-injecting server was asked, in order.
struct SeenRequest {
    std::string method;
    std::string path;
    std::string range;
    std::string if_range;
    std::string authorization;
};

class RequestLog {
public:
    void add(const httplib::Request& request)
    {
        const std::lock_guard lock{mutex_};
        seen_.push_back({request.method, request.path, request.get_header_value("Range"),
                         request.get_header_value("If-Range"), request.get_header_value("Authorization")});
    }
    std::vector<SeenRequest> of(const std::string& path, const std::string& method = "") const
    {
        const std::lock_guard lock{mutex_};
        std::vector<SeenRequest> out;
        for (const auto& seen : seen_) {
            if (seen.path == path && (method.empty() || seen.method == method)) out.push_back(seen);
        }
        return out;
    }
    void clear()
    {
        const std::lock_guard lock{mutex_};
        seen_.clear();
    }

private:
    mutable std::mutex mutex_;
    std::vector<SeenRequest> seen_;
};

// `body` with a strong ETag, the part a Range asks for in a 206, and `sent` counting the bytes of
// the file put on the wire. With `drop_at`, the connection is closed once the file's first
// `drop_at` bytes are sent.
void send_file(const httplib::Request& request, httplib::Response& response, const std::string& body,
               const std::string& etag, std::atomic<std::uint64_t>& sent, std::size_t drop_at = std::string::npos)
{
    response.set_header("ETag", etag);
    if (request.method == "HEAD") return response.set_content(body, "application/octet-stream");
    if (request.ranges.size() == 1 && request.ranges[0].second >= 0) {
        // httplib 0.11 does not cut a closed range at the end of a content provider's length
        // (it asks the provider for bytes past the end); it does for a body.
        const auto [first, last] = request.ranges[0];
        if (static_cast<std::size_t>(first) < body.size())
            sent += std::min<std::size_t>(static_cast<std::size_t>(last), body.size() - 1) - static_cast<std::size_t>(first) + 1;
        return response.set_content(body, "application/octet-stream");
    }
    response.set_content_provider(body.size(), "application/octet-stream",
                                  [&body, &sent, drop_at](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                      if (offset >= drop_at) return false;
                                      const auto n = std::min(length, drop_at - offset);
                                      sink.write(body.data() + offset, n);
                                      sent += n;
                                      return true;
                                  });
}

// The whole body as a 200 with no Content-Length (httplib does not cut such an answer to a
// Range): what a server sends when an If-Range names a version it no longer has.
void send_whole(httplib::Response& response, const std::string& body, const std::string& etag)
{
    response.status = 200;
    response.set_header("ETag", etag);
    response.set_chunked_content_provider("application/octet-stream", [&body](std::size_t offset, httplib::DataSink& sink) {
        if (offset < body.size()) sink.write(body.data() + offset, std::min<std::size_t>(64 * 1024, body.size() - offset));
        else sink.done();
        return true;
    });
}

// The pause before retry `attempt` with --retry-delay 0.01, as the retry line shows it.
std::string pause_text(int attempt)
{
    const char* pauses[] = {"0.01", "0.02", "0.04", "0.08", "0.16"};
    return pauses[attempt - 1];
}

std::string resume_line(const std::string& url, std::size_t at, std::size_t size, int attempt)
{
    return "sluice: " + url + ": retry " + std::to_string(attempt) + "/5 in " + pause_text(attempt) +
           " s, resuming at byte " + std::to_string(at) + ": connection dropped: transfer closed with " +
           std::to_string(size - at) + " bytes remaining to read\n";
}

std::string retry_line(const std::string& url, const std::string& reason, int attempt, int retries)
{
    return "sluice: " + url + ": retry " + std::to_string(attempt) + "/" + std::to_string(retries) + " in " +
           pause_text(attempt) + " s: " + reason + "\n";
}

// One gzip member of `head`, `mib` MiB of `fill` and `tail`, deflated piece by piece at level 9.
std::string gzip_filled(const std::string& head, char fill, std::size_t mib, const std::string& tail)
{
    z_stream stream{};
    REQUIRE(deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out;
    std::string buffer(256 * 1024, '\0');
    const auto put = [&](const std::string& piece, int flush) {
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data()));
        stream.avail_in = static_cast<uInt>(piece.size());
        int status = Z_OK;
        do {
            stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
            stream.avail_out = static_cast<uInt>(buffer.size());
            status = deflate(&stream, flush);
            out.append(buffer.data(), buffer.size() - stream.avail_out);
        } while (stream.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END));
    };
    put(head, Z_NO_FLUSH);
    const std::string block(kMiB, fill);
    for (std::size_t i = 0; i < mib; ++i) put(block, Z_NO_FLUSH);
    put(tail, Z_FINISH);
    deflateEnd(&stream);
    return out;
}

// A zip of one deflated member: `head`, then `mib` MiB of `fill`, written piece by piece.
std::string zip_filled(const std::string& member, const std::string& head, char fill, std::size_t mib)
{
    std::string out;
    archive* writer = archive_write_new();
    archive_write_set_format_zip(writer);
    archive_write_set_options(writer, "zip:compression=deflate");
    archive_write_set_bytes_in_last_block(writer, 1);
    const auto on_write = [](archive*, void* target, const void* buffer, size_t length) -> la_ssize_t {
        static_cast<std::string*>(target)->append(static_cast<const char*>(buffer), length);
        return static_cast<la_ssize_t>(length);
    };
    REQUIRE(archive_write_open(writer, &out, nullptr, on_write, nullptr) == ARCHIVE_OK);
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, member.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, static_cast<la_int64_t>(head.size() + mib * kMiB));
    archive_entry_set_mtime(entry, 1'600'000'000, 0);
    REQUIRE(archive_write_header(writer, entry) == ARCHIVE_OK);
    archive_write_data(writer, head.data(), head.size());
    const std::string block(kMiB, fill);
    for (std::size_t i = 0; i < mib; ++i) archive_write_data(writer, block.data(), block.size());
    archive_entry_free(entry);
    archive_write_close(writer);
    archive_write_free(writer);
    return out;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// 1. A server at fault

TEST_CASE("faults: a dropped download resumes by Range + If-Range and nothing is fetched twice")
{
    constexpr std::size_t kAbstractsDrop = 4000;
    constexpr std::size_t kMoviesDrop = 8000;  // inside movies_metadata.csv, the 4th member
    const auto gz = read_file(fixture("abstracts.xml.gz"));
    const auto zip = read_file(fixture("movies.zip"));
    RequestLog log;
    std::atomic<std::uint64_t> gz_sent{0};
    std::atomic<std::uint64_t> zip_sent{0};
    std::atomic<bool> gz_dropped{false};
    std::atomic<bool> zip_dropped{false};
    HttpServer server{fixture("")};
    server.routes().Get("/resume/abstracts.xml.gz", [&](const httplib::Request& request, httplib::Response& response) {
        log.add(request);
        const bool drop = request.method == "GET" && !gz_dropped.exchange(true);
        send_file(request, response, gz, "\"v1\"", gz_sent, drop ? kAbstractsDrop : std::string::npos);
    });
    server.routes().Get("/resume/movies.zip", [&](const httplib::Request& request, httplib::Response& response) {
        log.add(request);
        const bool drop = request.method == "GET" && !zip_dropped.exchange(true);
        send_file(request, response, zip, "\"v1\"", zip_sent, drop ? kMoviesDrop : std::string::npos);
    });

    SUBCASE("the abstracts dump")
    {
        drop_table("faults_resume_gz");
        const auto url = server.url("/resume/abstracts.xml.gz");
        const auto result = run_job(fixture("movies.zip"), url, "faults_resume_gz");
        check_loaded(result, "faults_resume_gz");
        CHECK(result.err.starts_with(resume_line(url, kAbstractsDrop, gz.size(), 1) + "sluice: run finished in "));
        CHECK(contains(result.err, url + " (gzip): " + std::to_string(gz.size()) + " bytes read, " +
                                       std::to_string(file_size(fixture("src/abstracts.xml"))) + " bytes decoded\n"));
        const auto gets = log.of("/resume/abstracts.xml.gz", "GET");
        REQUIRE(gets.size() == 2);
        CHECK(gets[0].range.empty());
        CHECK(gets[0].if_range.empty());
        CHECK(gets[1].range == "bytes=" + std::to_string(kAbstractsDrop) + "-");
        CHECK(gets[1].if_range == "\"v1\"");
        CHECK(gz_sent.load() == gz.size());
    }
    SUBCASE("the movies archive, streamed")
    {
        drop_table("faults_resume_zip");
        const auto url = server.url("/resume/movies.zip");
        const auto result = run_job(url, fixture("abstracts.xml.gz"), "faults_resume_zip", {"--no-zip-range"});
        check_loaded(result, "faults_resume_zip");
        CHECK(result.err.starts_with(resume_line(url, kMoviesDrop, zip.size(), 1) + "sluice: run finished in "));
        const auto gets = log.of("/resume/movies.zip", "GET");
        REQUIRE(gets.size() == 2);
        CHECK(gets[0].range.empty());
        CHECK(gets[1].range == "bytes=" + std::to_string(kMoviesDrop) + "-");
        CHECK(gets[1].if_range == "\"v1\"");
        CHECK(zip_sent.load() == zip.size());
    }
}

TEST_CASE("faults: HTTP 5xx is retried up to --retries, 404 is not")
{
    publish_good("faults_retry");
    const auto gz = read_file(fixture("abstracts.xml.gz"));
    const auto zip = read_file(fixture("movies.zip"));
    RequestLog log;
    std::atomic<int> gz_gets{0};
    std::atomic<int> zip_gets{0};
    std::atomic<std::uint64_t> sent{0};
    HttpServer server{fixture("")};
    // 500 to the first two GETs, then the file.
    server.routes().Get("/flaky/abstracts.xml.gz", [&](const httplib::Request& request, httplib::Response& response) {
        log.add(request);
        if (request.method == "GET" && gz_gets++ < 2) {
            response.status = 500;
            response.set_content("busy", "text/plain");
            return;
        }
        send_file(request, response, gz, "\"v1\"", sent);
    });
    server.routes().Get("/flaky/movies.zip", [&](const httplib::Request& request, httplib::Response& response) {
        log.add(request);
        if (request.method == "GET" && zip_gets++ < 2) {
            response.status = 503;
            response.set_content("busy", "text/plain");
            return;
        }
        send_file(request, response, zip, "\"v1\"", sent);
    });
    server.routes().Get("/down/abstracts.xml.gz", [&](const httplib::Request& request, httplib::Response& response) {
        log.add(request);
        response.status = 500;
        response.set_content("down", "text/plain");
    });
    server.routes().Get("/gone/abstracts.xml.gz", [&](const httplib::Request& request, httplib::Response& response) {
        log.add(request);
        response.status = 404;
        response.set_content("gone", "text/plain");
    });

    SUBCASE("the abstracts, streamed, recover after two 500s")
    {
        const auto url = server.url("/flaky/abstracts.xml.gz");
        const auto result = run_job(fixture("movies.zip"), url, "faults_retry");
        check_loaded(result, "faults_retry");
        CHECK(result.err.starts_with(retry_line(url, "HTTP status 500", 1, 5) + retry_line(url, "HTTP status 500", 2, 5) +
                                     "sluice: run finished in "));
        CHECK(log.of("/flaky/abstracts.xml.gz", "GET").size() == 3);
    }
    SUBCASE("the movies archive, fetched by range, recovers after two 503s")
    {
        const auto url = server.url("/flaky/movies.zip");
        const auto result = run_job(url, fixture("abstracts.xml.gz"), "faults_retry");
        check_loaded(result, "faults_retry");
        CHECK(result.err.starts_with(retry_line(url, "HTTP status 503", 1, 5) + retry_line(url, "HTTP status 503", 2, 5) +
                                     "sluice: run finished in "));
        CHECK(contains(result.err, url + ":movies_metadata.csv (zip, member fetched by range): "));
    }
    SUBCASE("with --retries 1 a server that keeps failing fails the run")
    {
        const auto url = server.url("/down/abstracts.xml.gz");
        const auto result = run_job(fixture("movies.zip"), url, "faults_retry", {"--retries", "1"});
        check_failed(result, "faults_retry", url + ": byte 0: download failed: HTTP status 500 (after 1 retry)",
                     retry_line(url, "HTTP status 500", 1, 1));
        CHECK(log.of("/down/abstracts.xml.gz", "GET").size() == 2);
    }
    SUBCASE("404 is not retried")
    {
        const auto url = server.url("/gone/abstracts.xml.gz");
        const auto result = run_job(fixture("movies.zip"), url, "faults_retry");
        check_failed(result, "faults_retry", url + ": byte 0: download failed: HTTP status 404");
        CHECK(log.of("/gone/abstracts.xml.gz", "GET").size() == 1);
    }
}

TEST_CASE("faults: a file replaced under a resumed download starts the run again, once")
{
    publish_good("faults_changed");
    constexpr std::size_t kDrop = 4000;
    const auto first = read_file(fixture("abstracts.xml.gz"));
    // The same dump gzipped another way: other bytes, the same report.
    const auto second = gzip_bytes(read_file(fixture("src/abstracts.xml")), 6);
    REQUIRE(first != second);
    RequestLog log;
    std::atomic<std::uint64_t> sent{0};
    std::atomic<int> gets{0};
    std::atomic<int> versions{0};
    HttpServer server{fixture("")};
    // Version 1 breaks after kDrop bytes; by the resume the file is version 2, and an If-Range
    // naming version 1 gets the whole new file, as RFC 9110 says.
    server.routes().Get("/replaced/abstracts.xml.gz", [&](const httplib::Request& request, httplib::Response& response) {
        log.add(request);
        if (request.method != "GET") return send_file(request, response, first, "\"v1\"", sent);
        if (gets++ == 0) return send_file(request, response, first, "\"v1\"", sent, kDrop);
        if (request.has_header("If-Range") && request.get_header_value("If-Range") != "\"v2\"")
            return send_whole(response, second, "\"v2\"");
        send_file(request, response, second, "\"v2\"", sent);
    });
    // A new version before every request, each breaking after kDrop bytes.
    server.routes().Get("/unstable/abstracts.xml.gz", [&](const httplib::Request& request, httplib::Response& response) {
        log.add(request);
        const auto etag = "\"u" + std::to_string(versions++) + "\"";
        if (request.method != "GET") return send_file(request, response, first, etag, sent);
        if (request.has_header("If-Range")) return send_whole(response, second, etag);
        send_file(request, response, first, etag, sent, kDrop);
    });
    const auto changed = [&](const std::string& url) {
        return url + ": byte " + std::to_string(kDrop) +
               ": the file changed on the server (it answered the resumed download with status 200, not 206)";
    };

    SUBCASE("changed once: the second attempt loads")
    {
        query_value("DELETE FROM faults_changed WHERE movie_id = 31909 RETURNING 1");
        const auto url = server.url("/replaced/abstracts.xml.gz");
        const auto result = run_job(fixture("movies.zip"), url, "faults_changed");
        check_loaded(result, "faults_changed");
        CHECK(result.err.starts_with(resume_line(url, kDrop, first.size(), 1) + "sluice: " + changed(url) +
                                     ": starting the run again\nsluice: run finished in "));
        const auto gets_seen = log.of("/replaced/abstracts.xml.gz", "GET");
        REQUIRE(gets_seen.size() == 3);
        CHECK(gets_seen[1].range == "bytes=" + std::to_string(kDrop) + "-");
        CHECK(gets_seen[1].if_range == "\"v1\"");
        CHECK(gets_seen[2].range.empty());  // the run again, from the first byte
    }
    SUBCASE("changed again: the run fails")
    {
        const auto url = server.url("/unstable/abstracts.xml.gz");
        const auto result = run_job(fixture("movies.zip"), url, "faults_changed");
        check_failed(result, "faults_changed", changed(url),
                     resume_line(url, kDrop, first.size(), 1) + "sluice: " + changed(url) + ": starting the run again\n" +
                         resume_line(url, kDrop, first.size(), 1));
        CHECK(log.of("/unstable/abstracts.xml.gz", "GET").size() == 4);
    }
}

TEST_CASE("faults: a web page, an empty file or no server in place of a source")
{
    publish_good("faults_page");
    const std::string page = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Sign in to "
                             "download</body></html>\n";
    RequestLog log;
    HttpServer server{fixture("")};
    for (const auto* path : {"/login/movies.zip", "/login/abstracts.xml.gz"}) {
        server.routes().Get(path, [&](const httplib::Request& request, httplib::Response& response) {
            log.add(request);
            response.set_content(page, "text/html");
        });
    }
    // An empty file from a server that ignores Range: a 200 and no bytes, whatever was asked.
    for (const auto* path : {"/empty/movies.zip", "/empty/abstracts.xml.gz"}) {
        server.routes().Get(path, [&](const httplib::Request& request, httplib::Response& response) {
            log.add(request);
            response.status = 200;
            response.set_content("", "application/octet-stream");
        });
    }
    // An empty file from a server that honours Range: no byte 0 to send, so a Range gets a 416.
    server.routes().Get("/empty-ranged/movies.zip", [&](const httplib::Request& request, httplib::Response& response) {
        log.add(request);
        response.status = request.has_header("Range") ? 416 : 200;
        if (request.has_header("Range")) response.set_header("Content-Range", "bytes */0");
        response.set_content("", "application/octet-stream");
    });
    const std::string not_data = ": byte 0: an HTML page, not the data: the server sent a web page (a login, error or "
                                 "moved page?) instead of the file";

    SUBCASE("an HTML page as the movies")
    {
        const auto url = server.url("/login/movies.zip");
        check_failed(run_job(url, fixture("abstracts.xml.gz"), "faults_page"), "faults_page", url + not_data);
    }
    SUBCASE("an HTML page as the movies, streamed")
    {
        const auto url = server.url("/login/movies.zip");
        check_failed(run_job(url, fixture("abstracts.xml.gz"), "faults_page", {"--no-zip-range"}), "faults_page",
                     url + not_data);
    }
    SUBCASE("an HTML page as the abstracts")
    {
        const auto url = server.url("/login/abstracts.xml.gz");
        check_failed(run_job(fixture("movies.zip"), url, "faults_page"), "faults_page", url + not_data);
    }
    SUBCASE("an empty file as the movies, streamed")
    {
        const auto url = server.url("/empty/movies.zip");
        check_failed(run_job(url, fixture("abstracts.xml.gz"), "faults_page", {"--no-zip-range"}), "faults_page",
                     url + ": byte 0: empty file");
    }
    SUBCASE("an empty file as the movies, from a server that honours Range")
    {
        const auto url = server.url("/empty-ranged/movies.zip");
        check_failed(run_job(url, fixture("abstracts.xml.gz"), "faults_page"), "faults_page", url + ": byte 0: empty file");
    }
    SUBCASE("an empty file as the abstracts")
    {
        const auto url = server.url("/empty/abstracts.xml.gz");
        check_failed(run_job(fixture("movies.zip"), url, "faults_page"), "faults_page", url + ": byte 0: empty file");
    }
    SUBCASE("no server: the connection is retried, then the run fails")
    {
        // Port 1 is privileged and nothing here listens on it. curl says how long an attempt
        // took ("after 0 ms"), which is the one thing not compared.
        const std::string url = "http://127.0.0.1:1/abstracts.xml.gz";
        const auto result = run_job(fixture("movies.zip"), url, "faults_page", {"--retries", "2"});
        const auto timeless = [](const std::string& text) {
            return std::regex_replace(text, std::regex{"after [0-9]+ ms"}, "after N ms");
        };
        const std::string refused = "Failed to connect to 127.0.0.1 port 1 after N ms: Couldn't connect to server";
        const auto error = url + ": byte 0: download failed: " + refused + " (after 2 retries)";
        INFO(result.err);
        CHECK(result.exit_code == 1);
        CHECK(timeless(result.err) ==
              retry_line(url, "connection refused", 1, 2) + retry_line(url, "connection refused", 2, 2) +
                  "sluice: error: " + error + "\n");
        CHECK(ranking("faults_page") == kRanking);
        const auto last = last_run("faults_page");
        CHECK(last.status == "FAILED");
        CHECK(timeless(last.message) == error);
    }
}

// A server that ignores Range answers the zip probe with a 200; for an empty file that answer
// has no body, so libcurl never calls the write callback that notices the 200.
TEST_CASE("faults: an empty movies archive from a server that ignores Range")
{
    publish_good("faults_page_empty");
    RequestLog log;
    HttpServer server{fixture("")};
    server.routes().Get("/empty/movies.zip", [&](const httplib::Request& request, httplib::Response& response) {
        log.add(request);
        response.status = 200;
        response.set_content("", "application/octet-stream");
    });
    const auto url = server.url("/empty/movies.zip");
    check_failed(run_job(url, fixture("abstracts.xml.gz"), "faults_page_empty"), "faults_page_empty",
                 url + ": byte 0: empty file");
}

// ---------------------------------------------------------------------------------------------
// 2. Bad input

TEST_CASE("faults: corrupt archives are recorded as failed runs")
{
    publish_good("faults_corrupt");
    const auto movies = fixture("movies.zip");
    const auto bad = [](const std::string& name) { return fixture("bad/" + name); };
    check_failed(run_job(movies, bad("truncated.xml.gz"), "faults_corrupt"), "faults_corrupt",
                 bad("truncated.xml.gz") + ": byte 3142: truncated gzip data: the stream ends inside a member");
    check_failed(run_job(movies, bad("corrupt.xml.gz"), "faults_corrupt"), "faults_corrupt",
                 bad("corrupt.xml.gz") + ": byte 111: corrupt gzip data: invalid distance too far back");
    check_failed(run_job(bad("no-member.zip"), fixture("abstracts.xml.gz"), "faults_corrupt"), "faults_corrupt",
                 bad("no-member.zip") +
                     ": no member 'movies_metadata.csv' in the zip archive (members: credits.csv, keywords.csv, links.csv)");
}

std::string hex(std::uint32_t value)
{
    std::ostringstream out;
    out << "0x" << std::hex << value;
    return out.str();
}

std::string little_endian(std::uint32_t value)
{
    std::string out;
    for (int i = 0; i < 4; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
    return out;
}

TEST_CASE("faults: a zip member whose CRC does not match")
{
    publish_good("faults_crc");
    const auto csv = read_file(fixture("src/movies_metadata.csv"));
    const auto crc_of = [](const std::string& data) {
        return static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    };
    const auto crc = crc_of(csv);
    auto changed_csv = csv;
    changed_csv[csv.find("Led by Woody")] = 'l';
    TempDir scratch;
    // A deflated member whose recorded CRC-32 is off by one bit, in the data descriptor after the
    // member and in the central directory both.
    auto recorded_wrong = zip_bytes({{"credits.csv", "id\n1\n"}, {"movies_metadata.csv", csv}});
    int replaced = 0;
    for (auto at = recorded_wrong.find(little_endian(crc)); at != std::string::npos;
         at = recorded_wrong.find(little_endian(crc), at + 4), ++replaced)
        recorded_wrong.replace(at, 4, little_endian(crc ^ 1));
    REQUIRE(replaced == 2);
    write_file(scratch.file("recorded.zip"), recorded_wrong);
    // A stored (uncompressed) member with a letter of an overview changed: only the CRC can tell.
    auto data_wrong = zip_bytes({{"credits.csv", "id\n1\n"}, {"movies_metadata.csv", csv}}, false);
    const auto at = data_wrong.find("Led by Woody");
    REQUIRE(at != std::string::npos);
    data_wrong[at] = 'l';
    write_file(scratch.file("data.zip"), data_wrong);
    HttpServer server{scratch.path()};
    // The archives are small: libarchive has read each to its end when it finds the member bad.
    const std::string cannot_read = ": cannot read member 'movies_metadata.csv': ";
    const auto recorded_end = ": byte " + std::to_string(recorded_wrong.size());
    const auto data_end = ": byte " + std::to_string(data_wrong.size());
    const auto bad_crc = "ZIP bad CRC: " + hex(crc) + " should be " + hex(crc ^ 1);

    SUBCASE("the recorded CRC, a local file")
    {
        const auto path = scratch.file("recorded.zip");
        check_failed(run_job(path, fixture("abstracts.xml.gz"), "faults_crc"), "faults_crc",
                     path + recorded_end + cannot_read + bad_crc);
    }
    SUBCASE("the recorded CRC, over HTTP by range")
    {
        const auto url = server.url("/recorded.zip");
        check_failed(run_job(url, fixture("abstracts.xml.gz"), "faults_crc"), "faults_crc",
                     url + recorded_end + cannot_read + bad_crc);
    }
    SUBCASE("the data, a local file")
    {
        // libarchive's streaming reader finds the end of a stored member by the data descriptor
        // whose CRC matches the data: with none, it reads on to the end of the file.
        const auto path = scratch.file("data.zip");
        check_failed(run_job(path, fixture("abstracts.xml.gz"), "faults_crc"), "faults_crc",
                     path + data_end + cannot_read + "Truncated ZIP file data");
    }
    SUBCASE("the data, over HTTP by range")
    {
        const auto url = server.url("/data.zip");
        check_failed(run_job(url, fixture("abstracts.xml.gz"), "faults_crc"), "faults_crc",
                     url + data_end + cannot_read + "ZIP bad CRC: " + hex(crc_of(changed_csv)) + " should be " + hex(crc));
    }
}

TEST_CASE("faults: decompression bombs are refused")
{
    publish_good("faults_bomb");
    TempDir scratch;
    // A ratio is judged once 64 MiB are inflated: the read that passes them (256 KiB) trips it.
    const std::string past_grace = "67371008";

    SUBCASE("a gzip bomb")
    {
        // 200 MiB of blanks inside the root element: valid XML all the way, ~200 KB gzipped.
        const auto bomb = gzip_filled("<feed>\n", ' ', 200, "</feed>\n");
        CHECK(bomb.size() < 300 * 1024);
        const auto path = scratch.file("bomb.xml.gz");
        write_file(path, bomb);
        const auto size = std::to_string(bomb.size());
        check_failed(run_job(fixture("movies.zip"), path, "faults_bomb"), "faults_bomb",
                     path + ": byte " + size + ": refused: " + past_grace + " bytes inflated from " + size +
                         " downloaded, a ratio over 100 (--max-ratio): a decompression bomb?");
    }
    SUBCASE("a zip bomb")
    {
        // The CSV header, then 200 MiB of empty lines (which are no records).
        const auto csv = read_file(fixture("src/movies_metadata.csv"));
        const auto bomb = zip_filled("movies_metadata.csv", csv.substr(0, csv.find('\n') + 1), '\n', 200);
        CHECK(bomb.size() < 300 * 1024);
        const auto path = scratch.file("bomb.zip");
        write_file(path, bomb);
        const auto size = std::to_string(bomb.size());
        check_failed(run_job(path, fixture("abstracts.xml.gz"), "faults_bomb"), "faults_bomb",
                     path + ":movies_metadata.csv: byte " + size + ": refused: " + past_grace + " bytes inflated from " +
                         size + " downloaded, a ratio over 100 (--max-ratio): a decompression bomb?");
    }
    SUBCASE("--max-inflated on the fixture")
    {
        // Forced: the fixtures are those of the run published above, and fetch limits are not
        // settings of the report, so the run would otherwise be skipped as up to date.
        const auto path = fixture("abstracts.xml.gz");
        check_failed(run_job(fixture("movies.zip"), path, "faults_bomb", {"--max-inflated", "50000", "--force"}),
                     "faults_bomb",
                     path + ": byte 10052: refused: it inflates to more than 50000 bytes (--max-inflated), from 10052 "
                            "bytes downloaded: a decompression bomb?");
    }
}

TEST_CASE("faults: hostile or broken XML")
{
    publish_good("faults_xml");
    TempDir scratch;
    const auto passwd = read_file("/etc/passwd");
    REQUIRE(passwd.starts_with("root:"));
    const auto passwd_line = passwd.substr(0, passwd.find('\n'));
    // If the entity were expanded, /etc/passwd would become Toy Story's abstract.
    const std::string xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
                            "<feed>\n<doc>\n<title>Wikipedia: Toy Story</title>\n<url>https://en.wikipedia.org/wiki/"
                            "Toy_Story</url>\n<abstract>&xxe;</abstract>\n</doc>\n</feed>\n";
    write_file(scratch.file("xxe.xml.gz"), gzip_bytes(xxe));
    auto dump = read_file(fixture("src/abstracts.xml"));
    const auto abstract = dump.find("<abstract>", 2000);
    REQUIRE(abstract != std::string::npos);
    dump.insert(abstract + 10, "\xff\xfe");
    write_file(scratch.file("latin.xml.gz"), gzip_bytes(dump));
    const auto bad = [](const std::string& name) { return fixture("bad/" + name); };

    SUBCASE("malformed")
    {
        check_failed(run_job(fixture("movies.zip"), bad("malformed.xml.gz"), "faults_xml"), "faults_xml",
                     bad("malformed.xml.gz") + ": line 12, column 93 (byte 359): malformed XML: Opening and ending tag "
                                               "mismatch: abstract line 12 and abstrct");
    }
    SUBCASE("billion laughs")
    {
        check_failed(run_job(fixture("movies.zip"), bad("doctype.xml.gz"), "faults_xml"), "faults_xml",
                     bad("doctype.xml.gz") +
                         ": line 2: refused: the XML has a DOCTYPE (DTDs and entity declarations are not accepted)");
    }
    SUBCASE("an external entity")
    {
        const auto result = run_job(fixture("movies.zip"), scratch.file("xxe.xml.gz"), "faults_xml");
        check_failed(result, "faults_xml",
                     scratch.file("xxe.xml.gz") +
                         ": line 2: refused: the XML has a DOCTYPE (DTDs and entity declarations are not accepted)");
        CHECK_FALSE(contains(result.err, passwd_line));
        CHECK(query_value("SELECT count(*) FROM faults_xml WHERE position(" + connect_test_db()->quote(passwd_line) +
                          " IN coalesce(wikipedia_abstract, '')) > 0") == "0");
    }
    SUBCASE("bytes that are not UTF-8")
    {
        check_failed(run_job(fixture("movies.zip"), scratch.file("latin.xml.gz"), "faults_xml"), "faults_xml",
                     scratch.file("latin.xml.gz") + ": line 30, column 11 (byte 2285): malformed XML: Input is not "
                                                   "proper UTF-8, indicate encoding ! Bytes: 0xFF 0xFE 0x7C 0x20");
    }
}

// ---------------------------------------------------------------------------------------------
// 3. CSV rejects

TEST_CASE("faults: refused CSV records go to the reject file, and --max-rejects stops the run")
{
    publish_good("faults_rejects");
    TempDir scratch;
    // The fixture (4 rejects of its own, on lines 16, 17, 37 and 38; 43 lines, the last with no
    // line break), then a record with three fields (line 44) and a quote never closed (line 45 to
    // the end).
    const auto csv = scratch.file("movies.csv");
    write_file(csv, read_file(fixture("src/movies_metadata.csv")) + "\nx,y,z\nFalse,\"never closed,1,2\nmore\n");
    const auto rejects = scratch.file("rejects.csv");
    const auto run = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{"run", "--movies", csv, "--abstracts", fixture("abstracts.xml.gz"), "--db",
                                      test_conninfo(), "--table", "faults_rejects", "--rejects", rejects};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_sluice(args);
    };

    SUBCASE("all written down and counted")
    {
        const auto result = run({});
        check_loaded(result, "faults_rejects");
        CHECK(contains(result.err, "  films      43 read, 6 rejected (see " + rejects +
                                       "), 19 eligible (budget >= 1000, revenue >= 1000), 19 selected (top 1000)\n"));
        const auto lines = lines_of(read_file(rejects));
        REQUIRE(lines.size() == 9);  // the header, 6 records, and the unclosed one's two line breaks
        CHECK(lines[0] == "line,reason,record");
        CHECK(lines[1].starts_with("16,\"expected 24 fields, found 10\",\"False,,0,"));
        CHECK(lines[2].starts_with("17,\"expected 24 fields, found 15\",\" - Written by"));
        CHECK(lines[3].starts_with("37,\"expected 24 fields, found 10\",\"False,,2000000,"));
        CHECK(lines[4].starts_with("38,\"expected 24 fields, found 15\",\" Avalanche Sharks"));
        CHECK(lines[5] == "44,\"expected 24 fields, found 3\",\"x,y,z\"");
        CHECK(read_file(rejects).ends_with("\n45,\"unterminated quoted field\",\"False,\"\"never closed,1,2\nmore\n\"\n"));
    }
    SUBCASE("one too many")
    {
        const auto result = run({"--max-rejects", "4"});
        check_failed(result, "faults_rejects",
                     csv + ": line 44: too many rejected records: 5 is more than --max-rejects 4 (the last: expected 24 "
                           "fields, found 3)");
        // The ones seen are kept, the one over the limit included.
        const auto lines = lines_of(read_file(rejects));
        REQUIRE(lines.size() == 6);
        CHECK(lines[5] == "44,\"expected 24 fields, found 3\",\"x,y,z\"");
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Credentials

TEST_CASE("faults: credentials are sent and never shown")
{
    publish_good("faults_secret");
    const std::string token = "Bearer tok-8c1f-never-shown";
    const std::map<std::string, std::string> env{{"SLUICE_FAULTS_TOKEN", token}};
    const auto gz = read_file(fixture("abstracts.xml.gz"));
    const auto zip = read_file(fixture("movies.zip"));
    RequestLog log;
    std::atomic<std::uint64_t> sent{0};
    HttpServer server{fixture("")};
    // Only with the token; a wrong or missing one is a 401, as an API would answer.
    const auto guarded = [&](const std::string& body) {
        return [&, body_ptr = &body](const httplib::Request& request, httplib::Response& response) {
            log.add(request);
            if (request.get_header_value("Authorization") != token) {
                response.status = 401;
                response.set_content("who are you?", "text/plain");
                return;
            }
            send_file(request, response, *body_ptr, "\"v1\"", sent);
        };
    };
    server.routes().Get("/api/movies.zip", guarded(zip));
    server.routes().Get("/api/abstracts.xml.gz", guarded(gz));
    server.routes().Get("/api/down.xml.gz", [&](const httplib::Request& request, httplib::Response& response) {
        log.add(request);
        response.status = 502;
        response.set_content("bad gateway", "text/plain");
    });
    server.routes().Get("/private/abstracts.xml.gz", [&](const httplib::Request& request, httplib::Response& response) {
        log.add(request);
        send_file(request, response, gz, "\"v1\"", sent);
    });
    server.routes().Get("/private/down.xml.gz", [&](const httplib::Request& request, httplib::Response& response) {
        log.add(request);
        response.status = 500;
        response.set_content("down", "text/plain");
    });
    const auto with_password = [&](const std::string& path) {
        auto url = server.url(path);
        return url.replace(url.find("127.0.0.1"), 0, "reader:pw-91e2@");
    };
    const auto shown = [&](const std::string& path) {
        auto url = server.url(path);
        return url.replace(url.find("127.0.0.1"), 0, "reader:***@");
    };

    SUBCASE("--auth-header-env sends the header to both sources, by range and streamed")
    {
        const auto result = run_job(server.url("/api/movies.zip"), server.url("/api/abstracts.xml.gz"), "faults_secret",
                                    {"--auth-header-env", "SLUICE_FAULTS_TOKEN"}, env);
        check_loaded(result, "faults_secret");
        CHECK_FALSE(contains(result.err, "tok-8c1f"));
        for (const auto* path : {"/api/movies.zip", "/api/abstracts.xml.gz"}) {
            const auto seen = log.of(path);
            CHECK(seen.size() >= 2);  // the ledger's HEAD, then the GETs
            for (const auto& request : seen) CHECK(request.authorization == token);
        }
        CHECK(log.of("/api/movies.zip", "GET").front().range == "bytes=0-65535");
    }
    SUBCASE("without it the server says no")
    {
        const auto url = server.url("/api/abstracts.xml.gz");
        check_failed(run_job(fixture("movies.zip"), url, "faults_secret"), "faults_secret",
                     url + ": byte 0: download failed: HTTP status 401");
    }
    SUBCASE("a failure with --auth-header-env does not show the token")
    {
        const auto url = server.url("/api/down.xml.gz");
        const auto result = run_job(fixture("movies.zip"), url, "faults_secret",
                                    {"--auth-header-env", "SLUICE_FAULTS_TOKEN", "--retries", "1"}, env);
        check_failed(result, "faults_secret", url + ": byte 0: download failed: HTTP status 502 (after 1 retry)",
                     retry_line(url, "HTTP status 502", 1, 1));
        CHECK_FALSE(contains(result.err, "tok-8c1f"));
        CHECK_FALSE(contains(last_run("faults_secret").sources, "tok-8c1f"));
        for (const auto& request : log.of("/api/down.xml.gz")) CHECK(request.authorization == token);
    }
    SUBCASE("a password in the URL is sent, and redacted in every line")
    {
        const auto result = run_job(fixture("movies.zip"), with_password("/private/abstracts.xml.gz"), "faults_secret");
        check_loaded(result, "faults_secret");
        CHECK(contains(result.err, "  abstracts  " + shown("/private/abstracts.xml.gz") + " (gzip): "));
        CHECK_FALSE(contains(result.err, "pw-91e2"));
        CHECK_FALSE(contains(last_run("faults_secret").sources, "pw-91e2"));
        CHECK(contains(last_run("faults_secret").sources, shown("/private/abstracts.xml.gz")));
        // HTTP basic authentication with the URL's user and password.
        for (const auto& request : log.of("/private/abstracts.xml.gz"))
            CHECK(request.authorization == "Basic cmVhZGVyOnB3LTkxZTI=");
    }
    SUBCASE("a password in the URL, in retry lines and the error")
    {
        const auto result =
            run_job(fixture("movies.zip"), with_password("/private/down.xml.gz"), "faults_secret", {"--retries", "2"});
        const auto url = shown("/private/down.xml.gz");
        check_failed(result, "faults_secret", url + ": byte 0: download failed: HTTP status 500 (after 2 retries)",
                     retry_line(url, "HTTP status 500", 1, 2) + retry_line(url, "HTTP status 500", 2, 2));
        CHECK_FALSE(contains(result.err, "pw-91e2"));
        for (const auto& line : lines_of(result.err)) CHECK(contains(line, "reader:***@"));
        CHECK_FALSE(contains(last_run("faults_secret").sources, "pw-91e2"));
    }
}

// ---------------------------------------------------------------------------------------------
// 5. and 6. The ledger: runs with nothing new are skipped; sluice status

TEST_CASE("faults: a run whose sources did not change is skipped, unless forced or the settings changed")
{
    const auto gz = read_file(fixture("abstracts.xml.gz"));
    const auto zip = read_file(fixture("movies.zip"));
    RequestLog log;
    std::atomic<std::uint64_t> sent{0};
    std::mutex etag_mutex;
    std::string movies_etag = "\"m1\"";
    HttpServer server{fixture("")};
    server.routes().Get("/dated/movies.zip", [&](const httplib::Request& request, httplib::Response& response) {
        log.add(request);
        const std::lock_guard lock{etag_mutex};
        send_file(request, response, zip, movies_etag, sent);
        response.set_header("Last-Modified", "Mon, 02 Jan 2017 03:04:05 GMT");
    });
    server.routes().Get("/dated/abstracts.xml.gz", [&](const httplib::Request& request, httplib::Response& response) {
        log.add(request);
        send_file(request, response, gz, "\"a1\"", sent);
        response.set_header("Last-Modified", "Mon, 02 Jan 2017 03:04:05 GMT");
    });
    const auto movies = server.url("/dated/movies.zip");
    const auto abstracts = server.url("/dated/abstracts.xml.gz");
    const auto gets = [&] {
        return log.of("/dated/movies.zip", "GET").size() + log.of("/dated/abstracts.xml.gz", "GET").size();
    };
    const auto up_to_date = [](const std::string& id) {
        return "sluice: up to date: no source changed since run " + id + " (pass --force to load anyway)\n";
    };
    const std::string table = "faults_uptodate";

    // A fresh URL (the server's port is new), but --force all the same: the first run loads.
    auto result = run_job(movies, abstracts, table, {"--force"});
    check_loaded(result, table);
    const auto loaded = last_run(table).id;
    CHECK(gets() >= 2);

    log.clear();
    result = run_job(movies, abstracts, table);
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.err == up_to_date(loaded));
    CHECK(result.out.empty());
    auto last = last_run(table);
    CHECK(last.status == "SKIPPED");
    CHECK(last.message == "up to date: no source changed since run " + loaded);
    // Asked for the versions only.
    CHECK(gets() == 0);
    CHECK(log.of("/dated/movies.zip", "HEAD").size() == 1);
    CHECK(log.of("/dated/abstracts.xml.gz", "HEAD").size() == 1);

    // --force loads again.
    query_value("DELETE FROM " + table + " WHERE movie_id = 31909 RETURNING 1");
    result = run_job(movies, abstracts, table, {"--force"});
    check_loaded(result, table);
    CHECK(last_run(table).id != loaded);
    CHECK(gets() >= 2);

    // A new ETag loads again; then nothing changed again.
    {
        const std::lock_guard lock{etag_mutex};
        movies_etag = "\"m2\"";
    }
    query_value("DELETE FROM " + table + " WHERE movie_id = 31909 RETURNING 1");
    result = run_job(movies, abstracts, table);
    check_loaded(result, table);
    const auto reloaded = last_run(table).id;
    result = run_job(movies, abstracts, table);
    CHECK(result.err == up_to_date(reloaded));
    CHECK(last_run(table).status == "SKIPPED");

    // Other settings load again.
    result = run_job(movies, abstracts, table, {"--top", "5"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(last_run(table).status == "LOADED");
    CHECK(ranking(table) == kRanking.substr(0, kRanking.find(",77469") + 6));
}

TEST_CASE("faults: local files that did not change are skipped too")
{
    TempDir scratch;
    const auto movies = scratch.file("movies.zip");
    const auto abstracts = scratch.file("abstracts.xml.gz");
    write_file(movies, read_file(fixture("movies.zip")));
    write_file(abstracts, read_file(fixture("abstracts.xml.gz")));
    const std::string table = "faults_uptodate_files";

    check_loaded(run_job(movies, abstracts, table, {"--force"}), table);
    const auto loaded = last_run(table).id;
    auto result = run_job(movies, abstracts, table);
    CHECK(result.exit_code == 0);
    CHECK(result.err == "sluice: up to date: no source changed since run " + loaded + " (pass --force to load anyway)\n");
    CHECK(last_run(table).status == "SKIPPED");

    // The dump replaced by another file: loaded again.
    std::filesystem::remove(abstracts);
    write_file(abstracts, gzip_bytes(read_file(fixture("src/abstracts.xml"))));
    result = run_job(movies, abstracts, table);
    check_loaded(result, table);
}

TEST_CASE("faults: sluice status lists the job's runs")
{
    const std::string table = "faults_status";
    publish_good(table);
    const auto loaded = last_run(table).id;
    auto result = run_job(fixture("movies.zip"), fixture("abstracts.xml.gz"), table);
    REQUIRE(result.exit_code == 0);
    const auto skipped = last_run(table).id;
    result = run_job(fixture("movies.zip"), fixture("bad/truncated.xml.gz"), table);
    REQUIRE(result.exit_code == 1);
    const auto failed = last_run(table).id;

    const auto status = run_sluice({"status", "--db", test_conninfo(), "--job", table, "--limit", "3"});
    INFO(status.out);
    INFO(status.err);
    CHECK(status.exit_code == 0);
    CHECK(status.err.empty());
    const auto lines = lines_of(status.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] ==
          "   run  job              status   snapshot   started (UTC)          seconds      read rejected  loaded  message");
    const auto row = [&](const std::string& id, const std::string& status_name, const std::string& counts,
                         const std::string& message) {
        const auto pad = [](std::string text, std::size_t width) {
            return text.size() < width ? std::string(width - text.size(), ' ') + text : text;
        };
        return std::regex{"^" + pad(id, 6) + "  " + table + " +" + status_name + " +[0-9]{4}-[0-9]{2}-[0-9]{2}" +
                          " +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}Z +[0-9]+\\.[0-9] +" + counts + "  " +
                          message + "$"};
    };
    CHECK(std::regex_match(lines[1], row(failed, "FAILED", "- +- +-",
                                         "\\S+bad/truncated\\.xml\\.gz: byte 3142: truncated gzip data: the stream "
                                         "ends inside a member")));
    CHECK(std::regex_match(lines[2], row(skipped, "SKIPPED", "- +- +-", "up to date: no source changed since run " + loaded)));
    CHECK(std::regex_match(lines[3], row(loaded, "LOADED", "41 +4 +19", "")));
}

// ---------------------------------------------------------------------------------------------
// 7. One run of a job at a time

TEST_CASE("faults: a second run of a job that is running exits 3 and does nothing")
{
    const std::string table = "faults_locked";
    publish_good(table);
    const auto runs_before = runs_of(table);
    // Another sluice, as far as this one can tell: the job's lock held by a session of the test.
    auto holder = connect_test_db();
    {
        pqxx::nontransaction query{*holder};
        query.exec("SELECT pg_advisory_lock(hashtext('sluice-job:' || 'faults_locked'))");
    }
    const auto already = "sluice: postgres (" + test_conninfo() +
                         "): job 'faults_locked' is already running (another sluice holds its lock); this run did nothing\n";

    auto result = run_job(fixture("movies.zip"), fixture("bad/truncated.xml.gz"), table, {"--force"});
    CHECK(result.exit_code == 3);
    CHECK(result.err == already);
    // Another table, the same job.
    result = run_job(fixture("movies.zip"), fixture("abstracts.xml.gz"), "faults_locked_other", {"--job", table});
    CHECK(result.exit_code == 3);
    CHECK(result.err == already);
    CHECK(ranking(table) == kRanking);
    CHECK(runs_of(table) == runs_before);

    {
        pqxx::nontransaction query{*holder};
        query.exec("SELECT pg_advisory_unlock(hashtext('sluice-job:' || 'faults_locked'))");
    }
    check_loaded(run_job(fixture("movies.zip"), fixture("abstracts.xml.gz"), table, {"--force"}), table);
}
