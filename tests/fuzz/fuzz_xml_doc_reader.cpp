// libFuzzer target for the XML record readers (parse/xml_doc_reader.hpp and
// parse/parallel_doc_reader.hpp), differential: the one-thread reader read whole is the
// reference; the same reader pulling through small reads and chunks, and the parallel reader
// cutting blocks as small as one byte on one or two workers, must give the same docs, the same
// count and the same error, to the byte of its message (line, column and offset included).
//
// Input: two control bytes, then the document. The first picks the read and chunk sizes and
// whether a title filter is set; the second the block size, the workers, the limits (a small
// nesting depth or record size now and then) and --invalid-utf8 replace. sluice::Error is an
// expected outcome; any other exception escapes and libFuzzer reports it, as it does a crash,
// a sanitizer report, a leak, a hang or a difference (abort with both outcomes on stderr).

#include "core/error.hpp"
#include "parse/parallel_doc_reader.hpp"
#include "parse/xml_doc_reader.hpp"
#include "tests/unit/memory_source.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using sluice::WikiDoc;
using sluice::XmlDocReader;
using sluice::XmlReadOptions;

// Wants titles of even length; a title starting with '!' makes the filter throw, as a filter
// that fails would: the readers must carry that out as the error after the docs before it.
XmlDocReader::TitleFilter title_filter(bool on)
{
    if (!on) return {};
    return [](std::string_view title) {
        if (title.starts_with('!')) throw sluice::Error("filter", "refused title");
        return title.size() % 2 == 0;
    };
}

// Everything a reader gave, as one text: each doc's fields, the count, the error.
template <typename Reader>
std::string outcome(Reader& reader)
{
    std::string text;
    try {
        WikiDoc doc;
        while (reader.next(doc)) {
            if (doc.sections.size() > XmlDocReader::kMaxSections) {
                std::fprintf(stderr, "fuzz_xml_doc_reader: more sections than the limit\n");
                std::abort();
            }
            text += doc.title + "|" + doc.url + "|" + doc.abstract;
            for (const auto& section : doc.sections) {
                if (section.size() > XmlDocReader::kMaxSectionBytes) {
                    std::fprintf(stderr, "fuzz_xml_doc_reader: a section past its byte limit\n");
                    std::abort();
                }
                text += "|" + section;
            }
            text += "\n";
        }
        text += "end";
    } catch (const sluice::Error& e) {
        text += std::string{"error: "} + e.what();
    }
    return text + "\nread " + std::to_string(reader.docs_read());
}

std::string sequential(const std::string& xml, std::size_t max_read, std::size_t chunk, bool filter,
                       const XmlReadOptions& options)
{
    sluice::test::MemorySource source(xml, max_read, "fuzz.xml");
    XmlDocReader reader(source, chunk, title_filter(filter), options);
    return outcome(reader);
}

std::string parallel(const std::string& xml, std::size_t max_read, std::size_t workers, std::size_t block, bool filter,
                     const XmlReadOptions& options)
{
    sluice::test::MemorySource source(xml, max_read, "fuzz.xml");
    sluice::ParallelDocReader reader(source, title_filter(filter), options, workers, block);
    return outcome(reader);
}

[[noreturn]] void finding(const char* what, const std::string& got, const std::string& expected)
{
    std::fprintf(stderr, "fuzz_xml_doc_reader: %s\n--- got:\n%s\n--- expected (one reader, whole):\n%s\n", what,
                 got.c_str(), expected.c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 2) return 0;
    const std::uint8_t reads = data[0];
    const std::uint8_t shape = data[1];
    const std::string xml(reinterpret_cast<const char*>(data) + 2, size - 2);

    const bool filter = (reads & 0x80) != 0;
    const std::size_t max_read = (reads & 0x40) ? 1 : static_cast<std::size_t>(reads & 0x3F) + 1;
    const std::size_t chunk = static_cast<std::size_t>((reads >> 2) & 0x0F) + 1;
    XmlReadOptions options;
    if ((shape & 0x60) == 0x20) options.max_depth = 2 + (shape & 0x07);
    if ((shape & 0x60) == 0x40) options.max_record_bytes = 16 + 16 * (shape & 0x0F);
    options.replace_invalid = (shape & 0x80) != 0;
    const std::size_t block = static_cast<std::size_t>(shape & 0x0F) * 7 + 1;
    const std::size_t workers = (shape & 0x10) ? 2 : 1;

    const std::string expected = sequential(xml, 1 << 20, 256 * 1024, filter, options);
    const std::string chunked = sequential(xml, max_read, chunk, filter, options);
    if (chunked != expected) finding("the one-thread reader in small reads and chunks differs", chunked, expected);
    const std::string cut = parallel(xml, max_read, workers, block, filter, options);
    if (cut != expected) finding("the parallel reader in small blocks differs", cut, expected);
    return 0;
}
