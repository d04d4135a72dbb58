// The parallel reader against the sequential one on many generated documents: the same docs, the
// same count, and the same error with the same line, column and byte, whatever the block size
// (down to a cut after every element under the root), the read sizes and the number of workers.
//
// The documents are built from the markup that used to fool the cutter: "</doc>" in comments,
// CDATA sections, processing instructions and attribute values (either quote), '>' in the root's
// attributes, whitespace inside tags ("</doc >", "<doc\n>"), empty elements, namespace prefixes, a
// byte order mark, CRLF and CR line endings, ISO-8859-1 and UTF-16 text, docs nested under other
// elements, and text, comments and CDATA between the root's children. A third of them are then
// broken (cut short, a byte dropped or changed, a tag misnamed), and some pass a limit.

#include "core/error.hpp"
#include "doc_outcome.hpp"
#include "encoded_text.hpp"
#include "memory_source.hpp"
#include "parse/parallel_doc_reader.hpp"
#include "parse/xml_doc_reader.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using sluice::ParallelDocReader;
using sluice::WikiDoc;
using sluice::XmlDocReader;
using sluice::XmlReadOptions;
using sluice::test::MemorySource;
using sluice::test::collect;
using sluice::test::converted;

namespace {

XmlDocReader::TitleFilter filter(bool on)
{
    if (!on) return {};
    return [](std::string_view title) { return title.size() % 2 == 0; };
}

std::string sequential(const std::string& xml, std::size_t max_read, std::size_t chunk, bool filtered,
                       const XmlReadOptions& options)
{
    MemorySource source(xml, max_read, "gen.xml");
    XmlDocReader reader(source, chunk, filter(filtered), options);
    return collect(reader);
}

std::string parallel(const std::string& xml, std::size_t max_read, std::size_t workers, std::size_t block,
                     bool filtered, const XmlReadOptions& options)
{
    MemorySource source(xml, max_read, "gen.xml");
    ParallelDocReader reader(source, filter(filtered), options, workers, block);
    return collect(reader);
}

// Random well-formed documents in the abstracts dump's vocabulary.
class DocumentMaker {
public:
    explicit DocumentMaker(std::uint32_t seed) : rng_(seed) {}

    // The document as UTF-8, and how to encode it: "UTF-8", "ISO-8859-1" or "UTF-16LE".
    std::string document(std::string& encoding)
    {
        const int e = pick(10);
        encoding = e == 0 ? "ISO-8859-1" : e == 1 ? "UTF-16LE" : "UTF-8";
        latin1_ = encoding == "ISO-8859-1";
        prefix_ = pick(5) == 0 ? "f:" : "";
        std::string xml;
        if (encoding == "UTF-8" && pick(4) == 0) xml += "\xEF\xBB\xBF";
        if (encoding != "UTF-8" || pick(3) > 0) {
            xml += "<?xml version=\"1.0\"";
            if (encoding != "UTF-8" || pick(2) == 0) xml += " encoding=\"" + encoding + "\"";
            xml += pick(2) ? "?>" : " standalone='yes' ?>";
            xml += "\n";
        }
        for (int i = pick(3); i > 0; --i) xml += pick(2) ? comment() : pi() + "\n";
        xml += "<" + prefix_ + "feed";
        if (!prefix_.empty()) xml += " xmlns:f=\"urn:x-feed\"";
        if (pick(2)) xml += pick(2) ? " note=\"a > b &lt;/doc>\"" : "\n  note='1 > 0 \"&lt;/doc>\"'\t";
        xml += ">";
        const bool first_is_doc = pick(5) > 0;
        if (first_is_doc) xml += space() + doc();
        for (int i = pick(12); i > 0; --i) xml += between() + root_child();
        xml += between() + "</" + prefix_ + "feed" + (pick(3) ? "" : " ") + ">";
        for (int i = pick(3); i > 0; --i) xml += space() + (pick(2) ? comment() : pi());
        if (pick(2)) xml += "\n";
        // Line endings: a CRLF or CR file reads as an LF one, but lines are counted by LF alone.
        const int endings = pick(6);
        if (endings > 0 && endings < 3) {
            std::string converted;
            for (const char c : xml) converted += c == '\n' ? (endings == 1 ? "\r\n" : "\r") : std::string(1, c);
            xml = converted;
        }
        return xml;
    }

    int pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }

private:
    std::string space()
    {
        static const char* const kSpaces[] = {"", "\n", " ", "\n  ", "\t", "\n\n"};
        return kSpaces[pick(6)];
    }
    std::string text()
    {
        static const char* const kWords[] = {"Heat", " 1995 ", "&amp;", "&lt;doc&gt;", "&#233;", "&#x1F3AC;", "caf\xC3\xA9",
                                             "\xC2\xBD > \xC2\xBC", "'\"", "] ]>", "\n", "x y", "na\xC3\xAFve"};
        static const char* const kWide[] = {"\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xE5\x8D\x83"};
        std::string out;
        for (int i = pick(4); i >= 0; --i) out += !latin1_ && pick(6) == 0 ? kWide[pick(3)] : kWords[pick(13)];
        return out;
    }
    std::string comment()
    {
        static const char* const kBodies[] = {" </doc> ", "-x", " <doc> ", "</feed>", "", " > ", " ]]> "};
        return std::string{"<!--"} + kBodies[pick(7)] + "-->";
    }
    std::string pi()
    {
        static const char* const kBodies[] = {"</doc>", "? >", "> x", "<doc>", "", "]]>", "x?y"};
        return std::string{"<?pi "} + kBodies[pick(7)] + "?>";
    }
    std::string cdata()
    {
        static const char* const kBodies[] = {"</doc>", "]]", "]", "<feed>", "&amp;", "", "-->"};
        return std::string{"<![CDATA["} + kBodies[pick(7)] + "]]>";
    }
    std::string attributes()
    {
        std::string out;
        for (int i = pick(3); i > 0; --i) {
            static const char* const kValues[] = {"x", "a > b", "&lt;/doc>", "&amp;", "", "/>", "\n"};
            const char quote = pick(2) ? '"' : '\'';
            out += " a" + std::to_string(i) + (pick(3) ? "=" : " = ") + quote + kValues[pick(7)] +
                   (quote == '"' ? "'" : "\"") + quote;
        }
        return out;
    }
    std::string tag_end() { return pick(4) ? "" : pick(2) ? " " : "\n"; }
    std::string start(const std::string& name) { return "<" + name + attributes() + tag_end() + ">"; }
    std::string end(const std::string& name) { return "</" + name + tag_end() + ">"; }
    // Anything but an element, where text may be.
    std::string misc()
    {
        switch (pick(6)) {
        case 0: return comment();
        case 1: return pi();
        case 2: return cdata();
        default: return text();
        }
    }
    std::string field(const std::string& name)
    {
        if (pick(8) == 0) return "<" + name + attributes() + (pick(2) ? "/>" : " />");
        std::string out = start(name);
        for (int i = pick(4); i >= 0; --i) out += pick(5) ? misc() : "<b>" + text() + "</b>";
        return out + end(name);
    }
    std::string doc()
    {
        const std::string name = prefix_.empty() || pick(2) ? "doc" : prefix_ + "doc";
        if (pick(15) == 0) return "<" + name + (pick(2) ? "/>" : " />");
        std::string out = start(name) + space();
        static const char* const kFields[] = {"title", "url", "abstract"};
        for (int i = pick(5); i >= 0; --i) {
            const int f = pick(4);
            if (f < 3) {
                out += field(kFields[f]);
            } else {
                out += "<links>";
                for (int s = pick(4); s > 0; --s)
                    out += "<sublink linktype=\"nav\">" + field("anchor") + "<link>u</link></sublink>" + space();
                out += "</links>";
            }
            out += pick(4) ? space() : misc();
        }
        return out + end(name);
    }
    std::string root_child()
    {
        switch (pick(10)) {
        case 0: return "<meta" + attributes() + "/>";
        case 1: {
            std::string out = start("group");
            for (int i = pick(3); i > 0; --i) out += space() + doc();
            return out + end("group");
        }
        default: return doc();
        }
    }
    std::string between()
    {
        std::string out = space();
        if (pick(4) == 0) out += pick(3) ? comment() + space() : misc();
        return out;
    }

    std::mt19937 rng_;
    bool latin1_ = false;
    std::string prefix_;
};

std::string encoded(const std::string& utf8, const std::string& encoding)
{
    if (encoding == "UTF-8") return utf8;
    const auto out = converted(utf8, encoding.c_str());
    return encoding == "UTF-16LE" ? "\xFF\xFE" + out : out;
}

// One kind of damage, or none.
std::string broken(std::string xml, DocumentMaker& maker)
{
    if (xml.empty()) return xml;
    const auto at = static_cast<std::size_t>(maker.pick(static_cast<int>(xml.size())));
    switch (maker.pick(9)) {
    case 0: return xml.substr(0, at);
    case 1: return xml.erase(at, 1);
    case 2: {
        static const char kBytes[] = "<>&\"'/]-?=\xE9";
        xml[at] = kBytes[maker.pick(static_cast<int>(sizeof kBytes - 1))];
        return xml;
    }
    case 3: {
        const auto end = xml.find("</doc>", at);
        if (end != std::string::npos) xml.replace(end, 6, "</dox>");
        return xml;
    }
    default: return xml;
    }
}

std::string shown(const std::string& xml)
{
    std::string out;
    for (const char c : xml) {
        if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F)
            out += "\\x" + std::string{"0123456789ABCDEF"[(c >> 4) & 15]} + "0123456789ABCDEF"[c & 15];
        else out += c;
    }
    return out;
}

} // namespace

TEST_CASE("parallel reader, differential: generated documents read as the sequential reader reads them")
{
    // More with SLUICE_DIFFERENTIAL_DOCUMENTS=N (and SLUICE_DIFFERENTIAL_FIRST=M for other seeds).
    const auto setting = [](const char* name, int otherwise) {
        const char* value = std::getenv(name);
        return value ? std::atoi(value) : otherwise;
    };
    const int kDocuments = setting("SLUICE_DIFFERENTIAL_DOCUMENTS", 4000);
    const int first = setting("SLUICE_DIFFERENTIAL_FIRST", 0);
    int parallel_layouts = 0;
    int errors = 0;
    for (int n = first; n < first + kDocuments; ++n) {
        DocumentMaker maker(static_cast<std::uint32_t>(n));
        std::string encoding;
        const std::string utf8 = maker.document(encoding);
        std::string xml = encoded(utf8, encoding);
        if (maker.pick(3) == 0) xml = broken(xml, maker);
        XmlReadOptions options;
        // Now and then a limit inside the document: a record or a nesting level too many.
        if (maker.pick(12) == 0) options.max_record_bytes = 64 + static_cast<std::uint64_t>(maker.pick(400));
        if (maker.pick(12) == 0) options.max_depth = 2 + static_cast<std::size_t>(maker.pick(4));
        options.replace_invalid = maker.pick(6) == 0;
        const bool filtered = maker.pick(3) == 0;

        const std::string expected = sequential(xml, 1 << 20, 256 * 1024, filtered, options);
        if (!expected.ends_with("error: ")) ++errors;
        if (xml.find("<doc") != std::string::npos) ++parallel_layouts;
        static constexpr std::size_t kBlocks[] = {1, 2, 7, 60, 700, 1 << 20};
        static constexpr std::size_t kReads[] = {1, 3, 64, 1 << 20};
        const std::size_t block = kBlocks[maker.pick(6)];
        const std::size_t read = kReads[maker.pick(4)];
        const std::size_t workers = 1 + static_cast<std::size_t>(maker.pick(3));
        const auto got = parallel(xml, read, workers, block, filtered, options);
        if (got != expected) {
            INFO("document ", n, " (", encoding, ", block ", block, ", read ", read, ", workers ", workers, "): ", shown(xml));
            CHECK(got == expected);
        }
        // The sequential reader's chunks do not matter either.
        const auto chunked = sequential(xml, read, 1 + static_cast<std::size_t>(maker.pick(100)), filtered, options);
        if (chunked != expected) {
            INFO("document ", n, " (", encoding, ", read ", read, "): ", shown(xml));
            CHECK(chunked == expected);
        }
    }
    // The generator does make both kinds.
    if (kDocuments < 100) return;
    CHECK(errors > kDocuments / 5);
    CHECK(errors < kDocuments * 3 / 4);
    CHECK(parallel_layouts > kDocuments / 2);
}
