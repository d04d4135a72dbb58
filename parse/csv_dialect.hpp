#pragma once
// How a CSV file writes its fields: what separates them, what quotes them, and how a quote or a
// separator is put inside one. The default is RFC 4180 (',' '"' and "" for a quote), which is
// what CsvParser did before dialects existed and still does, byte for byte.
//
//   delimiter  one or more bytes: "," ";" "\t" "|" or several, like ", " or "||" (any UTF-8).
//   quote      one ASCII character that opens and closes a quoted field, or none: no quoting at
//              all, a '"' is then an ordinary character.
//   escape     doubled_quote: "" inside a quoted field is one quote (RFC 4180).
//              backslash: '\' escapes the next character, inside quotes and outside, as in
//              PostgreSQL's text format and MySQL dumps: \n \t \r are a line feed, tab and
//              carriage return; any other character after '\' stands for itself (\\ \" \, and
//              \x is x, as PostgreSQL's text format and Python's csv with an escapechar read
//              it), so a backslash before a delimiter or a line break makes it data. It escapes
//              one byte: to put a delimiter of several ("||") in a field, escape each ("\|\|"). An
//              escaped CR before an LF escapes the CR alone (Python's csv does the same). "" inside
//              quotes is still one quote, as in Python's csv (doublequote stays on).
//              none: nothing escapes; a quote inside a quoted field closes it.

#include <optional>
#include <string>
#include <string_view>

namespace sluice {

struct CsvDialect {
    enum class Escape { doubled_quote, backslash, none };

    std::string delimiter = ",";
    std::optional<char> quote = '"';
    Escape escape = Escape::doubled_quote;

    // The job file's texts: `quote` "" is no quoting; `escape` "" is none, the quote itself is
    // doubling, "\\" is backslash (with no quote, an escape of '"' is taken as none: a job file
    // that only says quote = "" keeps the default escape). Throws UsageError for anything else,
    // or for a dialect that validate() refuses.
    static CsvDialect from_texts(std::string_view delimiter, std::string_view quote, std::string_view escape);

    // Throws UsageError ("[csv] delimiter ...") when the dialect cannot be read unambiguously:
    // an empty delimiter; a delimiter holding a line break, the quote, or (with backslash
    // escapes) a backslash; a quote that is a line break or not ASCII; a backslash as the quote
    // when it is also the escape.
    void validate() const;

    // `delimiter "," quote "\"" escape "\""`, the way a job file writes it (C escapes for control
    // characters): for messages, tests and `inspect`.
    std::string describe() const;

    bool operator==(const CsvDialect&) const = default;
};

} // namespace sluice
