// Column types by their SQL names: Postgres's spellings and aliases, arrays, and what is refused.
#include "convert/value_type.hpp"

#include <doctest/doctest.h>

using namespace sluice;

namespace {

std::string round_trip(std::string_view name)
{
    const auto type = parse_value_type(name);
    return type ? sql_type(*type) : "(none)";
}

} // namespace

TEST_CASE("value types: Postgres's names and aliases, in any case and spacing")
{
    CHECK(round_trip("text") == "text");
    CHECK(round_trip("integer") == "integer");
    CHECK(round_trip("int") == "integer");
    CHECK(round_trip("INT4") == "integer");
    CHECK(round_trip("bigint") == "bigint");
    CHECK(round_trip("int8") == "bigint");
    CHECK(round_trip("numeric") == "numeric");
    CHECK(round_trip("decimal") == "numeric");
    CHECK(round_trip("double precision") == "double precision");
    CHECK(round_trip("  Double \t PRECISION ") == "double precision");
    CHECK(round_trip("float8") == "double precision");
    CHECK(round_trip("float") == "double precision");
    CHECK(round_trip("boolean") == "boolean");
    CHECK(round_trip("Bool") == "boolean");
    CHECK(round_trip("date") == "date");
    CHECK(round_trip("timestamp") == "timestamp");
    CHECK(round_trip("timestamp without time zone") == "timestamp");
    CHECK(round_trip("timestamptz") == "timestamptz");
    CHECK(round_trip("timestamp  with\ntime zone") == "timestamptz");
    CHECK(round_trip("jsonb") == "jsonb");
    CHECK(parse_value_type("bigint") == ValueType{ScalarType::bigint, false});
}

TEST_CASE("value types: arrays of every scalar but jsonb")
{
    CHECK(round_trip("text[]") == "text[]");
    CHECK(round_trip("TEXT []") == "text[]");
    CHECK(round_trip("int8[]") == "bigint[]");
    CHECK(round_trip("double precision[]") == "double precision[]");
    CHECK(round_trip("timestamp with time zone[]") == "timestamptz[]");
    CHECK(parse_value_type("date[]") == ValueType{ScalarType::date, true});
    CHECK(round_trip("jsonb[]") == "(none)");
}

TEST_CASE("value types: misspellings, modifiers and other types are not types")
{
    for (const char* name : {"", " ", "[]", "txt", "bigints", "double", "precision", "doubleprecision", "varchar",
                             "json", "numeric(10,2)", "varchar(20)", "float(24)", "text[][]", "text[", "text []]",
                             "timestamp with timezone", "int 4", "serial", "text[ ]"}) {
        CAPTURE(name);
        CHECK_FALSE(parse_value_type(name).has_value());
    }
}

TEST_CASE("value types: the canonical names, each one parse_value_type takes back")
{
    const auto names = value_type_names();
    CHECK(names.size() == 19);
    CHECK(names.front() == "text");
    CHECK(names[4] == "double precision");
    CHECK(names[10] == "text[]");
    CHECK(names.back() == "timestamptz[]");
    for (const auto& name : names) {
        CAPTURE(name);
        CHECK(round_trip(name) == name);
    }
}
