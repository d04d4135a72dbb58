#pragma once
// What a column declares beyond its name and type, as a job file spells it (issue 14):
//
//   [[column]] name = "title"  type = "text"  required = true
//              clean = ["trim", "squeeze", "lower"]  null_if = ["N/A", ""]  check = "^[^<>]*$"
//              min = "0"  max = "100"  format = "%d/%m/%Y"  timezone = "UTC"
//
// Plain text here; a ValueConverter (convert/value_converter.hpp) compiles it with the column's
// type and refuses, with a UsageError, whatever cannot work, before a byte of data is read.
// A value goes through the rule in this order: clean, null_if, the type's conversion, check,
// min and max.

#include <optional>
#include <string>
#include <vector>

namespace sluice {

struct ColumnRule {
    // NULL (no match, or a null_if hit) is a reject "missing (required)" / "... but required".
    bool required = false;
    // Names of convert/text_cleaner.hpp's operations, applied in this order.
    std::vector<std::string> clean;
    // After cleaning, a text equal to one of these (byte for byte, case included) is NULL.
    std::vector<std::string> null_if;
    // An ICU regular expression the whole cleaned text must match (as RegexMatcher::matches:
    // no '^'/'$' needed), Unicode-aware: \p{L} is any letter, '.' one code point.
    std::optional<std::string> check;
    // Bounds, both included, for integer, bigint, numeric, double precision, date, timestamp and
    // timestamptz (or arrays of them, for each element): written as the column's own type reads
    // its values, ISO 8601 for dates and times whatever `format` says.
    std::optional<std::string> min;
    std::optional<std::string> max;
    // For date, timestamp and timestamptz: a convert/date_time_format.hpp pattern in place of
    // ISO 8601.
    std::optional<std::string> format;
    // For timestamptz only: the offset of values that carry none, "UTC" or "+hh:mm" ("Z",
    // "+hh" and "+hhmm" too). Without it such a value is refused: reading a local time as UTC
    // by default would shift every value by hours without a word.
    std::optional<std::string> timezone;
};

} // namespace sluice
