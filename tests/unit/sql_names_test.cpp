#include "load/sql_names.hpp"

#include "core/error.hpp"

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
    CHECK(sluice_conninfo("host=db dbname=x") == "dbname='x' host='db' fallback_application_name=sluice");
    CHECK(sluice_conninfo("postgresql://u@db/x") == "user='u' dbname='x' host='db' fallback_application_name=sluice");
    CHECK(sluice_conninfo("postgres://db/x?sslmode=require") ==
          "dbname='x' host='db' sslmode='require' fallback_application_name=sluice");
    // A name the user gave wins.
    CHECK(sluice_conninfo("host=db fallback_application_name=etl") == "host='db' fallback_application_name='etl'");
}

TEST_CASE("sql names: a URL whose password holds '?', '#', '&' or quotes reaches libpq whole")
{
    // libpq reads everything up to the '@' as the userinfo; appending "?..." to the text would
    // have made the password end at the '?'.
    CHECK(sluice_conninfo("postgresql://u:pa?ss@db/x") ==
          "user='u' password='pa?ss' dbname='x' host='db' fallback_application_name=sluice");
    CHECK(sluice_conninfo("postgresql://u:a#b&c@db/x?sslmode=disable") ==
          "user='u' password='a#b&c' dbname='x' host='db' sslmode='disable' fallback_application_name=sluice");
    CHECK(sluice_conninfo("postgresql://u:it%27s%5C@db/x") ==
          "user='u' password='it\\'s\\\\' dbname='x' host='db' fallback_application_name=sluice");
    CHECK(sluice_conninfo("host=db password='it\\'s' user=u") ==
          "user='u' password='it\\'s' host='db' fallback_application_name=sluice");
}

TEST_CASE("sql names: a connection string libpq cannot parse is refused without its password")
{
    const auto refused = [](const std::string& conninfo) {
        try {
            check_conninfo(conninfo);
        } catch (const sluice::UsageError& error) {
            return std::string{error.what()};
        }
        return std::string{"accepted"};
    };
    CHECK(refused("postgresql://u:p%zzword@db/x") ==
          "the database connection string does not parse: invalid percent-encoded token: \"***\"");
    CHECK(refused("postgresql://u:%zz@db/x") ==
          "the database connection string does not parse: invalid percent-encoded token: \"***\"");
    CHECK(refused("postgresql://u:pass%00word@db/x") ==
          "the database connection string does not parse: forbidden value %00 in percent-encoded value: \"***\"");
    CHECK(refused("host=db password=two words") ==
          "the database connection string does not parse: missing \"=\" after \"***\" in connection info string");
    CHECK(refused("host=db password='unterminated") ==
          "the database connection string does not parse: unterminated quoted string in connection info string");
    CHECK(refused("host=db nosuchoption=1") ==
          "the database connection string does not parse: invalid connection option \"nosuchoption\"");
    CHECK(refused("postgresql://u:pa?ss@db/x") == "accepted");
    CHECK(refused("") == "accepted");
}

TEST_CASE("sql names: libpq's messages quote pieces of the password, they are hidden")
{
    // "postgresql://u:ab/cd@h/x": libpq reads host "u" and port "ab".
    CHECK(database_message("invalid integer value \"ab\" for connection option \"port\"\n", "postgresql://u:ab/cd@h/x") ==
          "invalid integer value \"***\" for connection option \"port\"");
    CHECK(database_message("connection to server at \"db\" (10.0.0.1), port 5432 failed: FATAL:  password authentication "
                           "failed for user \"u\"\n",
                           "postgresql://u:secretpw@db/x") ==
          "connection to server at \"db\" (10.0.0.1), port 5432 failed: FATAL:  password authentication failed for user \"u\"");
}

TEST_CASE("sql names: the database in messages has no password")
{
    CHECK(describe_database("") == "postgres");
    CHECK(describe_database("host=db password=hunter2") == "postgres (host=db password=***)");
}
