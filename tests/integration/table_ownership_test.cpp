// sluice drops, renames and writes only the tables it made for the job that runs: another job's
// table, a user's table, view or sequence under a name the publish needs, sluice's own ledger, and
// names Postgres would cut short are refused with exit 2, before anything is fetched, and left
// exactly as they were.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

using namespace sluice::testing;

namespace {

ProcessResult publish(const std::string& table, const std::string& job = "")
{
    auto args = fixture_run_args(test_conninfo(), table);
    if (!job.empty()) args.insert(args.end(), {"--job", job});
    return run_sluice(args);
}

void drop(const std::vector<std::string>& relations)
{
    for (const auto& relation : relations) {
        const auto kind = query_value("SELECT relkind FROM pg_class WHERE oid = to_regclass('\"" + relation + "\"')");
        const auto what = kind == "v" ? "VIEW" : kind == "S" ? "SEQUENCE" : "TABLE";
        query_value(std::string{"DROP "} + what + " IF EXISTS \"" + relation + "\"");
    }
}

std::string conflict(const std::string& table, const std::string& kind, const std::string& relation,
                     const std::string& whose, const std::string& job)
{
    return "sluice: --table " + table + ": the " + kind + " \"public\".\"" + relation + "\" exists and is not this job's (" +
           whose + "); sluice never drops, renames or writes a table it did not create for job \"" + job +
           "\": choose another --table, or the job that owns it\n";
}

// The oid of the relation called exactly `name` ("" when none).
std::string oid_of(const std::string& name)
{
    return query_value("SELECT to_regclass('\"" + name + "\"')::oid");
}

// What a user's table holds before and after: sluice must not have changed a byte of it.
std::string user_rows(const std::string& table)
{
    return query_value("SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM \"" +
                       table + "\" t");
}

} // namespace

TEST_CASE("another job's live table is never dropped for this job's previous report")
{
    drop({"own_rep", "own_rep_previous", "own_rep_previous_previous", "own_rep_staging"});
    REQUIRE(publish("own_rep_previous", "own_job_a").exit_code == 0);
    const auto oid = table_oid(test_conninfo(), "own_rep_previous");

    // jobB's publish of own_rep would drop own_rep_previous to make room for its previous report.
    auto result = publish("own_rep", "own_job_b");
    CHECK(result.exit_code == 2);
    CHECK(result.err == conflict("own_rep", "table", "own_rep_previous",
                                 "it belongs to report \"own_rep_previous\" of job \"own_job_a\"", "own_job_b"));
    check_report_untouched(test_conninfo(), "own_rep_previous", oid);
    CHECK(table_oid(test_conninfo(), "own_rep").empty());

    // The same job with another report is refused too: a table belongs to one report of one job.
    result = publish("own_rep", "own_job_a");
    CHECK(result.exit_code == 2);
    CHECK(result.err == conflict("own_rep", "table", "own_rep_previous",
                                 "it belongs to report \"own_rep_previous\" of job \"own_job_a\"", "own_job_a"));
    check_report_untouched(test_conninfo(), "own_rep_previous", oid);

    // A job that publishes what another job published: refused, not shared.
    result = publish("own_rep_previous", "own_job_b");
    CHECK(result.exit_code == 2);
    CHECK(result.err == conflict("own_rep_previous", "table", "own_rep_previous",
                                 "it belongs to report \"own_rep_previous\" of job \"own_job_a\"", "own_job_b"));
    check_report_untouched(test_conninfo(), "own_rep_previous", oid);

    // The owner goes on publishing, twice: its previous report is its own.
    REQUIRE(publish("own_rep_previous", "own_job_a").exit_code == 0);
    REQUIRE(publish("own_rep_previous", "own_job_a").exit_code == 0);
    CHECK(report_ranking(test_conninfo(), "own_rep_previous_previous") == kFixtureRanking);
    CHECK(query_value("SELECT obj_description('own_rep_previous_previous'::regclass, 'pg_class')") ==
          "sluice: report \"own_rep_previous\" of job \"own_job_a\"");
}

TEST_CASE("a user's relation under a derived name is left alone: tables, views, sequences, same-shaped tables")
{
    struct Case {
        std::string table;      // --table
        std::string relation;   // the user's relation
        std::string create;     // how the user made it
        std::string kind;
    };
    const std::vector<Case> cases{
        {"own_other", "own_other_staging", "CREATE TABLE own_other_staging AS SELECT generate_series(1, 3) AS x", "table"},
        {"own_Other", "own_Other_staging", "CREATE TABLE \"own_Other_staging\" AS SELECT 'a' AS x", "table"},
        {"own_other2", "own_other2_previous", "CREATE TABLE own_other2_previous AS SELECT generate_series(1, 3) AS x", "table"},
        {"own_other3", "own_other3", "CREATE TABLE own_other3 AS SELECT generate_series(1, 3) AS x", "table"},
        {"own_other4", "own_other4", "CREATE VIEW own_other4 AS SELECT 1 AS x", "view"},
        {"own_other5", "own_other5_previous", "CREATE SEQUENCE own_other5_previous", "sequence"},
        // The report's very columns, but no ledger says sluice made it.
        {"own_other6", "own_other6_previous",
         "CREATE TABLE own_other6_previous (snapshot_date date, movie_id bigint, imdb_id text, title text, year integer, "
         "budget bigint, revenue bigint, ratio double precision, rating numeric(3,1), production_company text, "
         "wikipedia_url text, wikipedia_abstract text)",
         "table"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.table);
        drop({c.table, c.table + "_staging", c.table + "_previous"});
        query_value(c.create);
        const auto oid = oid_of(c.relation);
        REQUIRE(!oid.empty());
        const auto rows = c.kind == "table" ? user_rows(c.relation) : "";
        const auto result = publish(c.table);
        CHECK(result.exit_code == 2);
        CHECK(result.err == conflict(c.table, c.kind, c.relation, "sluice did not create it", c.table));
        CHECK(oid_of(c.relation) == oid);
        if (c.kind == "table") CHECK(user_rows(c.relation) == rows);
        // Nothing of sluice's was made beside it.
        for (const auto& name : {c.table, c.table + "_staging", c.table + "_previous"}) {
            if (name != c.relation) CHECK(oid_of(name).empty());
        }
        const auto runs = ledger_rows(test_conninfo(), c.table);
        REQUIRE(!runs.empty());
        CHECK(runs.back().status == "FAILED");
    }
}

TEST_CASE("names Postgres would cut short, control characters and sluice's own tables are refused up front")
{
    const std::string name49(49, 'n');
    const auto refused = [](const std::string& table) {
        // No database is reached: the name is refused while the command line is checked.
        return run_sluice({"run", "--movies", fixture("movies.zip"), "--abstracts", fixture("abstracts.xml.gz"), "--db",
                           "host=/nonexistent", "--table", table});
    };
    auto result = refused(name49 + "x");
    CHECK(result.exit_code == 2);
    CHECK(result.err == "sluice: --table: '" + name49 + "x' is 50 bytes; at most 49, so that '" + name49 +
                            "x_previous_pkey' fits in Postgres's 63-byte names\n");
    // Bytes, not characters: 25 two-byte letters are 50 bytes.
    std::string accented;
    for (int i = 0; i < 25; ++i) accented += "\xc3\xa9";
    result = refused(accented);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("' is 50 bytes; at most 49") != std::string::npos);
    // Two names that agree in their first 63 bytes would share their staging table.
    result = refused("reports." + std::string(60, 'a') + "_one");
    CHECK(result.exit_code == 2);
    result = refused(std::string(64, 's') + ".movies");
    CHECK(result.exit_code == 2);
    CHECK(result.err == "sluice: --table: the schema name is 64 bytes; Postgres names are at most 63\n");
    for (const auto& table : {"sluice_runs", "public.sluice_runs", "reports.sluice_runs"}) {
        result = refused(table);
        CHECK(result.exit_code == 2);
        CHECK(result.err == "sluice: --table: '" + std::string{table} + "' is sluice's run ledger; name another table\n");
    }
    for (const auto& table : {std::string{"bad\nname"}, std::string{"bad\x1b[31mname"}, std::string{"a.b\tc"}}) {
        result = refused(table);
        CHECK(result.exit_code == 2);
        CHECK(result.err == "sluice: --table: a name cannot hold control characters\n");
    }
    for (const auto& table : {".movies", "movies.", "a.b.c", ""}) {
        result = refused(table);
        CHECK(result.exit_code == 2);
        CHECK(result.err == "sluice: --table: expected NAME or SCHEMA.NAME, got '" + std::string{table} + "'\n");
    }

    // At the limit, the name works and every derived name is whole.
    drop({name49, name49 + "_previous"});
    REQUIRE(publish(name49).exit_code == 0);
    REQUIRE(publish(name49).exit_code == 0);
    CHECK(query_value("SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relname LIKE '" + name49 +
                      "%'") == name49 + "," + name49 + "_pkey," + name49 + "_previous," + name49 + "_previous_pkey");
}

TEST_CASE("a table called sluice_runs that sluice did not make is not used as the ledger")
{
    query_value("DROP SCHEMA IF EXISTS own_schema CASCADE");
    query_value("CREATE SCHEMA own_schema");
    query_value("CREATE TABLE own_schema.sluice_runs AS SELECT generate_series(1, 4) AS x");
    const auto result = publish("own_schema.own_report");
    CHECK(result.exit_code == 2);
    CHECK(result.err == "sluice: the run ledger \"own_schema\".\"sluice_runs\" exists but is not sluice's (a table sluice "
                        "did not create); sluice never writes a table it did not create: rename it, or publish into "
                        "another schema\n");
    CHECK(query_value("SELECT string_agg(x::text, ',' ORDER BY x) FROM own_schema.sluice_runs") == "1,2,3,4");
    CHECK(query_value("SELECT to_regclass('own_schema.own_report')").empty());

    // A view of that name is no ledger either.
    query_value("DROP TABLE own_schema.sluice_runs");
    query_value("CREATE VIEW own_schema.sluice_runs AS SELECT 1 AS x");
    CHECK(publish("own_schema.own_report").err.find("exists but is not sluice's (not a table)") != std::string::npos);
    query_value("DROP SCHEMA own_schema CASCADE");
}

TEST_CASE("tables of sluice 0.1, made without the comment, are taken over only when the ledger shows this job made them")
{
    drop({"own_legacy", "own_legacy_previous"});
    REQUIRE(publish("own_legacy").exit_code == 0);
    REQUIRE(publish("own_legacy").exit_code == 0);
    // As sluice 0.1 left them.
    query_value("COMMENT ON TABLE own_legacy IS NULL");
    query_value("COMMENT ON TABLE own_legacy_previous IS NULL");
    const auto live = table_oid(test_conninfo(), "own_legacy");

    // Another job cannot claim them.
    auto result = publish("own_legacy", "own_legacy_thief");
    CHECK(result.exit_code == 2);
    CHECK(result.err == conflict("own_legacy", "table", "own_legacy", "sluice did not create it", "own_legacy_thief"));

    // The job that made them takes them over and marks them.
    result = publish("own_legacy");
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(table_oid(test_conninfo(), "own_legacy_previous") == live);
    CHECK(query_value("SELECT count(*) FROM pg_class WHERE relname IN ('own_legacy', 'own_legacy_previous') AND "
                      "obj_description(oid, 'pg_class') = 'sluice: report \"own_legacy\" of job \"own_legacy\"'") == "2");
}

TEST_CASE("primary keys are named after their tables, and a user's index under such a name is left alone")
{
    drop({"own_keys", "own_keys_previous", "own_user_table"});
    query_value("CREATE TABLE own_user_table (x int)");
    query_value("CREATE INDEX own_keys_pkey ON own_user_table (x)");
    REQUIRE(publish("own_keys").exit_code == 0);
    REQUIRE(publish("own_keys").exit_code == 0);
    REQUIRE(publish("own_keys").exit_code == 0);
    CHECK(query_value("SELECT indrelid::regclass::text FROM pg_index WHERE indexrelid = 'own_keys_pkey'::regclass") ==
          "own_user_table");
    CHECK(query_value("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'own_keys_previous'::regclass") ==
          "own_keys_previous_pkey");
    CHECK(query_value("SELECT count(*) FROM pg_index WHERE indrelid = 'own_keys'::regclass AND indisprimary") == "1");
    drop({"own_user_table"});
    REQUIRE(publish("own_keys").exit_code == 0);
    CHECK(query_value("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'own_keys'::regclass") ==
          "own_keys_pkey");
}
