// libFuzzer target for the streaming CSV reader (parse/csv_reader.hpp) and, on what it yields,
// the film parser (jobs/movie_report/film_parser.hpp), as `sluice run` chains them.
//
// Input: one control byte, then the CSV text. The control byte picks how the text reaches the
// reader (read size and chunk size, down to one byte) so record boundaries, CRLF pairs and ""
// pairs fall across reads. Beyond "no crash", the reader's own promises are checked, and a
// broken one aborts (a finding like any crash):
//   - the records do not depend on the chunking: every split gives what one read gives;
//   - a record's `raw` is the input at its `byte`, and its `line` counts the line breaks before
//     it (LF, CRLF and a lone CR are one each);
//   - with a small record limit the reader throws sluice::Error, after the same records.
// sluice::Error is an expected outcome; any other exception escapes and libFuzzer reports it.

#include "core/error.hpp"
#include "parse/csv_reader.hpp"
#include "tests/unit/memory_source.hpp"
#include "jobs/movie_report/film_parser.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using sluice::CsvReader;
using sluice::CsvRecord;

// A record copied out of the reader: its views die at the next next().
struct OwnedRecord {
    std::vector<std::string> fields;
    std::uint64_t line = 0;
    std::uint64_t byte = 0;
    std::string raw;
    std::optional<std::string> error;
    bool operator==(const OwnedRecord&) const = default;
};

struct Outcome {
    std::vector<OwnedRecord> records;
    bool threw = false;  // sluice::Error after `records`
};

[[noreturn]] void finding(const char* what, std::size_t record)
{
    std::fprintf(stderr, "fuzz_csv_reader: %s (record %zu)\n", what, record);
    std::abort();
}

Outcome read_all(const std::string& text, std::size_t max_read, std::size_t chunk_size,
                 std::size_t max_record_bytes)
{
    Outcome out;
    sluice::test::MemorySource source(text, max_read, "fuzz.csv");
    CsvReader reader(source, chunk_size, max_record_bytes);
    CsvRecord record;
    try {
        while (reader.next(record)) {
            OwnedRecord owned;
            owned.fields.assign(record.fields.begin(), record.fields.end());
            owned.line = record.line;
            owned.byte = record.byte;
            owned.raw = record.raw;
            owned.error = record.error;
            out.records.push_back(std::move(owned));
        }
        // The end is sticky: asking again must not restart or crash.
        if (reader.next(record)) finding("a record after the end", out.records.size());
    } catch (const sluice::Error&) {
        out.threw = true;
    }
    return out;
}

// Line breaks in text[0, end): LF, CR and CRLF count one each.
std::uint64_t line_breaks(std::string_view text, std::size_t end)
{
    std::uint64_t count = 0;
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\r' || (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))) ++count;
    }
    return count;
}

// What the header says about positions: raw is the input's bytes at `byte`, `line` is one more
// than the line breaks before it, and records come in input order.
void check_positions(const std::string& text, const std::vector<OwnedRecord>& records)
{
    std::uint64_t previous_end = 0;
    for (std::size_t r = 0; r < records.size(); ++r) {
        const OwnedRecord& rec = records[r];
        if (rec.byte < previous_end || rec.byte > text.size()) finding("record byte out of order", r);
        if (std::string_view(text).substr(rec.byte, rec.raw.size()) != rec.raw)
            finding("raw is not the input at the record's byte", r);
        if (rec.line != line_breaks(text, rec.byte) + 1) finding("record line is not 1 + line breaks before it", r);
        if (rec.fields.empty()) finding("a record without fields", r);
        previous_end = rec.byte + rec.raw.size();
    }
}

// The first record as the header, the rest as films: the columns may be missing or doubled (an
// Error, the expected outcome), and every record must give a Film or a reason, never anything else.
void parse_films(const std::vector<OwnedRecord>& records)
{
    if (records.empty()) return;
    const auto as_record = [](const OwnedRecord& owned) {
        CsvRecord record;
        record.fields.assign(owned.fields.begin(), owned.fields.end());
        record.line = owned.line;
        record.byte = owned.byte;
        record.raw = owned.raw;
        record.error = owned.error;
        return record;
    };
    try {
        const sluice::FilmParser parser("fuzz.csv", as_record(records.front()));
        for (std::size_t r = 1; r < records.size(); ++r) {
            const auto film = parser.parse(as_record(records[r]));
            if (const auto* reason = std::get_if<std::string>(&film); reason && reason->empty())
                finding("a rejection without a reason", r);
        }
    } catch (const sluice::Error&) {
        // A header without the needed columns, or with one of them twice.
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) return 0;
    const std::uint8_t control = data[0];
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    constexpr std::size_t unlimited = std::numeric_limits<std::size_t>::max();

    // The reference: the whole text in one read (inputs stay far below the 1 MiB record limit).
    const Outcome whole = read_all(text, unlimited, text.size() + 1, CsvReader::kMaxRecordBytes);
    if (whole.threw) finding("an in-memory read threw", whole.records.size());
    check_positions(text, whole.records);

    // Small pieces: 1-64 bytes per chunk, and with bit 6 set the source hands out one byte per
    // read whatever the chunk size.
    const std::size_t small = static_cast<std::size_t>(control & 0x3F) + 1;
    const std::size_t max_read = (control & 0x40) ? 1 : unlimited;
    const Outcome pieces = read_all(text, max_read, small, CsvReader::kMaxRecordBytes);
    if (pieces.threw || pieces.records != whole.records) finding("records depend on the chunking", pieces.records.size());

    // Bit 7: a record limit small enough to trip. Whatever is returned before the Error must be
    // what the unlimited read returned.
    if (control & 0x80) {
        const Outcome limited = read_all(text, unlimited, small, small * 4);
        if (limited.records.size() > whole.records.size() ||
            !std::equal(limited.records.begin(), limited.records.end(), whole.records.begin()))
            finding("a record limit changed the records before it", limited.records.size());
        if (!limited.threw && limited.records != whole.records) finding("a record limit lost records", limited.records.size());
    }

    parse_films(whole.records);
    return 0;
}
