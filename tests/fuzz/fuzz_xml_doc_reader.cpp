// libFuzzer target for the XML record reader (parse/xml_doc_reader.hpp), through both of its
// ways in: pulling from a ByteSource, and a document in memory handed over with push().
//
// Input: one control byte, then the XML. The control byte picks the read, chunk and piece sizes
// (down to one byte) and whether a title filter is set. sluice::Error is an expected outcome
// (malformed XML, a DOCTYPE, an oversized field); any other exception escapes and libFuzzer
// reports it. Beyond "no crash", the reader's own promise is checked: the docs returned, and
// whether an error follows them, do not depend on where the chunk boundaries fell.

#include "core/error.hpp"
#include "parse/xml_doc_reader.hpp"
#include "tests/unit/memory_source.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace {

using sluice::WikiDoc;
using sluice::XmlDocReader;

struct Outcome {
    std::vector<WikiDoc> docs;
    bool threw = false;  // sluice::Error after `docs`
    std::uint64_t docs_read = 0;
};

bool same_docs(const Outcome& a, const Outcome& b)
{
    const auto same = [](const WikiDoc& x, const WikiDoc& y) {
        return x.title == y.title && x.url == y.url && x.abstract == y.abstract && x.sections == y.sections;
    };
    return a.threw == b.threw && std::equal(a.docs.begin(), a.docs.end(), b.docs.begin(), b.docs.end(), same);
}

[[noreturn]] void finding(const char* what, const Outcome& a, const Outcome& b)
{
    std::fprintf(stderr, "fuzz_xml_doc_reader: %s (docs %zu/%zu, threw %d/%d, read %llu/%llu)\n", what,
                 a.docs.size(), b.docs.size(), a.threw, b.threw, static_cast<unsigned long long>(a.docs_read),
                 static_cast<unsigned long long>(b.docs_read));
    std::abort();
}

// Wants titles of even length; a title starting with '!' makes the filter throw, as a filter
// that fails would: the reader must carry that out as the error after the docs before it.
XmlDocReader::TitleFilter title_filter(bool on)
{
    if (!on) return {};
    return [](std::string_view title) {
        if (title.starts_with('!')) throw sluice::Error("filter", "refused title");
        return title.size() % 2 == 0;
    };
}

void take_all(XmlDocReader& reader, Outcome& out)
{
    WikiDoc doc;
    while (reader.next(doc)) {
        if (doc.sections.size() > XmlDocReader::kMaxSections) finding("more sections than the limit", out, out);
        for (const auto& section : doc.sections)
            if (section.size() > XmlDocReader::kMaxSectionBytes) finding("a section past its byte limit", out, out);
        out.docs.push_back(std::move(doc));
    }
}

// Pulled from a source, `max_read` bytes a read at most, through a chunk of `chunk_size`.
Outcome pull(const std::string& xml, std::size_t max_read, std::size_t chunk_size, bool filter)
{
    Outcome out;
    sluice::test::MemorySource source(xml, max_read, "fuzz.xml");
    XmlDocReader reader(source, chunk_size, title_filter(filter));
    try {
        take_all(reader, out);
    } catch (const sluice::Error&) {
        out.threw = true;
    }
    out.docs_read = reader.docs_read();
    (void)reader.line();
    return out;
}

// Pushed in pieces of `piece` bytes, the docs each piece completes taken before the next.
Outcome push(const std::string& xml, std::size_t piece, bool filter)
{
    Outcome out;
    XmlDocReader reader("fuzz.xml", title_filter(filter));
    try {
        std::string_view rest = xml;
        do {
            const std::string_view bytes = rest.substr(0, piece);
            rest.remove_prefix(bytes.size());
            reader.push(bytes, rest.empty());
            take_all(reader, out);
        } while (!rest.empty());
        // Pushing after the end is ignored.
        reader.push("<doc/>", true);
        take_all(reader, out);
    } catch (const sluice::Error&) {
        out.threw = true;
    }
    out.docs_read = reader.docs_read();
    (void)reader.line();
    return out;
}

// libxml2 2.9.14's push parser converts a document in another encoding differently when it
// arrives a byte at a time (bytes that do not convert can get through, and the docs then differ
// from a whole read), which is libxml2's business, not the reader's. So the chunking promise is
// checked only for documents libxml2 reads as UTF-8: no other encoding declared, and no start
// that makes it guess UTF-16, UCS-4 or EBCDIC.
bool read_as_utf8(std::string_view xml)
{
    if (xml.size() >= 2 && (xml[0] == '\0' || xml[1] == '\0' || xml.starts_with("\xFE\xFF") || xml.starts_with("\xFF\xFE")))
        return false;
    if (xml.starts_with("\x4C\x6F\xA7\x94")) return false;
    if (xml.starts_with("\xEF\xBB\xBF")) xml.remove_prefix(3);
    if (!xml.starts_with("<?xml")) return true;
    const std::string_view declaration = xml.substr(0, xml.find("?>"));
    const std::size_t at = declaration.find("encoding");
    if (at == std::string_view::npos) return true;
    std::string_view rest = declaration.substr(at + 8);
    const auto skip = [&](std::string_view chars) {
        while (!rest.empty() && chars.find(rest.front()) != std::string_view::npos) rest.remove_prefix(1);
    };
    skip(" \t\r\n=");
    if (rest.empty() || (rest.front() != '"' && rest.front() != '\'')) return false;
    const char quote = rest.front();
    rest.remove_prefix(1);
    std::string name(rest.substr(0, rest.find(quote)));
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name == "UTF-8" || name == "UTF8";
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) return 0;
    const std::uint8_t control = data[0];
    const std::string xml(reinterpret_cast<const char*>(data) + 1, size - 1);
    const bool filter = (control & 0x80) != 0;
    const std::size_t small = static_cast<std::size_t>(control & 0x3F) + 1;
    constexpr std::size_t unlimited = std::numeric_limits<std::size_t>::max();

    // The reference: the whole document in one push.
    const Outcome whole = push(xml, xml.size() + 1, filter);

    if (!read_as_utf8(xml)) {
        // Still run every way in, for crashes and sanitizer reports; only the comparison is off.
        (void)pull(xml, (control & 0x40) ? 1 : unlimited, small, filter);
        (void)push(xml, small, filter);
        return 0;
    }

    // From a source in small chunks (bit 6: one byte per read whatever the chunk size).
    const Outcome pulled = pull(xml, (control & 0x40) ? 1 : unlimited, small, filter);
    if (!same_docs(pulled, whole)) finding("pulled in chunks differs from whole", pulled, whole);

    // Pushed in small pieces.
    const Outcome pushed = push(xml, small, filter);
    if (!same_docs(pushed, whole)) finding("pushed in pieces differs from whole", pushed, whole);
    return 0;
}
