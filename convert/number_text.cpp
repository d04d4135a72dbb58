#include "convert/number_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace sluice {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t digits_from(std::string_view text, std::size_t i)
{
    const auto start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    return i - start;
}

} // namespace

IntegerText parse_integer(std::string_view text, std::int64_t& value)
{
    std::size_t start = 0;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) start = 1;
    if (text.size() == start || digits_from(text, start) != text.size() - start) return IntegerText::malformed;
    // from_chars takes '-' but not '+'; the shape is already checked, so only the range can fail.
    const char* first = text.data() + (text[0] == '+' ? 1 : 0);
    const auto result = std::from_chars(first, text.data() + text.size(), value);
    return result.ec == std::errc{} ? IntegerText::ok : IntegerText::out_of_range;
}

std::optional<DecimalText> parse_decimal_text(std::string_view text)
{
    DecimalText decimal;
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) decimal.negative = text[i++] == '-';
    const auto integer_digits = digits_from(text, i);
    decimal.integer = text.substr(i, integer_digits);
    i += integer_digits;
    if (i < text.size() && text[i] == '.') {
        decimal.point = true;
        const auto fraction_digits = digits_from(text, ++i);
        decimal.fraction = text.substr(i, fraction_digits);
        i += fraction_digits;
    }
    if (decimal.integer.empty() && decimal.fraction.empty()) return std::nullopt;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool negative = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
        const auto exponent_digits = digits_from(text, i);
        if (exponent_digits == 0) return std::nullopt;
        // Saturated: "1e99999999999" is out of every range, and must not wrap round into one.
        std::int64_t exponent = 0;
        for (const char c : text.substr(i, exponent_digits))
            exponent = std::min(exponent * 10 + (c - '0'), DecimalText::kMaxExponent);
        decimal.exponent = negative ? -exponent : exponent;
        i += exponent_digits;
    }
    if (i != text.size()) return std::nullopt;
    return decimal;
}

namespace {

// The significant digits of a decimal: integer and fraction digits as one sequence, without
// leading zeros; past its end every digit is 0.
class Digits {
public:
    explicit Digits(const DecimalText& d) : integer_(d.integer), fraction_(d.fraction)
    {
        while (skip_ < integer_.size() + fraction_.size() && at_raw(skip_) == '0') ++skip_;
    }
    bool zero() const { return skip_ == integer_.size() + fraction_.size(); }
    // Position of the first significant digit in the unskipped sequence.
    std::size_t leading() const { return skip_; }
    std::size_t size() const { return integer_.size() + fraction_.size() - skip_; }
    char operator[](std::size_t i) const { return i < size() ? at_raw(skip_ + i) : '0'; }

private:
    char at_raw(std::size_t i) const
    {
        return i < integer_.size() ? integer_[i] : fraction_[i - integer_.size()];
    }
    std::string_view integer_;
    std::string_view fraction_;
    std::size_t skip_ = 0;
};

} // namespace

bool DecimalText::is_zero() const { return Digits(*this).zero(); }

std::int64_t DecimalText::magnitude() const
{
    const Digits digits(*this);
    if (digits.zero()) return 0;
    return static_cast<std::int64_t>(integer.size()) - 1 - static_cast<std::int64_t>(digits.leading()) + exponent;
}

int compare_decimal(const DecimalText& a, const DecimalText& b)
{
    const Digits da(a), db(b);
    const int sign_a = da.zero() ? 0 : (a.negative ? -1 : 1);
    const int sign_b = db.zero() ? 0 : (b.negative ? -1 : 1);
    if (sign_a != sign_b) return sign_a < sign_b ? -1 : 1;
    if (sign_a == 0) return 0;
    // Same sign: compare magnitudes, then flip for negatives.
    int order = 0;
    const auto ma = a.magnitude(), mb = b.magnitude();
    if (ma != mb) {
        order = ma < mb ? -1 : 1;
    } else {
        const auto n = std::max(da.size(), db.size());
        for (std::size_t i = 0; i < n && order == 0; ++i)
            if (da[i] != db[i]) order = da[i] < db[i] ? -1 : 1;
    }
    return sign_a * order;
}

std::optional<double> decimal_to_double(std::string_view text)
{
    if (!text.empty() && text[0] == '+') text.remove_prefix(1);
    double value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc{} || result.ptr != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

} // namespace sluice
