// One column's conversion: each type's accepted spellings and canonical output, its boundaries,
// and every reject reason exactly; arrays, clean, null_if, check, min and max.
#include "convert/value_converter.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace sluice;

namespace {

// The outcome as one string: the value's text, "NULL", or "! " and the reason.
std::string outcome(const Conversion& c)
{
    switch (c.kind) {
    case Conversion::Kind::null: return "NULL";
    case Conversion::Kind::value: return std::string(c.text);
    case Conversion::Kind::reject: return "! " + std::string(c.text);
    }
    return "?";
}

ValueType type_named(std::string_view name)
{
    const auto type = parse_value_type(name);
    REQUIRE(type.has_value());
    return *type;
}

// One text through a fresh converter for column "c".
std::string convert(std::string_view type, std::string_view text, const ColumnRule& rule = {})
{
    ValueConverter converter("c", type_named(type), rule);
    return outcome(converter.convert(text));
}

std::string convert_all(std::string_view type, std::vector<std::string_view> texts, const ColumnRule& rule = {})
{
    ValueConverter converter("c", type_named(type), rule);
    return outcome(converter.convert(texts));
}

} // namespace

TEST_CASE("integer and bigint: a sign and digits, written canonically, range-checked")
{
    CHECK(convert("integer", "0") == "0");
    CHECK(convert("integer", "-17") == "-17");
    CHECK(convert("integer", "+17") == "17");
    CHECK(convert("integer", "007") == "7");
    CHECK(convert("integer", "-0") == "0");
    CHECK(convert("integer", "2147483647") == "2147483647");
    CHECK(convert("integer", "-2147483648") == "-2147483648");
    CHECK(convert("integer", "2147483648") == "! column \"c\": 2147483648 is out of range for integer");
    CHECK(convert("integer", "-2147483649") == "! column \"c\": -2147483649 is out of range for integer");
    CHECK(convert("integer", "3000000000") == "! column \"c\": 3000000000 is out of range for integer");
    CHECK(convert("bigint", "3000000000") == "3000000000");
    CHECK(convert("bigint", "9223372036854775807") == "9223372036854775807");
    CHECK(convert("bigint", "-9223372036854775808") == "-9223372036854775808");
    CHECK(convert("bigint", "9223372036854775808") == "! column \"c\": 9223372036854775808 is out of range for bigint");
    CHECK(convert("bigint", "-9223372036854775809") == "! column \"c\": -9223372036854775809 is out of range for bigint");
    CHECK(convert("bigint", "00000000000000000000000000042") == "42");
}

TEST_CASE("integer and bigint: fractions, exponents, blanks and other spellings are rejects")
{
    for (const char* text : {"12x", "1.0", "1e3", " 12", "12 ", "", "+", "-", "--1", "+-1", "0x1F", "1_000", "1,000",
                             "\u0661\u0662", "NaN", "Infinity", "1 000"}) {
        CAPTURE(text);
        CHECK(convert("bigint", text) == "! column \"c\": \"" + std::string(text) + "\" is not a bigint");
    }
    CHECK(convert("bigint", "12\n") == "! column \"c\": \"12\\n\" is not a bigint");
    CHECK(convert("integer", "12x") == "! column \"c\": \"12x\" is not an integer");
    // With trim asked for, padding is fine; a value never is read past its garbage.
    ColumnRule trim;
    trim.clean = {"trim"};
    CHECK(convert("integer", " 12\t", trim) == "12");
    CHECK(convert("integer", "\u00a012\u00a0", trim) == "12");
    CHECK(convert("integer", " 1 2 ", trim) == "! column \"c\": \"1 2\" is not an integer");
}

TEST_CASE("numeric: decimal text kept digit for digit, NaN and the infinities by name")
{
    CHECK(convert("numeric", "0") == "0");
    CHECK(convert("numeric", "-12.50") == "-12.50");
    CHECK(convert("numeric", "+3.25") == "+3.25");
    CHECK(convert("numeric", ".5") == ".5");
    CHECK(convert("numeric", "1.") == "1.");
    CHECK(convert("numeric", "1.5E-3") == "1.5E-3");
    CHECK(convert("numeric", "123456789012345678901234567890.123456789012345678901234567890") ==
          "123456789012345678901234567890.123456789012345678901234567890");
    CHECK(convert("numeric", "nan") == "NaN");
    CHECK(convert("numeric", "NaN") == "NaN");
    CHECK(convert("numeric", "Infinity") == "Infinity");
    CHECK(convert("numeric", "+inf") == "Infinity");
    CHECK(convert("numeric", "-INFINITY") == "-Infinity");
    CHECK(convert("numeric", "1e131071") == "1e131071");
    CHECK(convert("numeric", "1e-16383") == "1e-16383");
    CHECK(convert("numeric", "1e131072") == "! column \"c\": 1e131072 is out of range for numeric");
    CHECK(convert("numeric", "1e-16384") == "! column \"c\": 1e-16384 is out of range for numeric");
    CHECK(convert("numeric", "0.5e-16383") == "! column \"c\": 0.5e-16383 is out of range for numeric");
    CHECK(convert("numeric", "1e99999999999999999999") ==
          "! column \"c\": 1e99999999999999999999 is out of range for numeric");
    for (const char* text : {"", ".", "-", "1e", "1e+", "e5", "1.2.3", "1,5", " 1", "1 ", "0x10", "infinite", "-nan",
                             "12abc", "1..2", "+-1"}) {
        CAPTURE(text);
        CHECK(convert("numeric", text) == "! column \"c\": \"" + std::string(text) + "\" is not a numeric");
    }
}

TEST_CASE("double precision: the shortest text that reads back, NaN and the infinities")
{
    CHECK(convert("double precision", "0.1") == "0.1");
    CHECK(convert("double precision", "7.70") == "7.7");
    CHECK(convert("double precision", "+81.0") == "81");
    CHECK(convert("double precision", "1.") == "1");
    CHECK(convert("double precision", ".25") == "0.25");
    CHECK(convert("double precision", "-0") == "-0");
    CHECK(convert("double precision", "1e300") == "1e+300");
    CHECK(convert("double precision", "1.7976931348623157e308") == "1.7976931348623157e+308");
    CHECK(convert("double precision", "0.30000000000000004") == "0.30000000000000004");
    CHECK(convert("double precision", "NaN") == "NaN");
    CHECK(convert("double precision", "infinity") == "Infinity");
    CHECK(convert("double precision", "-Inf") == "-Infinity");
    CHECK(convert("double precision", "1e400") == "! column \"c\": 1e400 is out of range for double precision");
    CHECK(convert("double precision", "-1e400") == "! column \"c\": -1e400 is out of range for double precision");
    CHECK(convert("double precision", "1e-400") == "! column \"c\": 1e-400 is out of range for double precision");
    for (const char* text : {"", "abc", "0x1p3", "1e", " 1", "1 ", "1,5", "--1", "nan1", "in"}) {
        CAPTURE(text);
        CHECK(convert("double precision", text) == "! column \"c\": \"" + std::string(text) + "\" is not a double precision");
    }
}

TEST_CASE("boolean: Postgres's spellings in any case, written t or f")
{
    for (const char* text : {"t", "T", "true", "TRUE", "True", "yes", "Y", "y", "on", "ON", "1"}) {
        CAPTURE(text);
        CHECK(convert("boolean", text) == "t");
    }
    for (const char* text : {"f", "F", "false", "FALSE", "no", "N", "off", "Off", "0"}) {
        CAPTURE(text);
        CHECK(convert("boolean", text) == "f");
    }
    for (const char* text : {"", "tr", "fals", "yess", "2", "-1", "00", "o", " true", "oui", "nope"}) {
        CAPTURE(text);
        CHECK(convert("boolean", text) == "! column \"c\": \"" + std::string(text) + "\" is not a boolean");
    }
}

TEST_CASE("date: ISO 8601 days that exist, from year 1 to 9999")
{
    CHECK(convert("date", "2023-01-31") == "2023-01-31");
    CHECK(convert("date", "2024-02-29") == "2024-02-29");
    CHECK(convert("date", "2000-02-29") == "2000-02-29");
    CHECK(convert("date", "0001-01-01") == "0001-01-01");
    CHECK(convert("date", "9999-12-31") == "9999-12-31");
    CHECK(convert("date", "2023-02-29") == "! column \"c\": \"2023-02-29\" is not a date: no such day");
    CHECK(convert("date", "1900-02-29") == "! column \"c\": \"1900-02-29\" is not a date: no such day");
    CHECK(convert("date", "2023-13-01") == "! column \"c\": \"2023-13-01\" is not a date: no such day");
    CHECK(convert("date", "2023-00-10") == "! column \"c\": \"2023-00-10\" is not a date: no such day");
    CHECK(convert("date", "2023-04-31") == "! column \"c\": \"2023-04-31\" is not a date: no such day");
    CHECK(convert("date", "0000-01-01") == "! column \"c\": \"0000-01-01\" is not a date: no such day");
    for (const char* text : {"10000-01-01", "2023-1-31", "2023/01/31", "31-01-2023", "2023-01-31 ", "2023-01-31T00:00",
                             "", "20230131", "2023-01-3x"}) {
        CAPTURE(text);
        CHECK(convert("date", text) == "! column \"c\": \"" + std::string(text) + "\" is not a date (expected YYYY-MM-DD)");
    }
}

TEST_CASE("timestamp: ISO 8601 with ' ' or 'T', seconds and a fraction optional, no offset")
{
    CHECK(convert("timestamp", "2023-01-31 09:05:07") == "2023-01-31 09:05:07");
    CHECK(convert("timestamp", "2023-01-31T09:05:07") == "2023-01-31 09:05:07");
    CHECK(convert("timestamp", "2023-01-31T09:05") == "2023-01-31 09:05:00");
    CHECK(convert("timestamp", "2023-01-31 09:05:07.5") == "2023-01-31 09:05:07.5");
    CHECK(convert("timestamp", "2023-01-31 09:05:07.250000") == "2023-01-31 09:05:07.25");
    CHECK(convert("timestamp", "2023-01-31 09:05:07.000000") == "2023-01-31 09:05:07");
    CHECK(convert("timestamp", "2023-01-31 09:05:07.123456") == "2023-01-31 09:05:07.123456");
    CHECK(convert("timestamp", "2023-01-31 09:05:07.123456000") == "2023-01-31 09:05:07.123456");
    CHECK(convert("timestamp", "2023-01-31 23:59:59.999999") == "2023-01-31 23:59:59.999999");
    CHECK(convert("timestamp", "2023-01-31 09:05:07.1234567") ==
          "! column \"c\": \"2023-01-31 09:05:07.1234567\" is more precise than a microsecond");
    CHECK(convert("timestamp", "2023-01-31 24:00:00") ==
          "! column \"c\": \"2023-01-31 24:00:00\" is not a timestamp: no such time of day");
    CHECK(convert("timestamp", "2023-01-31 12:60") == "! column \"c\": \"2023-01-31 12:60\" is not a timestamp: no such time of day");
    CHECK(convert("timestamp", "2023-01-31 23:59:60") ==
          "! column \"c\": \"2023-01-31 23:59:60\" is not a timestamp: no such time of day");
    CHECK(convert("timestamp", "2023-02-29 10:00") == "! column \"c\": \"2023-02-29 10:00\" is not a timestamp: no such day");
    CHECK(convert("timestamp", "2023-01-31 09:05:07Z") ==
          "! column \"c\": \"2023-01-31 09:05:07Z\" has a UTC offset, which a timestamp (without time zone) would drop");
    CHECK(convert("timestamp", "2023-01-31 09:05:07+02:00") ==
          "! column \"c\": \"2023-01-31 09:05:07+02:00\" has a UTC offset, which a timestamp (without time zone) would drop");
    for (const char* text : {"2023-01-31", "2023-01-31 9:05", "2023-01-31_09:05", "2023-01-31 09:05:07.", "2023-01-31 09",
                             "2023-01-31 09:05:7", "2023-01-31 09:05:07 ", "2023-01-31 09:05:07 +02:00"}) {
        CAPTURE(text);
        CHECK(convert("timestamp", text) ==
              "! column \"c\": \"" + std::string(text) + "\" is not a timestamp (expected YYYY-MM-DD HH:MM:SS)");
    }
}

TEST_CASE("timestamptz: an offset written out as given, or the column's timezone, or a reject")
{
    CHECK(convert("timestamptz", "2023-01-31T09:05:07Z") == "2023-01-31 09:05:07+00:00");
    CHECK(convert("timestamptz", "2023-01-31 09:05:07+02") == "2023-01-31 09:05:07+02:00");
    CHECK(convert("timestamptz", "2023-01-31 09:05:07.5-05:30") == "2023-01-31 09:05:07.5-05:30");
    CHECK(convert("timestamptz", "2023-01-31 09:05+0100") == "2023-01-31 09:05:00+01:00");
    CHECK(convert("timestamptz", "2023-01-31 09:05:07+15:59") == "2023-01-31 09:05:07+15:59");
    CHECK(convert("timestamptz", "2023-01-31 09:05:07+16:00") ==
          "! column \"c\": \"2023-01-31 09:05:07+16:00\" is not a timestamptz: no such UTC offset");
    CHECK(convert("timestamptz", "2023-01-31 09:05:07+02:60") ==
          "! column \"c\": \"2023-01-31 09:05:07+02:60\" is not a timestamptz: no such UTC offset");
    CHECK(convert("timestamptz", "2023-01-31 09:05:07") ==
          "! column \"c\": \"2023-01-31 09:05:07\" has no UTC offset (the column may declare a timezone for such values)");
    for (const char* text : {"2023-01-31 09:05:07+2", "2023-01-31 09:05:07+02:0", "2023-01-31 09:05:07UTC",
                             "2023-01-31 09:05:07+020", "2023-01-31 09:05:07 Z"}) {
        CAPTURE(text);
        CHECK(convert("timestamptz", text) ==
              "! column \"c\": \"" + std::string(text) + "\" is not a timestamptz (expected YYYY-MM-DD HH:MM:SS)");
    }
    ColumnRule utc;
    utc.timezone = "UTC";
    CHECK(convert("timestamptz", "2023-01-31 09:05:07", utc) == "2023-01-31 09:05:07+00:00");
    CHECK(convert("timestamptz", "2023-01-31 09:05:07+02:00", utc) == "2023-01-31 09:05:07+02:00");
    ColumnRule paris;
    paris.timezone = "+01:00";
    CHECK(convert("timestamptz", "2023-01-31 09:05:07", paris) == "2023-01-31 09:05:07+01:00");
}

TEST_CASE("format: strptime-like patterns with literal text, month names and offsets")
{
    ColumnRule rule;
    rule.format = "%d/%m/%Y";
    CHECK(convert("date", "31/01/2023", rule) == "2023-01-31");
    CHECK(convert("date", "1/2/2023", rule) == "2023-02-01");
    CHECK(convert("date", "29/02/2023", rule) == "! column \"c\": \"29/02/2023\" is not a date: no such day");
    CHECK(convert("date", "2023-01-31", rule) == "! column \"c\": \"2023-01-31\" is not a date (expected %d/%m/%Y)");
    CHECK(convert("date", "31/01/23", rule) == "! column \"c\": \"31/01/23\" is not a date (expected %d/%m/%Y)");
    CHECK(convert("date", "31/01/2023x", rule) == "! column \"c\": \"31/01/2023x\" is not a date (expected %d/%m/%Y)");

    rule.format = "%d %b %y";
    CHECK(convert("date", "5 Mar 99", rule) == "1999-03-05");
    CHECK(convert("date", "5 march 68", rule) == "2068-03-05");
    CHECK(convert("date", "05 SEP 00", rule) == "2000-09-05");
    CHECK(convert("date", "5 Sept 00", rule) == "! column \"c\": \"5 Sept 00\" is not a date (expected %d %b %y)");
    CHECK(convert("date", "5 Mrz 00", rule) == "! column \"c\": \"5 Mrz 00\" is not a date (expected %d %b %y)");

    rule.format = "Day %Y%m%d, at %H:%M:%S.%f";
    CHECK(convert("timestamp", "Day 20230131, at 9:05:07.25", rule) == "2023-01-31 09:05:07.25");
    rule.format = "%Y-%m-%d %H:%M:%S";
    CHECK(convert("timestamp", "2023-01-31 09:05:07", rule) == "2023-01-31 09:05:07");
    CHECK(convert("timestamp", "2023-01-31T09:05:07", rule) ==
          "! column \"c\": \"2023-01-31T09:05:07\" is not a timestamp (expected %Y-%m-%d %H:%M:%S)");
    rule.format = "%Y-%m-%d";
    CHECK(convert("timestamp", "2023-01-31", rule) == "2023-01-31 00:00:00");
    rule.format = "%Y-%m-%dT%H:%M%z";
    CHECK(convert("timestamptz", "2023-01-31T09:05+0530", rule) == "2023-01-31 09:05:00+05:30");
    CHECK(convert("timestamptz", "2023-01-31T09:05Z", rule) == "2023-01-31 09:05:00+00:00");
    CHECK(convert("timestamptz", "2023-01-31T09:05-03:00", rule) == "2023-01-31 09:05:00-03:00");
    CHECK(convert("timestamptz", "2023-01-31T09:05", rule) ==
          "! column \"c\": \"2023-01-31T09:05\" is not a timestamptz (expected %Y-%m-%dT%H:%M%z)");
    rule.format = "100%% on %Y.%m.%d";
    CHECK(convert("date", "100% on 2023.01.31", rule) == "2023-01-31");
    CHECK(convert("date", "100%% on 2023.01.31", rule) ==
          "! column \"c\": \"100%% on 2023.01.31\" is not a date (expected 100%% on %Y.%m.%d)");
}

TEST_CASE("text: kept as it is, but valid UTF-8 without NUL bytes")
{
    CHECK(convert("text", "") == "");
    CHECK(convert("text", "Amélie – 東京 😀") == "Amélie – 東京 😀");
    CHECK(convert("text", " padded ") == " padded ");
    CHECK(convert("text", std::string("a\0b", 3)) == "! column \"c\": \"a\\x00b\" holds a NUL byte, which Postgres text cannot");
    CHECK(convert("text", "caf\xC3") == "! column \"c\": \"caf\xC3\" is not valid UTF-8");
    CHECK(convert("text", "\xC0\x80") == "! column \"c\": \"\xC0\x80\" is not valid UTF-8");          // overlong NUL
    CHECK(convert("text", "\xED\xA0\x80") == "! column \"c\": \"\xED\xA0\x80\" is not valid UTF-8");  // surrogate
    CHECK(convert("text", "\xF4\x90\x80\x80") == "! column \"c\": \"\xF4\x90\x80\x80\" is not valid UTF-8");  // > U+10FFFF
    CHECK(convert("text", "\xFF") == "! column \"c\": \"\xFF\" is not valid UTF-8");
}

TEST_CASE("reasons: the value is cut to 64 bytes on a character boundary, control characters escaped")
{
    const std::string long_value = std::string(70, '7') + "x";
    CHECK(convert("bigint", long_value) == "! column \"c\": \"" + std::string(64, '7') + "...\" is not a bigint");
    std::string accents = "1";
    for (int i = 0; i < 40; ++i) accents += "é";
    // 1 byte then 2-byte characters: byte 64 is in the middle of one, so the cut is at 63.
    CHECK(convert("bigint", accents) == "! column \"c\": \"" + accents.substr(0, 63) + "...\" is not a bigint");
    CHECK(convert("bigint", "1\x1b[2J") == "! column \"c\": \"1\\e[2J\" is not a bigint");
    CHECK(convert("bigint", "1\r\n2\t") == "! column \"c\": \"1\\r\\n2\\t\" is not a bigint");
    ValueConverter weird("a\nb", type_named("bigint"), {});
    CHECK(outcome(weird.convert("x")) == "! column \"a\\nb\": \"x\" is not a bigint");
}

TEST_CASE("jsonb: one JSON text, kept as given, without \\u0000")
{
    CHECK(convert("jsonb", R"({"a": [1, 2.5, null, true], "b": "x"})") == R"({"a": [1, 2.5, null, true], "b": "x"})");
    CHECK(convert("jsonb", "  42 ") == "  42 ");
    CHECK(convert("jsonb", R"("\u00e9")") == R"("\u00e9")");
    // Valid JSON, and jsonb would take it, but nlohmann-json reads numbers as doubles.
    CHECK(convert("jsonb", "[1, 1e400]") ==
          "! column \"c\": \"[1, 1e400]\" holds a number past a double's range, which sluice cannot check");
    for (const char* text : {"", "{a: 1}", "[1, 2", "{} {}", "'x'", "NaN", "[1,]", "\"tab\there\"", "tru"}) {
        CAPTURE(text);
        CHECK(outcome(ValueConverter("c", type_named("jsonb"), {}).convert(text)).starts_with("! column \"c\": \""));
        CHECK(convert("jsonb", text).ends_with("\" is not valid JSON"));
    }
    CHECK(convert("jsonb", "{a: 1}") == "! column \"c\": \"{a: 1}\" is not valid JSON");
    CHECK(convert("jsonb", R"({"a": "x\u0000y"})") == R"(! column "c": "{"a": "x\u0000y"}" holds \u0000, which jsonb cannot)");
    CHECK(convert("jsonb", R"({"\u0000": 1})") == R"(! column "c": "{"\u0000": 1}" holds \u0000, which jsonb cannot)");
    CHECK(convert("jsonb", R"(["\\u0000"])") == R"(["\\u0000"])");  // an escaped backslash, then text
}

TEST_CASE("missing, several and required: NULL, one value, or a reason")
{
    CHECK(convert_all("text", {}) == "NULL");
    ColumnRule required;
    required.required = true;
    CHECK(convert_all("text", {}, required) == "! column \"c\": missing (required)");
    CHECK(convert_all("text", {"a", "b"}) == "! column \"c\": 2 values for a scalar column");
    CHECK(convert_all("bigint", {"1", "2", "3"}, required) == "! column \"c\": 3 values for a scalar column");
    CHECK(convert_all("text", {""}, required) == "");
    required.null_if = {"N/A"};
    CHECK(convert_all("text", {"N/A"}, required) == "! column \"c\": \"N/A\" is NULL by null_if, and the column is required");
    CHECK(convert_all("text[]", {}, required) == "! column \"c\": missing (required)");
}

TEST_CASE("null_if: compared after cleaning, byte for byte")
{
    ColumnRule rule;
    rule.null_if = {"", "N/A", "-"};
    CHECK(convert("bigint", "", rule) == "NULL");
    CHECK(convert("bigint", "N/A", rule) == "NULL");
    CHECK(convert("bigint", "-", rule) == "NULL");
    CHECK(convert("bigint", "n/a", rule) == "! column \"c\": \"n/a\" is not a bigint");
    CHECK(convert("bigint", " N/A ", rule) == "! column \"c\": \" N/A \" is not a bigint");
    rule.clean = {"trim", "upper"};
    CHECK(convert("bigint", " n/a ", rule) == "NULL");
    CHECK(convert("bigint", "  ", rule) == "NULL");
    CHECK(convert("bigint", " 5 ", rule) == "5");
    // Without null_if an empty text is a value's text like any other: a reject for a number.
    CHECK(convert("bigint", "") == "! column \"c\": \"\" is not a bigint");
}

TEST_CASE("clean: trim, squeeze, lower and upper in the order given, Unicode-aware")
{
    ColumnRule rule;
    rule.clean = {"trim"};
    CHECK(convert("text", " \t a  b \r\n", rule) == "a  b");
    CHECK(convert("text", "\u00a0\u3000a\u2003", rule) == "a");   // no-break, ideographic and em spaces
    CHECK(convert("text", "\u200ba\u200b", rule) == "\u200ba\u200b");  // a zero-width space is not white space
    CHECK(convert("text", "   ", rule) == "");
    rule.clean = {"squeeze"};
    CHECK(convert("text", " a \t\n b\u00a0\u00a0c ", rule) == " a b c ");
    rule.clean = {"trim", "squeeze"};
    CHECK(convert("text", "  The   Matrix  ", rule) == "The Matrix");
    rule.clean = {"lower"};
    CHECK(convert("text", "ÉCOLE", rule) == "école");
    CHECK(convert("text", "ΣΊΣΥΦΟΣ", rule) == "σίσυφος");  // final sigma, by ICU
    CHECK(convert("text", "ASCII Only", rule) == "ascii only");
    CHECK(convert("text", "İ", rule) == "i\u0307");  // root locale, not Turkish
    rule.clean = {"upper"};
    CHECK(convert("text", "straße", rule) == "STRASSE");
    CHECK(convert("text", "école", rule) == "ÉCOLE");
    rule.clean = {"lower", "upper", "trim"};
    CHECK(convert("text", " Ab ", rule) == "AB");
    rule.clean = {"upper", "lower"};
    CHECK(convert("text", "straße", rule) == "strasse");
    // Ill-formed bytes pass through cleaning and are refused by the type's rule.
    rule.clean = {"trim", "lower"};
    CHECK(convert("text", " \xFF", rule) == "! column \"c\": \"\xFF\" is not valid UTF-8");
}

TEST_CASE("check: the whole cleaned text must match the ICU regular expression")
{
    ColumnRule rule;
    rule.check = "^[^<>]*$";
    CHECK(convert("text", "a b", rule) == "a b");
    CHECK(convert("text", "a<b", rule) == "! column \"c\": \"a<b\" does not match check ^[^<>]*$");
    rule.check = "[0-9]+";
    CHECK(convert("text", "123", rule) == "123");
    CHECK(convert("text", "a123", rule) == "! column \"c\": \"a123\" does not match check [0-9]+");
    CHECK(convert("text", "123a", rule) == "! column \"c\": \"123a\" does not match check [0-9]+");
    rule.check = "\\p{Lu}\\p{Ll}+";
    CHECK(convert("text", "Émile", rule) == "Émile");
    CHECK(convert("text", "émile", rule) == "! column \"c\": \"émile\" does not match check \\p{Lu}\\p{Ll}+");
    rule.check = "...";
    CHECK(convert("text", "東京都", rule) == "東京都");  // '.' is one code point, not one byte
    rule.check = "tt[0-9]{7,8}";
    rule.clean = {"trim", "lower"};
    CHECK(convert("text", " TT0114709 ", rule) == "tt0114709");
    // After the type's rule: a bigint's check sees the text, a reject for the type comes first.
    rule = {};
    rule.check = "[1-9][0-9]*";
    CHECK(convert("bigint", "007", rule) == "! column \"c\": \"007\" does not match check [1-9][0-9]*");
    CHECK(convert("bigint", "x", rule) == "! column \"c\": \"x\" is not a bigint");
    // A pattern that backtracks without end costs the value, not the run.
    rule = {};
    rule.check = "(a+)+b";
    CHECK(convert("text", std::string(40, 'a'), rule) ==
          "! column \"c\": \"" + std::string(40, 'a') + "\": check (a+)+b took too long");
}

TEST_CASE("min and max: in each type's own order, both bounds included")
{
    ColumnRule rule;
    rule.min = "0";
    rule.max = "100";
    CHECK(convert("integer", "100", rule) == "100");
    CHECK(convert("integer", "0", rule) == "0");
    CHECK(convert("integer", "150", rule) == "! column \"c\": 150 is above max 100");
    CHECK(convert("integer", "-1", rule) == "! column \"c\": -1 is below min 0");
    CHECK(convert("integer", "+0100", rule) == "100");
    CHECK(convert("double precision", "99.999", rule) == "99.999");
    CHECK(convert("double precision", "100.0001", rule) == "! column \"c\": 100.0001 is above max 100");
    CHECK(convert("double precision", "NaN", rule) == "! column \"c\": NaN is above max 100");
    CHECK(convert("double precision", "-Infinity", rule) == "! column \"c\": -Infinity is below min 0");
    rule.max = "9";
    CHECK(convert("numeric", "10", rule) == "! column \"c\": 10 is above max 9");  // not "10" < "9" as text
    rule.min = "-0.000000000000000000001";
    rule.max = "12345678901234567890.5";
    CHECK(convert("numeric", "12345678901234567890.50000", rule) == "12345678901234567890.50000");
    CHECK(convert("numeric", "1234567890123456789.05e1", rule) == "1234567890123456789.05e1");
    CHECK(convert("numeric", "12345678901234567890.500001", rule) ==
          "! column \"c\": 12345678901234567890.500001 is above max 12345678901234567890.5");
    CHECK(convert("numeric", "-0.00000000000000000000100001", rule) ==
          "! column \"c\": -0.00000000000000000000100001 is below min -0.000000000000000000001");
    CHECK(convert("numeric", "-0.000000000000000000001", rule) == "-0.000000000000000000001");
    CHECK(convert("numeric", "-0e5", rule) == "-0e5");
    CHECK(convert("numeric", "Infinity", rule) == "! column \"c\": Infinity is above max 12345678901234567890.5");
    rule.min = "2000-01-01";
    rule.max = "2023-12-31";
    CHECK(convert("date", "2023-12-31", rule) == "2023-12-31");
    CHECK(convert("date", "1999-12-31", rule) == "! column \"c\": 1999-12-31 is below min 2000-01-01");
    CHECK(convert("date", "2024-01-01", rule) == "! column \"c\": 2024-01-01 is above max 2023-12-31");
    rule.format = "%d/%m/%Y";  // bounds stay ISO
    CHECK(convert("date", "31/12/1999", rule) == "! column \"c\": 1999-12-31 is below min 2000-01-01");
    rule = {};
    rule.min = "2023-01-01 00:00:00";
    CHECK(convert("timestamp", "2023-01-01T00:00:00", rule) == "2023-01-01 00:00:00");
    CHECK(convert("timestamp", "2022-12-31 23:59:59.999999", rule) ==
          "! column \"c\": 2022-12-31 23:59:59.999999 is below min 2023-01-01 00:00:00");
    rule.min = "2023-01-01 00:00:00Z";
    // 00:30 in Paris is 23:30 the day before in UTC: compared as instants.
    CHECK(convert("timestamptz", "2023-01-01 00:30:00+01:00", rule) ==
          "! column \"c\": 2023-01-01 00:30:00+01:00 is below min 2023-01-01 00:00:00Z");
    CHECK(convert("timestamptz", "2022-12-31 20:00:00-04:00", rule) == "2022-12-31 20:00:00-04:00");
    rule.min = {};
    rule.max = "5";
    CHECK(convert_all("integer[]", {"1", "5", "6"}, rule) == "! column \"c\": 6 is above max 5 (element 3 of 3)");
}

TEST_CASE("arrays: every value by the scalar rule, as a Postgres array literal")
{
    CHECK(convert_all("text[]", {"a", "b\"c", "d\\e", "", "NULL", "x,y", "{}"}) ==
          R"({"a","b\"c","d\\e","","NULL","x,y","{}"})");
    CHECK(convert_all("text[]", {}) == "NULL");
    CHECK(convert_all("text[]", {"solo"}) == R"({"solo"})");
    ColumnRule rule;
    rule.null_if = {"-"};
    rule.clean = {"trim"};
    CHECK(convert_all("bigint[]", {" 1", "-", "+3 "}, rule) == R"({"1",NULL,"3"})");
    CHECK(convert_all("bigint[]", {"-", "-"}, rule) == "{NULL,NULL}");
    rule.required = true;
    CHECK(convert_all("bigint[]", {"-"}, rule) == "{NULL}");  // NULL elements are values of a required array
    CHECK(convert_all("bigint[]", {"1", "x", "3"}, rule) == "! column \"c\": \"x\" is not a bigint (element 2 of 3)");
    CHECK(convert_all("date[]", {"2023-01-31", "2023-02-29"}) ==
          "! column \"c\": \"2023-02-29\" is not a date: no such day (element 2 of 2)");
    CHECK(convert_all("boolean[]", {"yes", "OFF"}) == R"({"t","f"})");
    CHECK(convert_all("timestamptz[]", {"2023-01-31T09:05:07Z"}) == R"({"2023-01-31 09:05:07+00:00"})");
}

TEST_CASE("a converter is reused: each result stands until the next call")
{
    ColumnRule rule;
    rule.clean = {"trim", "lower"};
    ValueConverter converter("title", type_named("text"), rule);
    CHECK(outcome(converter.convert(" ÉCOLE ")) == "école");
    CHECK(outcome(converter.convert(std::string(1000, 'A'))) == std::string(1000, 'a'));
    CHECK(outcome(converter.convert("B")) == "b");
    const std::vector<std::string_view> two{"x", "y"};
    CHECK(outcome(converter.convert(two)) == "! column \"title\": 2 values for a scalar column");
    CHECK(outcome(converter.convert(" Ok")) == "ok");
    CHECK(converter.column() == "title");
    CHECK(converter.type() == ValueType{ScalarType::text, false});
    CHECK_FALSE(converter.required());
    ValueConverter moved = std::move(converter);
    CHECK(outcome(moved.convert(" MOVED ")) == "moved");
}
