// The movies archive taken from a server that answers Range requests: only the zip's directory
// and the wanted member are downloaded, counted by sluice and by the server; a server without
// Range support gets the archive streamed whole; an archive that changes between requests fails
// the run and leaves the published table alone.

#include "tests/integration/harness.hpp"
#include "tests/unit/archive_bytes.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cstdint>

using namespace sluice::testing;
using sluice::test::zip_bytes;

// The archives are served as /kaggle.zip: the fixture directory the server also serves (for the
// abstracts) has a movies.zip of its own, and httplib serves files before routes.

namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Bytes deflate cannot shrink: the archive is as large on the wire as on disk.
std::string noise(std::size_t size, std::uint64_t seed)
{
    std::string out(size, '\0');
    for (auto& c : out) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        c = static_cast<char>(seed >> 56);
    }
    return out;
}

// Kaggle's layout in miniature: the movies CSV between two large members.
std::string movies_archive(std::uint64_t seed)
{
    return zip_bytes({{"credits.csv", noise(3 * kMiB, seed)},
                      {"movies_metadata.csv", read_file(fixture("src/movies_metadata.csv"))},
                      {"ratings.csv", noise(3 * kMiB, seed + 1)}});
}

// "N" from "... (LABEL): N bytes read" in the run summary.
std::uint64_t bytes_read(const std::string& err, const std::string& label)
{
    const auto at = err.find(label);
    REQUIRE(at != std::string::npos);
    return std::stoull(err.substr(at + label.size()));
}

// A whole body as a 200 with no Content-Length: what a server without Range support sends.
void send_whole(httplib::Response& response, const std::string& body, const std::string& etag)
{
    response.status = 200;
    response.set_header("ETag", etag);
    response.set_chunked_content_provider("application/zip", [&body](std::size_t offset, httplib::DataSink& sink) {
        if (offset < body.size()) sink.write(body.data() + offset, std::min<std::size_t>(64 * 1024, body.size() - offset));
        else sink.done();
        return true;
    });
}

ProcessResult run_with_movies(const HttpServer& server, const std::string& movies, const std::string& table,
                              std::vector<std::string> extra = {})
{
    std::vector<std::string> args{"run", "--movies", server.url(movies), "--abstracts", server.url("/abstracts.xml.gz"),
                                  "--db", test_conninfo(), "--table", table};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_sluice(args);
}

const std::string kRanking =
    "31909,36094,40507,14924,77469,252,2769,11414,415,12233,11159,949,10730,8844,630,862,244,194,1779";

std::string ranking(const std::string& table)
{
    return query_value("SELECT string_agg(movie_id::text, ',' ORDER BY ratio DESC) FROM " + table);
}

} // namespace

TEST_CASE("zip over Range: only the directory and the member are downloaded")
{
    const auto archive = movies_archive(7);
    const auto member_alone = zip_bytes({{"movies_metadata.csv", read_file(fixture("src/movies_metadata.csv"))}});
    HttpServer server{fixture("")};
    std::atomic<std::uint64_t> served{0};
    std::atomic<int> requests{0};
    server.routes().Get("/kaggle.zip", [&](const httplib::Request&, httplib::Response& response) {
        response.set_header("ETag", "\"v1\"");
        response.set_content(archive, "application/zip");  // httplib answers a Range with a 206
    });
    server.routes().set_logger([&](const httplib::Request& request, const httplib::Response& response) {
        // A HEAD (sluice asks for the version first) sends no body.
        if (request.path != "/kaggle.zip" || request.method != "GET") return;
        served += response.body.size();  // the body as sent: the range, not the file
        ++requests;
    });

    const auto result = run_with_movies(server, "/kaggle.zip", "zip_range");
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const auto fetched = bytes_read(result.err, ":movies_metadata.csv (zip, member fetched by range): ");
    // The member's share of the archive, and at most 1 MiB beside it; the archive is 6 MiB.
    CHECK(archive.size() > 6 * kMiB);
    CHECK(fetched <= member_alone.size() + kMiB);
    CHECK(fetched == served.load());
    CHECK(requests.load() >= 3);  // the first bytes, the directory at the end, the member
    CHECK(contains(result.err, " bytes read, " + std::to_string(file_size(fixture("src/movies_metadata.csv"))) +
                                   " bytes decoded\n"));
    CHECK(ranking("zip_range") == kRanking);

    // The same archive streamed whole, on request: the run must read past the 3 MiB member before it.
    const auto streamed = run_with_movies(server, "/kaggle.zip", "zip_range", {"--no-zip-range"});
    INFO(streamed.err);
    REQUIRE(streamed.exit_code == 0);
    CHECK(bytes_read(streamed.err, ":movies_metadata.csv (zip): ") > 3 * kMiB);
    CHECK(ranking("zip_range") == kRanking);
}

TEST_CASE("zip over Range: a server that ignores Range gets the archive streamed")
{
    const auto archive = movies_archive(8);
    HttpServer server{fixture("")};
    server.routes().Get("/kaggle.zip", [&](const httplib::Request&, httplib::Response& response) {
        send_whole(response, archive, "\"v1\"");
    });
    const auto result = run_with_movies(server, "/kaggle.zip", "zip_no_range");
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    // Streamed past the first member; the aborted first answer cost at most one buffer.
    const auto fetched = bytes_read(result.err, ":movies_metadata.csv (zip): ");
    CHECK(fetched > 3 * kMiB);
    CHECK(fetched <= archive.size() + 64 * 1024);
    CHECK(ranking("zip_no_range") == kRanking);
}

TEST_CASE("zip over Range: an archive replaced while read is read again from the start, once")
{
    const auto first = movies_archive(9);
    const auto second = movies_archive(10);
    HttpServer server{fixture("")};
    std::atomic<int> gets{0};
    // The probe sees the first version; by the next request the file has been replaced. An
    // If-Range that names an old version gets the whole new file, as RFC 9110 says.
    server.routes().Get("/kaggle.zip", [&](const httplib::Request& request, httplib::Response& response) {
        if (request.method != "GET") return;
        if (gets++ == 0) {
            response.set_header("ETag", "\"v1\"");
            response.set_content(first, "application/zip");
        } else if (request.has_header("If-Range") && request.get_header_value("If-Range") != "\"v2\"") {
            send_whole(response, second, "\"v2\"");
        } else {
            response.set_header("ETag", "\"v2\"");
            response.set_content(second, "application/zip");
        }
    });
    // A file that is replaced before every request.
    std::atomic<int> versions{0};
    server.routes().Get("/unstable.zip", [&](const httplib::Request& request, httplib::Response& response) {
        if (request.method != "GET") return;
        const auto etag = "\"u" + std::to_string(versions++) + "\"";
        if (request.has_header("If-Range")) {
            send_whole(response, first, etag);
        } else {
            response.set_header("ETag", etag);
            response.set_content(first, "application/zip");
        }
    });
    server.routes().Get("/stable.zip", [&](const httplib::Request&, httplib::Response& response) {
        response.set_header("ETag", "\"v1\"");
        response.set_content(first, "application/zip");
    });

    const auto published = run_with_movies(server, "/stable.zip", "zip_changed");
    INFO(published.err);
    REQUIRE(published.exit_code == 0);

    // The second request is for the archive's last 16 KiB, where libarchive looks for the directory.
    const auto tail = std::to_string(first.size() - 16 * 1024);
    const auto changed = [&](const std::string& path) {
        return server.url(path) + ": byte " + tail +
               ": the file changed while it was read (the server answered a Range request with the whole file)";
    };
    const auto result = run_with_movies(server, "/kaggle.zip", "zip_changed");
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(contains(result.err, "sluice: " + changed("/kaggle.zip") + ": starting the run again\n"));
    CHECK(ranking("zip_changed") == kRanking);

    // Changed again on the second attempt: the run fails, and the table stays as it was.
    query_value("DELETE FROM zip_changed WHERE movie_id = 31909 RETURNING 1");
    const auto unstable = run_with_movies(server, "/unstable.zip", "zip_changed");
    INFO(unstable.err);
    CHECK(unstable.exit_code == 1);
    CHECK(contains(unstable.err, "sluice: " + changed("/unstable.zip") + ": starting the run again\n"));
    CHECK(contains(unstable.err, "sluice: error: " + changed("/unstable.zip") + "\n"));
    CHECK(query_value("SELECT count(*) FROM zip_changed") == "18");
}

TEST_CASE("zip over Range: a truncated archive or a missing member is a clear error")
{
    const auto archive = movies_archive(11);
    const auto truncated = archive.substr(0, archive.size() / 2);
    HttpServer server{fixture("")};
    server.routes().Get("/truncated.zip", [&](const httplib::Request&, httplib::Response& response) {
        response.set_content(truncated, "application/zip");
    });
    server.routes().Get("/kaggle.zip", [&](const httplib::Request&, httplib::Response& response) {
        response.set_content(archive, "application/zip");
    });

    const auto cut = run_with_movies(server, "/truncated.zip", "zip_bad");
    INFO(cut.err);
    CHECK(cut.exit_code == 1);
    CHECK(contains(cut.err, "sluice: error: " + server.url("/truncated.zip") + ": byte " +
                                std::to_string(truncated.size()) +
                                ": cannot read zip archive: no central directory at the end of its " +
                                std::to_string(truncated.size()) + " bytes (truncated or corrupt)\n"));

    const auto missing = run_with_movies(server, "/kaggle.zip", "zip_bad", {"--movies-member", "movies.csv"});
    INFO(missing.err);
    CHECK(missing.exit_code == 1);
    CHECK(contains(missing.err, "sluice: error: " + server.url("/kaggle.zip") +
                                    ": no member 'movies.csv' in the zip archive (members: credits.csv, "
                                    "movies_metadata.csv, ratings.csv)\n"));
}
