// The run command end to end on the committed fixtures, fetched over a real HTTP server on
// 127.0.0.1 and loaded into the test Postgres. Expected figures: fixtures/README.md.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

using namespace sluice::testing;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string row(const std::string& table, const std::string& columns, const std::string& movie_id)
{
    return query_value("SELECT concat_ws('|', " + columns + ") FROM " + table + " WHERE movie_id = " + movie_id);
}

} // namespace

TEST_CASE("run over HTTP loads the fixture report into Postgres")
{
    HttpServer server{fixture("")};
    TempDir scratch;
    const auto rejects = scratch.file("rejects.csv");
    const auto result = run_sluice({"run", "--movies", server.url("/movies.zip"), "--abstracts",
                                    server.url("/abstracts.xml.gz"), "--db", test_conninfo(), "--table",
                                    "fixture_http", "--rejects", rejects});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.empty());

    // The gzip is read to its end; of the zip, the server answering Range requests, only the
    // directory and the member (run_zip_range_test.cpp measures that on a large archive).
    const auto movies_line = server.url("/movies.zip") + ":movies_metadata.csv (zip, member fetched by range): ";
    const auto at = result.err.find(movies_line);
    REQUIRE(at != std::string::npos);
    const auto zip_bytes_read = std::stoull(result.err.substr(at + movies_line.size()));
    CHECK(zip_bytes_read > 0);
    CHECK(zip_bytes_read <= file_size(fixture("movies.zip")));
    CHECK(contains(result.err, " bytes read, " + std::to_string(file_size(fixture("src/movies_metadata.csv"))) +
                                   " bytes decoded\n"));
    CHECK(contains(result.err, server.url("/abstracts.xml.gz") + " (gzip): " +
                                   std::to_string(file_size(fixture("abstracts.xml.gz"))) + " bytes read, " +
                                   std::to_string(file_size(fixture("src/abstracts.xml"))) + " bytes decoded"));
    CHECK(contains(result.err, "70 docs parsed"));
    CHECK(contains(result.err, "41 read, 4 rejected (see " + rejects + "), 19 eligible (budget >= 1000, revenue >= 1000), 19 selected (top 1000)"));
    CHECK(contains(result.err, "70 docs parsed, 51 named a film and were judged\n"));
    CHECK(contains(result.err, "  matched    16 of 19 films\n"
                               "                 5 by title (year film)\n"
                               "                 4 by title (film)\n"
                               "                 5 by title + lead naming a film of that year\n"
                               "                 2 by title + film infobox and sections\n"
                               "  unmatched  3 films have no page: Stanley & Iris (1990); Sid & Nancy (1986); "
                               "Your Friends & Neighbors (1998)\n"));
    CHECK(contains(result.err, "19 rows into table fixture_http"));

    CHECK(query_value("SELECT count(*) FROM fixture_http") == "19");
    CHECK(query_value("SELECT count(wikipedia_url) FROM fixture_http") == "16");
    CHECK(query_value("SELECT string_agg(movie_id::text, ',' ORDER BY ratio DESC) FROM fixture_http") ==
          "31909,36094,40507,14924,77469,252,2769,11414,415,12233,11159,949,10730,8844,630,862,244,194,1779");

    const std::string all = "title, year, budget, revenue, ratio, rating, production_company, wikipedia_url";
    CHECK(row("fixture_http", all, "31909") ==
          "Deadfall|1993|10000000|18369|544.3954488540476|3.9|Trimark Pictures|https://en.wikipedia.org/wiki/Deadfall_(1993_film)");
    CHECK(row("fixture_http", all, "862") ==
          "Toy Story|1995|30000000|373554033|0.08030966700873499|7.7|Pixar Animation Studios|https://en.wikipedia.org/wiki/Toy_Story");
    // A company name with an apostrophe is double-quoted in the Python literal.
    CHECK(row("fixture_http", "production_company", "40507") == "Po' Boy Productions");
    // Two films share the title King Kong: each gets its own year's page.
    CHECK(row("fixture_http", "wikipedia_url", "244") == "https://en.wikipedia.org/wiki/King_Kong_(1933_film)");
    CHECK(row("fixture_http", "wikipedia_url", "10730") == "https://en.wikipedia.org/wiki/King_Kong_(1976_film)");
    CHECK(row("fixture_http", "wikipedia_url", "194") == "https://en.wikipedia.org/wiki/Amélie");
    // No page carries the film's title: no match rather than a wrong one.
    CHECK(query_value("SELECT wikipedia_url IS NULL FROM fixture_http WHERE movie_id = 36094") == "t");
    // Entities in the dump are decoded.
    CHECK(contains(row("fixture_http", "wikipedia_abstract", "12233"), "&") == true);

    const auto reject_lines = read_file(rejects);
    CHECK(reject_lines.starts_with("line,reason,record\n16,\"expected 24 fields, found 10\",\"False,,0,"));
    CHECK(contains(reject_lines, "\n17,\"expected 24 fields, found 15\",\""));
    CHECK(contains(reject_lines, "\n37,\"expected 24 fields, found 10\",\""));
    CHECK(contains(reject_lines, "\n38,\"expected 24 fields, found 15\",\""));
}

TEST_CASE("with --csv and no database named, sluice writes the CSV alone")
{
    TempDir scratch;
    const auto report = scratch.file("report.csv");
    const auto result = run_sluice({"run", "--movies", "file://" + fixture("movies_metadata.csv.gz"), "--abstracts",
                                    "file://" + fixture("abstracts.xml.gz"), "--csv", report, "--top", "3",
                                    "--snapshot-date", "2024-06-30"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(contains(result.err, "(gzip): " + std::to_string(file_size(fixture("movies_metadata.csv.gz"))) + " bytes read"));
    CHECK(contains(result.err, "3 rows into " + report));
    CHECK(!contains(result.err, "loaded"));
    const auto csv = read_file(report);
    CHECK(csv.starts_with(
        "snapshot_date,movie_id,imdb_id,title,year,budget,revenue,ratio,rating,production_company,wikipedia_url,"
        "wikipedia_abstract\n2024-06-30,31909,"));
    CHECK(contains(csv, "\n2024-06-30,36094,tt0100680,Stanley & Iris,1990,23000000,5820015,3.951879849106918,"));
    CHECK(std::count(csv.begin(), csv.end(), '\n') >= 4);
}

TEST_CASE("a rerun replaces the report and --table names are quoted")
{
    const std::string table = "Report \"Q\"";
    for (const char* top : {"5", "2"}) {
        const auto result = run_sluice({"run", "--movies", fixture("movies.zip"), "--abstracts",
                                        fixture("abstracts.xml.gz"), "--db", test_conninfo(), "--table", table,
                                        "--top", top});
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
    }
    CHECK(query_value("SELECT count(*) FROM \"Report \"\"Q\"\"\"") == "2");
}
