#include "fetch/inflate_limit_source.hpp"

#include "memory_source.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::InflateLimits;
using sluice::InflateLimitSource;
using sluice::test::drain;
using sluice::test::memory_source;

TEST_CASE("inflate limits: a source within both caps is read whole")
{
    std::uint64_t downloaded = 100;
    InflateLimitSource source{memory_source(std::string(1000, 'x'), 64, "dump.gz"), [&] { return downloaded; },
                              InflateLimits{1000, 10, 0}};
    CHECK(drain(source, 100).size() == 1000);
    CHECK(source.position() == 1000);
}

TEST_CASE("inflate limits: more than max_bytes in all is refused")
{
    InflateLimitSource source{memory_source(std::string(1001, 'x'), 100, "dump.gz"), [] { return std::uint64_t{500}; },
                              InflateLimits{1000, 1e9, 0}};
    CHECK_THROWS_WITH_AS(drain(source, 100),
                         "dump.gz: byte 500: refused: it inflates to more than 1000 bytes (--max-inflated), from 500 "
                         "bytes downloaded: a decompression bomb?",
                         sluice::Error);
}

TEST_CASE("inflate limits: the ratio counts only past the grace amount")
{
    // 10 bytes downloaded: a ratio of 200 at 2000 bytes, which the grace of 4096 lets pass.
    InflateLimitSource lenient{memory_source(std::string(2000, 'x'), 100), [] { return std::uint64_t{10}; },
                               InflateLimits{1 << 20, 100, 4096}};
    CHECK(drain(lenient, 100).size() == 2000);

    InflateLimitSource strict{memory_source(std::string(5000, 'x'), 1000, "bomb.zip:member"),
                              [] { return std::uint64_t{10}; }, InflateLimits{1 << 20, 100, 4096}};
    CHECK_THROWS_WITH_AS(drain(strict, 1000),
                         "bomb.zip:member: byte 10: refused: 5000 bytes inflated from 10 downloaded, a ratio over 100 "
                         "(--max-ratio): a decompression bomb?",
                         sluice::Error);
}
