#pragma once
// Streaming RFC 4180 CSV, after rust-csv's csv-core: a push state machine (CsvParser) that takes
// input in chunks of any size, down to one byte, and a pull wrapper (CsvReader) over a ByteSource.
//
// Memory stays bounded by the largest record: the fields of a record are appended into one
// reusable buffer with a reusable vector of field end offsets, so after the first few records
// nothing is allocated per field or per record. (An unterminated quote makes the rest of the
// input one record, so a corrupt file can make one record as large as the file.)
//
// Dialect: ',' separates fields, '"' quotes them, "" inside quotes is one '"'. A record ends at LF,
// CRLF or a lone CR (old Mac exports end their lines with CR alone; Python's csv module and
// csv-core read all three). Quoted fields may hold commas, quotes and line breaks, kept as data.
// Empty lines are not records (as in csv-core), so a final line break, or several, adds nothing.
// A '"' inside an unquoted field is taken literally, as csv-core and Python do.
//
// Lines are counted the same way everywhere, inside quotes too: LF, CRLF and CR are one line
// break each, so a CRLF split across two inputs is still one.

#include "core/byte_source.hpp"

#include <cstddef>
#include <cstdint>
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

    // Consumes input up to the end of the next record. An empty `input` means the end of the
    // stream: it completes a pending record (Result::Record) or returns Result::End.
    Step feed(std::string_view input);

    // The last completed record, valid until the next feed().
    std::size_t field_count() const { return ends_.size(); }
    std::string_view field(std::size_t index) const;
    std::string_view raw() const { return raw_; }          // without its final line break
    std::size_t pending_bytes() const { return raw_.size(); }  // of the record being parsed
    std::uint64_t record_line() const { return record_line_; }  // 1-based
    std::uint64_t record_byte() const { return record_byte_; }  // 0-based
    // A static message when the record is malformed; the fields are what could be parsed.
    const char* error() const { return error_; }

private:
    enum class State {
        StartRecord,     // between records; empty lines are skipped here
        StartField,
        InField,
        Quoted,
        QuoteInQuoted,   // '"' inside a quoted field: closes it, or the first half of ""
    };

    void begin_record();
    void end_field() { ends_.push_back(buffer_.size()); }
    void end_record(std::string_view input, std::size_t segment, std::size_t end);
    void count_line_break(char c);
    void set_error(const char* message)
    {
        if (error_ == nullptr) error_ = message;
    }

    State state_ = State::StartRecord;
    bool record_ready_ = false;  // a record was returned; clear the buffers on the next feed()
    std::string buffer_;         // every field of the record, back to back
    std::vector<std::size_t> ends_;
    std::string raw_;
    const char* error_ = nullptr;
    std::uint64_t lines_ = 0;  // line breaks consumed so far (LF, CRLF and CR count one each)
    // The last byte consumed was a CR, counted as a line break: an LF right after it is the
    // second half of a CRLF, even when it comes in the next input.
    bool after_cr_ = false;
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
