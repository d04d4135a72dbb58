// libFuzzer target for the record readers (parse/xml_record_reader.hpp and
// parse/parallel_record_reader.hpp), differential: the one-thread reader read whole is the
// reference; the same reader pulling through small reads and chunks, and the parallel reader
// cutting blocks as small as one byte on one or two workers, must give the same records (number,
// line, byte, raw text, values), the same count, the same fields matched and the same error, to
// the byte of its message.
//
// Input: two control bytes, then the document. The first picks the read and chunk sizes and the
// record path (depth 1 to 4, with and without a prefix); the second the block size, the workers,
// the limits and --invalid-utf8 replace. sluice::Error is an expected outcome; anything else, a
// crash, a sanitizer report, a hang or a difference is a finding.

#include "core/error.hpp"
#include "parse/parallel_record_reader.hpp"
#include "parse/xml_record_reader.hpp"
#include "tests/unit/memory_source.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using sluice::Record;
using sluice::RecordReader;
using sluice::XmlField;
using sluice::XmlFieldPath;
using sluice::XmlReadOptions;
using sluice::XmlRecordPath;

constexpr const char* kPaths[] = {"/posts/row", "/r/a/row", "/a:r/b/p:row", "/r", "/feed/doc", "/r/a/b/row", "/x/p:row",
                                  "/r/row"};

std::vector<XmlField> fields()
{
    std::vector<XmlField> out;
    for (const char* path : {"@Id", "title", "t/@x", ".", "a/b"}) out.push_back({XmlFieldPath::parse(path)});
    out.push_back({XmlFieldPath::parse("n"), sluice::XmlValueForm::json});
    return out;
}

std::string outcome(RecordReader& reader, std::size_t count)
{
    std::string out;
    Record r;
    std::vector<std::string_view> values;
    try {
        while (reader.next(r)) {
            out += std::to_string(r.number) + " " + std::to_string(r.line) + ":" + std::to_string(r.byte) + " " + r.raw;
            for (std::size_t f = 0; f < count; ++f) {
                r.values(f, values);
                out += "|";
                for (const auto v : values) out += std::string{v} + ",";
            }
            out += "\n";
        }
        out += "end";
    } catch (const sluice::Error& e) {
        out += std::string{"error: "} + e.what();
    }
    out += "\nread " + std::to_string(reader.records_read()) + " matched ";
    for (std::size_t f = 0; f < count; ++f) out += reader.field_ever_matched(f) ? "1" : "0";
    return out;
}

[[noreturn]] void finding(const char* what, const std::string& got, const std::string& expected)
{
    std::fprintf(stderr, "fuzz_xml_record_reader: %s\n--- got:\n%s\n--- expected (one reader, whole):\n%s\n", what,
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

    const auto path = XmlRecordPath::parse(kPaths[reads & 0x07]);
    const std::size_t max_read = (reads & 0x80) ? 1 : static_cast<std::size_t>((reads >> 3) & 0x0F) + 1;
    const std::size_t chunk = static_cast<std::size_t>((reads >> 3) & 0x07) + 1;
    XmlReadOptions options;
    if ((shape & 0x60) == 0x20) options.max_depth = 2 + (shape & 0x07);
    if ((shape & 0x60) == 0x40) options.max_record_bytes = 16 + 16 * (shape & 0x0F);
    options.replace_invalid = (shape & 0x80) != 0;
    const std::size_t block = static_cast<std::size_t>(shape & 0x0F) * 7 + 1;
    const std::size_t workers = (shape & 0x10) ? 2 : 1;
    const auto count = fields().size();

    const auto read = [&](std::size_t max, std::size_t chunk_size) {
        sluice::test::MemorySource source(xml, max, "fuzz.xml");
        sluice::XmlRecordReader reader(source, path, fields(), options, chunk_size);
        return outcome(reader, count);
    };
    const std::string expected = read(1 << 20, 256 * 1024);
    const std::string chunked = read(max_read, chunk);
    if (chunked != expected) finding("the one-thread reader in small reads and chunks differs", chunked, expected);
    sluice::test::MemorySource source(xml, max_read, "fuzz.xml");
    sluice::ParallelRecordReader parallel(source, path, fields(), options, workers, block);
    const std::string cut = outcome(parallel, count);
    if (cut != expected) finding("the parallel reader in small blocks differs", cut, expected);
    return 0;
}
