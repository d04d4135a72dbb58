#include "parse/xml_markup_scanner.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using sluice::XmlMarkupScanner;
using Mark = XmlMarkupScanner::Mark;
using Limit = XmlMarkupScanner::Limit;

namespace {

constexpr XmlMarkupScanner::Limits kRoomy{256, 1 << 20, 256};

// Every mark with the offset it was raised at, as text: "root_start@6 first_child@11 ...".
std::string marks(const std::string& xml, std::size_t piece, XmlMarkupScanner::Limits limits = kRoomy,
                  std::size_t record_level = 0, std::size_t cut_level = 2, bool watch = false)
{
    XmlMarkupScanner scanner{limits, "doc", record_level, cut_level};
    scanner.watch_records(watch);
    std::string out;
    const auto name = [](Mark mark) {
        switch (mark) {
        case Mark::more: return "more";
        case Mark::root_start: return "root_start";
        case Mark::first_child: return "first_child";
        case Mark::child_end: return "child_end";
        case Mark::ancestor_start: return "ancestor_start";
        case Mark::record_start: return "record_start";
        case Mark::root_end: return "root_end";
        case Mark::declaration: return "declaration";
        case Mark::limit: return "limit";
        }
        return "?";
    };
    for (std::size_t at = 0; at < xml.size();) {
        const std::string_view bytes = std::string_view{xml}.substr(at, piece);
        for (std::size_t scanned = 0; scanned < bytes.size();) {
            const auto stop = scanner.scan(bytes.substr(scanned));
            scanned += stop.scanned;
            if (stop.mark == Mark::more) continue;
            out += std::string{out.empty() ? "" : " "} + name(stop.mark) + "@" + std::to_string(scanner.offset());
            if (stop.mark == Mark::first_child) out += scanner.first_child_is_record() ? "(record)" : "(other)";
            if (stop.mark == Mark::root_start && scanner.root_empty()) out += "(empty)";
            if (stop.mark == Mark::ancestor_start || stop.mark == Mark::record_start)
                out += "(<" + std::to_string(scanner.tag_start()) + " depth " + std::to_string(scanner.depth()) + ")";
            if (stop.mark == Mark::limit) return out;
        }
        at += bytes.size();
    }
    return out;
}

// The marks of `xml` scanned whole, checked to be the same scanned in pieces of every size up to 9
// (so every byte boundary falls inside every construct somewhere) and a byte at a time.
std::string marks_every_way(const std::string& xml, XmlMarkupScanner::Limits limits = kRoomy, std::size_t record_level = 0,
                            std::size_t cut_level = 2, bool watch = false)
{
    const std::string whole = marks(xml, xml.size() + 1, limits, record_level, cut_level, watch);
    for (std::size_t piece = 1; piece <= 9; ++piece) {
        CAPTURE(piece);
        CHECK(marks(xml, piece, limits, record_level, cut_level, watch) == whole);
    }
    return whole;
}

} // namespace

TEST_CASE("markup scanner: the places to cut are the ends of the root's children")
{
    const std::string xml = "<?xml version=\"1.0\"?>\n<feed>\n<doc><title>a</title></doc>\n<doc/>\n<x>t</x></feed>\n";
    CHECK(marks_every_way(xml) ==
          "root_start@28 first_child@33(record) child_end@56 child_end@63 child_end@72 root_end@79");
    CHECK(xml.substr(50, 6) == "</doc>");
    CHECK(xml.substr(57, 6) == "<doc/>");
    CHECK(xml.substr(72, 7) == "</feed>");
}

TEST_CASE("markup scanner: '</doc>' inside comments, CDATA and PIs, '>' and quotes in attribute values")
{
    const std::string xml =
        "<feed note=\"a > b /doc>\" other='x\"/doc>\"y'>"
        "<doc><!-- </doc> -> - --><![CDATA[ </doc> ]] ]]]><?pi </doc> ? ?\? > ?\?><a b='/doc>' c=\"'>\"/></doc>"
        "<!----><!-- - --><![CDATA[]]><?x?></feed>";
    const auto doc_end = xml.find("</doc><!---");
    CHECK(marks_every_way(xml) == "root_start@43 first_child@47(record) child_end@" + std::to_string(doc_end + 6) +
                                      " root_end@" + std::to_string(xml.size()));
}

TEST_CASE("markup scanner: whitespace in tags, empty elements, prefixes and a byte order mark")
{
    const std::string xml = "\xEF\xBB\xBF<f:feed\r\n xmlns:f='urn:f'\t>\r\n<f:doc\n>x</f:doc\n>"
                            "<doc /><doc\t/></f:feed >";
    CHECK(xml.substr(30, 8) == "\r\n<f:doc");
    CHECK(xml.substr(41, 9) == "</f:doc\n>");
    CHECK(marks_every_way(xml) == "root_start@30 first_child@38(record) child_end@50 child_end@57 child_end@64 root_end@" +
                                      std::to_string(xml.size()));
    // A name that only starts like the record's, or is longer, is not a record.
    CHECK(marks_every_way("<r><do/><docs/></r>") == "root_start@3 first_child@6(other) child_end@8 child_end@15 root_end@19");
    CHECK(marks_every_way("<r><docs/></r>") == "root_start@3 first_child@8(other) child_end@10 root_end@14");
    CHECK(marks_every_way("<r><x:doc/></r>") == "root_start@3 first_child@9(record) child_end@11 root_end@15");
    CHECK(marks_every_way("<feed/>") == "root_start@7(empty)");
}

TEST_CASE("markup scanner: a DOCTYPE or other '<!' markup stops it")
{
    CHECK(marks_every_way("<!DOCTYPE feed [<!ENTITY a '</doc>'>]><feed><doc/></feed>") == "declaration@2");
    CHECK(marks_every_way("<feed><!-x></feed>") == "root_start@6 declaration@9");
    CHECK(marks_every_way("<feed><![CDAT[x]]></feed>") == "root_start@6 declaration@13");
}

TEST_CASE("markup scanner: nesting deeper than the limit stops it at the element's first name byte")
{
    const XmlMarkupScanner::Limits three{3, 1 << 20, 256};
    CHECK(marks_every_way("<a><b><c/></b></a>", three) == "root_start@3 first_child@5(other) child_end@14 root_end@18");
    CHECK(marks_every_way("<a><b><c><d/></c></b></a>", three) == "root_start@3 first_child@5(other) limit@10");
    XmlMarkupScanner scanner{three, "doc"};
    std::string_view xml = "<a>\n<b>\n<c>\n<d>";
    std::size_t scanned = 0;
    XmlMarkupScanner::Stop stop{};
    do {
        stop = scanner.scan(xml.substr(scanned));
        scanned += stop.scanned;
    } while (stop.mark != Mark::limit);
    CHECK(scanner.limit() == Limit::depth);
    CHECK(scanned == xml.size() - 2);
    // It stays stopped.
    CHECK(scanner.scan("</c>").mark == Mark::limit);
}

TEST_CASE("markup scanner: a record longer than the limit stops it at the first byte too many")
{
    const XmlMarkupScanner::Limits twenty{256, 20, 256};
    // 20 bytes exactly: fine, whatever follows.
    CHECK(marks_every_way("<r><doc>012345678</doc><doc/></r>", twenty) ==
          "root_start@3 first_child@7(record) child_end@23 child_end@29 root_end@33");
    // One more: the 21st byte of the record is not scanned. Its start tag counts, text, comments,
    // CDATA and nested elements too.
    for (const std::string body : {"0123456789", "<!--abc-->", "<![CDATA[]]>", "<a><b/></a>", "<?p 6789?>"}) {
        CAPTURE(body);
        CHECK(marks_every_way("<r><doc>" + body + "</doc></r>", twenty) == "root_start@3 first_child@7(record) limit@23");
    }
    CHECK(marks_every_way("<r><doc a='01234567890'/></r>", twenty) == "root_start@3 first_child@7(record) limit@23");
    XmlMarkupScanner scanner{twenty, "doc"};
    CHECK(scanner.scan("<r>\n <doc>0123456789abcdefghij</doc></r>").mark == Mark::root_start);
    CHECK(scanner.scan("\n <doc>0123456789abcdefghij</doc></r>").mark == Mark::first_child);
    const auto stop = scanner.scan("0123456789abcdefghij</doc></r>");
    CHECK(stop.mark == Mark::limit);
    CHECK(scanner.limit() == Limit::record_bytes);
    CHECK(scanner.record_start() == 5);
    CHECK(scanner.offset() == 25);
    // Records are counted afresh: a long root or a long non-record element is not one.
    CHECK(marks_every_way("<r><x>0123456789012345678901234567890</x><doc>a</doc></r>", twenty) ==
          "root_start@3 first_child@5(other) child_end@41 child_end@53 root_end@57");
}

TEST_CASE("markup scanner: more attributes in one tag than the limit stop it at the '=' too many")
{
    const XmlMarkupScanner::Limits two{256, 1 << 20, 2};
    CHECK(marks_every_way("<r a='=' b=\"=\"><x c='1' d='2'/></r>", two) ==
          "root_start@15 first_child@17(other) child_end@31 root_end@35");
    CHECK(marks_every_way("<r><x a='1' b='2' c='3'/></r>", two) == "root_start@3 first_child@5(other) limit@19");
    CHECK(marks_every_way("<r xmlns='u' xmlns:a='v' a:b='w'/>", two) == "limit@28");
}

TEST_CASE("markup scanner: text before the root, but not blanks or a whole byte order mark")
{
    const auto text_before_root = [](const std::string& xml) {
        bool seen = false;
        for (const std::size_t piece : {std::size_t{1}, std::size_t{2}, xml.size()}) {
            XmlMarkupScanner scanner{kRoomy, "doc"};
            for (std::size_t at = 0; at < xml.size(); at += piece) {
                const auto bytes = std::string_view{xml}.substr(at, piece);
                for (std::size_t scanned = 0; scanned < bytes.size();) scanned += scanner.scan(bytes.substr(scanned)).scanned;
            }
            if (piece == 1) seen = scanner.text_before_root();
            CHECK(scanner.text_before_root() == seen);
        }
        return seen;
    };
    CHECK_FALSE(text_before_root("<feed/>"));
    CHECK_FALSE(text_before_root(" \r\n\t<?xml version='1.0'?>\n<!-- x -->\n<feed>text</feed>"));
    CHECK_FALSE(text_before_root("\xEF\xBB\xBF<feed/>"));
    CHECK_FALSE(text_before_root("\xEF\xBB\xBF \n<feed/>"));
    CHECK(text_before_root("\xEF\xBB<feed/>"));
    CHECK(text_before_root("\xEF\xBB \n<feed/>"));
    CHECK(text_before_root("\xEF<feed/>"));
    CHECK(text_before_root(" \xEF\xBB\xBF<feed/>"));
    CHECK(text_before_root("?xml version='1.0'?><feed/>"));
    CHECK(text_before_root("id,title\n1,<feed/>"));
}

TEST_CASE("markup scanner: a deeper cut level marks the ends at every level to it, and the starts above it")
{
    // Records at level 3: <a> and <b> are ancestors (their starts marked, with the '<'), the ends
    // of <m/>, <doc>, <b> and the empty <doc/> are places to cut; <x> inside a record is not.
    const std::string xml = "<r><m/><b k='>'><doc><x/></doc><doc/></b><b/><b><c><doc/></c></b></r>";
    CHECK(marks_every_way(xml, kRoomy, 3, 3) ==
          "root_start@3 first_child@5(other) child_end@7 ancestor_start@16(<7 depth 2) child_end@31 child_end@37 "
          "child_end@41 child_end@45 ancestor_start@48(<45 depth 2) child_end@61 child_end@65 root_end@69");
    // Watching records: each record's start, when its name has ended; the first child too.
    CHECK(marks_every_way("<r><doc/><p:doc a='1'>t</p:doc><b><doc/></b></r>", kRoomy, 2, 2, true) ==
          "root_start@3 record_start@7(<3 depth 1) child_end@9 record_start@15(<9 depth 1) child_end@31 child_end@44 "
          "root_end@48");
    // At cut level 2 (the abstracts), nothing but the root's children's ends.
    CHECK(marks_every_way(xml) == "root_start@3 first_child@5(other) child_end@7 child_end@41 child_end@45 child_end@65 root_end@69");
}
