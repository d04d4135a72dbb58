// The parallel record reader against the sequential one (XmlRecordReader) on many generated
// documents and record paths: the same records with the same number, line, byte, raw text and
// field values, the same count, the same fields ever matched, and the same error with the same
// line, column and byte, whatever the block size (down to a cut after every record), the read
// sizes and the number of workers.
//
// The documents hold records at depths 2 to 4 under ancestors with attributes and namespace
// declarations, among decoys: elements named like the record at other levels or under other
// parents, records nested in records, siblings that are not records at every level, a second
// parent after the first, attributes-only records, comments, CDATA sections and PIs (holding
// "</row>") everywhere, a byte order mark, CRLF and CR line endings, ISO-8859-1 and UTF-16 text.
// A third of them are then broken (cut short, a byte dropped or changed, a tag misnamed), and
// some pass a limit.

#include "core/error.hpp"
#include "encoded_text.hpp"
#include "memory_source.hpp"
#include "parse/parallel_record_reader.hpp"
#include "parse/xml_record_reader.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using sluice::ParallelRecordReader;
using sluice::Record;
using sluice::RecordReader;
using sluice::XmlField;
using sluice::XmlFieldPath;
using sluice::XmlReadOptions;
using sluice::XmlRecordPath;
using sluice::XmlRecordReader;
using sluice::XmlValueForm;
using sluice::test::MemorySource;
using sluice::test::converted;

namespace {

std::vector<XmlField> fields_of(const std::vector<std::string>& paths)
{
    std::vector<XmlField> fields;
    for (const auto& path : paths) {
        const bool json = path.starts_with("json:");
        fields.push_back({XmlFieldPath::parse(json ? path.substr(5) : path), json ? XmlValueForm::json : XmlValueForm::text});
    }
    return fields;
}

// Everything a reader gave, as one comparable text: each record (number, line, byte, raw, values),
// the count, the fields ever matched, and the error.
std::string outcome(RecordReader& reader, std::size_t fields)
{
    std::string out;
    Record r;
    std::vector<std::string_view> values;
    try {
        while (reader.next(r)) {
            out += std::to_string(r.number) + " " + std::to_string(r.line) + ":" + std::to_string(r.byte) + " raw=" + r.raw;
            for (std::size_t f = 0; f < fields; ++f) {
                r.values(f, values);
                out += " " + std::to_string(f) + "=[";
                for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "|" : "") + std::string{values[i]};
                out += "]";
            }
            out += "\n";
        }
    } catch (const sluice::Error& e) {
        out += std::string{"error: "} + e.what() + "\n";
    }
    out += "read " + std::to_string(reader.records_read()) + ", matched ";
    for (std::size_t f = 0; f < fields; ++f) out += reader.field_ever_matched(f) ? "1" : "0";
    return out;
}

std::string sequential(const std::string& xml, const std::string& path, const std::vector<std::string>& fields,
                       std::size_t max_read, std::size_t chunk, const XmlReadOptions& options)
{
    MemorySource source(xml, max_read, "gen.xml");
    XmlRecordReader reader(source, XmlRecordPath::parse(path), fields_of(fields), options, chunk);
    return outcome(reader, fields.size());
}

std::string parallel(const std::string& xml, const std::string& path, const std::vector<std::string>& fields,
                     std::size_t max_read, std::size_t workers, std::size_t block, const XmlReadOptions& options,
                     std::uint64_t* blocks = nullptr, std::int64_t* one_parser_from = nullptr)
{
    MemorySource source(xml, max_read, "gen.xml");
    ParallelRecordReader reader(source, XmlRecordPath::parse(path), fields_of(fields), options, workers, block);
    auto out = outcome(reader, fields.size());
    if (blocks) *blocks = reader.blocks();
    if (one_parser_from) *one_parser_from = reader.one_parser_from();
    return out;
}

// Random documents with records at a random record path, and field paths to read them by.
class RecordMaker {
public:
    explicit RecordMaker(std::uint32_t seed) : rng_(seed) {}

    int pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }

    // The record path: 2 to 4 steps, the record "row" or "p:row".
    std::string path()
    {
        static const char* const kAncestors[] = {"posts", "a", "b", "set"};
        depth_ = 2 + pick(3);
        steps_.clear();
        for (int i = 0; i + 1 < depth_; ++i) steps_.push_back(kAncestors[pick(4)]);
        record_prefix_ = pick(5) == 0;
        steps_.push_back(record_prefix_ ? "p:row" : "row");
        std::string out;
        for (const auto& step : steps_) out += "/" + step;
        // Now and then the path asks for a prefix the document's record does not have, or the
        // record is just "row" while the document writes "p:row".
        if (pick(12) == 0) prefix_in_document_ = !record_prefix_;
        else prefix_in_document_ = record_prefix_;
        return out;
    }

    std::vector<std::string> fields()
    {
        static const char* const kFields[] = {"@id", "t", "t/@x", ".", "n/m", "@p:q", "json:n", "json:@id", "row", "@none"};
        std::vector<std::string> out;
        for (int i = 1 + pick(4); i > 0; --i) out.push_back(kFields[pick(10)]);
        return out;
    }

    // The document as UTF-8, and how to encode it: "UTF-8", "ISO-8859-1" or "UTF-16LE".
    std::string document(std::string& encoding)
    {
        const int e = pick(10);
        encoding = e == 0 ? "ISO-8859-1" : e == 1 ? "UTF-16LE" : "UTF-8";
        latin1_ = encoding == "ISO-8859-1";
        std::string xml;
        if (encoding == "UTF-8" && pick(4) == 0) xml += "\xEF\xBB\xBF";
        if (encoding != "UTF-8" || pick(3) > 0) {
            xml += "<?xml version=\"1.0\"";
            if (encoding != "UTF-8" || pick(2) == 0) xml += " encoding=\"" + encoding + "\"";
            xml += "?>\n";
        }
        for (int i = pick(3); i > 0; --i) xml += pick(2) ? comment() : pi() + "\n";
        xml += level(0);
        for (int i = pick(3); i > 0; --i) xml += space() + (pick(2) ? comment() : pi());
        if (pick(2)) xml += "\n";
        const int endings = pick(6);
        if (endings > 0 && endings < 3) {
            std::string converted;
            for (const char c : xml) converted += c == '\n' ? (endings == 1 ? "\r\n" : "\r") : std::string(1, c);
            xml = converted;
        }
        return xml;
    }

private:
    std::string space()
    {
        static const char* const kSpaces[] = {"", "\n", " ", "\n  ", "\t", "\n\n"};
        return kSpaces[pick(6)];
    }
    std::string text()
    {
        static const char* const kWords[] = {"Heat", " 1995 ", "&amp;", "&lt;row/&gt;", "&#233;", "&#x1F3AC;", "caf\xC3\xA9",
                                             "\xC2\xBD > \xC2\xBC", "'\"", "] ]>", "\n", "x y", "na\xC3\xAFve"};
        static const char* const kWide[] = {"\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xE5\x8D\x83"};
        std::string out;
        for (int i = pick(4); i >= 0; --i) out += !latin1_ && pick(6) == 0 ? kWide[pick(3)] : kWords[pick(13)];
        // Now and then a longer one, or one past libxml2's 4 KiB of held input and the 4 KiB of
        // a record's raw text.
        if (pick(20) == 0) out += std::string(80 + static_cast<std::size_t>(pick(600)), 'v');
        if (pick(60) == 0) out += std::string(3000 + static_cast<std::size_t>(pick(4000)), 'w');
        return out;
    }
    std::string comment()
    {
        static const char* const kBodies[] = {" </row> ", "-x", " <row> ", "</posts>", "", " > ", " ]]> "};
        return std::string{"<!--"} + kBodies[pick(7)] + "-->";
    }
    std::string pi()
    {
        static const char* const kBodies[] = {"</row>", "? >", "> x", "<row>", "", "]]>", "x?y"};
        return std::string{"<?pi "} + kBodies[pick(7)] + "?>";
    }
    std::string cdata()
    {
        static const char* const kBodies[] = {"</row>", "]]", "]", "<posts>", "&amp;", "", "-->"};
        return std::string{"<![CDATA["} + kBodies[pick(7)] + "]]>";
    }
    std::string attributes()
    {
        std::string out;
        for (int i = pick(4); i > 0; --i) {
            static const char* const kNames[] = {"id", "x", "p:q", "a"};
            static const char* const kValues[] = {"x", "a > b", "&lt;/row>", "&amp;", "", "/>", "\n", "caf\xC3\xA9"};
            const char quote = pick(2) ? '"' : '\'';
            out += std::string{" "} + kNames[(i + pick(2)) % 4] + std::to_string(i) + (pick(3) ? "=" : " = ") + quote +
                   kValues[pick(8)] + quote;
        }
        if (pick(3) == 0) out += " id=\"" + std::to_string(pick(1000)) + "\"";
        if (pick(4) == 0) out += " p:q='" + std::to_string(pick(10)) + "'";
        return out;
    }
    std::string tag_end() { return pick(4) ? "" : pick(2) ? " " : "\n"; }
    // A start tag that declares the prefix "p" now and then (the document's records may need it).
    std::string start(const std::string& name, bool declare = false)
    {
        std::string out = "<" + name + attributes();
        if (declare || pick(4) == 0) out += pick(2) ? " xmlns:p=\"urn:p\"" : " xmlns:p='urn:p2'";
        if (pick(6) == 0) out += " xmlns=\"urn:default\"";
        return out + tag_end() + ">";
    }
    std::string end(const std::string& name) { return "</" + name + tag_end() + ">"; }
    std::string misc()
    {
        switch (pick(6)) {
        case 0: return comment();
        case 1: return pi();
        case 2: return cdata();
        default: return text();
        }
    }
    std::string between()
    {
        std::string out = space();
        if (pick(4) == 0) out += pick(3) ? comment() + space() : misc();
        return out;
    }
    // Some content for a field or a decoy: text, CDATA, small elements.
    std::string content(int budget)
    {
        std::string out;
        for (int i = pick(4); i >= 0; --i) {
            switch (pick(6)) {
            case 0: out += "<t" + attributes() + (pick(2) ? "/>" : ">" + text() + "</t>"); break;
            case 1: out += "<n><m>" + text() + "</m>" + misc() + "</n>"; break;
            case 2:
                if (budget > 0) out += element("row", budget - 1);  // a record in a record: not one
                break;
            default: out += misc();
            }
        }
        return out;
    }
    std::string element(const std::string& name, int budget)
    {
        if (pick(5) == 0) return "<" + name + attributes() + (pick(2) ? "/>" : " />");
        return start(name) + content(budget) + end(name);
    }
    std::string record()
    {
        const std::string name = prefix_in_document_ ? "p:row" : "row";
        // Attributes-only, as StackExchange's rows.
        if (pick(3) == 0) return "<" + name + attributes() + (pick(2) ? "/>" : " />");
        return start(name) + content(1) + end(name);
    }
    // The element at `depth` of the record path (0: the root), with its records and decoys.
    std::string level(int depth)
    {
        if (depth == depth_ - 1) return record();
        const std::string name = steps_[static_cast<std::size_t>(depth)];
        // Declared where the records need it: at the root, or on an ancestor.
        std::string out = start(name, depth == 0 && pick(3) > 0);
        for (int i = depth == 0 ? 1 + pick(6) : pick(5); i > 0; --i) {
            out += between();
            switch (pick(8)) {
            case 0: out += element(pick(2) ? "row" : "meta", 1); break;  // a decoy at this level
            case 1: out += element(steps_[static_cast<std::size_t>(pick(depth_ - 1))], 1); break;  // a wrong parent
            case 2: out += misc(); break;
            default: out += level(depth + 1);
            }
        }
        return out + between() + end(name);
    }

    std::mt19937 rng_;
    bool latin1_ = false;
    int depth_ = 2;
    std::vector<std::string> steps_;
    bool record_prefix_ = false;
    bool prefix_in_document_ = false;
};

std::string encoded(const std::string& utf8, const std::string& encoding)
{
    if (encoding == "UTF-8") return utf8;
    const auto out = converted(utf8, encoding.c_str());
    return encoding == "UTF-16LE" ? "\xFF\xFE" + out : out;
}

std::string broken(std::string xml, RecordMaker& maker)
{
    if (xml.empty()) return xml;
    const auto at = static_cast<std::size_t>(maker.pick(static_cast<int>(xml.size())));
    switch (maker.pick(9)) {
    case 0: return xml.substr(0, at);
    case 1: return xml.erase(at, 1);
    case 2: {
        static const char kBytes[] = "<>&\"'/]-?=:\xE9";
        xml[at] = kBytes[maker.pick(static_cast<int>(sizeof kBytes - 1))];
        return xml;
    }
    case 3: {
        const auto end = xml.find("</row>", at);
        if (end != std::string::npos) xml.replace(end, 6, "</rox>");
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

int setting(const char* name, int otherwise)
{
    const char* value = std::getenv(name);
    return value ? std::atoi(value) : otherwise;
}

} // namespace

TEST_CASE("parallel record reader, differential: generated documents and paths read as the sequential reader reads them")
{
    // More with SLUICE_DIFFERENTIAL_DOCUMENTS=N (and SLUICE_DIFFERENTIAL_FIRST=M for other seeds).
    const int kDocuments = setting("SLUICE_DIFFERENTIAL_DOCUMENTS", 3000);
    const int first = setting("SLUICE_DIFFERENTIAL_FIRST", 0);
    int errors = 0;
    int with_records = 0;
    int cut = 0;
    int cut_deep = 0;  // records below the root's children, cut into blocks to the end
    for (int n = first; n < first + kDocuments; ++n) {
        RecordMaker maker(static_cast<std::uint32_t>(n));
        const std::string path = maker.path();
        const auto fields = maker.fields();
        std::string encoding;
        std::string xml = encoded(maker.document(encoding), encoding);
        if (maker.pick(3) == 0) xml = broken(xml, maker);
        XmlReadOptions options;
        if (maker.pick(12) == 0) options.max_record_bytes = 64 + static_cast<std::uint64_t>(maker.pick(400));
        if (maker.pick(12) == 0) options.max_depth = 2 + static_cast<std::size_t>(maker.pick(4));
        options.replace_invalid = maker.pick(6) == 0;

        const std::string expected = sequential(xml, path, fields, 1 << 20, 256 * 1024, options);
        if (expected.find("\nerror: ") != std::string::npos || expected.starts_with("error: ")) ++errors;
        if (expected.starts_with("1 ")) ++with_records;
        static constexpr std::size_t kBlocks[] = {1, 2, 7, 60, 700, 1 << 20};
        static constexpr std::size_t kReads[] = {1, 3, 64, 1 << 20};
        const std::size_t block = kBlocks[maker.pick(6)];
        const std::size_t read = kReads[maker.pick(4)];
        const std::size_t workers = 1 + static_cast<std::size_t>(maker.pick(3));
        std::uint64_t blocks = 0;
        std::int64_t one_parser_from = -1;
        const auto got = parallel(xml, path, fields, read, workers, block, options, &blocks, &one_parser_from);
        if (blocks > 1) ++cut;
        if (blocks > 3 && one_parser_from == -1 && std::count(path.begin(), path.end(), '/') > 2) ++cut_deep;
        if (got != expected) {
            INFO("document ", n, " (", path, ", ", encoding, ", block ", block, ", read ", read, ", workers ", workers, "): ",
                 shown(xml));
            CHECK(got == expected);
        }
    }
    // The generator makes every kind: errors, records, and documents cut into several blocks.
    if (kDocuments < 100) return;
    CHECK(errors > kDocuments / 5);
    CHECK(errors < kDocuments * 3 / 4);
    CHECK(with_records > kDocuments / 3);
    CHECK(cut > kDocuments / 4);
    CHECK(cut_deep > kDocuments / 20);
}
