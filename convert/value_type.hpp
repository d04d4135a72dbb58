#pragma once
// The column types a load job may declare, by their SQL names: the scalars and arrays of them.
// One type decides how a text is checked and converted (convert/value_converter.hpp), how the
// column is declared in the table's DDL and how the value is sent through COPY.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

enum class ScalarType {
    text,
    integer,           // int4
    bigint,            // int8
    numeric,           // arbitrary precision, kept as the decimal text given
    double_precision,  // float8
    boolean,
    date,
    timestamp,         // without time zone
    timestamptz,
    jsonb,             // an XML element's subtree, or a JSON text from CSV
};

struct ValueType {
    ScalarType scalar = ScalarType::text;
    bool array = false;  // "text[]": every value the field path matched, in document order

    bool operator==(const ValueType&) const = default;
};

// "bigint", "double precision", "text[]", "timestamptz"... as Postgres spells them (lower case;
// int4/int8/float8/bool/timestamp with time zone and the other aliases Postgres accepts too).
// nullopt for a name that is not one of them (a jsonb[] included: Postgres has it, sluice does not).
std::optional<ValueType> parse_value_type(std::string_view name);

// The type's name in DDL: "bigint", "double precision", "text[]".
std::string sql_type(const ValueType& type);

// Every name parse_value_type() takes in its canonical form, for "did you mean" and --help.
std::vector<std::string> value_type_names();

} // namespace sluice
