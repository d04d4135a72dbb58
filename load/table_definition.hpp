#pragma once
// A published table as SQL sees it, generated from its TableSpec and nowhere spelt out by hand
// (after osm2pgsql's flex tables): the CREATE TABLE, the column lists of COPY and INSERT, the
// key, and how a table found in the database differs from it. With lineage the table ends in
// two more columns saying where each row came from: _source (the source's name) and _record
// (the record's number in it). A staging table whose duplicate keys must be found carries three
// hidden columns more, which never reach a published table: the row's place in the load, its
// source (an index into the writer's list of sources) and its record number.

#include "load/table_spec.hpp"

#include <string>
#include <vector>

namespace sluice {

inline constexpr const char* kLineageSource = "_source";
inline constexpr const char* kLineageRecord = "_record";
inline constexpr const char* kOrdinalColumn = "_sluice_ordinal";
inline constexpr const char* kSourceIndexColumn = "_sluice_source";
inline constexpr const char* kRecordColumn = "_sluice_record";

// A column of a table that exists, as the catalogue describes it.
struct CatalogColumn {
    std::string name;
    std::string type;  // format_type(atttypid, NULL): "bigint", "timestamp with time zone", "text[]"
};

class TableDefinition {
public:
    // Throws UsageError for a spec that cannot be a table: no columns; a column name empty,
    // repeated, past 63 bytes or holding a control character; a lineage column's name taken
    // while lineage is on; a name starting "_sluice_" (sluice's hidden columns); a key naming a
    // column the spec does not have, or naming one twice.
    TableDefinition(TableSpec spec, bool lineage);

    const TableSpec& spec() const { return spec_; }
    bool lineage() const { return lineage_; }
    bool has_key() const { return !spec_.key.empty(); }
    // The spec's columns, then the lineage columns when on: the columns of the published table.
    const std::vector<ColumnSpec>& columns() const { return columns_; }

    // The column definitions of CREATE TABLE `quoted_name`: every column quoted, with its type,
    // NOT NULL where declared (and on key columns), then PRIMARY KEY. With `hidden_columns`
    // (a staging table whose duplicate keys are still to be found), the hidden columns follow
    // and the primary key is left out: it is added once the duplicates are gone.
    std::string create_sql(const std::string& quoted_name, bool hidden_columns = false) const;

    // Every published column, quoted, comma separated: "id", "select", "Mixed Case", "a""b".
    std::string column_list() const;
    // The same with `prefix` before each: t."id", t."select".
    std::string column_list(const std::string& prefix) const;
    // The columns COPY sends, quoted: the published ones, then the hidden ones if asked for.
    std::vector<std::string> copy_columns(bool hidden_columns) const;
    // The key's columns, quoted, comma separated: "id" or "day", "station".
    std::string key_list(const std::string& prefix = "") const;
    // a."k1" = b."k1" AND a."k2" = b."k2"
    std::string key_equal(const std::string& a, const std::string& b) const;
    // The key of row `prefix` as text: t."id"::text, or ROW(t."k1", t."k2")::text for several.
    std::string key_text(const std::string& prefix) const;

    // What keeps a table found in the database from being this one, one item per difference
    // ("column \"x\" is missing from the table", "column \"y\" is bigint in the table, integer
    // in the job", ...); empty when it has these columns with these types and this primary key.
    // Types are compared without modifiers (a numeric(3,1) is a numeric).
    std::vector<std::string> differences(const std::vector<CatalogColumn>& found,
                                         const std::vector<std::string>& found_key) const;

private:
    TableSpec spec_;
    bool lineage_;
    std::vector<ColumnSpec> columns_;
};

// How Postgres's format_type() names `type` without modifiers: "timestamp with time zone",
// "double precision[]". The catalogue's names, for comparing a table found with a spec.
std::string catalog_type_name(const ValueType& type);

} // namespace sluice
