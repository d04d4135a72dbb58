#include "fetch/prefix_source.hpp"

#include "memory_source.hpp"

#include <doctest/doctest.h>

#include <array>
#include <string>
#include <vector>

using sluice::PrefixSource;
using sluice::test::drain;
using sluice::test::memory_source;

TEST_CASE("prefix source: replays the sniffed bytes, then reads on from upstream")
{
    for (const std::size_t out : {std::size_t{1}, std::size_t{3}, std::size_t{4096}}) {
        CAPTURE(out);
        PrefixSource source({'P', 'K', '\3', '\4'}, memory_source("rest of the archive", 5, "movies.zip"));
        CHECK(source.name() == "movies.zip");
        CHECK(drain(source, out) == std::string{"PK\3\4rest of the archive"});
        CHECK(source.position() == 23);
    }
}

TEST_CASE("prefix source: a prefix read in parts and an upstream that is already done")
{
    PrefixSource source({'a', 'b', 'c'}, memory_source(""));
    std::array<char, 2> buffer{};
    CHECK(source.read(buffer) == 2);
    CHECK(std::string(buffer.data(), 2) == "ab");
    CHECK(source.position() == 2);
    CHECK(source.read(buffer) == 1);  // the prefix's rest, not mixed with upstream bytes
    CHECK(buffer[0] == 'c');
    CHECK(source.read(buffer) == 0);
    CHECK(source.position() == 3);
}

TEST_CASE("prefix source: an empty prefix is just the upstream")
{
    PrefixSource source({}, memory_source("xyz", 1));
    CHECK(drain(source) == "xyz");
    CHECK(source.position() == 3);
}
