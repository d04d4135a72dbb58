#pragma once
// Numbers as sluice reads them from text: the spellings of integers and decimals, checked byte by
// byte, never through strtod's locale or its tolerance for blanks, hexadecimal and "inf". The
// column rules (convert/value_converter.hpp), the film parser and inspect's field statistics
// all build on these.

#include <cstdint>
#include <optional>
#include <string_view>

namespace sluice {

enum class IntegerText {
    ok,
    malformed,     // not [+-]digits
    out_of_range,  // the spelling of an integer, past a 64-bit one
};

// `[+-]digits`, ASCII digits only, leading zeros allowed: nothing else. "1.0", "1e3", " 12",
// "1_000" and "0x1F" are malformed: each is a number only by a guess at what the writer meant.
IntegerText parse_integer(std::string_view text, std::int64_t& value);

// The parts of a decimal `[+-]digits[.digits][(e|E)[+-]digits]` with at least one digit before
// the exponent (".5" and "1." included, as Postgres takes them). Views into the text parsed.
struct DecimalText {
    bool negative = false;
    bool point = false;              // a '.' was written, even with no digits after it ("1.")
    std::string_view integer;        // the digits before the point; may be empty (".5")
    std::string_view fraction;       // the digits after the point; may be empty
    std::int64_t exponent = 0;       // saturated at +-kMaxExponent

    static constexpr std::int64_t kMaxExponent = 1'000'000'000;

    bool is_zero() const;
    // The power of ten of the leading non-zero digit: 2 for 123.4, -2 for 0.012; 0 for zero.
    std::int64_t magnitude() const;
};

std::optional<DecimalText> parse_decimal_text(std::string_view text);

// -1, 0 or 1 as a is below, equal to or above b, by exact decimal value (-0 equals 0, 1.50
// equals 1.5e0): no rounding, whatever the number of digits.
int compare_decimal(const DecimalText& a, const DecimalText& b);

// The double nearest to a text parse_decimal_text() took, or nullopt when it is beyond a
// double's range either way (1e400, 1e-400: Postgres refuses both for double precision).
std::optional<double> decimal_to_double(std::string_view text);

} // namespace sluice
