#include "fetch/zip_member_choice.hpp"

#include "archive_bytes.hpp"
#include "core/error.hpp"
#include "memory_input.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <sys/stat.h>
#include <vector>

using sluice::ZipMemberChoice;
using Match = sluice::ZipMemberChoice::Match;

namespace {

// The path `wanted` picks among `paths`, or the error.
std::string choose(const std::vector<std::string>& paths, const std::string& wanted = "movies_metadata.csv")
{
    ZipMemberChoice choice{wanted};
    for (const auto& path : paths) choice.offer(path);
    try {
        if (const auto chosen = choice.chosen("x.zip")) return *chosen + " #" + std::to_string(choice.chosen_index());
        choice.throw_missing("x.zip");
    } catch (const sluice::Error& e) {
        return e.what();
    }
}

} // namespace

TEST_CASE("zip member choice: the exact path, else the one member of that name in a folder")
{
    CHECK(choose({"movies_metadata.csv"}) == "movies_metadata.csv #0");
    CHECK(choose({"evil/movies_metadata.csv", "movies_metadata.csv"}) == "movies_metadata.csv #1");
    CHECK(choose({"movies_metadata.csv", "evil/movies_metadata.csv"}) == "movies_metadata.csv #0");
    CHECK(choose({"a/movies_metadata.csv", "b/movies_metadata.csv", "movies_metadata.csv"}) == "movies_metadata.csv #2");
    CHECK(choose({"credits.csv", "the-movies-dataset/movies_metadata.csv"}) == "the-movies-dataset/movies_metadata.csv #1");
    CHECK(choose({"a/b/c/movies_metadata.csv"}) == "a/b/c/movies_metadata.csv #0");
    // The first of two equal exact paths, as a reader front to back takes it.
    CHECK(choose({"movies_metadata.csv", "movies_metadata.csv"}) == "movies_metadata.csv #0");
    // A name with a folder matches that path only.
    CHECK(choose({"a/movies_metadata.csv", "b/movies_metadata.csv"}, "b/movies_metadata.csv") == "b/movies_metadata.csv #1");
    CHECK(choose({"x/b/movies_metadata.csv"}, "b/movies_metadata.csv") ==
          "x.zip: no member 'b/movies_metadata.csv' in the zip archive (members: x/b/movies_metadata.csv)");
}

TEST_CASE("zip member choice: what is not the name")
{
    // Not a suffix of a name, not a folder of that name, not another case.
    CHECK(choose({"old_movies_metadata.csv", "movies_metadata.csv.bak", "movies_metadata.csv/", "x/movies_metadata.csv/",
                  "MOVIES_METADATA.CSV", "x/Movies_metadata.csv"}) ==
          "x.zip: no member 'movies_metadata.csv' in the zip archive (members: old_movies_metadata.csv, "
          "movies_metadata.csv.bak, movies_metadata.csv/, x/movies_metadata.csv/, MOVIES_METADATA.CSV, "
          "x/Movies_metadata.csv)");
    CHECK(choose({}) == "x.zip: no member 'movies_metadata.csv' in the zip archive (members: none)");
    // No name picks the one file; folders (whose last component is empty) are not files.
    CHECK(choose({"data/", "data/x.csv"}, "") == "data/x.csv #1");
    CHECK(choose({"data/", "x/"}, "") == "x.zip: no file in the zip archive (members: data/, x/)");
    CHECK(choose({}, "") == "x.zip: no file in the zip archive (members: none)");
    CHECK(choose({"a.csv", "data/", "b/b.csv"}, "") ==
          "x.zip: the zip archive holds 2 files: 'a.csv' and 'b/b.csv' (name the one to read as the member)");
    CHECK(choose({"a.csv", "b.csv", "c.csv"}, "") ==
          "x.zip: the zip archive holds 3 files: 'a.csv', 'b.csv' and 1 more (name the one to read as the member)");
    std::vector<std::string> many;
    for (int i = 1; i <= 9; ++i) many.push_back("part" + std::to_string(i) + ".csv");
    CHECK(choose(many) == "x.zip: no member 'movies_metadata.csv' in the zip archive (members: part1.csv, part2.csv, "
                          "part3.csv, part4.csv, part5.csv, part6.csv, part7.csv, part8.csv, ...)");
}

TEST_CASE("zip member choice: several of that name in folders and none exact is an error naming them")
{
    CHECK(choose({"evil/movies_metadata.csv", "data/movies_metadata.csv"}) ==
          "x.zip: 2 members are named 'movies_metadata.csv' and none is at the top level: "
          "'evil/movies_metadata.csv' and 'data/movies_metadata.csv' (name one by its path)");
    CHECK(choose({"a/movies_metadata.csv", "b/movies_metadata.csv", "c/movies_metadata.csv", "d/movies_metadata.csv"}) ==
          "x.zip: 4 members are named 'movies_metadata.csv' and none is at the top level: "
          "'a/movies_metadata.csv', 'b/movies_metadata.csv' and 2 more (name one by its path)");
    // The same path twice in folders is two members.
    CHECK(choose({"a/movies_metadata.csv", "a/movies_metadata.csv"}) ==
          "x.zip: 2 members are named 'movies_metadata.csv' and none is at the top level: "
          "'a/movies_metadata.csv' and 'a/movies_metadata.csv' (name one by its path)");
}

TEST_CASE("zip member choice: offer() says when a reader front to back may stop")
{
    ZipMemberChoice choice{"movies_metadata.csv"};
    CHECK(choice.offer("credits.csv") == Match::none);
    CHECK(choice.offer("evil/movies_metadata.csv") == Match::candidate);
    CHECK_FALSE(choice.decided());
    CHECK(choice.offer("movies_metadata.csv") == Match::exact);
    CHECK(choice.decided());
}

TEST_CASE("zip member choice: from a central directory, in memory and in a local file")
{
    using sluice::test::zip_bytes;
    const std::string evil = zip_bytes({{"evil/movies_metadata.csv", "evil"}, {"movies_metadata.csv", "real"}});
    const std::string nested = zip_bytes({{"credits.csv", "c"}, {"data/movies_metadata.csv", "real"}});
    const std::string two = zip_bytes({{"a/movies_metadata.csv", "a"}, {"b/movies_metadata.csv", "b"}});
    const std::string none = zip_bytes({{"credits.csv", "c"}});

    for (const std::size_t piece : {std::size_t{5}, std::size_t{1} << 16}) {
        sluice::test::MemoryInput a{evil, piece, "evil.zip"};
        CHECK(sluice::choose_zip_member(a, "movies_metadata.csv") == "movies_metadata.csv");
        sluice::test::MemoryInput b{nested, piece, "nested.zip"};
        CHECK(sluice::choose_zip_member(b, "movies_metadata.csv") == "data/movies_metadata.csv");
        sluice::test::MemoryInput c{two, piece, "two.zip"};
        CHECK_THROWS_WITH_AS(sluice::choose_zip_member(c, "movies_metadata.csv"),
                             "two.zip: 2 members are named 'movies_metadata.csv' and none is at the top level: "
                             "'a/movies_metadata.csv' and 'b/movies_metadata.csv' (name one by its path)",
                             sluice::Error);
        sluice::test::MemoryInput d{none, piece, "none.zip"};
        CHECK_THROWS_WITH_AS(sluice::choose_zip_member(d, "movies_metadata.csv"),
                             "none.zip: no member 'movies_metadata.csv' in the zip archive (members: credits.csv)",
                             sluice::Error);
    }

    sluice::test::ScratchDir dir;
    const auto write = [&](const std::string& name, const std::string& bytes) {
        std::ofstream(dir.file(name), std::ios::binary) << bytes;
        return dir.file(name);
    };
    CHECK(sluice::choose_local_zip_member(write("evil.zip", evil), "movies_metadata.csv") == "movies_metadata.csv");
    CHECK(sluice::choose_local_zip_member(write("nested.zip", nested), "movies_metadata.csv") == "data/movies_metadata.csv");
    const auto two_path = write("two.zip", two);
    CHECK_THROWS_WITH_AS(sluice::choose_local_zip_member(two_path, "movies_metadata.csv"),
                         (two_path + ": 2 members are named 'movies_metadata.csv' and none is at the top level: "
                                     "'a/movies_metadata.csv' and 'b/movies_metadata.csv' (name one by its path)")
                             .c_str(),
                         sluice::Error);
    const auto none_path = write("none.zip", none);
    CHECK_THROWS_WITH_AS(sluice::choose_local_zip_member(none_path, "movies_metadata.csv"),
                         (none_path + ": no member 'movies_metadata.csv' in the zip archive (members: credits.csv)").c_str(),
                         sluice::Error);
    // A directory that cannot be read leaves the choice to the reader going front to back: a cut
    // archive, a folder, a pipe, a file that is not there.
    CHECK(sluice::choose_local_zip_member(write("cut.zip", evil.substr(0, evil.size() - 30)), "movies_metadata.csv") ==
          std::nullopt);
    CHECK(sluice::choose_local_zip_member(dir.path(), "movies_metadata.csv") == std::nullopt);
    REQUIRE(::mkfifo(dir.file("pipe.zip").c_str(), 0600) == 0);
    CHECK(sluice::choose_local_zip_member(dir.file("pipe.zip"), "movies_metadata.csv") == std::nullopt);
    CHECK(sluice::choose_local_zip_member(dir.file("absent.zip"), "movies_metadata.csv") == std::nullopt);
}
