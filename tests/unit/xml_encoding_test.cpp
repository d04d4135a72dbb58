#include "parse/xml_encoding.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::sniff_xml_encoding;
using namespace std::string_literals;

namespace {

// The encoding's name, "ebcdic", or "?" while more bytes are needed; with the offset of a
// declared name after '@'.
std::string sniffed(const std::string& head, bool at_end = false)
{
    const auto encoding = sniff_xml_encoding(head, at_end);
    if (!encoding) return "?";
    if (encoding->ebcdic) return "ebcdic";
    return encoding->name + (encoding->declared_at ? "@" + std::to_string(*encoding->declared_at) : "");
}

} // namespace

TEST_CASE("xml encoding: byte order marks and the layout of '<?' in wide encodings")
{
    CHECK(sniffed("\xEF\xBB\xBF<feed>") == "UTF-8");
    CHECK(sniffed("\xFE\xFF\0<"s) == "UTF-16BE");
    CHECK(sniffed("\xFF\xFE<\0"s) == "UTF-16LE");
    CHECK(sniffed("\xFF\xFE\0\0"s) == "UTF-32LE");
    CHECK(sniffed("\0\0\xFE\xFF"s) == "UTF-32BE");
    CHECK(sniffed("<\0?\0x\0"s) == "UTF-16LE");
    CHECK(sniffed("\0<\0?\0x"s) == "UTF-16BE");
    CHECK(sniffed("<\0\0\0?\0\0\0"s) == "UTF-32LE");
    CHECK(sniffed("\0\0\0<\0\0\0?"s) == "UTF-32BE");
    CHECK(sniffed("\x4C\x6F\xA7\x94\x93") == "?");  // EBCDIC: read on to the declaration's end
    CHECK(sniffed("\x4C\x6F\xA7\x94\x93\x6F\x6E") == "ebcdic");
    CHECK(sniffed("\x4C\x6F\xA7\x94\x93", true) == "ebcdic");
    // A byte order mark wins over a declaration that says otherwise.
    CHECK(sniffed("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><feed/>") == "UTF-8");
    CHECK(sniffed("\xFF\xFE<\0?\0x\0m\0l\0 \0"s + "encoding=\"ISO-8859-1\"?>") == "UTF-16LE");
}

TEST_CASE("xml encoding: the declaration's encoding, wherever its quotes and blanks are")
{
    CHECK(sniffed("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<feed/>") == "ISO-8859-1@30");
    CHECK(sniffed("<?xml version='1.0' encoding = 'windows-1252' standalone='yes'?><feed/>") == "windows-1252@32");
    CHECK(sniffed("<?xml version=\"1.0\"\n\tencoding\n=\n\"latin1\"\n?><feed/>") == "latin1@33");
    // UTF-8 by name, by default, or labelled UTF-16 but single-byte text (as libxml2 reads it).
    CHECK(sniffed("<?xml version=\"1.0\" encoding=\"utf-8\"?><feed/>") == "UTF-8");
    CHECK(sniffed("<?xml version=\"1.0\" encoding=\"UTF8\"?><feed/>") == "UTF-8");
    CHECK(sniffed("<?xml version=\"1.0\"?><feed/>") == "UTF-8");
    CHECK(sniffed("<?xml version=\"1.0\" encoding=\"UTF-16\"?><feed/>") == "UTF-8");
    CHECK(sniffed("<feed encoding=\"ISO-8859-1\"/>") == "UTF-8");
    CHECK(sniffed("<?xml-stylesheet href=\"a\" encoding=\"ISO-8859-1\"?><feed/>") == "UTF-8");
    CHECK(sniffed("  <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><feed/>") == "UTF-8");
    CHECK(sniffed("id,title\n1,Heat\n", true) == "UTF-8");
    // An encoding name cut off or malformed: libxml2 reports the declaration.
    CHECK(sniffed("<?xml version=\"1.0\" encoding=ISO-8859-1?><feed/>") == "UTF-8");
}

TEST_CASE("xml encoding: more bytes are asked for until the declaration is read")
{
    CHECK(sniffed("") == "?");
    CHECK(sniffed("", true) == "UTF-8");
    CHECK(sniffed("<?x") == "?");
    CHECK(sniffed("<?x", true) == "UTF-8");
    CHECK(sniffed("<?xml") == "?");
    CHECK(sniffed("<?xml version=\"1.0\" encod") == "?");
    CHECK(sniffed("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"", true) == "ISO-8859-1@30");
    CHECK(sniffed("<feed>") == "UTF-8");
    // A declaration that never closes is not waited for beyond a kilobyte.
    CHECK(sniffed("<?xml version=\"1.0\"" + std::string(2000, ' ')) == "UTF-8");
}

TEST_CASE("xml encoding: a malformed declaration names no encoding, however much of it was read")
{
    // Found by tests/fuzz/fuzz_xml_doc_reader: an encoding name with no closing quote was read to
    // the next quote anywhere in the text, or not, depending on the reads.
    const std::string open_name = "<?xml version=\"1.0\" encoding=\"UTF-8; B &#233;</title><url>u</url>" +
                                  std::string(2000, 'x') + "\"?>";
    CHECK(sniffed(open_name) == "UTF-8");
    CHECK(sniffed(open_name.substr(0, 1100)) == "UTF-8");
    CHECK(sniffed(open_name.substr(0, 200)) == "?");
    for (const std::string bad : {"1latin", "latin 1", "latin;1", "", "l\xC3\xA4tin"}) {
        CAPTURE(bad);
        CHECK(sniffed("<?xml version=\"1.0\" encoding=\"" + bad + "\"?><feed/>") == "UTF-8");
    }
    CHECK(sniffed("<?xml version=\"1.0\" encoding=\"ISO_8859-1.x\"?><feed/>") == "ISO_8859-1.x@30");
}
