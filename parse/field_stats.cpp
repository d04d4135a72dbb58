#include "parse/field_stats.hpp"

#include <charconv>

namespace sluice {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

} // namespace

bool parse_decimal(std::string_view text, double& value)
{
    // The shape is checked here because std::from_chars also takes "inf", "nan" and "1." and
    // refuses a leading '+'.
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    const auto integer_start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    bool digits = i > integer_start;
    if (i < text.size() && text[i] == '.') {
        const auto fraction_start = ++i;
        while (i < text.size() && is_digit(text[i])) ++i;
        if (i == fraction_start) return false;
        digits = true;
    }
    if (!digits) return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
        const auto exponent_start = i;
        while (i < text.size() && is_digit(text[i])) ++i;
        if (i == exponent_start) return false;
    }
    if (i != text.size()) return false;
    const auto unsigned_start = text.front() == '+' ? text.substr(1) : text;
    const auto result = std::from_chars(unsigned_start.data(), unsigned_start.data() + unsigned_start.size(), value);
    // Beyond a double's range ("1e400", 400 digits) it cannot be compared as a number: text.
    return result.ec == std::errc{} && result.ptr == unsigned_start.data() + unsigned_start.size();
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
