#include "fetch/zip_member_source.hpp"

#include "archive_bytes.hpp"
#include "core/error.hpp"
#include "memory_input.hpp"
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
    const auto reopen = [&] { return memory_source(zip, 1 << 20, "archive.zip"); };
    {
        ZipMemberSource source(memory_source(zip, 1 << 20, "archive.zip"), "movies_metadata.csv", reopen);
        CHECK(source.name() == "archive.zip:the-movies-dataset/movies_metadata.csv");
        CHECK(drain(source) == "metadata\n");
    }
    {
        ZipMemberSource source(memory_source(zip), "the-movies-dataset/movies_metadata.csv");
        CHECK(drain(source) == "metadata\n");
    }
    // Only a whole component matches: not a suffix of a name, not a leading directory.
    CHECK_THROWS_AS(ZipMemberSource(memory_source(zip), "metadata.csv", reopen), sluice::Error);
    CHECK_THROWS_AS(ZipMemberSource(memory_source(zip), "movies-dataset/movies_metadata.csv", reopen), sluice::Error);
    CHECK_THROWS_AS(ZipMemberSource(memory_source(zip), "the-movies-dataset", reopen), sluice::Error);
}

namespace {

const std::string kReal = "id,title\n862,Toy Story\n";
const std::string kEvil = "id,title\n666,Evil\n";

// One archive read every way a run reads one: streamed in reads of several sizes (with a way to
// read it again, counted), and by its directory in pieces of several sizes.
struct Outcome {
    std::string name;
    std::string data;
    int reopened = 0;
    int passes = 0;
    std::string error;  // "" when none
};

std::vector<Outcome> read_every_way(const std::string& zip, const std::string& member)
{
    std::vector<Outcome> outcomes;
    for (const std::size_t read : {std::size_t{1}, std::size_t{4096}, std::size_t{1} << 20}) {
        Outcome outcome;
        try {
            ZipMemberSource source(memory_source(zip, read, "x.zip"), member, [&] {
                ++outcome.reopened;
                return memory_source(zip, read, "x.zip");
            });
            outcome.name = source.name();
            outcome.data = drain(source, 1000);
            outcome.passes = source.passes();
            CHECK(source.archive_bytes_read() > 0);
        } catch (const sluice::Error& e) {
            outcome.error = e.what();
        }
        outcomes.push_back(outcome);
    }
    for (const std::size_t piece : {std::size_t{7}, std::size_t{65536}}) {
        Outcome outcome;
        try {
            ZipMemberSource source(std::make_unique<sluice::test::MemoryInput>(zip, piece, "x.zip"), member);
            outcome.name = source.name();
            outcome.data = drain(source, 1000);
            outcome.passes = 1;
        } catch (const sluice::Error& e) {
            outcome.error = e.what();
        }
        outcomes.push_back(outcome);
    }
    return outcomes;
}

} // namespace

TEST_CASE("zip: the exact path wins over the same name in a folder, before or after it, every way")
{
    for (const auto& members : {std::vector<ZipMember>{{"evil/movies_metadata.csv", kEvil}, {"movies_metadata.csv", kReal}},
                                std::vector<ZipMember>{{"movies_metadata.csv", kReal}, {"evil/movies_metadata.csv", kEvil}},
                                std::vector<ZipMember>{{"a/movies_metadata.csv", kEvil}, {"b/movies_metadata.csv", kEvil},
                                                       {"credits.csv", "x\n"}, {"movies_metadata.csv", kReal}},
                                std::vector<ZipMember>{{"movies_metadata.csv", kReal}, {"movies_metadata.csv", kEvil}}}) {
        CAPTURE(members.front().path);
        CAPTURE(members.size());
        for (const auto& outcome : read_every_way(zip_bytes(members), "movies_metadata.csv")) {
            CHECK(outcome.error == "");
            CHECK(outcome.name == "x.zip:movies_metadata.csv");
            CHECK(outcome.data == kReal);
            CHECK(outcome.reopened == 0);
            CHECK(outcome.passes == 1);
        }
    }
}

TEST_CASE("zip: the only member of that name is taken from its folder, a stream read twice for it")
{
    const std::string zip = zip_bytes({{"credits.csv", "cast\n"}, {"data/movies_metadata.csv", kReal},
                                       {"data/movies_metadata.csv.bak", kEvil}, {"ratings.csv", "r\n"}});
    const auto outcomes = read_every_way(zip, "movies_metadata.csv");
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        CAPTURE(i);
        const auto& outcome = outcomes[i];
        CHECK(outcome.error == "");
        CHECK(outcome.name == "x.zip:data/movies_metadata.csv");
        CHECK(outcome.data == kReal);
        const bool streamed = i < 3;
        CHECK(outcome.reopened == (streamed ? 1 : 0));
        CHECK(outcome.passes == (streamed ? 2 : 1));
    }
    // Named by its path, it is found in one pass.
    for (const auto& outcome : read_every_way(zip, "data/movies_metadata.csv")) {
        CHECK(outcome.data == kReal);
        CHECK(outcome.reopened == 0);
    }
    // Both reads count in the bytes read.
    ZipMemberSource once(memory_source(zip, 4096, "x.zip"), "data/movies_metadata.csv");
    CHECK(drain(once) == kReal);
    ZipMemberSource twice(memory_source(zip, 4096, "x.zip"), "movies_metadata.csv",
                          [&] { return memory_source(zip, 4096, "x.zip"); });
    CHECK(drain(twice) == kReal);
    CHECK(once.archive_bytes_read() == zip.size());
    CHECK(twice.archive_bytes_read() == 2 * zip.size());
}

TEST_CASE("zip: two or more members of that name in folders, and none at the top, is an error naming them")
{
    const std::string two = zip_bytes({{"evil/movies_metadata.csv", kEvil}, {"data/movies_metadata.csv", kReal}});
    for (const auto& outcome : read_every_way(two, "movies_metadata.csv")) {
        CHECK(outcome.error == "x.zip: 2 members are named 'movies_metadata.csv' and none is at the top level: "
                               "'evil/movies_metadata.csv' and 'data/movies_metadata.csv' (name one by its path)");
        CHECK(outcome.reopened == 0);
    }
    const std::string three = zip_bytes({{"a/movies_metadata.csv", kEvil}, {"credits.csv", "x\n"},
                                         {"b/c/movies_metadata.csv", kReal}, {"d/movies_metadata.csv", kEvil}});
    for (const auto& outcome : read_every_way(three, "movies_metadata.csv")) {
        CHECK(outcome.error == "x.zip: 3 members are named 'movies_metadata.csv' and none is at the top level: "
                               "'a/movies_metadata.csv', 'b/c/movies_metadata.csv' and 1 more (name one by its path)");
        CHECK(outcome.reopened == 0);
    }
    // Named by its path, either is read.
    for (const auto& outcome : read_every_way(two, "data/movies_metadata.csv")) CHECK(outcome.data == kReal);
    for (const auto& outcome : read_every_way(two, "evil/movies_metadata.csv")) CHECK(outcome.data == kEvil);
}

TEST_CASE("zip: a stream that cannot be read again names the member to ask for instead")
{
    const std::string zip = zip_bytes({{"credits.csv", "cast\n"}, {"data/movies_metadata.csv", kReal}});
    CHECK_THROWS_WITH_AS(ZipMemberSource(memory_source(zip, 1 << 20, "x.zip"), "movies_metadata.csv"),
                         "x.zip: 'data/movies_metadata.csv' is the only member named 'movies_metadata.csv', and this "
                         "stream cannot be read again to take it (name it by its path)",
                         sluice::Error);
}

TEST_CASE("zip: an archive that changed between its two reads makes the run start over")
{
    const std::string first = zip_bytes({{"credits.csv", "cast\n"}, {"data/movies_metadata.csv", kReal}});
    // The second read finds another member in its place, the exact path before it, another one
    // of that name before it, or the archive shorter.
    for (const auto& second : {zip_bytes({{"credits.csv", "cast\n"}, {"other/movies_metadata.csv", kEvil}}),
                               zip_bytes({{"movies_metadata.csv", kEvil}, {"data/movies_metadata.csv", kReal}}),
                               zip_bytes({{"evil/movies_metadata.csv", kEvil}, {"data/movies_metadata.csv", kReal}}),
                               zip_bytes({{"credits.csv", "cast\n"}})}) {
        std::string error;
        try {
            ZipMemberSource source(memory_source(first, 4096, "x.zip"), "movies_metadata.csv",
                                   [&] { return memory_source(second, 4096, "x.zip"); });
            FAIL("expected SourceChanged");
        } catch (const sluice::SourceChanged& e) {
            error = e.what();
        }
        CHECK(error.starts_with("x.zip: byte "));
        CHECK(error.ends_with(": the zip archive changed between its two reads"));
    }
}

TEST_CASE("zip: a missing member's error lists the members, read by the directory too")
{
    const std::string zip = zip_bytes(kaggle_members());
    CHECK_THROWS_WITH_AS(ZipMemberSource(std::make_unique<sluice::test::MemoryInput>(zip, 4096, "movies.zip"), "movies.csv"),
                         "movies.zip: no member 'movies.csv' in the zip archive (members: credits.csv, "
                         "keywords.csv, movies_metadata.csv, ratings_small.csv)",
                         sluice::Error);
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
