// A table's SQL is generated from its spec: the DDL, the column lists, the key, and how a table
// found in the database differs from it.
#include "load/table_definition.hpp"

#include "core/error.hpp"

#include <doctest/doctest.h>

using sluice::CatalogColumn;
using sluice::ColumnSpec;
using sluice::ScalarType;
using sluice::TableDefinition;
using sluice::TableSpec;
using sluice::UsageError;
using sluice::ValueType;

namespace {

ValueType scalar(ScalarType type) { return {type, false}; }
ValueType array_of(ScalarType type) { return {type, true}; }

TableSpec posts()
{
    return {"so_posts",
            {{"id", scalar(ScalarType::bigint), false},
             {"title", scalar(ScalarType::text), true},
             {"tags", array_of(ScalarType::text), false},
             {"created", scalar(ScalarType::timestamptz), false}},
            {"id"}};
}

} // namespace

TEST_CASE("table ddl: quoted columns, types, NOT NULL, the primary key")
{
    const TableDefinition table{posts(), false};
    CHECK(table.create_sql("\"public\".\"so_posts\"") ==
          "CREATE TABLE \"public\".\"so_posts\" (\"id\" bigint NOT NULL, \"title\" text NOT NULL, \"tags\" text[], "
          "\"created\" timestamptz, PRIMARY KEY (\"id\"))");
    CHECK(table.column_list() == "\"id\", \"title\", \"tags\", \"created\"");
    CHECK(table.column_list("t.") == "t.\"id\", t.\"title\", t.\"tags\", t.\"created\"");
    CHECK(table.key_list() == "\"id\"");
    CHECK(table.key_equal("a", "b") == "a.\"id\" = b.\"id\"");
    CHECK(table.key_text("t") == "t.\"id\"::text");
}

TEST_CASE("table ddl: a staging table with hidden columns has no primary key yet")
{
    const TableDefinition table{posts(), false};
    CHECK(table.create_sql("s", true) ==
          "CREATE TABLE s (\"id\" bigint NOT NULL, \"title\" text NOT NULL, \"tags\" text[], \"created\" timestamptz, "
          "\"_sluice_ordinal\" bigint NOT NULL, \"_sluice_source\" integer NOT NULL, \"_sluice_record\" bigint NOT NULL)");
    CHECK(table.copy_columns(true) == std::vector<std::string>{"\"id\"", "\"title\"", "\"tags\"", "\"created\"",
                                                               "\"_sluice_ordinal\"", "\"_sluice_source\"",
                                                               "\"_sluice_record\""});
    CHECK(table.copy_columns(false).size() == 4);
}

TEST_CASE("table ddl: lineage columns end the table, a composite key, no key")
{
    TableSpec spec{"m", {{"day", scalar(ScalarType::date), false}, {"station", scalar(ScalarType::integer), false},
                         {"value", scalar(ScalarType::double_precision), false}}, {"day", "station"}};
    const TableDefinition keyed{spec, true};
    CHECK(keyed.create_sql("m") ==
          "CREATE TABLE m (\"day\" date NOT NULL, \"station\" integer NOT NULL, \"value\" double precision, "
          "\"_source\" text NOT NULL, \"_record\" bigint NOT NULL, PRIMARY KEY (\"day\", \"station\"))");
    CHECK(keyed.key_text("t") == "ROW(t.\"day\", t.\"station\")::text");
    CHECK(keyed.key_equal("t", "f") == "t.\"day\" = f.\"day\" AND t.\"station\" = f.\"station\"");
    spec.key.clear();
    const TableDefinition plain{spec, false};
    CHECK(plain.create_sql("m") == "CREATE TABLE m (\"day\" date, \"station\" integer, \"value\" double precision)");
    CHECK(plain.create_sql("m", false) == plain.create_sql("m"));
}

TEST_CASE("table ddl: names that need quotes")
{
    const TableSpec spec{"q", {{"select", scalar(ScalarType::text), false}, {"Mixed Case", scalar(ScalarType::jsonb), false},
                               {"a\"b", array_of(ScalarType::numeric), false}}, {"a\"b"}};
    CHECK(TableDefinition{spec, false}.create_sql("q") ==
          "CREATE TABLE q (\"select\" text, \"Mixed Case\" jsonb, \"a\"\"b\" numeric[] NOT NULL, PRIMARY KEY (\"a\"\"b\"))");
}

TEST_CASE("table ddl: every type by its SQL name and by the catalogue's")
{
    const std::vector<std::pair<ScalarType, std::pair<const char*, const char*>>> types{
        {ScalarType::text, {"text", "text"}},
        {ScalarType::integer, {"integer", "integer"}},
        {ScalarType::bigint, {"bigint", "bigint"}},
        {ScalarType::numeric, {"numeric", "numeric"}},
        {ScalarType::double_precision, {"double precision", "double precision"}},
        {ScalarType::boolean, {"boolean", "boolean"}},
        {ScalarType::date, {"date", "date"}},
        {ScalarType::timestamp, {"timestamp", "timestamp without time zone"}},
        {ScalarType::timestamptz, {"timestamptz", "timestamp with time zone"}},
        {ScalarType::jsonb, {"jsonb", "jsonb"}},
    };
    for (const auto& [type, names] : types) {
        CAPTURE(names.first);
        CHECK(sluice::sql_type(scalar(type)) == names.first);
        CHECK(sluice::sql_type(array_of(type)) == std::string{names.first} + "[]");
        CHECK(sluice::catalog_type_name(scalar(type)) == names.second);
        CHECK(sluice::catalog_type_name(array_of(type)) == std::string{names.second} + "[]");
    }
}

TEST_CASE("table ddl: specs that cannot be a table are refused")
{
    const auto refused = [](TableSpec spec, bool lineage) {
        try {
            TableDefinition{std::move(spec), lineage};
        } catch (const UsageError& error) {
            return std::string{error.what()};
        }
        return std::string{"accepted"};
    };
    const auto text = scalar(ScalarType::text);
    CHECK(refused({"t", {}, {}}, false) == "table 't' needs at least one column");
    CHECK(refused({"t", {{"a", text, false}, {"a", text, false}}, {}}, false) == "column 'a' is declared twice");
    CHECK(refused({"t", {{"", text, false}}, {}}, false) == "a column needs a name");
    CHECK(refused({"t", {{"a\nb", text, false}}, {}}, false) == "column names cannot hold control characters");
    CHECK(refused({"t", {{std::string(64, 'c'), text, false}}, {}}, false) ==
          "column '" + std::string(64, 'c') + "' is 64 bytes; Postgres names are at most 63");
    CHECK(refused({"t", {{std::string(63, 'c'), text, false}}, {}}, false) == "accepted");
    CHECK(refused({"t", {{"_sluice_ordinal", text, false}}, {}}, false) ==
          "column '_sluice_ordinal': names starting '_sluice_' are sluice's own");
    CHECK(refused({"t", {{"_source", text, false}}, {}}, true) ==
          "column '_source' is a lineage column: with lineage on, sluice adds '_source' and '_record' itself; "
          "name the column otherwise");
    CHECK(refused({"t", {{"_source", text, false}}, {}}, false) == "accepted");
    CHECK(refused({"t", {{"a", text, false}}, {"b"}}, false) == "key column 'b' is not one of the table's columns");
    CHECK(refused({"t", {{"a", text, false}}, {"a", "a"}}, false) == "key column 'a' is named twice");
}

TEST_CASE("table differences: columns missing, extra, retyped, and the key")
{
    const TableDefinition table{posts(), false};
    const std::vector<CatalogColumn> same{
        {"id", "bigint"}, {"title", "text"}, {"tags", "text[]"}, {"created", "timestamp with time zone"}};
    CHECK(table.differences(same, {"id"}).empty());
    // Order does not matter: INSERT and COPY name their columns.
    CHECK(table.differences({same[3], same[2], same[1], same[0]}, {"id"}).empty());

    const std::vector<CatalogColumn> other{
        {"id", "integer"}, {"tags", "text[]"}, {"created", "timestamp with time zone"}, {"score", "numeric"}};
    CHECK(table.differences(other, {"id", "tags"}) ==
          std::vector<std::string>{"column \"id\" is integer in the table, bigint in the job",
                                   "column \"title\" (text) is missing from the table",
                                   "column \"score\" (numeric) is not in the job",
                                   "primary key (\"id\", \"tags\") in the table, key (\"id\") in the job"});
    CHECK(table.differences(same, {}) ==
          std::vector<std::string>{"no primary key in the table, key (\"id\") in the job"});
    const TableDefinition unkeyed{{"t", {{"id", scalar(ScalarType::bigint), false}}, {}}, false};
    CHECK(unkeyed.differences({{"id", "bigint"}}, {"id"}) ==
          std::vector<std::string>{"primary key (\"id\") in the table, no key in the job"});
}
