// The generic table writer against the real Postgres: every publish mode's table after one load,
// after a second, after a failed one; duplicate keys (which record wins, the refused list);
// upsert's counts; append's once-per-source-version through the ledger; a table of another
// shape, or not sluice's, refused; every type round-tripped; names that need quotes; lineage;
// the job's sql statements.
#include "tests/integration/harness.hpp"

#include "load/postgres_table_writer.hpp"
#include "load/run_ledger.hpp"
#include "load/sql_names.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using namespace sluice::testing;
using sluice::ColumnSpec;
using sluice::DuplicateKey;
using sluice::DuplicateKeys;
using sluice::PostgresTableWriter;
using sluice::PublishMode;
using sluice::ScalarType;
using sluice::TableLoadOptions;
using sluice::TableLoadOutcome;
using sluice::TableSpec;
using sluice::ValueType;

namespace {

using Row = std::vector<std::optional<std::string>>;

ValueType scalar(ScalarType type) { return {type, false}; }

// id bigint, name text, score double precision; key id unless `keyed` is false.
TableSpec people(const std::string& table, bool keyed = true)
{
    TableSpec spec{table,
                   {{"id", scalar(ScalarType::bigint), false},
                    {"name", scalar(ScalarType::text), true},
                    {"score", scalar(ScalarType::double_precision), false}},
                   {}};
    if (keyed) spec.key = {"id"};
    return spec;
}

TableLoadOptions mode(PublishMode publish, const std::string& job = "tpm_job")
{
    TableLoadOptions options;
    options.job = job;
    options.mode = publish;
    return options;
}

// Loads `rows` (records 1, 2, ... of `source`) and publishes them.
TableLoadOutcome load(const TableSpec& spec, const TableLoadOptions& options, const std::vector<Row>& rows,
                      const std::string& source = "in.csv")
{
    PostgresTableWriter writer{test_conninfo(), spec, options};
    std::vector<std::optional<std::string_view>> values;
    std::uint64_t record = 0;
    for (const auto& row : rows) {
        values.assign(row.begin(), row.end());
        writer.write(values, {source, ++record});
    }
    writer.commit();
    return writer.outcome();
}

// The table's rows as Postgres prints them, in `order`, separated by ';'.
std::string contents(const std::string& table, const std::string& order = "t::text")
{
    return query_value("SELECT coalesce(string_agg(t::text, ';' ORDER BY " + order + "), '') FROM " + table + " t");
}

void drop(const std::string& table)
{
    for (const auto& suffix : {"", "_staging", "_previous"})
        query_value("DROP TABLE IF EXISTS " + sluice::quote_identifier(table + suffix));
}

std::string refused(const DuplicateKeys& keys)
{
    std::string out = std::to_string(keys.count) + ":";
    for (const auto& key : keys.shown) out += " [" + key.source + " " + std::to_string(key.record) + ": " + describe(key) + "]";
    return out;
}

// How the writer names the test database in its errors.
std::string database() { return sluice::describe_database(test_conninfo()); }

std::string error_of(const std::function<void()>& action)
{
    try {
        action();
    } catch (const std::exception& error) {
        return error.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("table publish replace: the table becomes each load, the last kept as previous, a failed load changes nothing")
{
    drop("tpm_replace");
    const auto spec = people("tpm_replace", false);
    auto outcome = load(spec, mode(PublishMode::replace), {{"1", "ann", "1.5"}, {"2", "bob", std::nullopt}});
    CHECK(outcome.rows_sent == 2);
    CHECK(outcome.counts.rows == 2);
    CHECK(contents("tpm_replace") == "(1,ann,1.5);(2,bob,)");
    CHECK(query_value("SELECT obj_description('tpm_replace'::regclass, 'pg_class')") ==
          "sluice: table \"tpm_replace\" of job \"tpm_job\"");

    load(spec, mode(PublishMode::replace), {{"3", "cy", "-0.25"}});
    CHECK(contents("tpm_replace") == "(3,cy,-0.25)");
    CHECK(contents("tpm_replace_previous") == "(1,ann,1.5);(2,bob,)");
    CHECK(table_oid(test_conninfo(), "tpm_replace_staging").empty());

    // A value its type refuses fails the COPY: the table is as it was, and readable.
    const auto oid = table_oid(test_conninfo(), "tpm_replace");
    CHECK(error_of([&] { load(spec, mode(PublishMode::replace), {{"4", "dee", "1"}, {"x", "eve", "2"}}); })
              .find("invalid input syntax for type bigint: \"x\"") != std::string::npos);
    CHECK(table_oid(test_conninfo(), "tpm_replace") == oid);
    CHECK(contents("tpm_replace") == "(3,cy,-0.25)");
    // NULL where the column is NOT NULL, likewise.
    CHECK(error_of([&] { load(spec, mode(PublishMode::replace), {{"5", std::nullopt, "1"}}); })
              .find("null value in column \"name\"") != std::string::npos);
    CHECK(contents("tpm_replace") == "(3,cy,-0.25)");
    // No rows: refused unless asked for.
    CHECK(error_of([&] { load(spec, mode(PublishMode::replace), {}); }) ==
          database() + ": nothing to publish: the load has no rows (pass --allow-empty to publish it anyway)");
    auto empty = mode(PublishMode::replace);
    empty.allow_empty = true;
    load(spec, empty, {});
    CHECK(contents("tpm_replace") == "");
}

TEST_CASE("table publish replace with a key: the first record of a key wins, the others are refused naming it")
{
    drop("tpm_dups");
    const auto spec = people("tpm_dups");
    DuplicateKeys seen;
    auto options = mode(PublishMode::replace);
    options.on_refused_keys = [&](const DuplicateKeys& keys) { seen = keys; };
    const auto outcome = load(spec, options,
                              {{"1", "a1", "1"}, {"2", "b1", "2"}, {"1", "a2", "3"}, {"3", "c1", "4"}, {"2", "b2", "5"},
                               {"1", "a3", "6"}});
    CHECK(refused(outcome.refused) == "3: [in.csv 3: duplicate key 1 (record 1 had it first)] "
                                      "[in.csv 5: duplicate key 2 (record 2 had it first)] "
                                      "[in.csv 6: duplicate key 1 (record 1 had it first)]");
    CHECK(refused(seen) == refused(outcome.refused));
    CHECK(outcome.counts.rows == 3);
    CHECK(contents("tpm_dups") == "(1,a1,1);(2,b1,2);(3,c1,4)");
    CHECK(query_value("SELECT string_agg(a.attname, ',') FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                      "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'tpm_dups'::regclass AND i.indisprimary") == "id");
    CHECK(query_value("SELECT count(*) FROM pg_attribute WHERE attrelid = 'tpm_dups'::regclass AND attnum > 0 "
                      "AND NOT attisdropped") == "3");

    // The list is capped, the count is not; the caller's refusal (too many rejects) publishes nothing.
    options.duplicates_shown = 1;
    options.on_refused_keys = [](const DuplicateKeys& keys) {
        CHECK(keys.shown.size() == 1);
        throw sluice::Error("in.csv", "too many rejected records: " + std::to_string(keys.count));
    };
    CHECK(error_of([&] { load(spec, options, {{"7", "x", "1"}, {"7", "y", "1"}, {"7", "z", "1"}}); }) ==
          "in.csv: too many rejected records: 2");
    CHECK(contents("tpm_dups") == "(1,a1,1);(2,b1,2);(3,c1,4)");

    // Records of several sources: the first is named with its source when it is another.
    options = mode(PublishMode::replace);
    PostgresTableWriter writer{test_conninfo(), spec, options};
    const std::vector<std::optional<std::string_view>> a{"1", "a", "1"};
    writer.write(a, {"part1.csv", 4});
    writer.write(a, {"part2.csv", 1});
    writer.write(a, {"part2.csv", 2});
    writer.commit();
    CHECK(refused(writer.outcome().refused) == "2: [part2.csv 1: duplicate key 1 (record 4 of part1.csv had it first)] "
                                               "[part2.csv 2: duplicate key 1 (record 4 of part1.csv had it first)]");
}

TEST_CASE("table publish append: rows added, keys of the load or of the table refused")
{
    drop("tpm_append");
    const auto spec = people("tpm_append");
    auto options = mode(PublishMode::append);
    options.lineage = true;
    auto outcome = load(spec, options, {{"1", "a", "1"}, {"2", "b", "2"}}, "h1.csv");
    CHECK(outcome.counts.rows == 2);
    CHECK(contents("tpm_append") == "(1,a,1,h1.csv,1);(2,b,2,h1.csv,2)");

    outcome = load(spec, options, {{"3", "c", "3"}, {"2", "b2", "2"}, {"3", "c2", "3"}, {"4", "d", "4"}}, "h2.csv");
    CHECK(refused(outcome.refused) == "2: [h2.csv 3: duplicate key 3 (record 1 had it first)] "
                                      "[h2.csv 2: key 2 is already in the table (loaded from record 2 of h1.csv)]");
    CHECK(outcome.counts.rows == 2);
    CHECK(contents("tpm_append") == "(1,a,1,h1.csv,1);(2,b,2,h1.csv,2);(3,c,3,h2.csv,1);(4,d,4,h2.csv,4)");
    CHECK(table_oid(test_conninfo(), "tpm_append_staging").empty());
    CHECK(table_oid(test_conninfo(), "tpm_append_previous").empty());

    // A failed load appends nothing.
    options.sql = {"SELECT 1/0"};
    CHECK(error_of([&] { load(spec, options, {{"5", "e", "5"}}); }).find("nothing was published") != std::string::npos);
    CHECK(contents("tpm_append") == "(1,a,1,h1.csv,1);(2,b,2,h1.csv,2);(3,c,3,h2.csv,1);(4,d,4,h2.csv,4)");

    // Without a key, every row is added; without lineage the table holds no origin to name.
    drop("tpm_append_plain");
    load(people("tpm_append_plain", false), mode(PublishMode::append), {{"1", "a", "1"}});
    load(people("tpm_append_plain", false), mode(PublishMode::append), {{"1", "a", "1"}});
    CHECK(contents("tpm_append_plain") == "(1,a,1);(1,a,1)");
    drop("tpm_append_key");
    load(people("tpm_append_key"), mode(PublishMode::append), {{"1", "a", "1"}});
    CHECK(refused(load(people("tpm_append_key"), mode(PublishMode::append), {{"1", "a", "1"}}).refused) ==
          "1: [in.csv 1: key 1 is already in the table]");
}

TEST_CASE("table publish append: a source version is appended once, whatever re-runs")
{
    drop("tpm_once");
    const auto spec = people("tpm_once", false);
    const sluice::LedgerSource hour{"source 1", "file:///drops/h1.csv", {"", "Mon, 01 Jan 2024 10:00:00 GMT", 12, {}}, 12};
    const sluice::LedgerSource settings_changed{"source 1", "file:///drops/h1.csv", {"", "Mon, 01 Jan 2024 11:00:00 GMT", 12, {}}, 12};
    const sluice::LedgerSource unknown{"source 2", "file:///drops/pipe", {"", "", std::nullopt, {}}, 0};
    sluice::RunLedger ledger{test_conninfo(), "tpm_once", ""};
    query_value("DELETE FROM sluice_runs WHERE job = 'tpm_once'");
    CHECK(ledger.appended({hour}).empty());

    // A run that fails (here: before COMMIT) leaves no LOADED run: the version is still to append.
    auto id = ledger.start({"", "run-1"}, "", {hour});
    {
        auto record = ledger.publish_record(id);
        auto options = mode(PublishMode::append, "tpm_once");
        options.record = record.get();
        options.sql = {"SELECT 1/0"};
        CHECK(error_of([&] { load(spec, options, {{"1", "a", "1"}}); }).find("division by zero") != std::string::npos);
        ledger.fail(id, "failed");
    }
    CHECK(ledger.appended({hour}).empty());
    CHECK(table_oid(test_conninfo(), "tpm_once").empty());

    id = ledger.start({"", "run-2"}, "", {hour});
    {
        auto record = ledger.publish_record(id);
        auto options = mode(PublishMode::append, "tpm_once");
        options.record = record.get();
        load(spec, options, {{"1", "a", "1"}});
    }
    const auto appended = ledger.appended({unknown, settings_changed, hour});
    REQUIRE(appended.size() == 1);
    CHECK(appended[0].source == 2);
    CHECK(appended[0].run == id);
    CHECK(query_value("SELECT rows_loaded FROM sluice_runs WHERE id = " + std::to_string(id)) == "1");
    CHECK(contents("tpm_once") == "(1,a,1)");
}

TEST_CASE("table publish upsert: the later record wins, counts of inserted, updated and superseded")
{
    drop("tpm_upsert");
    const auto spec = people("tpm_upsert");
    auto outcome = load(spec, mode(PublishMode::upsert), {{"1", "a", "1"}, {"2", "b", "2"}});
    CHECK(outcome.counts.inserted == 2);
    CHECK(outcome.counts.updated == 0);
    CHECK(outcome.counts.superseded == 0);
    CHECK(contents("tpm_upsert") == "(1,a,1);(2,b,2)");

    outcome = load(spec, mode(PublishMode::upsert),
                   {{"2", "b2", "20"}, {"3", "c", "3"}, {"3", "c2", "30"}, {"1", "a2", std::nullopt}, {"3", "c3", "300"}});
    CHECK(outcome.counts.inserted == 1);
    CHECK(outcome.counts.updated == 2);
    CHECK(outcome.counts.superseded == 2);
    CHECK(outcome.counts.rows == 3);
    CHECK(outcome.refused.count == 0);
    CHECK(contents("tpm_upsert") == "(1,a2,);(2,b2,20);(3,c3,300)");
    CHECK(table_oid(test_conninfo(), "tpm_upsert_staging").empty());

    // A failed load changes nothing.
    auto failing = mode(PublishMode::upsert);
    failing.sql = {"SELECT 1/0"};
    CHECK(error_of([&] { load(spec, failing, {{"1", "zzz", "0"}}); }).find("nothing was published") != std::string::npos);
    CHECK(contents("tpm_upsert") == "(1,a2,);(2,b2,20);(3,c3,300)");

    // Upsert needs a key.
    CHECK(error_of([&] { PostgresTableWriter(test_conninfo(), people("tpm_upsert_nokey", false), mode(PublishMode::upsert)); }) ==
          "mode upsert needs a key: name the key's columns (key = [...])");
}

TEST_CASE("table publish snapshot: the rows of one snapshot replaced, the others kept")
{
    drop("tpm_snap");
    TableSpec spec{"tpm_snap",
                   {{"day", scalar(ScalarType::date), true}, {"id", scalar(ScalarType::integer), true},
                    {"v", scalar(ScalarType::text), false}},
                   {"day", "id"}};
    const auto snapshot = [](const std::string& day) {
        auto options = mode(PublishMode::snapshot);
        options.snapshot_column = "day";
        options.snapshot_value = day;
        return options;
    };
    load(spec, snapshot("2024-01-01"), {{"2024-01-01", "1", "a"}, {"2024-01-01", "2", "b"}});
    load(spec, snapshot("2024-01-02"), {{"2024-01-02", "1", "c"}});
    CHECK(contents("tpm_snap") == "(2024-01-01,1,a);(2024-01-01,2,b);(2024-01-02,1,c)");
    load(spec, snapshot("2024-01-01"), {{"2024-01-01", "3", "d"}});
    CHECK(contents("tpm_snap") == "(2024-01-01,3,d);(2024-01-02,1,c)");
    CHECK(contents("tpm_snap_previous") == "(2024-01-01,1,a);(2024-01-01,2,b);(2024-01-02,1,c)");

    // A row of another snapshot in the load fails it, and nothing changes.
    CHECK(error_of([&] { load(spec, snapshot("2024-01-03"), {{"2024-01-03", "1", "e"}, {"2024-01-02", "9", "f"}}); }) ==
          database() + ": 1 of the load's rows are not of day 2024-01-03: nothing was published");
    CHECK(contents("tpm_snap") == "(2024-01-01,3,d);(2024-01-02,1,c)");
}

TEST_CASE("table publish: a table of other columns is replaced by replace, refused by append, upsert and snapshot")
{
    drop("tpm_shape");
    load(people("tpm_shape"), mode(PublishMode::replace), {{"1", "a", "1"}});
    TableSpec other{"tpm_shape",
                    {{"id", scalar(ScalarType::integer), false},
                     {"name", scalar(ScalarType::text), false},
                     {"extra", {ScalarType::text, true}, false}},
                    {"id", "name"}};
    const std::string expected =
        "--table tpm_shape: the table \"public\".\"tpm_shape\" does not match the job's columns (column \"id\" is bigint "
        "in the table, integer in the job; column \"extra\" (text[]) is missing from the table; column \"score\" "
        "(double precision) is not in the job; primary key (\"id\") in the table, key (\"id\", \"name\") in the job); "
        "sluice never alters a table of data to load into it: change the job's columns, publish into another --table, "
        "or replace the table (mode replace)";
    for (const auto publish : {PublishMode::append, PublishMode::upsert}) {
        CAPTURE(sluice::mode_name(publish));
        try {
            PostgresTableWriter writer{test_conninfo(), other, mode(publish)};
            FAIL("accepted");
        } catch (const sluice::TableMismatch& mismatch) {
            CHECK(std::string{mismatch.what()} == expected);
        }
        CHECK(contents("tpm_shape") == "(1,a,1)");
    }
    auto snapshot = mode(PublishMode::snapshot);
    snapshot.snapshot_column = "name";
    snapshot.snapshot_value = "a";
    CHECK_THROWS_WITH_AS(PostgresTableWriter(test_conninfo(), other, snapshot), expected.c_str(), sluice::TableMismatch);
    load(other, mode(PublishMode::replace), {{"1", "a", "{x,y}"}});
    CHECK(contents("tpm_shape") == "(1,a,\"{x,y}\")");
}

TEST_CASE("table publish: a table sluice did not make is refused under every mode, and left as it was")
{
    drop("tpm_user");
    query_value("CREATE TABLE tpm_user (id bigint PRIMARY KEY, name text NOT NULL, score double precision)");
    query_value("INSERT INTO tpm_user VALUES (1, 'mine', 0)");
    for (const auto publish : {PublishMode::replace, PublishMode::append, PublishMode::upsert, PublishMode::snapshot}) {
        CAPTURE(sluice::mode_name(publish));
        auto options = mode(publish);
        options.snapshot_column = "name";
        options.snapshot_value = "x";
        CHECK_THROWS_WITH_AS(PostgresTableWriter(test_conninfo(), people("tpm_user"), options),
                             "--table tpm_user: the table \"public\".\"tpm_user\" exists and is not this job's (sluice "
                             "did not create it); sluice never drops, renames or writes a table it did not create for "
                             "job \"tpm_job\": choose another --table, or the job that owns it",
                             sluice::TableConflict);
    }
    CHECK(contents("tpm_user") == "(1,mine,0)");
    // Sluice's own ledger, and names Postgres would cut short, before any database is reached.
    CHECK_THROWS_WITH_AS(PostgresTableWriter("host=/nonexistent", people("sluice_runs"), mode(PublishMode::append)),
                         "--table: 'sluice_runs' is sluice's run ledger; name another table", sluice::UsageError);
    CHECK_THROWS_AS(PostgresTableWriter("host=/nonexistent", people(std::string(50, 't')), mode(PublishMode::append)),
                    sluice::UsageError);
}

TEST_CASE("table publish: every type round-trips its canonical text")
{
    drop("tpm_types");
    const auto column = [](const char* name, ScalarType type, bool array) { return ColumnSpec{name, {type, array}, false}; };
    const TableSpec spec{"tpm_types",
                         {column("t", ScalarType::text, false), column("i", ScalarType::integer, false),
                          column("b", ScalarType::bigint, false), column("n", ScalarType::numeric, false),
                          column("d", ScalarType::double_precision, false), column("o", ScalarType::boolean, false),
                          column("day", ScalarType::date, false), column("ts", ScalarType::timestamp, false),
                          column("tz", ScalarType::timestamptz, false), column("j", ScalarType::jsonb, false),
                          column("ta", ScalarType::text, true), column("ia", ScalarType::integer, true),
                          column("ba", ScalarType::bigint, true), column("na", ScalarType::numeric, true),
                          column("da", ScalarType::double_precision, true), column("oa", ScalarType::boolean, true),
                          column("daya", ScalarType::date, true), column("tsa", ScalarType::timestamp, true),
                          column("tza", ScalarType::timestamptz, true)},
                         {}};
    const Row values{"tab\there, back\\slash, line\nbreak, caf\xc3\xa9 \xe2\x82\xac",
                     "-2147483648",
                     "9223372036854775807",
                     "12345678901234567890.000100",
                     "1.5e+300",
                     "true",
                     "2024-02-29",
                     "2024-02-29 13:45:00.123456",
                     "2024-02-29 13:45:00+00",
                     "{\"a\": [1, \"x\\\\y\"], \"b\": null}",
                     "{a,\"b c\",\"q\\\"x\",NULL,\"\"}",
                     "{1,-2}",
                     "{9223372036854775807}",
                     "{1.10,2}",
                     "{1.5,-0,Infinity}",
                     "{t,f}",
                     "{2024-01-01,2024-12-31}",
                     "{\"2024-01-01 00:00:00\"}",
                     "{\"2024-01-01 00:00:00+00\"}"};
    load(spec, mode(PublishMode::replace), {values, Row(values.size(), std::nullopt)});
    // Read back in UTC, so the timestamptz texts do not depend on the server's zone.
    const auto utc = test_conninfo() + " options='-c TimeZone=UTC'";
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto& name = spec.columns[i].name;
        CAPTURE(name);
        auto expected = *values[i];
        if (name == "tz") expected = "2024-02-29 13:45:00+00";
        CHECK(query_value(utc, "SELECT \"" + name + "\"::text FROM tpm_types WHERE \"" + name + "\" IS NOT NULL") ==
              expected);
        CHECK(query_value(utc, "SELECT count(*) FROM tpm_types WHERE \"" + name + "\" IS NULL") == "1");
    }
    CHECK(query_value("SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'tpm_types'::regclass "
                      "AND attname = 'tza'") == "timestamp with time zone[]");
}

TEST_CASE("table publish: names that need quotes, in columns, keys and the table")
{
    const std::string table = "tpm Quoted\"T";
    drop(table);
    const TableSpec spec{table,
                         {{"select", scalar(ScalarType::text), false},
                          {"Mixed Case", scalar(ScalarType::integer), false},
                          {"a\"b", scalar(ScalarType::bigint), false}},
                         {"a\"b", "select"}};
    auto outcome = load(spec, mode(PublishMode::replace), {{"x", "1", "7"}, {"x", "2", "7"}, {"y", "3", "7"}});
    CHECK(refused(outcome.refused) == "1: [in.csv 2: duplicate key (7,x) (record 1 had it first)]");
    const auto quoted = "\"tpm Quoted\"\"T\"";
    CHECK(contents(quoted) == "(x,1,7);(y,3,7)");
    outcome = load(spec, mode(PublishMode::upsert), {{"x", "10", "7"}, {"z", "4", "8"}});
    CHECK(outcome.counts.inserted == 1);
    CHECK(outcome.counts.updated == 1);
    CHECK(contents(quoted) == "(x,10,7);(y,3,7);(z,4,8)");
    CHECK(query_value("SELECT string_agg(attname, '|' ORDER BY attnum) FROM pg_attribute WHERE attrelid = "
                      "to_regclass('" + std::string{quoted} + "') AND attnum > 0 AND NOT attisdropped") ==
          "select|Mixed Case|a\"b");
}

TEST_CASE("table publish: lineage columns say where each row came from")
{
    drop("tpm_lineage");
    auto options = mode(PublishMode::replace);
    options.lineage = true;
    PostgresTableWriter writer{test_conninfo(), people("tpm_lineage", false), options};
    const std::vector<std::optional<std::string_view>> row{"1", "a", std::nullopt};
    writer.write(row, {"https://example.org/dump.xml.gz", 41});
    writer.write(row, {"part\t2.csv", 3});
    writer.commit();
    CHECK(contents("tpm_lineage", "_record") == "(1,a,,\"part\t2.csv\",3);(1,a,,https://example.org/dump.xml.gz,41)");
    CHECK(query_value("SELECT string_agg(attname || ' ' || format_type(atttypid, NULL) || ' ' || attnotnull, ', ' "
                      "ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'tpm_lineage'::regclass AND attnum > 3") ==
          "_source text true, _record bigint true");
}

TEST_CASE("table publish: the job's sql statements run on the loaded rows before the publish")
{
    drop("tpm_hook");
    drop("tpm_hook_summary");
    auto options = mode(PublishMode::replace);
    options.sql = {"DELETE FROM tpm_hook_staging WHERE score < 0",
                   "CREATE TABLE IF NOT EXISTS tpm_hook_summary AS SELECT count(*) AS n FROM tpm_hook_staging"};
    auto outcome = load(people("tpm_hook"), options, {{"1", "a", "1"}, {"2", "b", "-1"}, {"3", "c", "2"}});
    CHECK(outcome.counts.rows == 2);
    CHECK(contents("tpm_hook") == "(1,a,1);(3,c,2)");
    CHECK(contents("tpm_hook_summary") == "(2)");

    // A failing statement fails the load, named; nothing of the load is published, nothing the
    // statements did before it is kept.
    drop("tpm_hook_summary");
    options.sql = {"CREATE TABLE tpm_hook_summary (n int)", "UPDATE tpm_hook_staging SET score = 1 / (score - score)"};
    CHECK(error_of([&] { load(people("tpm_hook"), options, {{"9", "z", "1"}}); }) ==
          database() + ": sql statement 2 of 2 failed (UPDATE tpm_hook_staging SET score = 1 / "
          "(score - score)): ERROR:  division by zero; nothing was published");
    CHECK(contents("tpm_hook") == "(1,a,1);(3,c,2)");
    CHECK(table_oid(test_conninfo(), "tpm_hook_summary").empty());
}

TEST_CASE("table publish: a connection lost in the middle of a load publishes nothing, and says so")
{
    drop("tpm_drop");
    const auto spec = people("tpm_drop");
    load(spec, mode(PublishMode::upsert), {{"1", "a", "1"}});
    PostgresTableWriter writer{test_conninfo(), spec, mode(PublishMode::upsert)};
    const std::vector<std::optional<std::string_view>> row{"2", "b", "2"};
    writer.write(row, {"in.csv", 1});
    // The load's session, in its COPY, is ended from outside (an admin, a failover).
    CHECK(query_value("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE "
                      "'COPY \"public\".\"tpm_drop_staging\"%'") == "1");
    const auto error = error_of([&] { writer.commit(); });
    CAPTURE(error);
    CHECK(error.starts_with(database() + ": lost the connection to the database (the session was terminated, or the "
                                         "server stopped or restarted): "));
    CHECK(contents("tpm_drop") == "(1,a,1)");
    CHECK(table_oid(test_conninfo(), "tpm_drop_staging").empty());
}
