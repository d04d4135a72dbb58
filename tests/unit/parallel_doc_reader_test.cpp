#include "parse/parallel_doc_reader.hpp"

#include "core/error.hpp"
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

namespace {

// Everything a reader produced, as one comparable text: docs, count, and the error.
std::string outcome(std::vector<WikiDoc> docs, std::uint64_t read, const std::string& error)
{
    std::string text;
    for (const auto& d : docs) {
        text += d.title + "|" + d.url + "|" + d.abstract;
        for (const auto& s : d.sections) text += "|" + s;
        text += "\n";
    }
    return text + "read " + std::to_string(read) + ", error: " + error;
}

// Reads to the end or the first error.
template <typename Reader>
std::string collect(Reader& reader)
{
    std::vector<WikiDoc> docs;
    std::string error;
    try {
        WikiDoc doc;
        while (reader.next(doc)) docs.push_back(doc);
    } catch (const sluice::Error& e) {
        error = e.what();
    }
    return outcome(docs, reader.docs_read(), error);
}

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
    ParallelDocReader reader(source, keep, workers, block_bytes);
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
    // Both say so after the last doc; libxml2 leaves the trailing newline unread in one parser
    // and reads it in the other, so the position is the end of the stream give or take that byte.
    const std::string end = "malformed XML: Extra content at the end of the document";
    CHECK(sequential(unclosed).ends_with("read 2000, error: dump.xml: line 17002, column 7 (byte 640588): " + end));
    CHECK(parallel(unclosed, 2, 4096).ends_with("read 2000, error: dump.xml: line 17003, column 1 (byte 640589): " + end));
    CHECK(unclosed.size() == 640589);
}

TEST_CASE("parallel reader: a DOCTYPE, an empty input and docs below the root's children")
{
    const std::string doctype = "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [<!ENTITY a \"b\">]>\n" + dump(3).substr(22);
    CHECK(parallel(doctype, 2, 16) == sequential(doctype));
    CHECK(sequential(doctype).find("refused: the XML has a DOCTYPE") != std::string::npos);
    CHECK(parallel("", 2, 16) == sequential(""));
    // Not the dump's layout: one sequential parser takes over, with the same result.
    const std::string nested = "<root><group>" + dump(50).substr(28) + "</group></root>";
    CHECK(parallel(nested, 2, 64) == sequential(nested));
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
    ParallelDocReader reader(source, {}, 2, 256);
    WikiDoc doc;
    CHECK(reader.next(doc));
    CHECK(doc.title == "Page 0");
}
