// XmlDocReader on what a dump should not be: in another encoding than UTF-8, nested or sized to
// exhaust memory or CPU, or holding no <doc> at all. Each outcome is the same whatever the read
// and chunk sizes.

#include "core/error.hpp"
#include "encoded_text.hpp"
#include "memory_source.hpp"
#include "parse/xml_doc_reader.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using sluice::WikiDoc;
using sluice::XmlDocReader;
using sluice::XmlReadOptions;
using sluice::test::MemorySource;
using sluice::test::converted;

namespace {

// The docs' titles and abstracts, the count read, the error, the sequences replaced.
std::string outcome(const std::string& xml, const XmlReadOptions& options = {}, std::size_t max_read = 1 << 20,
                    std::size_t chunk = 256 * 1024)
{
    MemorySource source(xml, max_read, "dump.xml");
    XmlDocReader reader(source, chunk, {}, options);
    std::string out;
    try {
        WikiDoc doc;
        while (reader.next(doc)) out += doc.title + "=" + doc.abstract + "\n";
    } catch (const sluice::Error& e) {
        out += std::string{"error: "} + e.what() + "\n";
    }
    out += "read " + std::to_string(reader.docs_read());
    if (reader.replaced() > 0) out += ", replaced " + std::to_string(reader.replaced());
    return out;
}

std::string outcome_every_way(const std::string& xml, const XmlReadOptions& options = {})
{
    const auto whole = outcome(xml, options);
    for (const auto& [max_read, chunk] : {std::pair<std::size_t, std::size_t>{1, 1}, {3, 7}, {1 << 20, 5}, {64, 4096}}) {
        CAPTURE(max_read);
        CAPTURE(chunk);
        CHECK(outcome(xml, options, max_read, chunk) == whole);
    }
    return whole;
}

std::string declared(const char* encoding)
{
    return std::string{"<?xml version=\"1.0\" encoding=\""} + encoding + "\"?>\n";
}

const std::string kTail = " (--invalid-utf8 replace puts U+FFFD in its place)";
const std::string kReplacement = "\xEF\xBF\xBD";

} // namespace

// ---------------------------------------------------------------------------------------------
// Encodings

TEST_CASE("xml encoding: a dump in ISO-8859-1, windows-1252, ISO-8859-15, UTF-16 or EBCDIC reads as its UTF-8 twin")
{
    const std::string body = "<feed>\n<doc><title>Wikipedia: Caf\xC3\xA9 cr\xC3\xA8me</title>"
                             "<abstract>\xC2\xAB Na\xC3\xAFve \xC2\xBB &amp; s\xC3\xBBr</abstract></doc>\n"
                             "<doc><title>\xC3\x86on</title><abstract>\xC3\xB8</abstract></doc>\n</feed>\n";
    const std::string expected = "Caf\xC3\xA9 cr\xC3\xA8me=\xC2\xAB Na\xC3\xAFve \xC2\xBB & s\xC3\xBBr\n\xC3\x86on=\xC3\xB8\nread 2";
    CHECK(outcome_every_way(declared("UTF-8") + body) == expected);
    for (const char* encoding : {"ISO-8859-1", "latin1", "windows-1252", "ISO-8859-15", "IBM037"}) {
        CAPTURE(encoding);
        CHECK(outcome_every_way(converted(declared(encoding) + body, encoding)) == expected);
    }
    CHECK(outcome_every_way("\xFF\xFE" + converted(declared("UTF-16") + body, "UTF-16LE")) == expected);
    CHECK(outcome_every_way("\xFE\xFF" + converted(declared("UTF-16") + body, "UTF-16BE")) == expected);
    CHECK(outcome_every_way(converted(declared("UTF-16LE") + body, "UTF-16LE")) == expected);
    // windows-1252's own characters, which ISO-8859-1 lacks.
    CHECK(outcome_every_way(declared("windows-1252") + "<feed><doc><title>\x93Quoted\x94</title><abstract>\x80 5</abstract></doc></feed>") ==
          "\xE2\x80\x9CQuoted\xE2\x80\x9D=\xE2\x82\xAC 5\nread 1");
}

TEST_CASE("xml encoding: errors in a dump in another encoding are at the line and column of its text")
{
    // The same tag mismatch after non-ASCII text, in UTF-8 and in ISO-8859-1: libxml2 counts
    // columns in characters, so they agree; the byte counts the UTF-8 text (README).
    const std::string body = "<feed>\n<doc><title>\xC3\xA9\xC3\xA9\xC3\xA9</titel></doc>\n</feed>\n";
    const auto utf8 = outcome_every_way(declared("UTF-8") + body);
    // Line 3 is "<doc><title>\xC3\xA9\xC3\xA9\xC3\xA9</titel>": 23 characters (26 bytes) before the error.
    CHECK(utf8 == "error: dump.xml: line 3, column 24 (byte 72): malformed XML: Opening and ending tag mismatch: title line "
                  "3 and titel\nread 0");
    const auto latin1_declaration = declared("ISO-8859-1");
    const auto latin1 = outcome_every_way(converted(latin1_declaration + body, "ISO-8859-1"));
    CHECK(latin1 == "error: dump.xml: line 3, column 24 (byte 77): malformed XML: Opening and ending tag mismatch: title "
                    "line 3 and titel\nread 0");
    CHECK(latin1_declaration.size() - declared("UTF-8").size() == 5);  // the bytes differ by the name's length only
}

TEST_CASE("xml encoding: bytes invalid in the declared encoding are refused at their byte, after the docs before them")
{
    const std::string doc = "<doc><title>A</title></doc>\n";
    const auto xml = [&](const char* encoding, const std::string& bad) {
        return declared(encoding) + "<feed>\n" + doc + "<doc><title>caf" + bad + "</title></doc>\n</feed>\n";
    };
    // The bad byte's offset: after the declaration (its length varies with the name), the root
    // and the first doc, and "<doc><title>caf".
    const auto at = [&](const char* encoding) { return std::to_string(declared(encoding).size() + 7 + doc.size() + 15); };
    CHECK(outcome_every_way(xml("US-ASCII", "\xE9")) ==
          "A=\nerror: dump.xml: byte " + at("US-ASCII") + ": not valid US-ASCII: 0xE9" + kTail + "\nread 1");
    CHECK(outcome_every_way(xml("Shift_JIS", "\xFF")) ==
          "A=\nerror: dump.xml: byte " + at("Shift_JIS") + ": not valid Shift_JIS: 0xFF" + kTail + "\nread 1");
    // In UTF-8, libxml2 refuses the byte itself, with its line and column.
    CHECK(outcome_every_way(xml("UTF-8", "\xE9")) ==
          "A=\nerror: dump.xml: line 4, column 16 (byte " + at("UTF-8") + "): malformed XML: Input is not proper UTF-8, indicate encoding "
          "!\nBytes: 0xE9 0x3C 0x2F 0x74\nread 1");
}

TEST_CASE("xml encoding: replaced, only bytes invalid in the declared encoding become U+FFFD")
{
    XmlReadOptions replace;
    replace.replace_invalid = true;
    const auto xml = [](const std::string& declaration, const std::string& title) {
        return declaration + "<feed><doc><title>" + title + "</title></doc></feed>";
    };
    // Latin-1's bytes are all valid: no mojibake, nothing replaced (issue 13's "caf\xC3\xAF\xC2\xBF\xC2\xBD").
    CHECK(outcome_every_way(xml(declared("ISO-8859-1"), "caf\xE9"), replace) == "caf\xC3\xA9=\nread 1");
    CHECK(outcome_every_way(xml(declared("US-ASCII"), "caf\xE9 \xFF!"), replace) ==
          "caf" + kReplacement + " " + kReplacement + "!=\nread 1, replaced 2");
    CHECK(outcome_every_way(xml("", "caf\xE9 \xC3\xA9"), replace) == "caf" + kReplacement + " \xC3\xA9=\nread 1, replaced 1");
    CHECK(outcome_every_way(xml(declared("Shift_JIS"), "\x82\xA0\xFF"), replace) ==
          "\xE3\x81\x82" + kReplacement + "=\nread 1, replaced 1");
}

TEST_CASE("xml encoding: an encoding nobody knows is an error naming it, where it is declared")
{
    CHECK(outcome_every_way(declared("klingon-1") + "<feed/>") ==
          "error: dump.xml: line 1, column 31 (byte 30): unknown encoding 'klingon-1' in the XML declaration (ICU has no "
          "converter by that name)\nread 0");
    CHECK(outcome_every_way("<?xml version='1.0' encoding='x-unheard-of'?><feed/>") ==
          "error: dump.xml: line 1, column 31 (byte 30): unknown encoding 'x-unheard-of' in the XML declaration (ICU has "
          "no converter by that name)\nread 0");
}

// ---------------------------------------------------------------------------------------------
// Limits

namespace {

// `depth` elements in all, the root included, with `docs` docs before them.
std::string nested(std::size_t depth, const std::string& inner = "x")
{
    std::string xml = "<feed>\n<doc><title>A</title></doc>\n<doc><title>B</title>";
    for (std::size_t i = 2; i < depth; ++i) xml += "<n>";
    xml += inner;
    for (std::size_t i = 2; i < depth; ++i) xml += "</n>";
    return xml + "</doc>\n</feed>\n";
}

} // namespace

TEST_CASE("xml limits: elements nested deeper than --max-depth are refused at the '<' of the first one too deep")
{
    // 256 levels are read (libxml2's own limit, which its push parser does not enforce).
    CHECK(outcome_every_way(nested(256)) == "A=\nB=\nread 2");
    // 257: the docs before it, then the error at its '<' (line 3, after "<doc><title>B</title>"
    // and 254 "<n>"; lines 1 and 2 are 35 bytes).
    const std::string refused = "A=\nerror: dump.xml: line 3, column " + std::to_string(21 + 254 * 3 + 1) + " (byte " +
                                std::to_string(35 + 21 + 254 * 3) +
                                "): an element nested deeper than 256 levels (the root is level 1); raise --max-depth to "
                                "read it\nread 1";
    CHECK(outcome_every_way(nested(257)) == refused);
    // Empty elements and other depths alike; a smaller limit, and one raised.
    CHECK(outcome_every_way(nested(256, "<e/>")) == refused);
    XmlReadOptions five;
    five.max_depth = 5;
    CHECK(outcome_every_way(nested(5), five) == "A=\nB=\nread 2");
    CHECK(outcome_every_way(nested(6), five) ==
          "A=\nerror: dump.xml: line 3, column 31 (byte 65): an element nested deeper than 5 levels (the root is level 1); "
          "raise --max-depth to read it\nread 1");
    XmlReadOptions deep;
    deep.max_depth = 100000;
    CHECK(outcome(nested(50000), deep) == "A=\nB=\nread 2");
    // Outside a doc too.
    XmlReadOptions two;
    two.max_depth = 2;
    CHECK(outcome_every_way("<feed><doc/><a><b/></a></feed>", two) ==
          "=\nerror: dump.xml: line 1, column 16 (byte 15): an element nested deeper than 2 levels (the root is level 1); "
          "raise --max-depth to read it\nread 1");
}

TEST_CASE("xml limits: a <doc> longer than --max-record-bytes is refused at its first byte too many")
{
    XmlReadOptions small;
    small.max_record_bytes = 64;
    const std::string doc64 = "<doc><title>A</title><abstract>" + std::string(16, 'x') + "</abstract></doc>";
    REQUIRE(doc64.size() == 64);
    CHECK(outcome_every_way("<feed>\n" + doc64 + "\n" + doc64 + "\n</feed>", small) ==
          "A=" + std::string(16, 'x') + "\nA=" + std::string(16, 'x') + "\nread 2");
    // 65 bytes and more, however they come: text, a comment, CDATA, nested elements, attributes.
    // The second doc starts at byte 72 (line 3): its 65th byte is byte 136.
    for (const std::string& filler : {std::string(23, 'y'), "<!--" + std::string(16, 'c') + "-->", "<![CDATA[" + std::string(11, ']') + "]]>",
                                     "<b>" + std::string(16, 'z') + "</b>"}) {
        CAPTURE(filler);
        const std::string doc = "<doc><title>A</title><abstract>" + filler + "</abstract></doc>";
        REQUIRE(doc.size() >= 65);
        CHECK(outcome_every_way("<feed>\n" + doc64 + "\n" + doc + "\n</feed>", small) ==
              "A=" + std::string(16, 'x') + "\nerror: dump.xml: line 3, column 65 (byte 136): a <doc> longer than 64 bytes; "
                                            "raise --max-record-bytes to read it\nread 1");
    }
    CHECK(outcome_every_way("<feed>\n<doc a='" + std::string(100, 'a') + "'/>\n</feed>", small) ==
          "error: dump.xml: line 2, column 65 (byte 71): a <doc> longer than 64 bytes; raise --max-record-bytes to read "
          "it\nread 0");
    // The default is 16 MiB: a doc of a million sublinks (some 40 MB) is refused there.
    std::string sublinks = "<feed><doc><title>Big</title><links>";
    while (sublinks.size() < (16u << 20) + 1000) sublinks += "<sublink linktype=\"nav\"><anchor>S</anchor><link>u</link></sublink>\n";
    const auto big = outcome(sublinks + "</links></doc></feed>");
    CHECK(big.ends_with("(byte 16777222): a <doc> longer than 16777216 bytes; raise --max-record-bytes to read it\nread 0"));
}

TEST_CASE("xml limits: a start tag with more attributes than 256 is refused before libxml2 compares them")
{
    const auto tag = [](std::size_t attributes) {
        std::string xml = "<feed><doc><title>A</title><abstract";
        for (std::size_t i = 0; i < attributes; ++i) xml += " a" + std::to_string(i) + "=''";
        return xml + "/></doc></feed>";
    };
    CHECK(outcome_every_way(tag(256)) == "A=\nread 1");
    const auto refused = tag(257);
    CHECK(outcome_every_way(refused) == "error: dump.xml: line 1, column " + std::to_string(refused.rfind('=') + 1) + " (byte " +
                                            std::to_string(refused.rfind('=')) +
                                            "): a start tag with more than 256 attributes\nread 0");
    // Namespace declarations count: libxml2 compares them pairwise too.
    std::string namespaces = "<feed";
    for (int i = 0; i < 300; ++i) namespaces += " xmlns:n" + std::to_string(i) + "='u'";
    CHECK(outcome(namespaces + "/>").find("a start tag with more than 256 attributes") != std::string::npos);
    // 200,000 attributes took libxml2 eight minutes; refused, they take no time.
    const auto started = std::chrono::steady_clock::now();
    CHECK(outcome(tag(200000)).find("a start tag with more than 256 attributes") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds{5});
}

TEST_CASE("xml limits: what libxml2 bounds itself stays bounded, with its message")
{
    // A comment or a processing instruction longer than libxml2's 10 MB: libxml2 says so where it
    // gives up, and holds no more than that.
    const std::string huge(11 * 1000 * 1000, 'c');
    CHECK(outcome("<feed><doc><title>A</title></doc><!--" + huge + "--></feed>") ==
          "A=\nerror: dump.xml: line 1, column 11000041 (byte 11000040): malformed XML: a tag, comment or processing "
          "instruction longer than 10000000 bytes, libxml2's limit\nread 1");
    CHECK(outcome("<feed><doc><title>A</title></doc><?pi " + huge + "?></feed>") ==
          "A=\nerror: dump.xml: line 1, column 10000040 (byte 10000039): malformed XML: PI pi too big found\nread 1");
    // A name longer than libxml2's 50,000 bytes.
    CHECK(outcome("<feed><" + std::string(60000, 'n') + "/></feed>").starts_with("error: dump.xml: line 1, column "));
    // Text outside any doc is streamed, however long: nothing of it is kept.
    CHECK(outcome("<feed>" + huge + "<doc><title>A</title></doc>" + huge + "</feed>") == "A=\nread 1");
    // CDATA inside a field is streamed too, and the field's own limit applies.
    CHECK(outcome("<feed><doc><title>A</title><abstract><![CDATA[" + huge + "]]></abstract></doc></feed>") ==
          "error: dump.xml: line 1: a <doc> field is longer than 1048576 bytes\nread 0");
}

// ---------------------------------------------------------------------------------------------
// A document without <doc> elements

TEST_CASE("xml shape: a document without <doc> elements is an error that says what it holds")
{
    std::string mediawiki = "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.10/\" version=\"0.10\">\n<siteinfo/>\n";
    for (int i = 0; i < 3; ++i) mediawiki += "<page><title>T" + std::to_string(i) + "</title><revision><text>x</text></revision></page>\n";
    mediawiki += "</mediawiki>\n";
    CHECK(mediawiki.size() == 300);
    CHECK(outcome_every_way(mediawiki) == "error: dump.xml: byte 300: no <doc> elements under <mediawiki> in 300 bytes; "
                                          "found 3 <page>, 1 <siteinfo>\nread 0");
    const std::string rss = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>News</title>"
                            "<item><title>a</title></item><item><title>b</title></item></channel></rss>\n";
    CHECK(rss.size() == 144);
    CHECK(outcome_every_way(rss) ==
          "error: dump.xml: byte 144: no <doc> elements under <rss> in 144 bytes; found 1 <channel>\nread 0");
    // A prefixed root and children keep their prefix; sizes read as kB and MB.
    std::string prefixed = "<mw:wiki xmlns:mw='urn:x'>";
    while (prefixed.size() < 1'200'000) prefixed += "<mw:page/><mw:page/><note/>";
    prefixed += "</mw:wiki>";
    CHECK(prefixed.size() == 1'200'024);
    CHECK(outcome(prefixed) ==
          "error: dump.xml: byte 1200024: no <doc> elements under <mw:wiki> in 1.2 MB; found 88888 <mw:page>, 44444 <note>\nread 0");
    // More names than are shown.
    CHECK(outcome_every_way("<r><a/><b/><b/><c/><c/><c/><d/><e/><f/><g/></r>") ==
          "error: dump.xml: byte 47: no <doc> elements under <r> in 47 bytes; found 3 <c>, 2 <b>, 1 <a>, 1 <d>, 1 <e> "
          "and 2 other elements\nread 0");
}

TEST_CASE("xml shape: an empty root, a root of text, docs too deep, and text that is not XML")
{
    for (const std::string& empty : {std::string{"<feed/>"}, std::string{"<feed></feed>\n"}, std::string{"<feed>some text</feed>"}}) {
        CAPTURE(empty);
        CHECK(outcome_every_way(empty) == "error: dump.xml: byte " + std::to_string(empty.size()) +
                                              ": no <doc> elements under <feed> in " + std::to_string(empty.size()) +
                                              " bytes; it holds no elements\nread 0");
    }
    // Docs exist, but deeper than the limit: the limit says so.
    XmlReadOptions shallow;
    shallow.max_depth = 3;
    CHECK(outcome_every_way("<feed><group><sub><doc><title>A</title></doc></sub></group></feed>", shallow) ==
          "error: dump.xml: line 1, column 19 (byte 18): an element nested deeper than 3 levels (the root is level 1); "
          "raise --max-depth to read it\nread 0");
    // A CSV given as the dump: what it starts with.
    CHECK(outcome_every_way("adult,belongs_to_collection,budget,genres\nFalse,,30000000,\"[{'id': 16}]\"\n") ==
          "error: dump.xml: line 1, column 1 (byte 0): not XML: it starts with \"adult,belongs_to_collection,budget,genre...\"\nread 0");
    CHECK(outcome_every_way("\xEF\xBB\xBFid;title\r\n1;Heat\r\n") ==
          "error: dump.xml: line 1, column 1 (byte 3): not XML: it starts with \"\xEF\xBB\xBFid;title\\r\\n1;Heat\\r\\n\"\nread 0");
    // JSON, and XML with text before its root, alike.
    CHECK(outcome_every_way("{\"feed\": []}") == "error: dump.xml: line 1, column 1 (byte 0): not XML: it starts with \"{\"feed\": []}\"\nread 0");
}

TEST_CASE("xml encoding: bytes that are not UTF-8 next to markup get libxml2's own message however the text is split")
{
    // Found by tests/fuzz/fuzz_xml_doc_reader and the differential test: with fewer than 4 bytes
    // of its input after them, libxml2 names such bytes as something else ("detected an error in
    // element content", "expected '>'"). The reader never ends a piece just after them.
    CHECK(outcome_every_way("<feed>\xC2<>\xFF\xFF\xFF<doc/></feed>") ==
          "error: dump.xml: line 1, column 7 (byte 6): malformed XML: Input is not proper UTF-8, indicate encoding !\n"
          "Bytes: 0xC2 0x3C 0x3E 0xFF\nread 0");
    CHECK(outcome_every_way("<feed><doc><title>A</title\xE9>\r\r<url/></doc></feed>") ==
          "error: dump.xml: line 1, column 27 (byte 26): malformed XML: Input is not proper UTF-8, indicate encoding !\n"
          "Bytes: 0xE9 0x3E 0x0D 0x0D\nread 0");
    CHECK(outcome_every_way("<feed><doc><title>A</title><lin\xE9>u</link></doc></feed>") ==
          "error: dump.xml: line 1, column 32 (byte 31): malformed XML: Input is not proper UTF-8, indicate encoding !\n"
          "Bytes: 0xE9 0x3E 0x75 0x3C\nread 0");
}

TEST_CASE("xml encoding: a stray continuation byte next to markup gets libxml2's own message however the text is split")
{
    // Found by tests/fuzz/fuzz_xml_doc_reader: 0xAF after ASCII has no lead byte to be judged by.
    CHECK(outcome_every_way("<wiki><siteinfo\xAF>\xE0" "A<page/></wiki>") ==
          "error: dump.xml: line 1, column 16 (byte 15): malformed XML: Input is not proper UTF-8, indicate encoding !\n"
          "Bytes: 0xAF 0x3E 0xE0 0x41\nread 0");
    CHECK(outcome_every_way("<wiki><a>x\xC3\xA9\xA9</a><b/></wiki>") ==
          "error: dump.xml: line 1, column 12 (byte 12): malformed XML: Input is not proper UTF-8, indicate encoding !\n"
          "Bytes: 0xA9 0x3C 0x2F 0x61\nread 0");
}
