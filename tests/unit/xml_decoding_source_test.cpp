#include "parse/xml_decoding_source.hpp"

#include "core/error.hpp"
#include "encoded_text.hpp"
#include "memory_source.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::XmlDecodingSource;
using sluice::test::MemorySource;
using sluice::test::converted;
using namespace std::string_literals;

namespace {

// What the stage hands out (read in `buffer`-byte reads from a source giving `chunk` bytes a
// read), and its error after it.
std::string decoded(const std::string& xml, bool replace = false, std::size_t chunk = 1 << 20, std::size_t buffer = 4096)
{
    MemorySource source{xml, chunk, "dump.xml"};
    XmlDecodingSource text{source, replace};
    std::string out;
    std::string bytes(buffer, '\0');
    try {
        for (;;) {
            const auto n = text.read(bytes);
            if (n == 0) break;
            out.append(bytes.data(), n);
        }
    } catch (const sluice::Error& e) {
        out += "|" + std::string{e.what()};
    }
    if (text.replaced() > 0) out += "|replaced " + std::to_string(text.replaced());
    return out;
}

std::string decoded_every_way(const std::string& xml, bool replace = false)
{
    const auto whole = decoded(xml, replace);
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{5}}) {
        for (const std::size_t buffer : {std::size_t{1}, std::size_t{3}, std::size_t{4096}}) {
            CAPTURE(chunk);
            CAPTURE(buffer);
            CHECK(decoded(xml, replace, chunk, buffer) == whole);
        }
    }
    return whole;
}

} // namespace

TEST_CASE("xml decoding: a document in another encoding is handed on as UTF-8, its declaration as it was")
{
    const std::string declaration = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n";
    CHECK(decoded_every_way(declaration + "<feed>caf\xE9</feed>") == declaration + "<feed>caf\xC3\xA9</feed>");
    const std::string cp1252 = "<?xml version='1.0' encoding='windows-1252'?><feed>\x93" "80\x80\x94</feed>";
    CHECK(decoded_every_way(cp1252) ==
          "<?xml version='1.0' encoding='windows-1252'?><feed>\xE2\x80\x9C" "80\xE2\x82\xAC\xE2\x80\x9D</feed>");
    // UTF-16 with and without a byte order mark (its mark becomes UTF-8's, which libxml2 skips).
    const std::string utf8 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><feed>\xC3\xA9\xF0\x9F\x98\x80</feed>";
    CHECK(decoded_every_way("\xFF\xFE" + converted(utf8, "UTF-16LE")) == "\xEF\xBB\xBF" + utf8);
    CHECK(decoded_every_way("\xFE\xFF" + converted(utf8, "UTF-16BE")) == "\xEF\xBB\xBF" + utf8);
    CHECK(decoded_every_way(converted(utf8, "UTF-16LE")) == utf8);
    // EBCDIC: the declaration names the code page.
    const std::string ebcdic = "<?xml version=\"1.0\" encoding=\"IBM037\"?><feed>caf\xC3\xA9</feed>";
    CHECK(decoded_every_way(converted(ebcdic, "IBM037")) == ebcdic);
}

TEST_CASE("xml decoding: UTF-8 passes through untouched unless invalid bytes are to be replaced")
{
    const std::string text = "\xEF\xBB\xBF<?xml version=\"1.0\"?><feed>caf\xE9 \xC3\xA9</feed>";
    CHECK(decoded_every_way(text) == text);  // libxml2 places the bad byte itself
    CHECK(decoded_every_way(text, true) ==
          "\xEF\xBB\xBF<?xml version=\"1.0\"?><feed>caf\xEF\xBF\xBD \xC3\xA9</feed>|replaced 1");
    CHECK(decoded_every_way("<feed/>") == "<feed/>");
    CHECK(decoded_every_way("") == "");
}

TEST_CASE("xml decoding: bytes invalid in the declared encoding are refused at their byte, or replaced")
{
    const std::string xml = "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>\n<feed>caf\xE9</feed>";
    CHECK(decoded_every_way(xml) == "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>\n<feed>caf|dump.xml: byte 51: not valid "
                                    "US-ASCII: 0xE9 (--invalid-utf8 replace puts U+FFFD in its place)");
    CHECK(decoded_every_way(xml, true) ==
          "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>\n<feed>caf\xEF\xBF\xBD</feed>|replaced 1");
}

TEST_CASE("xml decoding: an encoding ICU does not know is named where it is declared")
{
    CHECK(decoded("<?xml version=\"1.0\" encoding=\"klingon-1\"?><feed/>") ==
          "|dump.xml: line 1, column 31 (byte 30): unknown encoding 'klingon-1' in the XML declaration (ICU has no "
          "converter by that name)");
    CHECK(decoded("\x4C\x6F\xA7\x94\x93\x40") ==
          "|dump.xml: line 1 (byte 0): an EBCDIC document without an encoding declaration: its code page is unknown");
}

TEST_CASE("xml decoding: a source failing while the declaration is read fails after the bytes before it")
{
    MemorySource source{"<feed>caf\xC3\xA9 and more", 3, "dump.xml"};
    source.fail_at(8);
    XmlDecodingSource text{source, false};
    std::string out;
    std::string bytes(4096, '\0');
    try {
        for (std::size_t n; (n = text.read(bytes)) > 0;) out.append(bytes.data(), n);
    } catch (const sluice::Error& e) {
        out += "|" + std::string{e.what()};
    }
    CHECK(out == "<feed>ca|dump.xml: byte 8: connection reset");
}
