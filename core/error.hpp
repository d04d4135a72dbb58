#pragma once
// One error type for every stage: it carries the source's (redacted) name and the position in it,
// so a failure deep in a worker thread still reaches the user as
//   "movies_metadata.csv: line 1311 (byte 523871): expected 24 fields, found 22".

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace sluice {

// Where in a source something happened. Byte offsets are into the stream the stage sees
// (compressed bytes for a decompressor, inflated bytes for a parser); unknown parts stay empty.
struct SourcePosition {
    std::optional<std::uint64_t> line;
    std::optional<std::uint64_t> column;
    std::optional<std::uint64_t> byte;

    static SourcePosition at_byte(std::uint64_t byte) { return {std::nullopt, std::nullopt, byte}; }
    static SourcePosition at_line(std::uint64_t line, std::optional<std::uint64_t> byte = {})
    {
        return {line, std::nullopt, byte};
    }
};

// A runtime failure tied to a source: bad data, a failed fetch, a database error. Exit code 1.
class Error : public std::runtime_error {
public:
    Error(std::string source, std::string detail, SourcePosition where = {});

    const std::string& source() const noexcept { return source_; }
    const std::string& detail() const noexcept { return detail_; }
    const SourcePosition& where() const noexcept { return where_; }

private:
    std::string source_;
    std::string detail_;
    SourcePosition where_;
};

// The compressed data itself is bad: corrupt or truncated deflate data, a checksum that does not
// match. A parser that fails on what came out of such data only shows a symptom (see
// fetch/decode_check.hpp). A decompression bomb is sound data refused by a limit: not one.
class DecodeError : public Error {
public:
    using Error::Error;
};

// A source changed while it was read (a resumed download got a different file): the run must
// start over from the beginning rather than splice two versions together.
class SourceChanged : public Error {
public:
    using Error::Error;
};

// The command line asked for something impossible. Exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// An error is one line whatever its source: libxml2, libpq and libarchive messages may hold
// newlines, and a log line per failure is what a scheduler's alerting can match on.
std::string one_line(std::string message);

// "line 12, column 3 (byte 4567)", "byte 4567", or "" when nothing is known.
std::string describe(const SourcePosition& where);

} // namespace sluice
