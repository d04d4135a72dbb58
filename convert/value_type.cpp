#include "convert/value_type.hpp"

namespace sluice {

// Only sql_type() so far: the table writer (load/) needs it; parse_value_type() and
// value_type_names() come with the converter.
std::string sql_type(const ValueType& type)
{
    const char* scalar = "text";
    switch (type.scalar) {
    case ScalarType::text: scalar = "text"; break;
    case ScalarType::integer: scalar = "integer"; break;
    case ScalarType::bigint: scalar = "bigint"; break;
    case ScalarType::numeric: scalar = "numeric"; break;
    case ScalarType::double_precision: scalar = "double precision"; break;
    case ScalarType::boolean: scalar = "boolean"; break;
    case ScalarType::date: scalar = "date"; break;
    case ScalarType::timestamp: scalar = "timestamp"; break;
    case ScalarType::timestamptz: scalar = "timestamptz"; break;
    case ScalarType::jsonb: scalar = "jsonb"; break;
    }
    return type.array ? std::string{scalar} + "[]" : std::string{scalar};
}

} // namespace sluice
