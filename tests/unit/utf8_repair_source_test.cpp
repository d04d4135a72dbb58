#include "parse/utf8_repair_source.hpp"

#include "memory_source.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::Utf8RepairSource;
using sluice::test::drain;
using sluice::test::memory_source;

namespace {

const std::string kReplacement = "\xEF\xBF\xBD";

} // namespace

TEST_CASE("utf8 repair: well-formed text passes through unchanged, whatever the chunk sizes")
{
    const std::string text = "Am\xC3\xA9lie, \xE5\x8D\x83\xE3\x81\xA8\xE5\x8D\x83\xE5\xB0\x8B, \xF0\x9F\x8E\xAC and plain ASCII";
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{4096}}) {
        for (const std::size_t out : {std::size_t{1}, std::size_t{3}, std::size_t{4096}}) {
            CAPTURE(chunk);
            CAPTURE(out);
            Utf8RepairSource source{memory_source(text, chunk, "abstracts.xml")};
            CHECK(drain(source, out) == text);
            CHECK(source.replaced() == 0);
            CHECK(source.position() == text.size());
            CHECK(source.name() == "abstracts.xml");
        }
    }
}

TEST_CASE("utf8 repair: each ill-formed sequence becomes U+FFFD and is counted")
{
    // A stray continuation byte, a lone 0xFF, an overlong '/', an encoded surrogate, and a
    // sequence cut off by the end of the stream.
    const std::string text = "a\x80" "b\xFF" "c\xC0\xAF" "d\xED\xA0\x80" "e\xE2\x82";
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{4096}}) {
        CAPTURE(chunk);
        Utf8RepairSource source{memory_source(text, chunk)};
        const auto repaired = drain(source, 5);
        CHECK(repaired.find('\x80') == std::string::npos);
        CHECK(repaired.starts_with("a" + kReplacement + "b" + kReplacement + "c"));
        CHECK(repaired.find("e" + kReplacement) != std::string::npos);
        // ICU replaces each maximal ill-formed part: the overlong and the surrogate count one per byte.
        CHECK(source.replaced() == 8);
        CHECK(repaired == "a" + kReplacement + "b" + kReplacement + "c" + kReplacement + kReplacement + "d" +
                              kReplacement + kReplacement + kReplacement + "e" + kReplacement);
    }
}

TEST_CASE("utf8 repair: an upstream error passes through")
{
    auto upstream = memory_source("good text, then the connection drops");
    static_cast<sluice::test::MemorySource&>(*upstream).fail_at(10);
    Utf8RepairSource source{std::move(upstream)};
    CHECK_THROWS_WITH_AS(drain(source, 4096), "memory: byte 10: connection reset", sluice::Error);
}
