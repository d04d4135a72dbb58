#pragma once
// A CSV source read as a load job asks (issue 14): decoded from its encoding to UTF-8, parsed in
// its dialect, a preamble and the header dropped, the job's fields picked out of each record by
// header name or position, NULL texts left out, rows of the wrong width rejected (or padded, or
// truncated) with a reason.
//
// The header. With `columns` given they name the fields in order and the `header_lines` records
// are skipped unread. Otherwise the `header_lines` records name them: one record gives the names
// as written; several (a spreadsheet's "Unit" over "price") give each column its non-empty cells,
// trimmed of spaces and tabs, top to bottom, joined by one space ("Unit price"); a column with no
// cell at all is named "". With neither (header_lines = 0), fields are selected by position and
// the first record sets the width. A UTF-8 byte order mark before the first record is dropped.
// A header record the parser flags (a broken quote) ends the read with sluice::Error: names
// guessed from it would be wrong.
//
// Selecting a field: a position counts from 1; a name matches exactly, or else the one name
// equal to it ignoring ASCII case and surrounding spaces. A name that matches no column, or
// several, and a position past the width are UsageErrors naming the source, the selector, the
// header (its first names) and, for a name, the closest one; they come from the constructor when
// `columns` or no header decide it, else from the first next(), which reads the header. A name
// the header holds twice is refused only when a selector asks for it.
//
// Records (Record from parse/record.hpp). `number` counts data records from 1, `line` and
// `byte` are where the record starts in the decoded UTF-8 text (for a UTF-8 source the file
// itself; for another encoding the offsets of the UTF-8 it becomes, since TranscodingSource keeps
// no map back), `raw` is the record as read up to Record::kMaxRawBytes (cut at a character
// boundary). A record comes back with `error` and no values when the parser flagged it
// ("field 3: unterminated quoted field") or its width is wrong: "3 fields, expected 5", "7 fields,
// expected 5". short_rows = pad makes missing fields NULL, but never pads a lone field under a
// wider header: that is a footnote or a stray line, not data. long_rows = truncate drops the
// fields past the width. Otherwise each selector's field adds its text as one value, unless the
// field is unquoted and its text one of the `null` texts: a quoted field is never NULL, as in
// PostgreSQL's COPY CSV, so with the default null = [""] an empty field is NULL and "" is ''.
// Empty lines are not records; an empty source or a header alone yields none.

#include "core/byte_source.hpp"
#include "parse/csv_dialect.hpp"
#include "parse/csv_reader.hpp"
#include "parse/record_reader.hpp"
#include "parse/transcoding_source.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sluice {

// A field as a job names it: a header name, or a 1-based position. (The job file says which: a
// TOML integer is a position, a string a name, so a header "3" can still be named.)
struct CsvSelector {
    enum class Kind { name, position };
    Kind kind = Kind::name;
    std::string name;
    std::size_t position = 0;

    static CsvSelector named(std::string name) { return {Kind::name, std::move(name), 0}; }
    static CsvSelector at(std::size_t position) { return {Kind::position, {}, position}; }
    // "'title'" or "3", as messages show it.
    std::string describe() const;
};

struct CsvReadOptions {
    enum class ShortRows { reject, pad };
    enum class LongRows { reject, truncate };

    CsvDialect dialect;
    std::string encoding = "UTF-8";  // any name ICU knows
    TranscodingSource::Invalid invalid = TranscodingSource::Invalid::refuse;
    std::uint64_t skip_lines = 0;    // physical lines dropped before the header
    std::size_t header_lines = 1;
    std::vector<std::string> columns;  // names the fields in order instead of the header
    std::vector<std::string> null = {""};
    ShortRows short_rows = ShortRows::reject;
    LongRows long_rows = LongRows::reject;
    std::size_t max_record_bytes = CsvReader::kMaxRecordBytes;
    std::size_t chunk_size = 64 * 1024;
};

class CsvRecordReader final : public RecordReader {
public:
    // `fields` are the job's fields, in the order Record numbers them. Throws UsageError for a
    // dialect that does not validate, a position 0, a selector `columns` cannot resolve, a name
    // with no header to find it in; sluice::Error for an encoding ICU does not know.
    CsvRecordReader(ByteSourcePtr source, CsvReadOptions options, std::vector<CsvSelector> fields);
    CsvRecordReader(ByteSource& source, CsvReadOptions options, std::vector<CsvSelector> fields);

    bool next(Record& record) override;
    std::uint64_t records_read() const override { return records_.load(std::memory_order_relaxed); }
    bool field_ever_matched(std::size_t field) const override { return matched_[field] != 0; }

    // The column names, from `columns` or the header (once next() has read it).
    const std::vector<std::string>& names() const { return names_; }
    // The 0-based column each field was found in (once resolved).
    const std::vector<std::size_t>& columns() const { return columns_; }
    // Invalid sequences replaced with U+FFFD so far (Invalid::replace).
    std::uint64_t replaced() const { return text_.replaced(); }
    const std::string& source_name() const { return text_.name(); }

private:
    void read_header();
    void resolve(const std::string& where);
    std::size_t resolve_name(const CsvSelector& selector, const std::string& where) const;
    bool is_null(std::string_view text) const;

    ByteSourcePtr owned_;
    CsvReadOptions options_;
    std::vector<CsvSelector> fields_;
    TranscodingSource text_;
    CsvReader reader_;
    CsvRecord csv_;
    std::vector<std::string> names_;
    std::vector<std::size_t> columns_;
    std::size_t width_ = 0;       // fields a record should have; 0 until known
    bool started_ = false;        // the header is read
    bool resolved_ = false;       // columns_ holds every field's column
    bool first_record_ = true;
    std::atomic<std::uint64_t> records_{0};
    std::vector<char> matched_;   // per field: ever non-null
};

} // namespace sluice
