#include "parse/transcoding_source.hpp"

#include "core/error.hpp"
#include "memory_source.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::TranscodingSource;
using sluice::test::drain;
using sluice::test::memory_source;
using Invalid = TranscodingSource::Invalid;

namespace {

const std::string kReplacement = "\xEF\xBF\xBD";

// Everything read, or the text read up to the error and the error.
std::string read_all(TranscodingSource& source, std::size_t buffer)
{
    std::string out;
    std::string chunk(buffer, '\0');
    try {
        for (;;) {
            const auto n = source.read(chunk);
            if (n == 0) return out;
            out.append(chunk.data(), n);
        }
    } catch (const sluice::Error& e) {
        return out + "|" + e.what();
    }
}

} // namespace

TEST_CASE("transcoding: single-byte and multi-byte encodings become UTF-8, whatever the chunks")
{
    struct Case {
        const char* encoding;
        std::string text;
        std::string utf8;
    };
    const Case cases[] = {
        {"ISO-8859-1", "caf\xE9 cr\xE8me \xFF", "caf\xC3\xA9 cr\xC3\xA8me \xC3\xBF"},
        {"latin1", "\xE9t\xE9", "\xC3\xA9t\xC3\xA9"},
        {"windows-1252", "\x80 \x93quoted\x94", "\xE2\x82\xAC \xE2\x80\x9Cquoted\xE2\x80\x9D"},
        {"ISO-8859-15", "\xA4", "\xE2\x82\xAC"},
        {"Shift_JIS", "\x82\xA0\x82\xA2", "\xE3\x81\x82\xE3\x81\x84"},
        {"UTF-16LE", std::string("h\0\xE9\0=\xD8\x00\xDE", 8), "h\xC3\xA9\xF0\x9F\x98\x80"},
        {"UTF-8", "Am\xC3\xA9lie", "Am\xC3\xA9lie"},
    };
    for (const auto& c : cases) {
        for (const std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{4096}}) {
            for (const std::size_t buffer : {std::size_t{1}, std::size_t{4}, std::size_t{4096}}) {
                CAPTURE(c.encoding);
                CAPTURE(chunk);
                CAPTURE(buffer);
                TranscodingSource source{memory_source(c.text, chunk, "dump.xml"), c.encoding, Invalid::refuse};
                CHECK(read_all(source, buffer) == c.utf8);
                CHECK(source.position() == c.utf8.size());
                CHECK(source.replaced() == 0);
            }
        }
    }
}

TEST_CASE("transcoding: bytes invalid in the encoding are refused at their offset, after the text before them")
{
    struct Case {
        const char* encoding;
        std::string text;
        std::string expected;
    };
    const std::string tail = " (--invalid-utf8 replace puts U+FFFD in its place)";
    const Case cases[] = {
        {"US-ASCII", "caf\xE9 au lait", "caf|dump.xml: byte 3: not valid US-ASCII: 0xE9" + tail},
        {"Shift_JIS", "\x82\xA0 \xFF!", "\xE3\x81\x82 |dump.xml: byte 3: not valid Shift_JIS: 0xFF" + tail},
        {"UTF-8", "ok \xC3(", "ok |dump.xml: byte 3: not valid UTF-8: 0xC3" + tail},
        {"UTF-16LE", std::string("a\0\x00\xDC", 4), "a|dump.xml: byte 2: not valid UTF-16LE: 0x00 0xDC" + tail},
        {"UTF-16LE", std::string("a\0b", 3), "a|dump.xml: byte 2: the text ends inside a UTF-16LE character: 0x62" + tail},
    };
    for (const auto& c : cases) {
        for (const std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{4096}}) {
            CAPTURE(c.encoding);
            CAPTURE(chunk);
            TranscodingSource source{memory_source(c.text, chunk, "dump.xml"), c.encoding, Invalid::refuse};
            CHECK(read_all(source, 4096) == c.expected);
        }
    }
    // Far into a long text: the offset is the input's, not the output's.
    const std::string latin(300000, 'x');
    TranscodingSource source{memory_source(latin + "\xE9\xE9\xFF", 7000, "dump.xml"), "US-ASCII", Invalid::refuse};
    CHECK(read_all(source, 65536) == latin + "|dump.xml: byte 300000: not valid US-ASCII: 0xE9" + tail);
}

TEST_CASE("transcoding: replaced, each invalid sequence becomes U+FFFD and is counted")
{
    TranscodingSource ascii{memory_source("caf\xE9 \xFF\xFE!", 2), "US-ASCII", Invalid::replace};
    CHECK(drain(ascii, 3) == "caf" + kReplacement + " " + kReplacement + kReplacement + "!");
    CHECK(ascii.replaced() == 3);
    // Shift_JIS: ICU's own substitute would be U+001A, which XML does not allow.
    TranscodingSource sjis{memory_source("\x82\xA0\xFF", 1), "Shift_JIS", Invalid::replace};
    CHECK(drain(sjis) == "\xE3\x81\x82" + kReplacement);
    CHECK(sjis.replaced() == 1);
}

TEST_CASE("transcoding: an unknown encoding, and an upstream failure")
{
    CHECK_THROWS_WITH_AS(TranscodingSource(memory_source("x", 1, "dump.xml"), "klingon-1", Invalid::refuse),
                         "dump.xml: unknown encoding 'klingon-1'", sluice::Error);
    auto upstream = memory_source("caf\xE9 and then the connection drops", 1 << 20, "dump.xml");
    static_cast<sluice::test::MemorySource&>(*upstream).fail_at(10);
    TranscodingSource source{std::move(upstream), "ISO-8859-1", Invalid::refuse};
    CHECK(read_all(source, 4096) == "caf\xC3\xA9 and t|dump.xml: byte 10: connection reset");
}

TEST_CASE("transcoding: a lone UTF-16 surrogate is placed at its own bytes, however the input comes")
{
    // Found by tests/fuzz/fuzz_xml_doc_reader: read a byte at a time, ICU took the first byte of
    // the unit after the surrogate before it knew the surrogate was alone, and the offset was one
    // too many.
    const std::string text("a\0b\0\xFF\xD8*\0c\0", 10);
    const std::string expected = "ab|dump.xml: byte 4: not valid UTF-16LE: 0xFF 0xD8 (--invalid-utf8 replace puts U+FFFD in its place)";
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{5}, std::size_t{4096}}) {
        CAPTURE(chunk);
        TranscodingSource source{memory_source(text, chunk, "dump.xml"), "UTF-16LE", Invalid::refuse};
        CHECK(read_all(source, 4096) == expected);
    }
    // At an odd offset, after a byte order mark and an odd number of bytes, alike.
    const std::string odd = std::string("\xFF\xFE", 2) + std::string("x\0\x34\xD8\x41\x41", 6);
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{4096}}) {
        CAPTURE(chunk);
        TranscodingSource source{memory_source(odd, chunk, "dump.xml"), "UTF-16LE", Invalid::refuse};
        CHECK(read_all(source, 4096) ==
              "\xEF\xBB\xBFx|dump.xml: byte 4: not valid UTF-16LE: 0x34 0xD8 (--invalid-utf8 replace puts U+FFFD in its place)");
    }
}

TEST_CASE("transcoding: a refusal comes after every byte converted before it, whatever the reads")
{
    // Found by tests/fuzz/fuzz_xml_doc_reader: a character the caller's buffer had no room for
    // waited in the encoder, and was lost when the next read met the invalid bytes.
    const std::string text = std::string("\x3C\x12\x3C\x12", 4) + std::string("\x00\xDC", 2);  // U+123C twice, a lone low surrogate
    const std::string expected = "\xE1\x88\xBC\xE1\x88\xBC|dump.xml: byte 4: not valid UTF-16LE: 0x00 0xDC (--invalid-utf8 replace "
                                 "puts U+FFFD in its place)";
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{4096}}) {
        for (const std::size_t buffer : {std::size_t{1}, std::size_t{2}, std::size_t{4}, std::size_t{4096}}) {
            CAPTURE(chunk);
            CAPTURE(buffer);
            TranscodingSource source{memory_source(text, chunk, "dump.xml"), "UTF-16LE", Invalid::refuse};
            CHECK(read_all(source, buffer) == expected);
        }
    }
}
