#include "fetch/zip_member_source.hpp"

#include "archive_bytes.hpp"
#include "core/error.hpp"
#include "memory_source.hpp"

#include <doctest/doctest.h>

#include <array>
#include <string>
#include <vector>

using sluice::ZipMemberSource;
using sluice::test::drain;
using sluice::test::memory_source;
using sluice::test::zip_bytes;
using sluice::test::ZipMember;

namespace {

std::string movies_csv()
{
    std::string csv = "id,title,budget,revenue\r\n";
    for (int i = 0; i < 3000; ++i) csv += std::to_string(i) + ",\"Film, number " + std::to_string(i) + "\",1000,2000\r\n";
    return csv;
}

// The Kaggle archive's shape: the wanted member is neither first nor last.
std::vector<ZipMember> kaggle_members()
{
    return {{"credits.csv", "cast,crew,id\n"},
            {"keywords.csv", "id,keywords\n862,\"[{'id': 931, 'name': 'jealousy'}]\"\n"},
            {"movies_metadata.csv", movies_csv()},
            {"ratings_small.csv", "userId,movieId,rating,timestamp\r\n1,31,2.5,1260759144\r\n"}};
}

} // namespace

TEST_CASE("zip: the wanted member is found when it is not first, and its bytes are exact")
{
    for (const bool deflate : {true, false}) {
        const std::string zip = zip_bytes(kaggle_members(), deflate);
        for (const std::size_t upstream_read : {std::size_t{1}, std::size_t{4096}, std::size_t{1} << 20}) {
            for (const std::size_t out : {std::size_t{1}, std::size_t{65536}}) {
                if (upstream_read == 1 && out == 1) continue;
                CAPTURE(deflate);
                CAPTURE(upstream_read);
                CAPTURE(out);
                ZipMemberSource source(memory_source(zip, upstream_read, "movies.zip"), "movies_metadata.csv");
                CHECK(source.name() == "movies.zip:movies_metadata.csv");
                CHECK(drain(source, out) == movies_csv());
                CHECK(source.position() == movies_csv().size());
                std::array<char, 8> more{};
                CHECK(source.read(more) == 0);
            }
        }
    }
}

TEST_CASE("zip: the first and the last member, and an empty one")
{
    const std::string zip = zip_bytes({{"first.txt", "one\n"}, {"empty.txt", ""}, {"last.txt", "three\n"}});
    {
        ZipMemberSource source(memory_source(zip), "first.txt");
        CHECK(drain(source) == "one\n");
    }
    {
        ZipMemberSource source(memory_source(zip), "last.txt");
        CHECK(drain(source) == "three\n");
    }
    {
        ZipMemberSource source(memory_source(zip), "empty.txt");
        CHECK(drain(source) == "");
        CHECK(source.position() == 0);
    }
}

TEST_CASE("zip: a member matches by full path or by its last path component")
{
    const std::string zip = zip_bytes({{"the-movies-dataset/credits.csv", "credits\n"},
                                       {"the-movies-dataset/movies_metadata.csv", "metadata\n"},
                                       {"other/movies_metadata.csv.bak", "backup\n"}});
    {
        ZipMemberSource source(memory_source(zip, 1 << 20, "archive.zip"), "movies_metadata.csv");
        CHECK(source.name() == "archive.zip:movies_metadata.csv");
        CHECK(drain(source) == "metadata\n");
    }
    {
        ZipMemberSource source(memory_source(zip), "the-movies-dataset/movies_metadata.csv");
        CHECK(drain(source) == "metadata\n");
    }
    // Only a whole component matches: not a suffix of a name, not a leading directory.
    CHECK_THROWS_AS(ZipMemberSource(memory_source(zip), "metadata.csv"), sluice::Error);
    CHECK_THROWS_AS(ZipMemberSource(memory_source(zip), "movies-dataset/movies_metadata.csv"), sluice::Error);
    CHECK_THROWS_AS(ZipMemberSource(memory_source(zip), "the-movies-dataset"), sluice::Error);
}

TEST_CASE("zip: a missing member's error lists the members")
{
    const std::string zip = zip_bytes(kaggle_members());
    CHECK_THROWS_WITH_AS(ZipMemberSource(memory_source(zip, 1 << 20, "movies.zip"), "movies.csv"),
                         "movies.zip: no member 'movies.csv' in the zip archive (members: credits.csv, "
                         "keywords.csv, movies_metadata.csv, ratings_small.csv)",
                         sluice::Error);

    // A long listing is cut after 8 names.
    std::vector<ZipMember> many;
    for (int i = 1; i <= 10; ++i) many.push_back({"part" + std::to_string(i) + ".csv", "x\n"});
    CHECK_THROWS_WITH_AS(ZipMemberSource(memory_source(zip_bytes(many), 1 << 20, "many.zip"), "movies.csv"),
                         "many.zip: no member 'movies.csv' in the zip archive (members: part1.csv, part2.csv, "
                         "part3.csv, part4.csv, part5.csv, part6.csv, part7.csv, part8.csv, ...)",
                         sluice::Error);
}

TEST_CASE("zip: an upstream failure propagates unchanged through libarchive")
{
    const std::string zip = zip_bytes(kaggle_members());
    SUBCASE("while looking for the member")
    {
        auto upstream = std::make_unique<sluice::test::MemorySource>(zip, 64, "https://example.org/movies.zip");
        upstream->fail_at(100);
        CHECK_THROWS_WITH_AS(ZipMemberSource(std::move(upstream), "movies_metadata.csv"),
                             "https://example.org/movies.zip: byte 100: connection reset", sluice::Error);
    }
    SUBCASE("while reading the member")
    {
        auto upstream = std::make_unique<sluice::test::MemorySource>(zip, 64, "https://example.org/movies.zip");
        upstream->fail_at(zip.size() / 2);
        ZipMemberSource source(std::move(upstream), "movies_metadata.csv");
        CHECK_THROWS_WITH_AS(drain(source, 1000),
                             ("https://example.org/movies.zip: byte " + std::to_string(zip.size() / 2) +
                              ": connection reset").c_str(),
                             sluice::Error);
    }
}

TEST_CASE("zip: a truncated archive is an error, not a short member")
{
    const std::string zip = zip_bytes(kaggle_members());
    const auto start = zip.find("movies_metadata.csv");
    REQUIRE(start != std::string::npos);
    const std::string cut = zip.substr(0, start + 5000);  // inside the member's data
    ZipMemberSource source(memory_source(cut, 1 << 20, "cut.zip"), "movies_metadata.csv");
    std::string out;
    std::string error;
    try {
        std::array<char, 4096> buffer{};
        while (const auto n = source.read(buffer)) out.append(buffer.data(), n);
    } catch (const sluice::Error& e) {
        error = e.what();
    }
    // The reason is libarchive's: zlib's Z_BUF_ERROR (-5), the input ended mid-stream.
    CHECK(error == "cut.zip: byte " + std::to_string(cut.size()) +
                       ": cannot read member 'movies_metadata.csv': ZIP decompression failed (-5)");
    CHECK(movies_csv().starts_with(out));
    CHECK(out.size() < movies_csv().size());
}

TEST_CASE("zip: data that is not a zip archive")
{
    std::string error;
    try {
        ZipMemberSource source(memory_source("id,title\n1,Heat\n", 1 << 20, "movies.csv"), "movies.csv");
    } catch (const sluice::Error& e) {
        error = e.what();
    }
    CHECK(error == "movies.csv: byte 16: cannot read zip archive: Unrecognized archive format");
}
