// Every job file in examples/ loads its own fixture into the real Postgres, end to end through
// `sluice load`, with exact rows, rejects and summaries: the examples the README points a new user
// at must work as they say.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace sluice::testing;

namespace {

std::string example(const std::string& relative)
{
    return fixture("../examples/" + relative);
}

// The job run with the test database, its rejects in the scratch folder, and `extra` flags.
ProcessResult load(const std::string& job, const TempDir& scratch, std::vector<std::string> extra = {})
{
    std::vector<std::string> args{"load", example(job), "--db", test_conninfo(), "--rejects", scratch.file("rejects.csv"),
                                  "--no-progress"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_sluice(args, {{"SLUICE_LOG_FORMAT", "text"}});
}

// The table's rows as text, one per line, in `order`.
std::string rows(const std::string& table, const std::string& columns, const std::string& order)
{
    return query_value("SELECT coalesce(string_agg(r, E'\\n' ORDER BY o), '') FROM (SELECT (" + columns +
                       ")::text AS r, " + order + " AS o FROM " + table + ") t");
}

// The example's tables and its job's ledger rows (only its own: the other examples run beside it).
void drop_tables(const std::vector<std::string>& tables, const std::string& job)
{
    for (const auto& table : tables)
        for (const auto* suffix : {"", "_previous", "_staging"})
            query_value("DROP TABLE IF EXISTS \"" + table + suffix + "\"");
    query_value("DELETE FROM sluice_runs WHERE job = '" + job + "'");
}

std::size_t lines_of(const std::string& text)
{
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

} // namespace

TEST_CASE("load examples: StackExchange Posts.xml, attributes only, with a broken date rejected")
{
    drop_tables({"stats_posts"}, "stats_posts");
    TempDir scratch;
    const auto result = load("stackexchange_posts/posts.toml", scratch);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(rows("stats_posts", "id, post_type, parent_id, created_at, score, views, title, closed_at", "id") ==
          "(1,1,,\"2010-07-19 19:12:12.51\",42,3100,\"Eliciting priors from experts\",)\n"
          "(2,1,,\"2010-07-19 19:12:57.157\",34,20000,\"Population vs. sample\",)\n"
          "(3,2,1,\"2010-07-19 19:19:46.653\",21,,,)\n"
          "(4,1,,\"2010-07-19 19:21:15.063\",-2,85,\"R vs. SAS (café debate)\",\"2010-07-20 01:02:03\")");
    CHECK(query_value("SELECT tags FROM stats_posts WHERE id = 1") == "<bayesian><prior><elicitation>");
    CHECK(query_value("SELECT body FROM stats_posts WHERE id = 2") ==
          "<p>What is the difference between a \"population\" and a \"sample\"?</p>");
    const auto rejects = read_file(scratch.file("rejects.csv"));
    CHECK(lines_of(rejects) == 2);
    CHECK(rejects.find(",5,7,") != std::string::npos);
    CHECK(rejects.find("\"created_at\",\"column \"\"created_at\"\": \"\"not a date\"\" is not a timestamp") !=
          std::string::npos);
    CHECK(result.err.find("records    5 read, 1 rejected") != std::string::npos);
    CHECK(result.err.find("loaded     4 rows, table stats_posts replaced") != std::string::npos);
}

TEST_CASE("load examples: PubMed's nested XML, repeated authors as text[] and as jsonb, upserted")
{
    drop_tables({"pubmed_articles"}, "pubmed_articles");
    TempDir scratch;
    auto result = load("pubmed/pubmed.toml", scratch);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(rows("pubmed_articles", "pmid, status, journal, title, completed_year, author_last_names, mesh_terms", "pmid") ==
          "(10000001,MEDLINE,\"The Journal of Examples\",\"Streaming parsers in constant memory.\",1999,"
          "\"{Lovelace,Babbage}\",\"{Algorithms,Computers}\")\n"
          "(10000002,MEDLINE,\"Acta Exemplorum\",\"Résumé: <b>tags</b> & CDATA in titles\",2001,{Noether},)\n"
          "(10000003,PubMed-not-MEDLINE,\"Anonymous Quarterly\",\"An article without authors.\",,,)");
    CHECK(query_value("SELECT authors->'Author'->1->>'LastName' FROM pubmed_articles WHERE pmid = 10000001") == "Babbage");
    CHECK(query_value("SELECT authors->'Author'->>'ForeName' FROM pubmed_articles WHERE pmid = 10000002") == "Emmy");
    CHECK(query_value("SELECT authors IS NULL FROM pubmed_articles WHERE pmid = 10000003") == "t");

    // The same file again: nothing changed, nothing to do; forced, every row is updated in place.
    result = load("pubmed/pubmed.toml", scratch);
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("up to date") != std::string::npos);
    result = load("pubmed/pubmed.toml", scratch, {"--force"});
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("3 rows into table pubmed_articles: 0 inserted, 3 updated") != std::string::npos);
    CHECK(query_value("SELECT count(*) FROM pubmed_articles") == "3");
}

TEST_CASE("load examples: the abstracts dump into a plain table, with lineage")
{
    drop_tables({"wikipedia_abstracts"}, "wikipedia_abstracts");
    TempDir scratch;
    const auto result = load("wikipedia_abstracts/abstracts.toml", scratch);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const auto docs = query_value("SELECT count(*) FROM wikipedia_abstracts");
    CHECK(docs != "0");
    CHECK(query_value("SELECT count(*) FROM wikipedia_abstracts WHERE title NOT LIKE 'Wikipedia: %'") == "0");
    CHECK(query_value("SELECT min(_record) || '-' || max(_record) || ' ' || count(DISTINCT _record) FROM wikipedia_abstracts") ==
          "1-" + docs + " " + docs);
    CHECK(query_value("SELECT DISTINCT _source FROM wikipedia_abstracts").ends_with("fixtures/abstracts.xml.gz"));
    CHECK(query_value("SELECT sections[1] FROM wikipedia_abstracts WHERE title = 'Wikipedia: Heathenry in the United States'") ==
          "History");
}

TEST_CASE("load examples: a semicolon-delimited Latin-1 CSV with a preamble and dates as DD.MM.YYYY")
{
    drop_tables({"shops"}, "shops");
    TempDir scratch;
    const auto result = load("latin1_csv/shops.toml", scratch);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(rows("shops", "shop_id, name, street, opened, turnover_eur, open_sundays", "shop_id") ==
          "(1,\"Café Müller\",\"Hauptstraße 5\",1998-02-14,\"182.340,50\",ja)\n"
          "(2,\"Bäckerei Groß\",\"Marktplatz 1\",2005-10-01,\"95.000,00\",nein)\n"
          "(3,\"Schön & Söhne; Eisenwaren\",\"Lindenallee 12\",1979-06-30,\"412.999,99\",nein)\n"
          "(6,\"Blumen Weiß\",\"Rosenweg 3\",2007-07-07,\"33.500,00\",ja)");
    const auto rejects = read_file(scratch.file("rejects.csv"));
    CHECK(lines_of(rejects) == 3);
    CHECK(rejects.find("\"opened\",\"column \"\"opened\"\": \"\"31.02.2011\"\" is not a date") != std::string::npos);
    CHECK(rejects.find("3 fields, expected 6") != std::string::npos);
}

TEST_CASE("load examples: hourly machine CSVs appended once each, with their file and line")
{
    drop_tables({"machine_readings"}, "machine_readings");
    TempDir scratch;
    auto result = load("machine_data/machines.toml", scratch);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(query_value("SELECT count(*) FROM machine_readings") == "7");
    CHECK(rows("machine_readings", "machine, ts, temperature_c, rpm, status, _record",
               "(ts, machine, _source)") ==
          "(press-01,\"2026-12-03 06:00:00+00\",61.5,1200,ok,1)\n"
          "(press-02,\"2026-12-03 06:00:00+00\",58,1180,ok,2)\n"
          "(press-01,\"2026-12-03 06:30:00+00\",63.25,1210,ok,3)\n"
          "(press-01,\"2026-12-03 07:00:00+00\",64,1215,ok,1)\n"
          "(press-02,\"2026-12-03 07:00:00+00\",,0,stopped,2)\n"
          "(press-02,\"2026-12-03 07:00:00+00\",57,1175,ok,2)\n"
          "(press-01,\"2026-12-03 08:00:00+00\",65.5,1220,ok,1)");
    CHECK(query_value("SELECT count(DISTINCT _source) FROM machine_readings") == "3");
    CHECK(lines_of(read_file(scratch.file("rejects.csv"))) == 2);

    // Run again: nothing is appended twice.
    result = load("machine_data/machines.toml", scratch);
    CHECK(result.exit_code == 0);
    CHECK(query_value("SELECT count(*) FROM machine_readings") == "7");
}

TEST_CASE("load examples: a CSV to a checked CSV without a database, and with one the SQL aggregate")
{
    TempDir scratch;
    auto result = run_sluice({"load", example("csv_to_csv/orders.toml"), "--csv", scratch.file("orders_clean.csv"),
                              "--rejects", scratch.file("rejects.csv"), "--no-progress"},
                             {{"SLUICE_LOG_FORMAT", "text"}, {"DATABASE_URL", ""}, {"PGHOST", ""}, {"PGDATABASE", ""}});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(read_file(scratch.file("orders_clean.csv")) ==
          "order_id,ordered_at,customer,amount,currency\n"
          "1001,2026-12-01 09:15:00,ACME Corp,250.00,EUR\n"
          "1002,2026-12-01 11:40:00,Globex,99.90,EUR\n"
          "1003,2026-12-02 08:05:00,ACME Corp,1200.00,EUR\n"
          "1005,2026-12-03 10:00:00,Globex,75.10,EUR\n");
    CHECK(lines_of(read_file(scratch.file("rejects.csv"))) == 3);

    drop_tables({"orders"}, "orders");
    query_value("DROP TABLE IF EXISTS orders_by_day");
    result = load("csv_to_csv/orders.toml", scratch);
    REQUIRE(result.exit_code == 0);
    CHECK(rows("orders_by_day", "day, orders, total", "day") ==
          "(2026-12-01,2,349.90)\n(2026-12-02,1,1200.00)\n(2026-12-03,1,75.10)");
}

TEST_CASE("load examples: records cleaned and de-duplicated by upsert, the later record winning")
{
    drop_tables({"customers"}, "customers");
    TempDir scratch;
    const auto result = load("customers_upsert/customers.toml", scratch);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(rows("customers", "email, name, plan, updated_at", "email") ==
          "(ada@example.org,\"Ada King\",pro,2026-11-20)\n"
          "(bob@example.org,\"Bob Jones\",team,2026-11-23)\n"
          "(carol@example.org,Carol,free,2026-11-21)");
    CHECK(result.err.find("3 rows into table customers: 3 inserted, 0 updated; 2 records superseded") != std::string::npos);
    CHECK(lines_of(read_file(scratch.file("rejects.csv"))) == 2);
}
