#include "core/redact.hpp"

#include <doctest/doctest.h>

using sluice::redact_conninfo;
using sluice::redact_url;

TEST_CASE("redact: a URL's password is replaced, the user and the rest kept")
{
    CHECK(redact_url("https://user:secret@host/x") == "https://user:***@host/x");
    CHECK(redact_url("https://user:secret@host:8443/dumps/enwiki.xml.gz?x=1#f") ==
          "https://user:***@host:8443/dumps/enwiki.xml.gz?x=1#f");
    CHECK(redact_url("http://user:secret@host") == "http://user:***@host");
    // An '@' inside the password: the last '@' of the authority ends the userinfo.
    CHECK(redact_url("https://user:p@ss@host/x") == "https://user:***@host/x");
    // An empty password is still shown as hidden.
    CHECK(redact_url("https://user:@host/x") == "https://user:***@host/x");
}

TEST_CASE("redact: text without a password is returned unchanged")
{
    // Without a password, the user part of a web URL is usually a token.
    CHECK(redact_url("https://user@host/x") == "https://***@host/x");
    CHECK(redact_url("https://host/x.gz?X-Amz-Signature=abc&part=2&access_token=t#top") ==
          "https://host/x.gz?X-Amz-Signature=***&part=2&access_token=***#top");
    CHECK(redact_url("https://host/x.gz?date=20250201") == "https://host/x.gz?date=20250201");
    CHECK(redact_url("https://host/x") == "https://host/x");
    CHECK(redact_url("https://host/a:b@c") == "https://host/a:b@c");  // '@' in the path, not the authority
    CHECK(redact_url("https://host/x?u=a:b@c") == "https://host/x?u=a:b@c");
    CHECK(redact_url("/data/enwiki-latest-abstract.xml.gz") == "/data/enwiki-latest-abstract.xml.gz");
    CHECK(redact_url("") == "");
}

TEST_CASE("redact: conninfo keyword form, bare and quoted passwords")
{
    CHECK(redact_conninfo("host=db user=sluice password=secret dbname=films") ==
          "host=db user=sluice password=*** dbname=films");
    CHECK(redact_conninfo("password=secret") == "password=***");
    CHECK(redact_conninfo("host=db password = secret port=5432") == "host=db password = *** port=5432");
    CHECK(redact_conninfo("host=db password='two words' port=5432") == "host=db password=*** port=5432");
    CHECK(redact_conninfo(R"(host=db password='it\'s secret' port=5432)") == "host=db password=*** port=5432");
    CHECK(redact_conninfo("host=db PASSWORD=secret") == "host=db PASSWORD=***");
    CHECK(redact_conninfo("host=db sslpassword=keypass sslkey=/k") == "host=db sslpassword=*** sslkey=/k");
    CHECK(redact_conninfo("host=db user=sluice dbname=films") == "host=db user=sluice dbname=films");
    // "://" elsewhere than at the start does not make it a URL (libpq only looks at the prefix).
    CHECK(redact_conninfo("host=db password=ab://cd user=sluice") == "host=db password=*** user=sluice");
    CHECK(redact_conninfo("host=db application_name=http://x password=secret") ==
          "host=db application_name=http://x password=***");
    CHECK(redact_conninfo("") == "");
}

TEST_CASE("redact: conninfo URL form, in the userinfo and in the query")
{
    CHECK(redact_conninfo("postgresql://sluice:secret@db:5432/films?sslmode=require") ==
          "postgresql://sluice:***@db:5432/films?sslmode=require");
    CHECK(redact_conninfo("postgres://sluice:secret@db/films") == "postgres://sluice:***@db/films");
    CHECK(redact_conninfo("postgresql://db/films?user=sluice&password=secret&sslmode=require") ==
          "postgresql://db/films?user=sluice&password=***&sslmode=require");
    CHECK(redact_conninfo("postgresql://db/films?password=secret") == "postgresql://db/films?password=***");
    CHECK(redact_conninfo("postgresql://sluice@db/films") == "postgresql://sluice@db/films");
}

TEST_CASE("redact: a libpq error message quoting the connection string")
{
    // PostgresReportWriter passes libpq's messages through redact_conninfo before showing them.
    CHECK(redact_conninfo(R"(invalid URI query parameter: "x" in "postgresql://sluice:secret@db/films?x=1")") ==
          R"(invalid URI query parameter: "x" in "postgresql://sluice:***@db/films?x=1")");
    CHECK(redact_conninfo(R"(connection to server at "db" (10.0.0.5), port 5432 failed: FATAL:  password authentication failed for user "sluice")") ==
          R"(connection to server at "db" (10.0.0.5), port 5432 failed: FATAL:  password authentication failed for user "sluice")");
}
