#include "parse/field_stats.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using sluice::FieldStats;

namespace {

FieldStats stats_of(const std::vector<std::string>& values)
{
    FieldStats stats;
    for (const auto& value : values) stats.add(value);
    return stats;
}

} // namespace

TEST_CASE("field stats: numbers compare as numbers and are shown as written")
{
    const auto budget = stats_of({"30000000", "", "9", "65000000", "0", "81.0", ""});
    CHECK(budget.count() == 7);
    CHECK(budget.empty() == 2);
    CHECK(budget.numeric());
    // As text "9" would be the largest and "0" and "30000000" would tie for nothing.
    CHECK(budget.min() == "0");
    CHECK(budget.max() == "65000000");
    CHECK(budget.min_length() == 1);
    CHECK(budget.max_length() == 8);

    const auto runtime = stats_of({"81.0", "104.0", "-1.5e3", "+7"});
    CHECK(runtime.numeric());
    CHECK(runtime.min() == "-1.5e3");
    CHECK(runtime.max() == "104.0");
}

TEST_CASE("field stats: one value that is not a number makes the field text, compared byte by byte")
{
    const auto dates = stats_of({"1995-10-30", "1995-12-15", "1939-08-15", ""});
    CHECK_FALSE(dates.numeric());
    CHECK(dates.min() == "1939-08-15");
    CHECK(dates.max() == "1995-12-15");
    CHECK(dates.empty() == 1);

    // The number came first and the text last: the field is still text, min and max by bytes.
    const auto mixed = stats_of({"9", "10", "tt0114709"});
    CHECK_FALSE(mixed.numeric());
    CHECK(mixed.min() == "10");
    CHECK(mixed.max() == "tt0114709");
}

TEST_CASE("field stats: lengths are UTF-8 characters, over non-empty values")
{
    const auto titles = stats_of({"Amélie", "", "Heat", "Jupiter\u2019s Wife"});
    CHECK(titles.min_length() == 4);
    CHECK(titles.max_length() == 14);
    CHECK(titles.min() == "Amélie");
    CHECK(titles.max() == "Jupiter\u2019s Wife");
}

TEST_CASE("field stats: a field with no values or only empty ones")
{
    const FieldStats none;
    CHECK(none.count() == 0);
    CHECK_FALSE(none.numeric());
    CHECK(none.min().empty());
    CHECK(none.min_length() == 0);

    const auto empty = stats_of({"", ""});
    CHECK(empty.count() == 2);
    CHECK(empty.empty() == 2);
    CHECK_FALSE(empty.numeric());
    CHECK(empty.max().empty());
    CHECK(empty.max_length() == 0);
}

TEST_CASE("parse_decimal: plain decimal numbers only")
{
    double value = 0;
    for (const char* number : {"0", "-12", "+7", "81.0", ".5", "-.5", "1e5", "2.5E-3", "380000000"}) {
        CAPTURE(number);
        CHECK(sluice::parse_decimal(number, value));
    }
    CHECK(sluice::parse_decimal("81.0", value));
    CHECK(value == 81.0);
    for (const char* text : {"", "+", "-", ".", "1.", "1e", "1e+", " 1", "1 ", "inf", "nan", "0x10", "1,000", "1995-10-30",
                             "1e400", "False"}) {
        CAPTURE(text);
        CHECK_FALSE(sluice::parse_decimal(text, value));
    }
}
