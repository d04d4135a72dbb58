#pragma once
// What one field of a source holds, learnt value by value in one pass: how many values are empty,
// whether every other one is a number, the smallest and the largest, and the shortest and the
// longest. Memory is two or four copies of a value, whatever the number of values.
//
// A field is numeric when each non-empty value is a plain decimal number ("30000000", "81.0",
// "-1.5e3"): its smallest and largest are then compared as numbers, since as text "9" would sort
// after "10". Otherwise they are compared byte by byte (UTF-8 sorts by code point that way).
// Either way they are kept as written, so "81.0" is shown as "81.0".

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice {

class FieldStats {
public:
    void add(std::string_view value);

    std::uint64_t count() const { return count_; }
    std::uint64_t empty() const { return count_ - filled_; }
    // At least one non-empty value, and every non-empty value a number.
    bool numeric() const { return filled_ > 0 && numbers_ == filled_; }
    // The smallest and largest non-empty values (by number when numeric()); "" when none.
    const std::string& min() const { return numeric() ? number_min_text_ : text_min_; }
    const std::string& max() const { return numeric() ? number_max_text_ : text_max_; }
    // In UTF-8 characters, of the non-empty values; 0 when none.
    std::size_t min_length() const { return filled_ > 0 ? min_length_ : 0; }
    std::size_t max_length() const { return max_length_; }

private:
    std::uint64_t count_ = 0;
    std::uint64_t filled_ = 0;   // non-empty values
    std::uint64_t numbers_ = 0;  // non-empty values that are numbers
    std::string text_min_;
    std::string text_max_;
    double number_min_ = 0;
    double number_max_ = 0;
    std::string number_min_text_;
    std::string number_max_text_;
    std::size_t min_length_ = 0;
    std::size_t max_length_ = 0;
};

// The value of a plain decimal number: optional sign, digits with an optional fraction, an
// optional exponent, within a double's range. Nothing else: no blanks, no "inf" or "nan", no
// hexadecimal.
bool parse_decimal(std::string_view text, double& value);

// UTF-8 characters in `text` (bytes that do not continue a sequence; ill-formed bytes count one each).
std::size_t utf8_length(std::string_view text);

} // namespace sluice
