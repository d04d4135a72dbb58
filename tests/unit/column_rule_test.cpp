// A column's declaration compiled with its type: what a job file may not say, refused up front
// with a UsageError naming the column and what is wrong.
#include "convert/value_converter.hpp"

#include "core/error.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace sluice;

namespace {

// The UsageError's message when the rule is refused for a column "c" of `type`, or "accepted".
std::string refusal(std::string_view type, const ColumnRule& rule)
{
    try {
        ValueConverter converter("c", *parse_value_type(type), rule);
        return "accepted";
    } catch (const UsageError& e) {
        return e.what();
    }
}

ColumnRule with_clean(std::vector<std::string> ops)
{
    ColumnRule rule;
    rule.clean = std::move(ops);
    return rule;
}

ColumnRule with_check(std::string pattern)
{
    ColumnRule rule;
    rule.check = std::move(pattern);
    return rule;
}

ColumnRule with_bounds(std::optional<std::string> min, std::optional<std::string> max)
{
    ColumnRule rule;
    rule.min = std::move(min);
    rule.max = std::move(max);
    return rule;
}

ColumnRule with_format(std::string format)
{
    ColumnRule rule;
    rule.format = std::move(format);
    return rule;
}

ColumnRule with_timezone(std::string zone)
{
    ColumnRule rule;
    rule.timezone = std::move(zone);
    return rule;
}

} // namespace

TEST_CASE("column rule: a full declaration that works is accepted")
{
    ColumnRule rule;
    rule.required = true;
    rule.clean = {"trim", "squeeze", "lower", "upper"};
    rule.null_if = {"", "N/A"};
    rule.check = "^[0-9/]*$";
    rule.min = "2000-01-01";
    rule.max = "2030-12-31";
    rule.format = "%d/%m/%Y";
    CHECK(refusal("date", rule) == "accepted");
    CHECK(refusal("text", {}) == "accepted");
    CHECK(refusal("timestamptz", with_timezone("UTC")) == "accepted");
    CHECK(refusal("timestamptz", with_timezone("utc")) == "accepted");
    CHECK(refusal("timestamptz", with_timezone("-03:30")) == "accepted");
    CHECK(refusal("timestamptz", with_timezone("Z")) == "accepted");
}

TEST_CASE("column rule: an unknown clean operation, with the nearest known one")
{
    CHECK(refusal("text", with_clean({"trimm"})) == "column \"c\": unknown clean operation \"trimm\" (did you mean \"trim\"?)");
    CHECK(refusal("text", with_clean({"trim", "lowr"})) ==
          "column \"c\": unknown clean operation \"lowr\" (did you mean \"lower\"?)");
    CHECK(refusal("text", with_clean({"sqeeze"})) ==
          "column \"c\": unknown clean operation \"sqeeze\" (did you mean \"squeeze\"?)");
    CHECK(refusal("text", with_clean({"UPPER"})) ==
          "column \"c\": unknown clean operation \"UPPER\" (did you mean \"upper\"?)");
    CHECK(refusal("text", with_clean({"strip"})) ==
          "column \"c\": unknown clean operation \"strip\" (known: trim, squeeze, lower, upper)");
    CHECK(refusal("text", with_clean({""})) == "column \"c\": unknown clean operation \"\" (known: trim, squeeze, lower, upper)");
    CHECK(refusal("text", with_clean({"trim\x1b[2J"})) ==
          "column \"c\": unknown clean operation \"trim\\e[2J\" (known: trim, squeeze, lower, upper)");
}

TEST_CASE("column rule: a check that is not a regular expression, with ICU's reason and offset")
{
    CHECK(refusal("text", with_check("a(b")) ==
          "column \"c\": check \"a(b\" is not a regular expression: U_REGEX_MISMATCHED_PAREN at offset 3");
    CHECK(refusal("text", with_check("[a-")) ==
          "column \"c\": check \"[a-\" is not a regular expression: U_REGEX_INVALID_RANGE at offset 3");
    CHECK(refusal("text", with_check("*a")) ==
          "column \"c\": check \"*a\" is not a regular expression: U_REGEX_RULE_SYNTAX at offset 1");
    CHECK(refusal("text", with_check("a{2,1}")) ==
          "column \"c\": check \"a{2,1}\" is not a regular expression: U_REGEX_MAX_LT_MIN at offset 6");
    CHECK(refusal("text", with_check("\\p{NoSuchProperty}")) ==
          "column \"c\": check \"\\p{NoSuchProperty}\" is not a regular expression: U_REGEX_PROPERTY_SYNTAX at offset 18");
}

TEST_CASE("column rule: min and max must be values of the column's type, in order")
{
    CHECK(refusal("integer", with_bounds("1", "10")) == "accepted");
    CHECK(refusal("integer", with_bounds("abc", {})) == "column \"c\": min \"abc\" is not an integer");
    CHECK(refusal("integer", with_bounds({}, "3000000000")) == "column \"c\": max 3000000000 is out of range for integer");
    CHECK(refusal("bigint", with_bounds("1.5", {})) == "column \"c\": min \"1.5\" is not a bigint");
    CHECK(refusal("numeric", with_bounds("1,5", {})) == "column \"c\": min \"1,5\" is not a numeric");
    CHECK(refusal("double precision", with_bounds({}, "ten")) == "column \"c\": max \"ten\" is not a double precision");
    CHECK(refusal("date", with_bounds("2023-02-29", {})) == "column \"c\": min \"2023-02-29\" is not a date: no such day");
    CHECK(refusal("date", with_bounds("01/01/2000", {})) ==
          "column \"c\": min \"01/01/2000\" is not a date (expected YYYY-MM-DD)");
    CHECK(refusal("timestamptz", with_bounds("2023-01-01 00:00:00", {})) ==
          "column \"c\": min \"2023-01-01 00:00:00\" has no UTC offset (the column may declare a timezone for such values)");
    CHECK(refusal("integer", with_bounds("10", "1")) == "column \"c\": min 10 is above max 1");
    CHECK(refusal("numeric", with_bounds("1e3", "999.99")) == "column \"c\": min 1e3 is above max 999.99");
    CHECK(refusal("date", with_bounds("2023-01-02", "2023-01-01")) == "column \"c\": min 2023-01-02 is above max 2023-01-01");
    CHECK(refusal("text", with_bounds("a", {})) == "column \"c\": min applies to numbers, dates and timestamps, not text");
    CHECK(refusal("boolean", with_bounds({}, "t")) == "column \"c\": max applies to numbers, dates and timestamps, not boolean");
    CHECK(refusal("jsonb", with_bounds("1", {})) == "column \"c\": min applies to numbers, dates and timestamps, not jsonb");
    CHECK(refusal("text[]", with_bounds("1", {})) == "column \"c\": min applies to numbers, dates and timestamps, not text[]");
}

TEST_CASE("column rule: a format only where it fits, and a format that is one")
{
    CHECK(refusal("text", with_format("%Y")) == "column \"c\": format applies to date, timestamp and timestamptz columns, not text");
    CHECK(refusal("bigint", with_format("%d/%m/%Y")) ==
          "column \"c\": format applies to date, timestamp and timestamptz columns, not bigint");
    CHECK(refusal("date", with_format("%d/%m/%Y %H:%M")) ==
          "column \"c\": format \"%d/%m/%Y %H:%M\" holds a time, which a date would drop: declare a timestamp");
    CHECK(refusal("date", with_format("%Y-%m-%d%z")) ==
          "column \"c\": format \"%Y-%m-%d%z\" holds a time, which a date would drop: declare a timestamp");
    CHECK(refusal("timestamp", with_format("%Y-%m-%d %H:%M%z")) ==
          "column \"c\": format \"%Y-%m-%d %H:%M%z\" holds an offset (%z), which a timestamp (without time zone) would drop: "
          "declare a timestamptz");
    CHECK(refusal("date", with_format("%d.%m.%Q")) ==
          "column \"c\": format \"%d.%m.%Q\": unknown directive %Q (known: %Y %y %m %b %d %H %M %S %f %z %%)");
    CHECK(refusal("date", with_format("%d/%m/%Y%")) == "column \"c\": format \"%d/%m/%Y%\" ends in a lone '%' (write %% for a '%')");
    CHECK(refusal("date", with_format("%Y-%m")) ==
          "column \"c\": format \"%Y-%m\" needs a year (%Y or %y), a month (%m or %b) and a day (%d)");
    CHECK(refusal("date", with_format("%m/%d")) ==
          "column \"c\": format \"%m/%d\" needs a year (%Y or %y), a month (%m or %b) and a day (%d)");
    CHECK(refusal("date", with_format("%Y %y-%m-%d")) == "column \"c\": format \"%Y %y-%m-%d\" gives %y's field twice");
    CHECK(refusal("date", with_format("%d %b %m %Y")) == "column \"c\": format \"%d %b %m %Y\" gives %m's field twice");
    CHECK(refusal("date[]", with_format("%d/%m/%Y")) == "accepted");
}

TEST_CASE("column rule: a timezone only for timestamptz, and one sluice can read")
{
    CHECK(refusal("timestamp", with_timezone("UTC")) == "column \"c\": timezone applies to timestamptz columns, not timestamp");
    CHECK(refusal("text", with_timezone("UTC")) == "column \"c\": timezone applies to timestamptz columns, not text");
    for (const char* zone : {"Europe/Paris", "CET", "+2", "+02:0", "+16:00", "", "UTC+1"}) {
        CAPTURE(zone);
        CHECK(refusal("timestamptz", with_timezone(zone)) ==
              "column \"c\": timezone \"" + std::string(zone) + "\" is neither UTC nor an offset such as +02:00");
    }
}
