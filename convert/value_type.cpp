#include "convert/value_type.hpp"

#include <array>
#include <utility>

namespace sluice {

namespace {

struct TypeName {
    std::string_view name;
    ScalarType scalar;
};

// The canonical names first, in ScalarType order: sql_type() and value_type_names() take them
// from here. Precision and length modifiers (numeric(10,2), varchar(20), float(24)) are not
// taken: each would be a limit to enforce, and a limit sluice ignored would let Postgres refuse
// the whole COPY, or round, where a reject was due.
constexpr std::array kNames{
    TypeName{"text", ScalarType::text},
    TypeName{"integer", ScalarType::integer},
    TypeName{"bigint", ScalarType::bigint},
    TypeName{"numeric", ScalarType::numeric},
    TypeName{"double precision", ScalarType::double_precision},
    TypeName{"boolean", ScalarType::boolean},
    TypeName{"date", ScalarType::date},
    TypeName{"timestamp", ScalarType::timestamp},
    TypeName{"timestamptz", ScalarType::timestamptz},
    TypeName{"jsonb", ScalarType::jsonb},
    // Postgres's aliases.
    TypeName{"int", ScalarType::integer},
    TypeName{"int4", ScalarType::integer},
    TypeName{"int8", ScalarType::bigint},
    TypeName{"decimal", ScalarType::numeric},
    TypeName{"float8", ScalarType::double_precision},
    TypeName{"float", ScalarType::double_precision},  // float without a precision is float8
    TypeName{"bool", ScalarType::boolean},
    TypeName{"timestamp without time zone", ScalarType::timestamp},
    TypeName{"timestamp with time zone", ScalarType::timestamptz},
};
constexpr std::size_t kCanonical = 10;
static_assert([] {
    for (std::size_t i = 0; i < kCanonical; ++i)
        if (kNames[i].scalar != static_cast<ScalarType>(i)) return false;
    return true;
}(), "the canonical names come first, in ScalarType order");

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Lower case, one space between words, none around them or before "[]": "Double  PRECISION []"
// is "double precision[]". SQL keywords are case-insensitive, and a job file may wrap a name.
std::string normalized(std::string_view name)
{
    std::string out;
    bool space = false;
    for (const char c : name) {
        if (is_space(c)) {
            space = !out.empty();
            continue;
        }
        if (space && c != '[') out += ' ';
        space = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

} // namespace

std::optional<ValueType> parse_value_type(std::string_view name)
{
    std::string text = normalized(name);
    ValueType type;
    if (text.ends_with("[]")) {
        type.array = true;
        text.resize(text.size() - 2);
    }
    for (const auto& known : kNames) {
        if (known.name != text) continue;
        // jsonb[] exists in Postgres, but a JSON array already holds several values.
        if (type.array && known.scalar == ScalarType::jsonb) return std::nullopt;
        type.scalar = known.scalar;
        return type;
    }
    return std::nullopt;
}

std::string sql_type(const ValueType& type)
{
    std::string name(kNames[static_cast<std::size_t>(type.scalar)].name);
    if (type.array) name += "[]";
    return name;
}

std::vector<std::string> value_type_names()
{
    std::vector<std::string> names;
    for (std::size_t i = 0; i < kCanonical; ++i) names.emplace_back(kNames[i].name);
    for (std::size_t i = 0; i < kCanonical; ++i)
        if (kNames[i].scalar != ScalarType::jsonb) names.push_back(std::string(kNames[i].name) + "[]");
    return names;
}

} // namespace sluice
