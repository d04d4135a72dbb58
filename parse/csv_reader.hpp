#pragma once
// Streaming CSV, after rust-csv's csv-core: a push state machine (CsvParser) that takes input in
// chunks of any size, down to one byte, and a pull wrapper (CsvReader) over a ByteSource.
//
// Memory stays bounded by the largest record: the fields of a record are appended into one
// reusable buffer with a reusable vector of field end offsets, so after the first few records
// nothing is allocated per field or per record. (An unterminated quote makes the rest of the
// input one record, so a corrupt file can make one record as large as the file.)
//
// Dialect (parse/csv_dialect.hpp): by default ',' separates fields, '"' quotes them, "" inside
// quotes is one '"' (RFC 4180). A record ends at LF, CRLF or a lone CR (old Mac exports end their
// lines with CR alone; Python's csv module and csv-core read all three), whatever the dialect.
// Quoted fields may hold delimiters, quotes and line breaks, kept as data. Empty lines are not
// records (as in csv-core), so a final line break, or several, adds nothing.
//
// Stray quotes: a quote inside an unquoted field is taken literally, as csv-core and Python do.
// Text after a closing quote (`"ab"cd,`) is kept as part of the field (`abcd`), as csv-core does,
// and the record is flagged "unexpected character after closing quote". A multi-byte delimiter is
// matched across inputs: ", " split as "," then " " is still one delimiter; a partial match that
// fails is data ("a,b" under ", " is one field).
//
// Lines are counted the same way everywhere, inside quotes too: LF, CRLF and CR are one line
// break each, so a CRLF split across two inputs is still one.

#include "core/byte_source.hpp"
#include "parse/csv_dialect.hpp"

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

// The push parser. Feed it input; it stops after each complete record so the caller can read the
// record's fields before the next feed() reuses the buffers.
class CsvParser {
public:
    enum class Result {
        InputEmpty,  // all input consumed, the record is not complete yet: feed more
        Record,      // a record is complete: read it with the accessors below
        End,         // end of input and no record pending
    };
    struct Step {
        Result result;
        std::size_t consumed;  // bytes of the input used; feed the rest again
    };

    // Throws UsageError for a dialect that CsvDialect::validate() refuses.
    explicit CsvParser(CsvDialect dialect = {});

    // Drops the next `lines` physical lines (before the first record is looked for): a preamble,
    // read as raw lines, so an unbalanced quote in it does no harm. They still count as lines
    // and bytes.
    void skip_lines(std::uint64_t lines) { skip_lines_ = lines; }

    // Consumes input up to the end of the next record. An empty `input` means the end of the
    // stream: it completes a pending record (Result::Record) or returns Result::End.
    Step feed(std::string_view input);

    // The last completed record, valid until the next feed().
    std::size_t field_count() const { return ends_.size(); }
    std::string_view field(std::size_t index) const;
    // Whether the field was written in quotes: "" is an empty string where an empty field may
    // be NULL (PostgreSQL's COPY CSV tells them apart so).
    bool field_quoted(std::size_t index) const
    {
        return std::binary_search(quoted_.begin(), quoted_.end(), index);
    }
    std::string_view raw() const { return raw_; }          // without its final line break
    std::size_t pending_bytes() const { return raw_.size(); }  // of the record being parsed
    std::uint64_t record_line() const { return record_line_; }  // 1-based
    std::uint64_t record_byte() const { return record_byte_; }  // 0-based
    // A static message when the record is malformed; the fields are what could be parsed.
    const char* error() const { return error_; }
    // The 0-based field where error() was found.
    std::size_t error_field() const { return error_field_; }

private:
    enum class State {
        SkipLine,        // in the preamble that skip_lines() drops
        StartRecord,     // between records; empty lines are skipped here
        StartField,
        InField,
        Quoted,
        QuoteInQuoted,   // a quote inside a quoted field: closes it, or the first half of ""
        Delimiter,       // the first delimiter_matched_ bytes of a multi-byte delimiter seen
        Escaped,         // after a backslash outside quotes
        QuotedEscaped,   // after a backslash inside quotes
    };

    void end_field() { ends_.push_back(buffer_.size()); }
    void end_record(std::string_view input, std::size_t segment, std::size_t end);
    // `offset` is the break's offset in the stream: an LF right after a CR is the second half of
    // a CRLF, even when it comes in the next input.
    void count_line_break(char c, std::uint64_t offset)
    {
        if (c == '\r') {
            ++lines_;
            cr_end_ = offset + 1;
        } else if (offset != cr_end_) {
            ++lines_;
        }
    }
    void set_error(const char* message)
    {
        if (error_ == nullptr) {
            error_ = message;
            error_field_ = ends_.size();
        }
    }
    // The pending bytes of a multi-byte delimiter turned out to be data (KMP: keep the longest
    // pending part that can still start the delimiter, then try `c` again).
    bool delimiter_mismatch(char c);
    char escaped(char c) const;

    // The dialect, flattened for the inner loops.
    std::string delimiter_;
    char quote_;             // meaningful when quoting_
    bool quoting_;
    bool doubling_;          // "" inside quotes is one quote
    bool backslash_;
    std::vector<std::size_t> delimiter_fallback_;  // KMP failure function of delimiter_
    // Bytes that end a run of ordinary bytes: in an unquoted field (the delimiter's first byte,
    // line breaks, the escape) and in a quoted one (the quote, line breaks, the escape).
    std::array<bool, 256> unquoted_stop_{};
    std::array<bool, 256> quoted_stop_{};

    State state_ = State::StartRecord;
    std::uint64_t skip_lines_ = 0;
    std::size_t delimiter_matched_ = 0;
    bool delimiter_after_quote_ = false;  // the pending delimiter came right after a closing quote
    bool record_ready_ = false;  // a record was returned; clear the buffers on the next feed()
    std::string buffer_;         // every field of the record, back to back
    std::vector<std::size_t> ends_;
    // The quoted fields' indexes, in order: kept apart so that unquoted fields, the many, cost
    // nothing more.
    std::vector<std::size_t> quoted_;
    std::string raw_;
    const char* error_ = nullptr;
    std::size_t error_field_ = 0;
    std::uint64_t lines_ = 0;  // line breaks consumed so far (LF, CRLF and CR count one each)
    std::uint64_t cr_end_ = std::uint64_t(-1);  // stream offset just after the last CR
    std::uint64_t bytes_ = 0;  // bytes consumed so far
    std::uint64_t record_line_ = 0;
    std::uint64_t record_byte_ = 0;
};

struct CsvRecord {                      // views valid until the next call to next()
    std::vector<std::string_view> fields;
    std::uint64_t line = 0;             // 1-based physical line where the record starts
    std::uint64_t byte = 0;             // 0-based byte offset where the record starts
    std::string_view raw;               // the record's raw bytes, without its final line break
    std::optional<std::string> error;   // set for a malformed record, e.g. "unterminated quoted field"
};

// Pulls records from a ByteSource. A malformed record is returned with `error` set and parsing
// continues after it; an unterminated quote makes the rest of the input one record. Errors from
// the source propagate (sluice::Error).
class CsvReader {
public:
    // A record longer than `max_record_bytes` is an error, not a reject: it means a quote was
    // never closed and the rest of the file would be swallowed into one field (and into memory).
    static constexpr std::size_t kMaxRecordBytes = 1024 * 1024;

    explicit CsvReader(ByteSource& source, std::size_t chunk_size = 64 * 1024,
                       std::size_t max_record_bytes = kMaxRecordBytes);
    // Throws UsageError for a dialect that CsvDialect::validate() refuses.
    CsvReader(ByteSource& source, const CsvDialect& dialect, std::size_t chunk_size = 64 * 1024,
              std::size_t max_record_bytes = kMaxRecordBytes);

    // Drops the first `lines` physical lines (see CsvParser::skip_lines); call before next().
    void skip_lines(std::uint64_t lines) { parser_.skip_lines(lines); }
    // The push parser, for what CsvRecord does not carry (error_field()).
    const CsvParser& parser() const { return parser_; }

    // Fills `record` with the next record; false at the end of the input. Reusing one CsvRecord
    // across calls reuses its vector.
    bool next(CsvRecord& record);

    const std::string& source_name() const { return source_.name(); }

private:
    ByteSource& source_;
    std::vector<char> chunk_;
    std::size_t chunk_begin_ = 0;
    std::size_t chunk_end_ = 0;
    bool source_done_ = false;
    bool finished_ = false;
    std::size_t max_record_bytes_;
    CsvParser parser_;
};

} // namespace sluice
