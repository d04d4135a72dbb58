#include "load/sql_names.hpp"

#include <doctest/doctest.h>

using namespace sluice;

TEST_CASE("sql names: identifiers are quoted, quotes doubled, schema split off")
{
    CHECK(quote_identifier("movie_report") == "\"movie_report\"");
    CHECK(quote_identifier("a\"b") == "\"a\"\"b\"");
    CHECK(quote_table_name("reports.movie report") == "\"reports\".\"movie report\"");
    const auto name = split_table_name("reports.movies");
    CHECK(name.schema == "reports");
    CHECK(name.table == "movies");
    CHECK(name.quoted("_previous") == "\"reports\".\"movies_previous\"");
    CHECK(split_table_name("movies").quoted("_staging") == "\"movies_staging\"");
}

TEST_CASE("sql names: sluice's sessions are named, in keyword and URL conninfo alike")
{
    CHECK(sluice_conninfo("") == "fallback_application_name=sluice");
    CHECK(sluice_conninfo("host=db dbname=x") == "host=db dbname=x fallback_application_name=sluice");
    CHECK(sluice_conninfo("postgresql://u@db/x") == "postgresql://u@db/x?fallback_application_name=sluice");
    CHECK(sluice_conninfo("postgres://db/x?sslmode=require") ==
          "postgres://db/x?sslmode=require&fallback_application_name=sluice");
}

TEST_CASE("sql names: the database in messages has no password")
{
    CHECK(describe_database("") == "postgres");
    CHECK(describe_database("host=db password=hunter2") == "postgres (host=db password=***)");
}
