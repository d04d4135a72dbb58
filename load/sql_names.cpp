#include "load/sql_names.hpp"

#include "core/redact.hpp"

namespace sluice {

std::string quote_identifier(const std::string& identifier)
{
    std::string out = "\"";
    for (const char c : identifier) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

std::string TableName::quoted(const std::string& suffix) const
{
    const auto name = quote_identifier(table + suffix);
    return schema.empty() ? name : quote_identifier(schema) + "." + name;
}

TableName split_table_name(const std::string& name)
{
    const auto dot = name.find('.');
    if (dot == std::string::npos) return {"", name};
    return {name.substr(0, dot), name.substr(dot + 1)};
}

std::string quote_table_name(const std::string& table)
{
    return split_table_name(table).quoted();
}

std::string sluice_conninfo(const std::string& conninfo)
{
    constexpr const char* kName = "fallback_application_name=sluice";
    if (conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://"))
        return conninfo + (conninfo.find('?') == std::string::npos ? "?" : "&") + kName;
    return conninfo.empty() ? kName : conninfo + " " + kName;
}

std::string describe_database(const std::string& conninfo)
{
    return conninfo.empty() ? "postgres" : "postgres (" + redact_conninfo(conninfo) + ")";
}

} // namespace sluice
