// The run command on the real data samples beside the repo (../shared/data/real): a 2,996-record
// slice of Kaggle's movies_metadata.csv and real, re-indented abstract docs.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

using namespace sluice::testing;

TEST_CASE("run on the real movies slice loads the right rows into Postgres")
{
    const auto result = run_sluice({"run", "--movies", real_data("movies_metadata.csv"), "--abstracts",
                                    real_data("wikipedia_test_set.xml"), "--db", test_conninfo(), "--table",
                                    "real_top", "--top", "2000", "--force"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.empty());
    // The one refused record is the slice's repeated id.
    CHECK(result.err.find("rejected " + real_data("movies_metadata.csv") +
                          ": line 1468: duplicate id 105045 (first on line 679)") != std::string::npos);
    CHECK(result.err.find("2996 read, 1 rejected, 1123 eligible (budget >= 1000, revenue >= 1000), 1123 selected") !=
          std::string::npos);
    CHECK(result.err.find("28 docs parsed") != std::string::npos);
    CHECK(result.err.find("2485794 bytes read") != std::string::npos);

    // Every eligible film is there once (figures checked independently with Python's csv module).
    CHECK(query_value("SELECT count(*) FROM real_top") == "1123");
    CHECK(query_value("SELECT count(DISTINCT movie_id) FROM real_top") == "1123");
    CHECK(query_value("SELECT title FROM real_top ORDER BY ratio DESC LIMIT 1") ==
          "An Alan Smithee Film: Burn, Hollywood, Burn");
    CHECK(query_value("SELECT ratio FROM real_top WHERE movie_id = 78149") == "218.44076978527272");
    CHECK(query_value("SELECT min(budget) >= 1000 AND min(revenue) >= 1000 FROM real_top") == "t");

    CHECK(query_value("SELECT concat_ws('|', title, year, budget, revenue, ratio, rating, production_company, imdb_id) "
                      "FROM real_top WHERE movie_id = 862") ==
          "Toy Story|1995|30000000|373554033|0.08030966700873499|7.7|Pixar Animation Studios|tt0114709");
    CHECK(query_value("SELECT wikipedia_url FROM real_top WHERE movie_id = 862") == "https://en.wikipedia.org/wiki/Toy_Story");
    CHECK(query_value("SELECT concat_ws('|', year, production_company, wikipedia_url, wikipedia_abstract) "
                      "FROM real_top WHERE movie_id = 949") ==
          "1995|Regency Enterprises|https://en.wikipedia.org/wiki/Heat_(1995_film)|| writer = Michael Mann");
}

TEST_CASE("the default top 1000 keeps the highest ratios")
{
    const auto result = run_sluice({"run", "--movies", real_data("movies_metadata.csv"), "--abstracts",
                                    real_data("enwiki-latest-abstract-test.xml"), "--db", test_conninfo(), "--table",
                                    "real_default", "--force"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(query_value("SELECT count(*) FROM real_default") == "1000");
    // The 1000th film by ratio in the slice is Scream (ratio 0.0809...); Toy Story (0.0803) is out.
    CHECK(query_value("SELECT title FROM real_default ORDER BY ratio LIMIT 1") == "Scream");
    CHECK(query_value("SELECT count(*) FROM real_default WHERE movie_id = 862") == "0");
    CHECK(result.err.find("8 docs parsed") != std::string::npos);
}
