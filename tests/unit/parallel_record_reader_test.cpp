// ParallelRecordReader on the example shapes: exact records, where the text was cut (blocks, and
// whether one parser took over), and the same outcome as XmlRecordReader.

#include "core/error.hpp"
#include "memory_source.hpp"
#include "parse/parallel_record_reader.hpp"
#include "parse/xml_record_reader.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using sluice::ParallelRecordReader;
using sluice::Record;
using sluice::RecordReader;
using sluice::XmlField;
using sluice::XmlFieldPath;
using sluice::XmlRecordPath;
using sluice::XmlRecordReader;
using sluice::test::MemorySource;

namespace {

std::vector<XmlField> fields_of(const std::vector<std::string>& paths)
{
    std::vector<XmlField> fields;
    for (const auto& path : paths) fields.push_back({XmlFieldPath::parse(path)});
    return fields;
}

// "number line:byte [values]" a record a line, then the error and the fields ever matched.
std::string outcome(RecordReader& reader, std::size_t fields)
{
    std::string out;
    Record r;
    std::vector<std::string_view> values;
    try {
        while (reader.next(r)) {
            out += std::to_string(r.number) + " " + std::to_string(r.line) + ":" + std::to_string(r.byte);
            for (std::size_t f = 0; f < fields; ++f) {
                r.values(f, values);
                out += " [";
                for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + std::string{values[i]};
                out += "]";
            }
            out += " raw=" + r.raw + "\n";
        }
    } catch (const sluice::Error& e) {
        out += std::string{"error: "} + e.what() + "\n";
    }
    out += "read " + std::to_string(reader.records_read()) + ", matched ";
    for (std::size_t f = 0; f < fields; ++f) out += reader.field_ever_matched(f) ? "1" : "0";
    return out;
}

std::string sequential(const std::string& xml, const std::string& path, const std::vector<std::string>& fields)
{
    MemorySource source{xml, 1 << 20, "t.xml"};
    XmlRecordReader reader{source, XmlRecordPath::parse(path), fields_of(fields)};
    return outcome(reader, fields.size());
}

struct Read {
    std::string outcome;
    std::uint64_t blocks = 0;
    std::int64_t one_parser_from = -1;
};

Read parallel(const std::string& xml, const std::string& path, const std::vector<std::string>& fields, std::size_t block)
{
    MemorySource source{xml, block < 64 ? std::size_t{1} : std::size_t{1000}, "t.xml"};
    ParallelRecordReader reader{source, XmlRecordPath::parse(path), fields_of(fields), {}, 2, block};
    Read read;
    read.outcome = outcome(reader, fields.size());
    read.blocks = reader.blocks();
    read.one_parser_from = reader.one_parser_from();
    return read;
}

} // namespace

TEST_CASE("parallel records: Posts.xml rows, attributes only, cut between rows")
{
    std::string xml = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n";
    for (int i = 1; i <= 300; ++i)
        xml += "  <row Id=\"" + std::to_string(i) + "\" Title=\"T &amp; " + std::to_string(i * 7) + "\" Tags=\"&lt;a&gt;\" />\n";
    xml += "</posts>\n";
    const std::vector<std::string> fields{"@Id", "@Title", "@Score"};
    const auto expected = sequential(xml, "/posts/row", fields);
    CHECK(expected.starts_with("1 3:52 [1] [T & 7] [] raw=<row Id=\"1\" Title=\"T &amp; 7\" Tags=\"&lt;a&gt;\" />\n"
                               "2 4:104 [2] [T & 14] []"));
    CHECK(expected.ends_with("300 302:16830 [300] [T & 2100] [] raw=<row Id=\"300\" Title=\"T &amp; 2100\" Tags=\"&lt;a&gt;\" />\n"
                             "read 300, matched 110"));
    for (const std::size_t block : {1, 100, 4096, 1 << 20}) {
        CAPTURE(block);
        const auto read = parallel(xml, "/posts/row", fields, block);
        CHECK(read.outcome == expected);
        CHECK(read.one_parser_from == -1);
        CHECK(read.blocks == (block == 1 ? 301 : block == 100 ? 18 : block == 4096 ? 4 : 1));
    }
}

TEST_CASE("parallel records: a deep path under several parents, with decoys, namespaces and comments")
{
    // Records at /a:set/group/p:row, the prefixes declared on the root and on a group; decoys:
    // a <p:row> directly under the root, one under <other>, a <meta/> beside the groups.
    std::string xml = "<a:set xmlns:a='urn:a' note='x > y'><meta/><p:row xmlns:p='urn:p' k='decoy'/>\n";
    for (int g = 0; g < 6; ++g) {
        xml += "<group n='" + std::to_string(g) + "' xmlns:p='urn:p" + std::to_string(g) + "'>\n";
        for (int r = 0; r < 5; ++r)
            xml += " <p:row k='" + std::to_string(g * 10 + r) + "'><t><![CDATA[</p:row>]]>v" + std::to_string(r) +
                   "</t><!-- </group> --></p:row>\n";
        xml += " <other><p:row k='not'/></other>\n</group>\n";
    }
    xml += "</a:set>";
    const std::vector<std::string> fields{"@k", "t", "@none"};
    const auto expected = sequential(xml, "/a:set/group/p:row", fields);
    CHECK(expected.starts_with("1 3:110 [0] [</p:row>v0] [] raw=<p:row k='0'><t><![CDATA[</p:row>]]>v0</t><!-- </group> --></p:row>\n"));
    CHECK(expected.ends_with("\nread 30, matched 110"));
    for (const std::size_t block : {1, 50, 700, 1 << 20}) {
        CAPTURE(block);
        const auto read = parallel(xml, "/a:set/group/p:row", fields, block);
        CHECK(read.outcome == expected);
        CHECK(read.one_parser_from == -1);
        if (block == 1) CHECK(read.blocks > 30);
    }
}

TEST_CASE("parallel records: no record at the path, a root record, and an error after the records")
{
    const std::string pages = "<mediawiki><siteinfo/><page><title>x</title></page><page/></mediawiki>";
    const auto none = parallel(pages, "/mediawiki/doc", {"title"}, 8);
    CHECK(none.outcome == sequential(pages, "/mediawiki/doc", {"title"}));
    CHECK(none.outcome.starts_with("error: t.xml: byte 70: no <doc> elements under <mediawiki>"));
    CHECK(none.one_parser_from == 0);
    // Another root: handed to one parser at once, which names it.
    const auto other_root = parallel(pages, "/feed/doc", {"title"}, 8);
    CHECK(other_root.outcome == sequential(pages, "/feed/doc", {"title"}));
    CHECK(other_root.outcome.starts_with("error: t.xml: byte 70: no /feed/doc records in 70 bytes: the root element is <mediawiki>"));
    CHECK(other_root.one_parser_from == 0);
    // The root as the record: nothing to cut between.
    const auto root = parallel(pages, "/mediawiki", {"page/title"}, 8);
    CHECK(root.outcome == "1 1:0 [x] raw=" + pages + "\nread 1, matched 1");
    CHECK(root.one_parser_from == 0);
    // A tag mismatch in a later block: after the records before it, at the stream's line and byte.
    std::string broken = "<r>\n";
    for (int i = 0; i < 40; ++i) broken += "<row id='" + std::to_string(i) + "'/>\n";
    broken += "<row id='x'>\n</rox>\n</r>";
    const auto read = parallel(broken, "/r/row", {"@id"}, 8);
    CHECK(read.outcome == sequential(broken, "/r/row", {"@id"}));
    CHECK(read.outcome.find("40 41:") != std::string::npos);
    CHECK(read.outcome.find("error: t.xml: line 43") != std::string::npos);
    CHECK(read.blocks > 5);
}
