#include "fetch/gzip_source.hpp"
#include "fetch/isal_gzip_source.hpp"

#include "archive_bytes.hpp"
#include "core/error.hpp"
#include "fetch/file_source.hpp"
#include "memory_source.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <array>
#include <string>

using sluice::GzipSource;
using sluice::IsalGzipSource;
using sluice::test::drain;
using sluice::test::gzip_bytes;
using sluice::test::memory_source;

namespace {

// 20 KB of text that compresses, but not to nothing: lines with a counter in them.
std::string sample_text()
{
    std::string text;
    for (int i = 0; text.size() < 20'000; ++i)
        text += "<doc><title>Wikipedia: Page " + std::to_string(i * 7919 % 10007) + "</title></doc>\n";
    return text;
}

const std::string kTruncated = "truncated gzip data: the stream ends inside a member";

} // namespace

TEST_CASE_TEMPLATE("gzip: inflates one member exactly, whatever the chunk sizes", Source, GzipSource, IsalGzipSource)
{
    const std::string text = sample_text();
    const std::string gz = gzip_bytes(text);
    REQUIRE(gz.size() < text.size());
    for (const std::size_t upstream_read : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
        for (const std::size_t buffer : {std::size_t{1}, std::size_t{13}, std::size_t{256} * 1024}) {
            for (const std::size_t out : {std::size_t{1}, std::size_t{4096}}) {
                if (upstream_read == 1 && out == 1 && buffer != 1) continue;  // same paths, just slower
                CAPTURE(upstream_read);
                CAPTURE(buffer);
                CAPTURE(out);
                Source source(memory_source(gz, upstream_read), buffer);
                CHECK(drain(source, out) == text);
                CHECK(source.position() == text.size());
                std::array<char, 16> more{};
                CHECK(source.read(more) == 0);  // the end stays the end
            }
        }
    }
}

TEST_CASE_TEMPLATE("gzip: position() counts inflated bytes handed out so far", Source, GzipSource, IsalGzipSource)
{
    const std::string text = sample_text();
    Source source(memory_source(gzip_bytes(text), 5));
    CHECK(source.position() == 0);
    std::array<char, 1000> buffer{};
    std::uint64_t total = 0;
    std::string out;
    while (const auto n = source.read(buffer)) {
        CHECK(n <= buffer.size());
        total += n;
        out.append(buffer.data(), n);
        CHECK(source.position() == total);
    }
    CHECK(total == text.size());
    CHECK(out == text);
}

TEST_CASE_TEMPLATE("gzip: concatenated members read as one stream, as gzip -d does", Source, GzipSource, IsalGzipSource)
{
    const std::string first = "<feed>\n<doc><title>Wikipedia: Anarchism</title></doc>\n";
    const std::string second = "<doc><title>Wikipedia: Heat (1995 film)</title></doc>\n</feed>\n";
    const std::string two = gzip_bytes(first) + gzip_bytes(second);
    for (const std::size_t upstream_read : {std::size_t{1}, std::size_t{1} << 20}) {
        CAPTURE(upstream_read);
        Source source(memory_source(two, upstream_read), 64);
        CHECK(drain(source, 3) == first + second);
        CHECK(source.position() == first.size() + second.size());
    }
    // An empty member in between contributes nothing, and is no end of the stream.
    Source three(memory_source(gzip_bytes(first) + gzip_bytes("") + gzip_bytes(second)));
    CHECK(drain(three) == first + second);
}

TEST_CASE_TEMPLATE("gzip: a truncated stream throws with the compressed length as the offset", Source, GzipSource, IsalGzipSource)
{
    const std::string text = sample_text();
    const std::string gz = gzip_bytes(text);
    // Inside the header, inside the deflate data, and with only the last trailer byte missing.
    for (const std::size_t cut : {std::size_t{1}, std::size_t{5}, gz.size() / 2, gz.size() - 1}) {
        for (const std::size_t upstream_read : {std::size_t{1}, std::size_t{1} << 20}) {
            CAPTURE(cut);
            CAPTURE(upstream_read);
            Source source(memory_source(gz.substr(0, cut), upstream_read, "enwiki.xml.gz"));
            std::string out;
            std::string error;
            try {
                std::array<char, 512> buffer{};
                while (const auto n = source.read(buffer)) out.append(buffer.data(), n);
            } catch (const sluice::Error& e) {
                error = e.what();
                CHECK(e.where().byte == cut);
            }
            CHECK(error == "enwiki.xml.gz: byte " + std::to_string(cut) + ": " + kTruncated);
            // What was inflated before the cut was handed out, and is a prefix of the text.
            CHECK(text.starts_with(out));
            CHECK(source.position() == out.size());
        }
    }
}

TEST_CASE_TEMPLATE("gzip: a stream cut inside the second member is truncated too", Source, GzipSource, IsalGzipSource)
{
    const std::string first = gzip_bytes("first member\n");
    const std::string second = gzip_bytes("second member\n");
    const std::string cut = first + second.substr(0, 4);
    Source source(memory_source(cut, 1, "two.gz"));
    CHECK_THROWS_WITH_AS(drain(source), ("two.gz: byte " + std::to_string(cut.size()) + ": " + kTruncated).c_str(),
                         sluice::Error);
}

TEST_CASE("gzip (zlib): corrupt data throws 'corrupt gzip data' with the compressed offset")
{
    const std::string text = sample_text();
    const std::string gz = gzip_bytes(text);

    SUBCASE("an invalid deflate block type right after the 10-byte header")
    {
        std::string bad = gz;
        bad[10] = static_cast<char>(0xff);  // BFINAL=1, BTYPE=11 (reserved)
        for (const std::size_t upstream_read : {std::size_t{1}, std::size_t{1} << 20}) {
            CAPTURE(upstream_read);
            GzipSource source(memory_source(bad, upstream_read, "bad.gz"));
            // zlib has taken byte 10 when it sees the block type; the next unread byte is 11.
            CHECK_THROWS_WITH_AS(drain(source), "bad.gz: byte 11: corrupt gzip data: invalid block type",
                                 sluice::Error);
        }
    }
    SUBCASE("not gzip at all")
    {
        GzipSource source(memory_source("<feed>\n</feed>\n", 1, "plain.xml"));
        CHECK_THROWS_WITH_AS(drain(source), "plain.xml: byte 2: corrupt gzip data: incorrect header check",
                             sluice::Error);
    }
    SUBCASE("a wrong CRC-32 in the trailer")
    {
        std::string bad = gz;
        bad[gz.size() - 8] = static_cast<char>(bad[gz.size() - 8] ^ 0x01);
        GzipSource source(memory_source(bad, 1 << 20, "crc.gz"));
        // All data was inflated before the check: the error is at the end of the CRC.
        CHECK_THROWS_WITH_AS(drain(source), ("crc.gz: byte " + std::to_string(gz.size() - 4) +
                                             ": corrupt gzip data: CRC mismatch in member 1").c_str(),
                             sluice::Error);
    }
    SUBCASE("a wrong length in the trailer")
    {
        std::string bad = gz;
        bad[gz.size() - 4] = static_cast<char>(bad[gz.size() - 4] ^ 0x01);
        GzipSource source(memory_source(bad, 1 << 20, "len.gz"));
        CHECK_THROWS_WITH_AS(drain(source), ("len.gz: byte " + std::to_string(gz.size()) +
                                             ": corrupt gzip data: length mismatch in member 1").c_str(),
                             sluice::Error);
    }
}

TEST_CASE_TEMPLATE("gzip: empty input is an error, but an empty member is an empty stream", Source, GzipSource, IsalGzipSource)
{
    Source empty_member(memory_source(gzip_bytes(""), 1, "empty-member.gz"));
    CHECK(drain(empty_member) == "");
    CHECK(empty_member.position() == 0);

    Source source(memory_source("", 1, "empty.gz"));
    std::array<char, 16> buffer{};
    CHECK_THROWS_WITH_AS(source.read(buffer), "empty.gz: byte 0: empty file", sluice::Error);
}

TEST_CASE_TEMPLATE("gzip: an upstream failure propagates unchanged", Source, GzipSource, IsalGzipSource)
{
    const std::string gz = gzip_bytes(sample_text());
    auto upstream = std::make_unique<sluice::test::MemorySource>(gz, 100, "https://dumps.example/enwiki.xml.gz");
    upstream->fail_at(300);
    Source source(std::move(upstream));
    CHECK(source.name() == "https://dumps.example/enwiki.xml.gz");
    CHECK_THROWS_WITH_AS(drain(source), "https://dumps.example/enwiki.xml.gz: byte 300: connection reset",
                         sluice::Error);
}

TEST_CASE_TEMPLATE("gzip: the real test2.xml.gz inflates to its 4,073 bytes", Source, GzipSource, IsalGzipSource)
{
    const auto path = sluice::test::real_data("test2.xml.gz");
    Source source(std::make_unique<sluice::FileSource>(path));
    CHECK(source.name() == path);
    const std::string xml = drain(source, 1000);
    CHECK(xml.size() == 4073);
    CHECK(source.position() == 4073);
    CHECK(xml.starts_with("<feed>\n<doc>\n<title>Wikipedia: Anarchism</title>\n"));
    CHECK(xml.ends_with("</links>\n</doc>\n</feed>"));  // no final newline
}

TEST_CASE("gzip (ISA-L): corrupt data throws 'corrupt gzip data' with the compressed offset")
{
    const std::string text = sample_text();
    const std::string gz = gzip_bytes(text);
    const auto error_of = [](const std::string& bytes, std::size_t upstream_read) {
        IsalGzipSource source(memory_source(bytes, upstream_read, "bad.gz"));
        try {
            drain(source);
        } catch (const sluice::Error& e) {
            return std::string{e.what()};
        }
        return std::string{};
    };
    std::string bad = gz;
    bad[10] = static_cast<char>(0xff);  // BFINAL=1, BTYPE=11 (reserved)
    CHECK(error_of(bad, 1) == "bad.gz: byte 11: corrupt gzip data: invalid deflate block");
    CHECK(error_of(bad, 1 << 20) == "bad.gz: byte 11: corrupt gzip data: invalid deflate block");
    CHECK(error_of("<feed>\n</feed>\n", 1) == "bad.gz: byte 10: corrupt gzip data: not a gzip header");

    std::string crc = gz;
    crc[gz.size() - 8] = static_cast<char>(crc[gz.size() - 8] ^ 0x01);
    CHECK(error_of(crc, 1 << 20) == "bad.gz: byte " + std::to_string(gz.size()) + ": corrupt gzip data: CRC-32 or length mismatch in member 1");
    std::string length = gz;
    length[gz.size() - 4] = static_cast<char>(length[gz.size() - 4] ^ 0x01);
    CHECK(error_of(length, 1 << 20) == "bad.gz: byte " + std::to_string(gz.size()) + ": corrupt gzip data: CRC-32 or length mismatch in member 1");
}
