#pragma once
// A table sluice publishes, declared once: its name, its columns (each with its type) and its
// key. The DDL, the COPY and every publish mode are generated from this declaration; nothing
// spells the columns out in SQL strings (after osm2pgsql's flex tables).

#include "convert/value_type.hpp"

#include <string>
#include <vector>

namespace sluice {

struct ColumnSpec {
    std::string name;
    ValueType type;
    bool not_null = false;
};

enum class PublishMode {
    replace,   // the table becomes this run's rows (staging table, atomic swap)
    append,    // this run's rows are added, once per source version
    upsert,    // rows inserted or updated on the key
    snapshot,  // the rows of one snapshot date replaced, the others kept
};

struct TableSpec {
    std::string name;                 // "table" or "schema.table", as the user gave it
    std::vector<ColumnSpec> columns;  // in table (and COPY) order
    std::vector<std::string> key;     // column names; empty: no key
};

} // namespace sluice
