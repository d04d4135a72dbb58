#include "parse/field_stats.hpp"

#include "convert/number_text.hpp"

namespace sluice {

bool parse_decimal(std::string_view text, double& value)
{
    // The shared decimal rule (which, unlike std::from_chars alone, refuses "inf" and "nan" and
    // takes a '+'), less "1.": inspect has always shown such a field as text.
    const auto decimal = parse_decimal_text(text);
    if (!decimal || (decimal->point && decimal->fraction.empty())) return false;
    // Beyond a double's range ("1e400", 400 digits) it cannot be compared as a number: text.
    const auto number = decimal_to_double(text);
    if (!number) return false;
    value = *number;
    return true;
}

std::size_t utf8_length(std::string_view text)
{
    std::size_t length = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++length;
    }
    return length;
}

void FieldStats::add(std::string_view value)
{
    ++count_;
    if (value.empty()) return;
    const bool first = filled_++ == 0;

    const auto length = utf8_length(value);
    if (first || length < min_length_) min_length_ = length;
    if (length > max_length_) max_length_ = length;

    if (first || value < text_min_) text_min_ = value;
    if (first || value > text_max_) text_max_ = value;

    // Once one value is not a number the field is text: the numbers are not followed further.
    if (numbers_ + 1 != filled_) return;
    double number = 0;
    if (!parse_decimal(value, number)) return;
    if (numbers_++ == 0 || number < number_min_) {
        number_min_ = number;
        number_min_text_ = value;
    }
    if (numbers_ == 1 || number > number_max_) {
        number_max_ = number;
        number_max_text_ = value;
    }
}

} // namespace sluice
