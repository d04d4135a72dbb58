#include "load/table_definition.hpp"

#include "core/error.hpp"
#include "load/sql_names.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sluice {

namespace {

constexpr std::size_t kMaxIdentifierBytes = 63;  // NAMEDATALEN - 1: Postgres cuts longer names short

bool has_control_character(const std::string& text)
{
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7f;
    });
}

void check_column_name(const std::string& name, bool lineage)
{
    if (name.empty()) throw UsageError("a column needs a name");
    if (has_control_character(name)) throw UsageError("column names cannot hold control characters");
    if (name.size() > kMaxIdentifierBytes)
        throw UsageError(fmt::format("column '{}' is {} bytes; Postgres names are at most {}", name, name.size(),
                                     kMaxIdentifierBytes));
    if (name.starts_with("_sluice_"))
        throw UsageError(fmt::format("column '{}': names starting '_sluice_' are sluice's own", name));
    if (lineage && (name == kLineageSource || name == kLineageRecord))
        throw UsageError(fmt::format("column '{}' is a lineage column: with lineage on, sluice adds '{}' and '{}' "
                                     "itself; name the column otherwise",
                                     name, kLineageSource, kLineageRecord));
}

std::string joined(const std::vector<std::string>& items, const char* separator)
{
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

} // namespace

std::string catalog_type_name(const ValueType& type)
{
    std::string name;
    switch (type.scalar) {
    case ScalarType::timestamp: name = "timestamp without time zone"; break;
    case ScalarType::timestamptz: name = "timestamp with time zone"; break;
    default: name = sql_type(ValueType{type.scalar, false}); break;
    }
    return type.array ? name + "[]" : name;
}

TableDefinition::TableDefinition(TableSpec spec, bool lineage) : spec_(std::move(spec)), lineage_(lineage)
{
    if (spec_.columns.empty()) throw UsageError("table '" + spec_.name + "' needs at least one column");
    for (std::size_t i = 0; i < spec_.columns.size(); ++i) {
        const auto& name = spec_.columns[i].name;
        check_column_name(name, lineage_);
        for (std::size_t j = 0; j < i; ++j) {
            if (spec_.columns[j].name == name) throw UsageError("column '" + name + "' is declared twice");
        }
    }
    for (std::size_t i = 0; i < spec_.key.size(); ++i) {
        const auto& key = spec_.key[i];
        if (std::none_of(spec_.columns.begin(), spec_.columns.end(), [&](const ColumnSpec& c) { return c.name == key; }))
            throw UsageError("key column '" + key + "' is not one of the table's columns");
        if (std::find(spec_.key.begin(), spec_.key.begin() + static_cast<std::ptrdiff_t>(i), key) !=
            spec_.key.begin() + static_cast<std::ptrdiff_t>(i))
            throw UsageError("key column '" + key + "' is named twice");
    }
    columns_ = spec_.columns;
    for (auto& column : columns_) {
        // A primary key's columns are NOT NULL anyway; saying so on the staging table (made
        // without the key) fails a NULL key at COPY, naming the column, not at the key's creation.
        if (std::find(spec_.key.begin(), spec_.key.end(), column.name) != spec_.key.end()) column.not_null = true;
    }
    if (lineage_) {
        columns_.push_back({kLineageSource, ValueType{ScalarType::text, false}, true});
        columns_.push_back({kLineageRecord, ValueType{ScalarType::bigint, false}, true});
    }
}

std::string TableDefinition::create_sql(const std::string& quoted_name, bool hidden_columns) const
{
    std::vector<std::string> parts;
    for (const auto& column : columns_)
        parts.push_back(quote_identifier(column.name) + " " + sql_type(column.type) + (column.not_null ? " NOT NULL" : ""));
    if (hidden_columns) {
        parts.push_back(quote_identifier(kOrdinalColumn) + " bigint NOT NULL");
        parts.push_back(quote_identifier(kSourceIndexColumn) + " integer NOT NULL");
        parts.push_back(quote_identifier(kRecordColumn) + " bigint NOT NULL");
    } else if (has_key()) {
        parts.push_back("PRIMARY KEY (" + key_list() + ")");
    }
    return "CREATE TABLE " + quoted_name + " (" + joined(parts, ", ") + ")";
}

std::string TableDefinition::column_list() const { return column_list(""); }

std::string TableDefinition::column_list(const std::string& prefix) const
{
    std::vector<std::string> names;
    for (const auto& column : columns_) names.push_back(prefix + quote_identifier(column.name));
    return joined(names, ", ");
}

std::vector<std::string> TableDefinition::copy_columns(bool hidden_columns) const
{
    std::vector<std::string> names;
    for (const auto& column : columns_) names.push_back(quote_identifier(column.name));
    if (hidden_columns) {
        for (const char* hidden : {kOrdinalColumn, kSourceIndexColumn, kRecordColumn})
            names.push_back(quote_identifier(hidden));
    }
    return names;
}

std::string TableDefinition::key_list(const std::string& prefix) const
{
    std::vector<std::string> names;
    for (const auto& key : spec_.key) names.push_back(prefix + quote_identifier(key));
    return joined(names, ", ");
}

std::string TableDefinition::key_equal(const std::string& a, const std::string& b) const
{
    std::vector<std::string> terms;
    for (const auto& key : spec_.key) terms.push_back(a + "." + quote_identifier(key) + " = " + b + "." + quote_identifier(key));
    return joined(terms, " AND ");
}

std::string TableDefinition::key_text(const std::string& prefix) const
{
    if (spec_.key.size() == 1) return prefix + "." + quote_identifier(spec_.key[0]) + "::text";
    return "ROW(" + key_list(prefix + ".") + ")::text";
}

std::vector<std::string> TableDefinition::differences(const std::vector<CatalogColumn>& found,
                                                      const std::vector<std::string>& found_key) const
{
    std::vector<std::string> out;
    for (const auto& column : columns_) {
        const auto match = std::find_if(found.begin(), found.end(), [&](const CatalogColumn& c) { return c.name == column.name; });
        const auto type = catalog_type_name(column.type);
        if (match == found.end())
            out.push_back(fmt::format("column {} ({}) is missing from the table", quote_identifier(column.name), type));
        else if (match->type != type)
            out.push_back(fmt::format("column {} is {} in the table, {} in the job", quote_identifier(column.name),
                                      match->type, type));
    }
    for (const auto& column : found) {
        if (std::none_of(columns_.begin(), columns_.end(), [&](const ColumnSpec& c) { return c.name == column.name; }))
            out.push_back(fmt::format("column {} ({}) is not in the job", quote_identifier(column.name), column.type));
    }
    if (found_key != spec_.key) {
        std::vector<std::string> quoted;
        for (const auto& key : found_key) quoted.push_back(quote_identifier(key));
        const auto table_key = found_key.empty() ? std::string{"no primary key"} : "primary key (" + joined(quoted, ", ") + ")";
        const auto job_key = has_key() ? "key (" + key_list() + ")" : std::string{"no key"};
        out.push_back(table_key + " in the table, " + job_key + " in the job");
    }
    return out;
}

} // namespace sluice
