// The shared number spellings: integers, decimal parts, exact decimal order, doubles' range.
#include "convert/number_text.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace sluice;

namespace {

int order(std::string_view a, std::string_view b)
{
    const auto da = parse_decimal_text(a), db = parse_decimal_text(b);
    REQUIRE(da.has_value());
    REQUIRE(db.has_value());
    return compare_decimal(*da, *db);
}

} // namespace

TEST_CASE("number text: integers are a sign and digits, range-checked at 64 bits")
{
    std::int64_t value = 0;
    CHECK(parse_integer("+42", value) == IntegerText::ok);
    CHECK(value == 42);
    CHECK(parse_integer("-9223372036854775808", value) == IntegerText::ok);
    CHECK(value == INT64_MIN);
    CHECK(parse_integer("9223372036854775808", value) == IntegerText::out_of_range);
    CHECK(parse_integer("-99999999999999999999999", value) == IntegerText::out_of_range);
    for (const char* text : {"", "+", "-", "1.0", "1e3", " 1", "1 ", "+-1", "0x10", "١"}) {
        CAPTURE(text);
        CHECK(parse_integer(text, value) == IntegerText::malformed);
    }
}

TEST_CASE("number text: a decimal's parts, and what is not one")
{
    const auto d = parse_decimal_text("-012.340e-5");
    REQUIRE(d.has_value());
    CHECK(d->negative);
    CHECK(d->point);
    CHECK(d->integer == "012");
    CHECK(d->fraction == "340");
    CHECK(d->exponent == -5);
    CHECK(d->magnitude() == -4);  // 1.234e-4
    CHECK(parse_decimal_text("0.0012")->magnitude() == -3);
    CHECK(parse_decimal_text("000")->is_zero());
    CHECK(parse_decimal_text("1e99999999999999999999")->exponent == DecimalText::kMaxExponent);
    for (const char* text : {"", ".", "+", "e1", ".e1", "1e", "1e+", "1.2.3", "1 ", "inf", "nan", "1,5", "--1", "0x1"}) {
        CAPTURE(text);
        CHECK_FALSE(parse_decimal_text(text).has_value());
    }
}

TEST_CASE("number text: decimals compare exactly, whatever their spelling")
{
    CHECK(order("1.5", "1.50") == 0);
    CHECK(order("1.5", "15e-1") == 0);
    CHECK(order("-0", "0.000") == 0);
    CHECK(order("0", "-0e10") == 0);
    CHECK(order("10", "9") == 1);
    CHECK(order("-10", "-9") == -1);
    CHECK(order("0.1", "0.09999999999999999999999") == 1);
    CHECK(order("-0.1", "0") == -1);
    CHECK(order("123456789012345678901234567890", "123456789012345678901234567891") == -1);
    CHECK(order("1e1000", "9e999") == 1);
    CHECK(order(".5", "0.5") == 0);
    CHECK(order("1.", "1") == 0);
}

TEST_CASE("number text: doubles within a double's range, denormals included")
{
    CHECK(decimal_to_double("0.1") == 0.1);
    CHECK(decimal_to_double("+2.5e3") == 2500.0);
    CHECK(decimal_to_double("1.") == 1.0);
    CHECK(decimal_to_double("4.9e-324").has_value());
    CHECK_FALSE(decimal_to_double("1e309").has_value());
    CHECK_FALSE(decimal_to_double("1e-400").has_value());
    CHECK_FALSE(decimal_to_double("inf").has_value());
}
