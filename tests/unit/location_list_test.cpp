#include "fetch/location_list.hpp"

#include "core/error.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

using sluice::expand_location;
using sluice::expand_locations;
using sluice::natural_less;
using sluice::test::ScratchDir;
using sluice::test::write_file;
using Names = std::vector<std::string>;

TEST_CASE("location list: brace ranges, zero-padded, counting down, several, in paths and URLs")
{
    CHECK(expand_location("abstracts-{1..3}.xml.gz") == Names{"abstracts-1.xml.gz", "abstracts-2.xml.gz", "abstracts-3.xml.gz"});
    CHECK(expand_location("https://h/a{08..11}.gz") == Names{"https://h/a08.gz", "https://h/a09.gz", "https://h/a10.gz", "https://h/a11.gz"});
    CHECK(expand_location("p{1..010}") .size() == 10);
    CHECK(expand_location("p{1..010}").front() == "p001");
    CHECK(expand_location("p{3..1}") == Names{"p3", "p2", "p1"});
    CHECK(expand_location("p{5..5}") == Names{"p5"});
    CHECK(expand_location("{1..2}/x{a,b}-{0..1}") == Names{"1/x{a,b}-0", "1/x{a,b}-1", "2/x{a,b}-0", "2/x{a,b}-1"});
    // What is not a range stays as it is.
    CHECK(expand_location("a{b}c{..}d{1..}e{x..3}f{1.2}") == Names{"a{b}c{..}d{1..}e{x..3}f{1.2}"});
    CHECK(expand_location("/data/Posts.xml") == Names{"/data/Posts.xml"});
    CHECK(expand_location("https://h/x.xml?part=1") == Names{"https://h/x.xml?part=1"});  // '?' starts a query
    CHECK_THROWS_WITH_AS(expand_location("p{1..200000}"), "'p{1..200000}' names more than 100000 locations", sluice::UsageError);
    CHECK_THROWS_WITH_AS(expand_location("p{1..1000}{1..1000}"), "'p{1..1000}{1..1000}' names more than 100000 locations",
                         sluice::UsageError);
}

TEST_CASE("location list: natural order")
{
    Names names{"part10.gz", "part2.gz", "part1.gz", "Part3.gz", "part02.gz", "part2a.gz", "part", "part1.gz.bak", "a/part9", "a10/x"};
    std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return natural_less(a, b); });
    CHECK(names == Names{"Part3.gz", "a/part9", "a10/x", "part", "part1.gz", "part1.gz.bak", "part02.gz", "part2.gz",
                         "part2a.gz", "part10.gz"});
    CHECK_FALSE(natural_less("x1", "x1"));
    CHECK(natural_less("x99999999999999999999998", "x99999999999999999999999"));  // past 64 bits
}

TEST_CASE("location list: globs over local files in natural order")
{
    ScratchDir dir;
    namespace fs = std::filesystem;
    for (const auto* name : {"part1.xml.gz", "part2.xml.gz", "part10.xml.gz", "part3.txt", ".part4.xml.gz"})
        write_file(dir.file(name), "x");
    fs::create_directories(dir.file("sub/deeper"));
    fs::create_directories(dir.file("folder.xml.gz"));
    fs::create_directories(dir.file(".hidden"));
    write_file(dir.file("sub/part7.xml.gz"), "x");
    write_file(dir.file("sub/deeper/part11.xml.gz"), "x");
    write_file(dir.file(".hidden/part5.xml.gz"), "x");
    const auto in = [&](const Names& names) {
        Names out;
        for (const auto& name : names) out.push_back(dir.file(name));
        return out;
    };
    CHECK(expand_location(dir.file("part*.xml.gz")) == in({"part1.xml.gz", "part2.xml.gz", "part10.xml.gz"}));
    CHECK(expand_location(dir.file("part?.xml.gz")) == in({"part1.xml.gz", "part2.xml.gz"}));
    CHECK(expand_location(dir.file("part[13]*")) == in({"part1.xml.gz", "part3.txt", "part10.xml.gz"}));
    CHECK(expand_location(dir.file("**/*.xml.gz")) ==
          in({"part1.xml.gz", "part2.xml.gz", "part10.xml.gz", "sub/deeper/part11.xml.gz", "sub/part7.xml.gz"}));
    CHECK(expand_location(dir.file("*/*.xml.gz")) == in({"sub/part7.xml.gz"}));  // folders are not parts
    CHECK(expand_location(dir.file(".*/*.gz")) == in({".hidden/part5.xml.gz"}));   // a dot spelt out
    CHECK(expand_location("file://" + dir.file("sub/*.gz")) == in({"sub/part7.xml.gz"}));
    // A range, then a glob in each.
    CHECK(expand_location(dir.file("part{2..1}.*")) == in({"part2.xml.gz", "part1.xml.gz"}));
    CHECK_THROWS_WITH_AS(expand_location(dir.file("nothing*.gz")), ("no file matches '" + dir.file("nothing*.gz") + "'").c_str(),
                         sluice::UsageError);
    // A list: each entry as given, in the order given.
    CHECK(expand_locations({dir.file("part1*"), dir.file("part2.xml.gz"), "https://h/a{1..2}"}) ==
          Names{dir.file("part1.xml.gz"), dir.file("part10.xml.gz"), dir.file("part2.xml.gz"), "https://h/a1", "https://h/a2"});
}

TEST_CASE("location list: a glob over http(s) is a usage error")
{
    CHECK_THROWS_WITH_AS(expand_location("https://dumps.example.org/enwiki/*.xml.gz"),
                         "'https://dumps.example.org/enwiki/*.xml.gz': a glob cannot list files over http(s); name the "
                         "parts in a list or with a range such as {1..27}",
                         sluice::UsageError);
    CHECK_THROWS_AS(expand_location("HTTP://h/a{1..2}/*"), sluice::UsageError);
}
