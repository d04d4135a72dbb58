// The abstracts dump end to end, as sluice reads it with two parser threads (issue 13, items 3, 4,
// 5 and 8): valid dumps the cutter used to refuse or cut wrong load as their plain twins do; a
// dump in another encoding loads its own text; hostile shapes are refused, or read, in memory
// that does not grow with them; a dump of something else than <doc>s says what it holds. Dumps
// are made here, from the fixture's docs and filler, past the 1 MiB block.

#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

#include <zlib.h>

#include <fstream>
#include <functional>

using namespace sluice::testing;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void write_file(const std::string& path, const std::string& data)
{
    std::ofstream out{path, std::ios::binary};
    out << data;
    REQUIRE(out.good());
}

// A gzip file written piece by piece: dumps far larger than memory would hold.
class GzipWriter {
public:
    explicit GzipWriter(const std::string& path) : file_(gzopen(path.c_str(), "wb1")) { REQUIRE(file_ != nullptr); }
    ~GzipWriter() { close(); }
    void write(std::string_view bytes)
    {
        REQUIRE(gzwrite(file_, bytes.data(), static_cast<unsigned>(bytes.size())) == static_cast<int>(bytes.size()));
    }
    void close()
    {
        if (file_) gzclose(file_);
        file_ = nullptr;
    }

private:
    gzFile file_;
};

// The last line of stderr, which is the error of a failed run.
std::string last_line(const std::string& err)
{
    auto text = std::string_view{err};
    if (text.ends_with('\n')) text.remove_suffix(1);
    return std::string{text.substr(text.rfind('\n') + 1)};
}

double peak_mib(const std::string& err)
{
    const std::string marker = "peak memory ";
    const auto at = err.find(marker);
    REQUIRE(at != std::string::npos);
    return std::stod(err.substr(at + marker.size()));
}

std::uint64_t docs_parsed(const std::string& err)
{
    const std::string marker = "  docs       ";
    const auto at = err.find(marker);
    REQUIRE(at != std::string::npos);
    return std::stoull(err.substr(at + marker.size()));
}

// The fixture's 70 docs, without their root.
const std::string& fixture_docs()
{
    static const std::string docs = [] {
        const std::string xml = read_file(fixture("src/abstracts.xml"));
        const auto first = xml.find("<doc>");
        return xml.substr(first, xml.rfind("</feed>") - first);
    }();
    return docs;
}

// `n` docs no film has, about 330 bytes each, their abstracts holding `inside` and `between`
// after each.
std::string filler(int n, const std::string& inside = "", const std::string& between = "", const std::string& doc_end = "</doc>")
{
    std::string docs;
    for (int i = 0; i < n; ++i)
        docs += "<doc>\n<title>Wikipedia: Filler page " + std::to_string(i) + "</title>\n<url>https://en.wikipedia.org/wiki/Filler_" +
                std::to_string(i) + "</url>\n<abstract>Filler " + std::to_string(i) + " is a place" + inside +
                " in the middle of nowhere, with a river and two roads.</abstract>\n<links>\n<sublink linktype=\"nav\"><anchor>"
                "History</anchor><link>https://en.wikipedia.org/wiki/Filler#History</link></sublink>\n</links>\n" +
                doc_end + "\n" + between;
    return docs;
}

// sluice run with the fixture movies and `abstracts`, the report to a CSV file in `scratch`.
ProcessResult run_with(const TempDir& scratch, const std::string& abstracts, std::vector<std::string> extra = {})
{
    std::vector<std::string> args{"run", "--movies", fixture("movies.zip"), "--abstracts", abstracts,
                                  "--csv", scratch.file("report.csv"), "--rejects", scratch.file("rejects.csv")};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_sluice(args);
}

// The code points of UTF-8 text (well-formed: it is the test's own).
std::vector<char32_t> code_points(const std::string& utf8)
{
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto byte = static_cast<unsigned char>(utf8[i]);
        const int length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
        char32_t c = length == 1 ? byte : byte & (0x7F >> length);
        for (int k = 1; k < length; ++k) c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        out.push_back(c);
        i += length;
    }
    return out;
}

// `utf8` in US-ASCII, ISO-8859-1, windows-1252 or UTF-16LE; characters a code page lacks become character
// references, which read as the same text.
std::string encoded(const std::string& utf8, const std::string& encoding)
{
    std::string out;
    for (const char32_t c : code_points(utf8)) {
        if (encoding == "UTF-16LE") {
            const auto unit = [&](char32_t u) {
                out += static_cast<char>(u & 0xFF);
                out += static_cast<char>(u >> 8);
            };
            if (c < 0x10000) {
                unit(c);
            } else {
                unit(0xD800 + ((c - 0x10000) >> 10));
                unit(0xDC00 + ((c - 0x10000) & 0x3FF));
            }
            continue;
        }
        // windows-1252's own characters in 0x80-0x9F, those the test's text holds.
        if (encoding == "windows-1252") {
            const std::pair<char32_t, char> kCp1252[] = {{0x20AC, '\x80'}, {0x2019, '\x92'}, {0x201C, '\x93'},
                                                         {0x201D, '\x94'}, {0x2013, '\x96'}, {0x2014, '\x97'}};
            bool found = false;
            for (const auto& [code, byte] : kCp1252) {
                if (code == c) {
                    out += byte;
                    found = true;
                }
            }
            if (found) continue;
        }
        const char32_t top = encoding == "US-ASCII" ? 0x80 : 0x100;
        if (c < top && !(encoding == "windows-1252" && c >= 0x80 && c < 0xA0)) out += static_cast<char>(c);
        else out += "&#" + std::to_string(static_cast<std::uint32_t>(c)) + ";";
    }
    return out;
}

} // namespace

TEST_CASE("xml hardening: markup that fooled the cutter, in dumps past the 1 MiB block, loads as the plain dump does")
{
    TempDir scratch;
    const auto dump = [](const std::string& root, const std::string& docs) {
        const auto name_end = root.find_first_of(" \t\r\n>", 1);
        return "<?xml version=\"1.0\"?>\n" + root + "\n" + docs + "</" + root.substr(1, name_end - 1) + ">\n";
    };
    // The fixture's docs, spread between 6,000 filler docs: about 2.3 MB.
    const auto docs = [](const std::string& inside, const std::string& between, const std::string& doc_end = "</doc>") {
        return filler(3000, inside, between, doc_end) + fixture_docs() + filler(3000, inside, between, doc_end);
    };
    const std::string plain = dump("<feed>", docs("", ""));
    REQUIRE(plain.size() > 2 * 1024 * 1024);
    write_file(scratch.file("plain.xml"), plain);
    const auto baseline = run_with(scratch, scratch.file("plain.xml"));
    INFO(baseline.err);
    REQUIRE(baseline.exit_code == 0);
    const auto report = read_file(scratch.file("report.csv"));
    CHECK(docs_parsed(baseline.err) == 6070);
    CHECK(contains(report, "Heat"));

    const std::vector<std::pair<const char*, std::string>> variants{
        {"</doc> in CDATA", dump("<feed>", docs(" <![CDATA[</doc>\n</doc>]]>", ""))},
        {"</doc> in comments", dump("<feed>", docs("", "<!-- </doc>\n</doc> -->\n"))},
        {"</doc> in processing instructions", dump("<feed>", docs(" <?note </doc> ?>", "<?pi </doc>\n</feed> ?>\n"))},
        {"'>' in the root's attribute", dump("<feed note=\"a > b\" other='\"x\" > \"y\"'>", docs("", ""))},
        {"</doc >", dump("<feed>", docs("", "", "</doc >"))},
        {"</doc\\n>", dump("<feed>", docs("", "", "</doc\n>"))},
        {"namespaces", dump("<feed xmlns=\"urn:x-feed\" xmlns:n=\"urn:x-note\">", docs(" <n:b>bold</n:b>", ""))},
        {"a byte order mark", "\xEF\xBB\xBF" + plain},
        {"ISO-8859-1", encoded("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<feed>\n" + docs("", "") + "</feed>\n", "ISO-8859-1")},
        {"UTF-16", "\xFF\xFE" + encoded("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<feed>\n" + docs("", "") + "</feed>\n", "UTF-16LE")},
    };
    for (const auto& [what, xml] : variants) {
        CAPTURE(what);
        write_file(scratch.file("variant.xml"), xml);
        const auto result = run_with(scratch, scratch.file("variant.xml"));
        INFO(result.err);
        CHECK(result.exit_code == 0);
        CHECK(docs_parsed(result.err) == 6070);
        CHECK(read_file(scratch.file("report.csv")) == report);
    }
}

TEST_CASE("xml hardening: a dump in another encoding loads its own text, and --invalid-utf8 replace replaces only what is invalid in it")
{
    TempDir scratch;
    const auto body = filler(4000) + fixture_docs() + filler(100);
    const std::string utf8 = "<?xml version=\"1.0\"?>\n<feed>\n" + body + "</feed>\n";
    write_file(scratch.file("utf8.xml"), utf8);
    auto result = run_with(scratch, scratch.file("utf8.xml"));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const auto report = read_file(scratch.file("report.csv"));
    // The fixture's Am\xC3\xA9lie page is matched, its abstract as written (with U+2019, which
    // ISO-8859-1 writes as a character reference and windows-1252 as 0x92).
    CHECK(contains(report, "Am\xC3\xA9lie (French: Le Fabuleux Destin d\xE2\x80\x99" "Am\xC3\xA9lie Poulain) is a 2001 romantic "
                           "comedy film"));

    for (const char* encoding : {"ISO-8859-1", "windows-1252"}) {
        for (const char* policy : {"refuse", "replace"}) {
            CAPTURE(encoding);
            CAPTURE(policy);
            write_file(scratch.file("dump.xml"),
                       encoded("<?xml version=\"1.0\" encoding=\"" + std::string{encoding} + "\"?>\n<feed>\n" + body + "</feed>\n",
                               encoding));
            result = run_with(scratch, scratch.file("dump.xml"), {"--invalid-utf8", policy});
            INFO(result.err);
            CHECK(result.exit_code == 0);
            CHECK(read_file(scratch.file("report.csv")) == report);  // no "Am\xC3\x83\xC2\xA9lie", no U+FFFD
            CHECK_FALSE(contains(result.err, "replaced"));
        }
    }

    // US-ASCII with a stray byte: refused where it is, or replaced and counted.
    const std::string ascii = "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>\n<feed>\n" + filler(4000) +
                              encoded(fixture_docs(), "US-ASCII") + "<doc><title>Wikipedia: Caf\xE9</title></doc>\n</feed>\n";
    write_file(scratch.file("ascii.xml"), ascii);
    result = run_with(scratch, scratch.file("ascii.xml"));
    CHECK(result.exit_code == 1);
    CHECK(last_line(result.err) == "sluice: error: " + scratch.file("ascii.xml") + ": byte " + std::to_string(ascii.find('\xE9')) +
                                       ": not valid US-ASCII: 0xE9 (--invalid-utf8 replace puts U+FFFD in its place)");
    result = run_with(scratch, scratch.file("ascii.xml"), {"--invalid-utf8", "replace"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(contains(result.err, ", 1 ill-formed UTF-8 sequences replaced"));
    CHECK(docs_parsed(result.err) == 4071);
    CHECK(contains(report, "Am\xC3\xA9lie (French: Le Fabuleux Destin d\xE2\x80\x99" "Am\xC3\xA9lie Poulain)"));

    // An encoding nobody knows.
    write_file(scratch.file("klingon.xml"), "<?xml version=\"1.0\" encoding=\"klingon-1\"?>\n<feed>\n" + fixture_docs() + "</feed>\n");
    result = run_with(scratch, scratch.file("klingon.xml"));
    CHECK(result.exit_code == 1);
    CHECK(last_line(result.err) == "sluice: error: " + scratch.file("klingon.xml") +
                                       ": line 1, column 31 (byte 30): unknown encoding 'klingon-1' in the XML declaration "
                                       "(ICU has no converter by that name)");
}

TEST_CASE("xml hardening: 30 million nested levels are refused at the 257th, at once, naming --max-depth")
{
    TempDir scratch;
    // The issue's case: 30 M levels in a 62 MB gzip took 1.08 GB and loaded. Both readers: docs
    // directly under the root (two threads) and below another element (one).
    for (const std::string& start : {std::string{"<feed><doc><title>x</title>"}, std::string{"<feed><group><doc><title>x</title>"}}) {
        CAPTURE(start);
        const int levels = kSanitized ? 3'000'000 : 30'000'000;
        {
            GzipWriter gz{scratch.file("deep.xml.gz")};
            gz.write(start);
            const std::string thousand = [] {
                std::string s;
                for (int i = 0; i < 1000; ++i) s += "<a>";
                return s;
            }();
            for (int i = 0; i < levels / 1000; ++i) gz.write(thousand);
        }
        const auto result = run_with(scratch, scratch.file("deep.xml.gz"));
        CHECK(result.exit_code == 1);
        // The 257th element: the root, the doc (or group and doc) and the title's siblings.
        const auto before = start.size() + 3 * (256 - (start.find("<group>") == std::string::npos ? 2 : 3));
        CHECK(last_line(result.err) == "sluice: error: " + scratch.file("deep.xml.gz") + ": line 1, column " +
                                           std::to_string(before + 1) + " (byte " + std::to_string(before) +
                                           "): an element nested deeper than 256 levels (the root is level 1); raise "
                                           "--max-depth to read it");
    }
    // Raised, the limit lets a deeper doc through.
    write_file(scratch.file("deep1000.xml"), "<feed>\n" + fixture_docs() + "<doc><title>Deep</title>" +
                                                 [] {
                                                     std::string s;
                                                     for (int i = 0; i < 997; ++i) s += "<a>";
                                                     for (int i = 0; i < 997; ++i) s += "</a>";
                                                     return s;
                                                 }() +
                                                 "</doc>\n</feed>\n");
    auto result = run_with(scratch, scratch.file("deep1000.xml"));
    CHECK(result.exit_code == 1);
    CHECK(contains(last_line(result.err), "an element nested deeper than 256 levels"));
    result = run_with(scratch, scratch.file("deep1000.xml"), {"--max-depth", "1000"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(docs_parsed(result.err) == 71);
    result = run_with(scratch, scratch.file("deep1000.xml"), {"--max-depth", "0"});
    CHECK(result.exit_code == 2);
}

TEST_CASE("xml hardening: a doc past --max-record-bytes is refused where it passes it, and read with the limit raised")
{
    TempDir scratch;
    std::string big = "<doc>\n<title>Wikipedia: Many sections</title>\n<links>\n";
    while (big.size() < 20 * 1024 * 1024) big += "<sublink linktype=\"nav\"><anchor>Section</anchor><link>u</link></sublink>\n";
    big += "</links>\n</doc>\n";
    const std::string head = "<feed>\n" + fixture_docs();
    write_file(scratch.file("big.xml"), head + big + filler(10) + "</feed>\n");
    auto result = run_with(scratch, scratch.file("big.xml"));
    CHECK(result.exit_code == 1);
    const auto line = 1 + std::count(head.begin(), head.end(), '\n') +
                      std::count(big.begin(), big.begin() + 16 * 1024 * 1024, '\n');
    const auto line_start = big.rfind('\n', 16 * 1024 * 1024 - 1) + 1;
    CHECK(last_line(result.err) == "sluice: error: " + scratch.file("big.xml") + ": line " + std::to_string(line) + ", column " +
                                       std::to_string(16 * 1024 * 1024 - line_start + 1) + " (byte " +
                                       std::to_string(head.size() + 16 * 1024 * 1024) +
                                       "): a <doc> longer than 16777216 bytes; raise --max-record-bytes to read it");
    result = run_with(scratch, scratch.file("big.xml"), {"--max-record-bytes", std::to_string(32 * 1024 * 1024)});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(docs_parsed(result.err) == 81);
    result = run_with(scratch, scratch.file("big.xml"), {"--max-record-bytes", "100"});
    CHECK(result.exit_code == 2);
}

TEST_CASE("xml hardening: memory does not grow with hostile shapes, at two sizes")
{
    TempDir scratch;
    // Each shape written at `n` and 4n units; both must load (or fail) alike, the larger in about
    // the memory of the smaller.
    struct Shape {
        std::string name;
        std::function<std::string(int)> unit;  // one unit of the dump
        int n;
        std::vector<std::string> extra;
    };
    const auto nested = [](int depth) {
        std::string s = "<doc><title>Wikipedia: Deep</title>";
        for (int i = 0; i < depth; ++i) s += "<a>";
        for (int i = 0; i < depth; ++i) s += "</a>";
        return s + "</doc>\n";
    };
    const std::string text(1 << 20, 't');
    const std::string comment = "<!--" + std::string(5 << 20, 'c') + "-->\n";
    const std::string attributes = [] {
        std::string s = "<doc><title>Wikipedia: Wide</title><links>";
        for (int k = 0; k < 50; ++k) {
            s += "<sublink";
            for (int i = 0; i < 256; ++i) s += " a" + std::to_string(i) + "='v'";
            s += "/>";
        }
        return s + "</links></doc>\n";
    }();
    const std::string long_doc = [] {
        std::string s = "<doc><title>Wikipedia: Long</title><links>";
        while (s.size() < 12 * 1024 * 1024) s += "<sublink linktype=\"nav\"><anchor>S</anchor><link>u</link></sublink>\n";
        return s + "</links></doc>\n";
    }();
    const std::string cdata = "<doc><title>Wikipedia: Data</title><links><x><![CDATA[" + std::string(5 << 20, 'd') +
                              "]]></x></links></doc>\n";
    const int scale = kSanitized ? 1 : 4;
    // The dumps are gzipped text that repeats: past 64 MiB they inflate more than --max-ratio allows.
    const std::vector<std::string> roomy{"--max-ratio", "100000"};
    const std::vector<Shape> shapes{
        {"docs nested 250 deep", [&](int) { return nested(250); }, 2000 * scale, roomy},
        {"a MiB of text outside any doc", [&](int) { return text + filler(1); }, 10 * scale, roomy},
        {"5 MiB comments between docs", [&](int) { return comment + filler(1); }, 3 * scale, roomy},
        {"256 attributes on each tag", [&](int) { return attributes; }, 200 * scale, roomy},
        {"docs of 12 MiB", [&](int) { return long_doc; }, 2 * scale, roomy},
        {"5 MiB CDATA sections in docs", [&](int) { return cdata; }, 3 * scale, roomy},
    };
    for (const auto& shape : shapes) {
        CAPTURE(shape.name);
        double peaks[2] = {0, 0};
        std::uint64_t docs[2] = {0, 0};
        for (int size = 0; size < 2; ++size) {
            const int units = shape.n * (size == 0 ? 1 : 4);
            {
                GzipWriter gz{scratch.file("shape.xml.gz")};
                gz.write("<?xml version=\"1.0\"?>\n<feed>\n" + fixture_docs());
                for (int i = 0; i < units; ++i) gz.write(shape.unit(i));
                gz.write("</feed>\n");
            }
            const auto result = run_with(scratch, scratch.file("shape.xml.gz"), shape.extra);
            INFO(result.err);
            REQUIRE(result.exit_code == 0);
            peaks[size] = peak_mib(result.err);
            docs[size] = docs_parsed(result.err);
        }
        CHECK(docs[1] - 70 == 4 * (docs[0] - 70));
        MESSAGE(shape.name << ": peak " << peaks[0] << " MiB, and " << peaks[1] << " MiB at 4 times the size");
        if (!kSanitized) {
            CHECK(peaks[1] < peaks[0] + 8.0);
            CHECK(peaks[1] < 120.0);
        }
    }
}

TEST_CASE("xml hardening: a source whose records are not <doc> fails, saying what it holds")
{
    TempDir scratch;
    // A MediaWiki pages dump of 1.2 MB.
    std::string mediawiki = "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.10/\" version=\"0.10\" xml:lang=\"en\">\n"
                            "<siteinfo><sitename>Wikipedia</sitename></siteinfo>\n";
    int pages = 0;
    for (; mediawiki.size() < 1'200'000; ++pages)
        mediawiki += "<page><title>Heat " + std::to_string(pages) + "</title><ns>0</ns><revision><text>Heat is a 1995 film." +
                     std::string(100, ' ') + "</text></revision></page>\n";
    mediawiki += "</mediawiki>\n";
    write_file(scratch.file("pages.xml"), mediawiki);
    auto result = run_with(scratch, scratch.file("pages.xml"));
    CHECK(result.exit_code == 1);
    CHECK(last_line(result.err) == "sluice: error: " + scratch.file("pages.xml") + ": byte " + std::to_string(mediawiki.size()) +
                                       ": no <doc> elements under <mediawiki> in 1.2 MB; found " + std::to_string(pages) +
                                       " <page>, 1 <siteinfo>");
    {
        GzipWriter gz{scratch.file("pages.xml.gz")};
        gz.write(mediawiki);
    }
    result = run_with(scratch, scratch.file("pages.xml.gz"));
    CHECK(result.exit_code == 1);
    CHECK(contains(last_line(result.err), ": no <doc> elements under <mediawiki> in 1.2 MB; found "));

    // An RSS feed, an empty root, docs too deep, and the movies CSV given as the dump.
    const std::string rss = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Films</title>"
                            "<item><title>Heat</title><description>A 1995 film</description></item></channel></rss>\n";
    write_file(scratch.file("feed.rss"), rss);
    result = run_with(scratch, scratch.file("feed.rss"));
    CHECK(result.exit_code == 1);
    CHECK(last_line(result.err) == "sluice: error: " + scratch.file("feed.rss") + ": byte " + std::to_string(rss.size()) +
                                       ": no <doc> elements under <rss> in " + std::to_string(rss.size()) +
                                       " bytes; found 1 <channel>");
    write_file(scratch.file("empty.xml"), "<feed/>\n");
    result = run_with(scratch, scratch.file("empty.xml"));
    CHECK(result.exit_code == 1);
    CHECK(last_line(result.err) ==
          "sluice: error: " + scratch.file("empty.xml") + ": byte 8: no <doc> elements under <feed> in 8 bytes; it holds no elements");
    std::string deep = "<feed>";
    for (int i = 0; i < 300; ++i) deep += "<g>";
    deep += "<doc><title>Heat</title></doc>";
    for (int i = 0; i < 300; ++i) deep += "</g>";
    write_file(scratch.file("deep.xml"), deep + "</feed>\n");
    result = run_with(scratch, scratch.file("deep.xml"));
    CHECK(result.exit_code == 1);
    CHECK(last_line(result.err) == "sluice: error: " + scratch.file("deep.xml") +
                                       ": line 1, column 772 (byte 771): an element nested deeper than 256 levels (the root "
                                       "is level 1); raise --max-depth to read it");
    result = run_with(scratch, fixture("src/movies_metadata.csv"));
    CHECK(result.exit_code == 1);
    CHECK(last_line(result.err) == "sluice: error: " + fixture("src/movies_metadata.csv") +
                                       ": line 1, column 1 (byte 0): not XML: it starts with "
                                       "\"adult,belongs_to_collection,budget,genre...\"");
}
