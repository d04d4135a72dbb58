#include "parse/parallel_doc_reader.hpp"

#include "core/error.hpp"
#include "doc_outcome.hpp"
#include "fetch/file_source.hpp"
#include "memory_source.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using sluice::ParallelDocReader;
using sluice::WikiDoc;
using sluice::XmlDocReader;
using sluice::test::MemorySource;
using sluice::test::collect;

namespace {

std::string sequential(const std::string& xml, const XmlDocReader::TitleFilter& keep = {})
{
    MemorySource source(xml, 1 << 20, "dump.xml");
    XmlDocReader reader(source, 256 * 1024, keep);
    return collect(reader);
}

std::string parallel(const std::string& xml, std::size_t workers, std::size_t block_bytes,
                     const XmlDocReader::TitleFilter& keep = {}, std::size_t max_read = 1 << 20)
{
    MemorySource source(xml, max_read, "dump.xml");
    ParallelDocReader reader(source, keep, {}, workers, block_bytes);
    return collect(reader);
}

// How a parallel reader read it: the outcome, the blocks cut, and where one parser took over.
struct Read {
    std::string outcome;
    std::uint64_t blocks = 0;
    std::int64_t one_parser_from = -1;
};

Read parallel_read(const std::string& xml, std::size_t block_bytes, const sluice::XmlReadOptions& options = {},
                   std::size_t max_read = 1 << 20)
{
    MemorySource source(xml, max_read, "dump.xml");
    ParallelDocReader reader(source, {}, options, 2, block_bytes);
    Read read;
    read.outcome = collect(reader);
    read.blocks = reader.blocks();
    read.one_parser_from = reader.one_parser_from();
    return read;
}

std::string sequential(const std::string& xml, const sluice::XmlReadOptions& options)
{
    MemorySource source(xml, 1 << 20, "dump.xml");
    XmlDocReader reader(source, 256 * 1024, {}, options);
    return collect(reader);
}

// A dump in the real layout with `n` docs of varied length.
std::string dump(int n, const std::string& root = "feed")
{
    std::string xml = "<?xml version=\"1.0\"?>\n<" + root + ">\n";
    for (int i = 0; i < n; ++i) {
        xml += "<doc>\n<title>Wikipedia: Page " + std::to_string(i) + "</title>\n";
        xml += "<url>https://en.wikipedia.org/wiki/Page_" + std::to_string(i) + "</url>\n";
        xml += "<abstract>Page " + std::to_string(i) + " is &amp; was " + std::string(static_cast<std::size_t>(i % 97), 'x') +
               "</abstract>\n<links>\n";
        for (int s = 0; s < i % 4; ++s)
            xml += "<sublink linktype=\"nav\"><anchor>Section " + std::to_string(s) + "</anchor><link>u</link></sublink>\n";
        xml += "</links>\n</doc>\n";
    }
    return xml + "</" + root + ">\n";
}

} // namespace

TEST_CASE("parallel reader: the same docs, in the same order, as one sequential parser")
{
    const std::string xml = dump(3000);
    const std::string expected = sequential(xml);
    CHECK(expected.find("read 3000, error: ") != std::string::npos);
    for (const std::size_t workers : {1, 2, 3}) {
        for (const std::size_t block : {std::size_t{1}, std::size_t{300}, std::size_t{4096}, std::size_t{1} << 20}) {
            CAPTURE(workers);
            CAPTURE(block);
            CHECK(parallel(xml, workers, block) == expected);
        }
    }
    CHECK(parallel(xml, 2, 1000, {}, 7) == expected);  // a source that hands out 7 bytes at a time
    CHECK(parallel(dump(5, "root"), 2, 10) == sequential(dump(5, "root")));
    CHECK(parallel(dump(0), 2, 10) == sequential(dump(0)));
}

TEST_CASE("parallel reader: the title filter drops docs but every doc is counted")
{
    const std::string xml = dump(500);
    const auto even = [](std::string_view title) { return (title.back() - '0') % 2 == 0; };
    const std::string expected = sequential(xml, even);
    CHECK(expected.find("Page 499") == std::string::npos);
    CHECK(expected.find("Page 498|") != std::string::npos);
    CHECK(expected.find("read 500, error: ") != std::string::npos);
    CHECK(parallel(xml, 2, 512, even) == expected);
}

TEST_CASE("parallel reader: errors carry the whole stream's line and byte, after the docs before them")
{
    std::string xml = dump(2000);
    // A malformed doc far into the stream, in a later block.
    const auto at = xml.find("<abstract>Page 1500 ");
    std::string bad = xml;
    bad.replace(at, 10, "<abstrct>");
    const std::string expected = sequential(bad);
    CHECK(expected.find("malformed XML: Opening and ending tag mismatch") != std::string::npos);
    CHECK(expected.find("read 1500, error: ") != std::string::npos);
    for (const std::size_t block : {std::size_t{100}, std::size_t{5000}, std::size_t{65536}}) {
        CAPTURE(block);
        CHECK(parallel(bad, 2, block) == expected);
    }

    // Cut short inside a doc.
    const std::string truncated = xml.substr(0, xml.find("<title>Wikipedia: Page 1234<"));
    CHECK(parallel(truncated, 2, 4096) == sequential(truncated));
    // Cut short right after a doc: the root is never closed.
    const std::string unclosed = xml.substr(0, xml.rfind("</feed>"));
    // Both say so after the last doc, where libxml2 stops: before the blanks at the end.
    const std::string end = "malformed XML: Extra content at the end of the document";
    CHECK(sequential(unclosed).ends_with("read 2000, error: dump.xml: line 17002, column 7 (byte 640588): " + end));
    for (const std::size_t block : {std::size_t{1}, std::size_t{4096}, std::size_t{1} << 20})
        CHECK(parallel(unclosed, 2, block) == sequential(unclosed));
    CHECK(unclosed.size() == 640589);
}

TEST_CASE("parallel reader: a DOCTYPE, an empty input and docs below the root's children")
{
    const std::string doctype = "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [<!ENTITY a \"b\">]>\n" + dump(3).substr(22);
    CHECK(parallel(doctype, 2, 16) == sequential(doctype));
    CHECK(parallel_read(doctype, 16).one_parser_from == 0);
    CHECK(sequential(doctype).find("refused: the XML has a DOCTYPE") != std::string::npos);
    CHECK(parallel("", 2, 16) == sequential(""));
    // Not the dump's layout: one sequential parser takes over, with the same result.
    const std::string nested = "<root><group>" + dump(50).substr(28) + "</group></root>";
    CHECK(parallel(nested, 2, 64) == sequential(nested));
    CHECK(parallel_read(nested, 64).one_parser_from == 0);
    CHECK(sequential(nested).find("read 50,") != std::string::npos);
}

TEST_CASE("parallel reader: the real samples")
{
    for (const char* name : {"wikipedia_test_set.xml", "enwiki-latest-abstract-test.xml"}) {
        const std::string xml = sluice::test::read_file(sluice::test::real_data(name));
        CHECK(parallel(xml, 2, 512) == sequential(xml));
    }
}

TEST_CASE("parallel reader: a reader dropped early stops its threads")
{
    const std::string xml = dump(5000);
    MemorySource source(xml, 1 << 20, "dump.xml");
    ParallelDocReader reader(source, {}, {}, 2, 256);
    WikiDoc doc;
    CHECK(reader.next(doc));
    CHECK(doc.title == "Page 0");
}

namespace {

// A dump whose docs hold `inside` in their abstracts, and `between` between them.
std::string dump_with(int docs, const std::string& root_start, const std::string& inside, const std::string& between,
                      const std::string& doc_end = "</doc>")
{
    std::string xml = "<?xml version=\"1.0\"?>\n" + root_start + "\n";
    for (int i = 0; i < docs; ++i)
        xml += "<doc><title>Wikipedia: Page " + std::to_string(i) + "</title><abstract>a" + inside + "</abstract>" + doc_end +
               "\n" + between;
    const auto name_end = root_start.find_first_of(" \t\r\n>", 1);
    return xml + "</" + root_start.substr(1, name_end - 1) + ">\n";
}

// Read in blocks of every size from 1 byte (a cut after every doc) to 4 KiB, each as the
// sequential reader reads it, and cut into blocks indeed.
void check_cut_in_blocks(const std::string& xml, int docs)
{
    const std::string expected = sequential(xml);
    CHECK(expected.find("read " + std::to_string(docs) + ", error: \n") == std::string::npos);
    CHECK(expected.ends_with("read " + std::to_string(docs) + ", error: "));
    for (const std::size_t block : {std::size_t{1}, std::size_t{5}, std::size_t{100}, std::size_t{4096}}) {
        CAPTURE(block);
        const auto read = parallel_read(xml, block);
        CHECK(read.outcome == expected);
        CHECK(read.one_parser_from == -1);
        CHECK(read.blocks > 1);
    }
}

} // namespace

TEST_CASE("parallel reader: '</doc>' in CDATA sections, comments and processing instructions is not a place to cut")
{
    const std::string doc_end = "</doc>";
    check_cut_in_blocks(dump_with(300, "<feed>", "<![CDATA[</doc>\n</doc>]]>", ""), 300);
    check_cut_in_blocks(dump_with(300, "<feed>", "", "<!-- </doc>\n</doc> -->\n"), 300);
    check_cut_in_blocks(dump_with(300, "<feed>", "<?pi </doc> ?>", "<?pi </doc>\n</feed> ?>\n"), 300);
    check_cut_in_blocks(dump_with(300, "<feed>", "<!-- </doc> --><![CDATA[ <doc> ]]>", "<![CDATA[</doc>]]>\n"), 300);
}

TEST_CASE("parallel reader: a root start tag whose attributes hold '>' and quotes, and whitespace inside tags")
{
    check_cut_in_blocks(dump_with(200, "<feed note=\"a > b\">", "", ""), 200);
    check_cut_in_blocks(dump_with(200, "<feed note='\"x\" > \"y\"' other=\"'>'\">", "", ""), 200);
    check_cut_in_blocks(dump_with(200, "<feed\n  note=\"a > b\"\n>", "", ""), 200);
    check_cut_in_blocks(dump_with(200, "<feed>", "", "", "</doc >"), 200);
    check_cut_in_blocks(dump_with(200, "<feed>", "", "", "</doc\n\t>"), 200);
    // Namespaces declared on the root, a byte order mark, CRLF.
    check_cut_in_blocks(dump_with(200, "<f:feed xmlns:f=\"urn:feed\" xmlns=\"urn:doc\">", "<f:b>x</f:b>", ""), 200);
    check_cut_in_blocks("\xEF\xBB\xBF" + dump_with(200, "<feed>", "", ""), 200);
    std::string crlf;
    for (const char c : dump_with(200, "<feed>", "\n", "\n")) crlf += c == '\n' ? std::string{"\r\n"} : std::string(1, c);
    check_cut_in_blocks(crlf, 200);
}

TEST_CASE("parallel reader: the issue's dumps, past the 1 MiB block")
{
    // Each was refused (or cut short) once a dump was larger than a block.
    const auto big = [](const std::string& root, const std::string& inside, const std::string& doc_end = "</doc>") {
        return dump_with(14000, root, inside + std::string(100, 'x'), "", doc_end);
    };
    for (const auto& xml : {big("<feed>", "<![CDATA[</doc>]]>"), big("<feed>", "<!--</doc>-->"), big("<feed>", "<?pi </doc>?>"),
                            big("<feed note=\"a > b\">", ""), big("<feed>", "", "</doc >")}) {
        REQUIRE(xml.size() > 2 * ParallelDocReader::kBlockBytes);
        const auto read = parallel_read(xml, ParallelDocReader::kBlockBytes);
        CHECK(read.outcome == sequential(xml));
        CHECK(read.outcome.ends_with("read 14000, error: "));
        CHECK(read.blocks >= 2);
        CHECK(read.one_parser_from == -1);
    }
    // ISO-8859-1 bytes in a dump that declares it: decoded, in every block.
    std::string latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<feed>\n";
    for (int i = 0; i < 12000; ++i)
        latin1 += "<doc><title>Wikipedia: Caf\xE9 " + std::to_string(i) + "</title><abstract>cr\xE8me " + std::string(100, 'x') +
                  "</abstract></doc>\n";
    latin1 += "</feed>\n";
    const auto read = parallel_read(latin1, ParallelDocReader::kBlockBytes);
    CHECK(read.outcome == sequential(latin1));
    CHECK(read.outcome.find("Caf\xC3\xA9 11999||cr\xC3\xA8me x") != std::string::npos);
    CHECK(read.outcome.ends_with("read 12000, error: "));
    CHECK(read.blocks >= 2);
}

TEST_CASE("parallel reader: what it cannot cut goes to one parser, with the sequential reader's result")
{
    // The docs of dump(n), without the declaration and the root.
    const auto docs = [](int n) {
        const auto xml = dump(n);
        return xml.substr(29, xml.size() - 29 - 8);
    };
    REQUIRE(docs(1).starts_with("<doc>"));
    REQUIRE(docs(1).ends_with("</doc>\n"));
    // The first element under the root is not a doc: one parser from the start.
    const std::string siteinfo = "<feed><siteinfo/>\n" + docs(100) + "</feed>\n";
    CHECK(parallel_read(siteinfo, 64).outcome == sequential(siteinfo));
    CHECK(parallel_read(siteinfo, 64).outcome.ends_with("read 100, error: "));
    CHECK(parallel_read(siteinfo, 64).one_parser_from == 0);
    // An element under the root longer than the record limit and a block: one parser from its
    // start, and all the docs in it read. (The source hands out 1000 bytes a read: the cutter
    // cuts as it goes.)
    sluice::XmlReadOptions small;
    small.max_record_bytes = 2048;
    const std::string head = "<feed>\n" + docs(20);
    const std::string grouped = head + "<group>" + docs(40) + "</group>\n" + docs(5) + "</feed>\n";
    const auto group = parallel_read(grouped, 64, small, 1000);
    CHECK(group.outcome == sequential(grouped, small));
    CHECK(group.outcome.ends_with("read 65, error: "));
    CHECK(group.one_parser_from == static_cast<std::int64_t>(head.size() - 1));  // right after the last </doc>
    CHECK(group.blocks >= 2);
    // A doc past the record limit: refused at the same byte, its 2049th.
    const std::string long_doc = head + "<doc><abstract>" + std::string(3000, 'y') + "</abstract></doc>\n</feed>\n";
    const auto refused = parallel_read(long_doc, 64, small, 1000);
    CHECK(refused.outcome == sequential(long_doc, small));
    const auto line = 1 + std::count(head.begin(), head.end(), '\n');
    CHECK(refused.outcome.ends_with("read 20, error: dump.xml: line " + std::to_string(line) + ", column 2049 (byte " +
                                    std::to_string(head.size() + 2048) +
                                    "): a <doc> longer than 2048 bytes; raise --max-record-bytes to read it"));
    CHECK(refused.blocks >= 2);
    // Too deep (the dump's own docs are 5 deep: feed, doc, links, sublink, anchor): refused at
    // the same '<'.
    sluice::XmlReadOptions five;
    five.max_depth = 5;
    const std::string deep = head + "<doc><a><b><c><d/></c></b></a></doc>\n</feed>\n";
    const auto too_deep = parallel_read(deep, 64, five, 1000);
    CHECK(too_deep.outcome == sequential(deep, five));
    CHECK(too_deep.outcome.ends_with("read 20, error: dump.xml: line " + std::to_string(line) + ", column 15 (byte " +
                                     std::to_string(head.size() + 14) +
                                     "): an element nested deeper than 5 levels (the root is level 1); raise --max-depth to "
                                     "read it"));
    CHECK(too_deep.blocks >= 2);
}
