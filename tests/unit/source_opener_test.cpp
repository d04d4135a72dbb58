#include "fetch/source_opener.hpp"

#include "archive_bytes.hpp"
#include "core/error.hpp"
#include "memory_source.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::Container;
using sluice::open_decoded;
using sluice::OpenOptions;
using sluice::test::drain;
using sluice::test::gzip_bytes;
using sluice::test::open_fd_count;
using sluice::test::ScratchDir;
using sluice::test::write_file;
using sluice::test::zip_bytes;

namespace {

const std::string kCsv = "id,title\n862,Toy Story\n949,Heat\n";

OpenOptions member(std::string name)
{
    OpenOptions options;
    options.zip_member = std::move(name);
    return options;
}

} // namespace

TEST_CASE("source opener: the container is sniffed from the magic bytes, not the name")
{
    ScratchDir dir;
    const std::string gz = gzip_bytes(kCsv);
    const std::string zip = zip_bytes({{"links.csv", "movieId,imdbId\n"}, {"movies_metadata.csv", kCsv}});
    // Each name suggests a different format from the one inside.
    write_file(dir.file("movies.zip"), gz);
    write_file(dir.file("movies.csv"), zip);
    write_file(dir.file("movies.csv.gz"), kCsv);

    const auto fds = open_fd_count();
    {
        auto opened = open_decoded(dir.file("movies.zip"), member("movies_metadata.csv"));
        CHECK(opened.container == Container::gzip);
        CHECK(drain(*opened.stream, 5) == kCsv);
        CHECK(opened.stream->name() == dir.file("movies.zip"));
        CHECK(opened.bytes_fetched() == gz.size());  // the bytes fetched, not the bytes decoded
        CHECK(opened.stream->position() == kCsv.size());
    }
    {
        auto opened = open_decoded(dir.file("movies.csv"), member("movies_metadata.csv"));
        CHECK(opened.container == Container::zip);
        CHECK(opened.stream->name() == dir.file("movies.csv") + ":movies_metadata.csv");
        CHECK(drain(*opened.stream, 5) == kCsv);
        CHECK(opened.bytes_fetched() == zip.size());
        CHECK_FALSE(opened.by_range);  // a local file is streamed
    }
    {
        auto opened = open_decoded(dir.file("movies.csv.gz"), member("movies_metadata.csv"));
        CHECK(opened.container == Container::plain);
        CHECK(opened.stream->name() == dir.file("movies.csv.gz"));
        CHECK(drain(*opened.stream, 5) == kCsv);  // the 4 sniffed bytes are not lost
        CHECK(opened.bytes_fetched() == kCsv.size());
    }
    CHECK(open_fd_count() == fds);
}

TEST_CASE("source opener: files shorter than the magic are plain")
{
    ScratchDir dir;
    for (const std::string& data : {std::string{"x"}, std::string{"\x1f"}, std::string{"PK\3"}, std::string{"PK\3\5..."}}) {
        CAPTURE(data);
        write_file(dir.file("short"), data);
        auto opened = open_decoded(dir.file("short"), {});
        CHECK(opened.container == Container::plain);
        CHECK(drain(*opened.stream) == data);
    }
}

TEST_CASE("source opener: an empty file is refused by name")
{
    ScratchDir dir;
    write_file(dir.file("enwiki.xml.gz"), "");
    const auto fds = open_fd_count();
    CHECK_THROWS_WITH_AS(open_decoded(dir.file("enwiki.xml.gz"), {}),
                         (dir.file("enwiki.xml.gz") + ": byte 0: empty file").c_str(), sluice::Error);
    CHECK(open_fd_count() == fds);
}

TEST_CASE("source opener: failures close the file")
{
    ScratchDir dir;
    write_file(dir.file("movies.zip"), zip_bytes({{"links.csv", "movieId,imdbId\n"}}));
    const auto fds = open_fd_count();
    CHECK_THROWS_WITH_AS(open_decoded(dir.file("movies.zip"), member("movies_metadata.csv")),
                         (dir.file("movies.zip") + ": no member 'movies_metadata.csv' in the zip archive (members: "
                                                   "links.csv)").c_str(),
                         sluice::Error);
    CHECK_THROWS_WITH_AS(open_decoded(dir.file("missing.zip"), {}),
                         (dir.file("missing.zip") + ": cannot open: No such file or directory").c_str(), sluice::Error);
    CHECK(open_fd_count() == fds);
}

TEST_CASE("source opener: schemes other than http, https and file are usage errors")
{
    CHECK_THROWS_WITH_AS(open_decoded("ftp://dumps.wikimedia.org/enwiki/latest/enwiki-latest-abstract.xml.gz", {}),
                         "unsupported URL scheme 'ftp' (use http, https, file or a path)", sluice::UsageError);
    CHECK_THROWS_WITH_AS(sluice::open_raw("FTP://host/x", {}),
                         "unsupported URL scheme 'ftp' (use http, https, file or a path)", sluice::UsageError);
    CHECK_THROWS_WITH_AS(sluice::open_raw("s3://bucket/movies.zip", {}),
                         "unsupported URL scheme 's3' (use http, https, file or a path)", sluice::UsageError);
}

TEST_CASE("source opener: the real test2.xml.gz")
{
    auto opened = open_decoded(sluice::test::real_data("test2.xml.gz"), {});
    CHECK(opened.container == Container::gzip);
    const std::string xml = drain(*opened.stream, 100);
    CHECK(xml.size() == 4073);
    CHECK(opened.bytes_fetched() == 718);
}

TEST_CASE("source opener: container names")
{
    CHECK(std::string{sluice::to_string(Container::plain)} == "plain");
    CHECK(std::string{sluice::to_string(Container::gzip)} == "gzip");
    CHECK(std::string{sluice::to_string(Container::zip)} == "zip");
}
