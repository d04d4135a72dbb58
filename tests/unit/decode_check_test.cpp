#include "fetch/decode_check.hpp"
#include "fetch/gzip_source.hpp"
#include "fetch/inflate_limit_source.hpp"
#include "tests/unit/archive_bytes.hpp"
#include "tests/unit/memory_source.hpp"

#include <doctest/doctest.h>

using namespace sluice;
using sluice::test::memory_source;

namespace {

std::string rethrown(const DecodeCheck& check, const Error& parse_failure)
{
    try {
        check.rethrow(parse_failure);
    } catch (const DecodeError& error) {
        return std::string{"DecodeError: "} + error.what();
    } catch (const Error& error) {
        return std::string{"Error: "} + error.what();
    }
    return "nothing";
}

const Error kParseFailure{"dump.xml.gz", "malformed XML: expected '>'", {12, 5, 4000}};

} // namespace

TEST_CASE("decode check: the decoder's error found by reading on is reported, the parser's after it")
{
    auto gz = test::gzip_bytes(std::string(100'000, 'x'), 0);
    gz[gz.size() / 2] = 'y';  // stored data: only the CRC can tell
    GzipSource source{memory_source(gz, 4096, "dump.xml.gz")};
    std::vector<char> head(1000);
    source.read(head);  // the parser had this much when it failed
    DecodeCheck check;
    check.read_on(source);
    CHECK(rethrown(check, kParseFailure) ==
          "DecodeError: dump.xml.gz: byte " + std::to_string(gz.size() - 4) +
              ": corrupt gzip data: CRC mismatch in member 1; the parser had failed first, on the data it inflated to, "
              "at line 12, column 5 (byte 4000): malformed XML: expected '>'");
}

TEST_CASE("decode check: sound data to its end leaves the parser's error as it was")
{
    GzipSource source{memory_source(test::gzip_bytes(std::string(100'000, 'x')), 4096, "dump.xml.gz")};
    DecodeCheck check;
    check.read_on(source);
    CHECK(check.done());
    CHECK(rethrown(check, kParseFailure) == "Error: dump.xml.gz: line 12, column 5 (byte 4000): malformed XML: expected '>'");
}

TEST_CASE("decode check: out of time before the end, the parser's error says how long the data was checked")
{
    GzipSource source{memory_source(test::gzip_bytes(std::string(100'000, 'x')), 4096, "dump.xml.gz")};
    DecodeCheck check{std::chrono::seconds{0}};
    check.read_on(source);
    CHECK(check.expired());
    CHECK(rethrown(check, kParseFailure) ==
          "Error: dump.xml.gz: line 12, column 5 (byte 4000): malformed XML: expected '>' (the compressed data after it "
          "decoded cleanly for the 0 s it was checked)");
}

TEST_CASE("decode check: a limit met while reading on (a bomb's ratio) is no verdict on the data")
{
    // 8 MiB of one byte deflate to a few KiB: past a 1 MiB grace the ratio limit refuses it.
    auto gzip = std::make_unique<GzipSource>(memory_source(test::gzip_bytes(std::string(8 << 20, 'x'), 9), 4096, "dump.xml.gz"));
    InflateLimitSource limited{std::move(gzip), [] { return std::uint64_t{1000}; }, {1ULL << 40, 100, 1 << 20}};
    DecodeCheck check;
    check.read_on(limited);
    CHECK(check.done());
    CHECK(rethrown(check, kParseFailure) == "Error: dump.xml.gz: line 12, column 5 (byte 4000): malformed XML: expected '>'");
}
