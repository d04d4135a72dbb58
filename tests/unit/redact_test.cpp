#include "core/redact.hpp"

#include <doctest/doctest.h>

using namespace sluice;

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
    // Database errors pass libpq's messages through redact_text before showing them.
    CHECK(redact_text(R"(invalid URI query parameter: "x" in "postgresql://sluice:secret@db/films?x=1")") ==
          R"(invalid URI query parameter: "x" in "postgresql://sluice:***@db/films?x=1")");
    CHECK(redact_text(R"(connection to server at "db" (10.0.0.5), port 5432 failed: FATAL:  password authentication failed for user "sluice")") ==
          R"(connection to server at "db" (10.0.0.5), port 5432 failed: FATAL:  password authentication failed for user "sluice")");
}

TEST_CASE("redact: a password holding URL delimiters is hidden whole, as libpq reads it")
{
    // libpq's userinfo runs to an '@' before the first '/', so '?', '#' and '&' are the password's.
    for (const std::string password : {"pa?ss", "pa#ss", "a?b#c&d=e", "p@ss", "pa%3Fss", "pa%zzss", "'\"\\", "p ss",
                                       "caf\xc3\xa9", "new\nline", "esc\x1b[2J"}) {
        CAPTURE(password);
        const auto url = "postgresql://loader:" + password + "@db.example:5432/films?sslmode=require";
        CHECK(redact_conninfo(url) == "postgresql://loader:***@db.example:5432/films?sslmode=require");
        if (password.find('@') == std::string::npos) CHECK(conninfo_passwords(url) == std::vector<std::string>{password});
        CHECK(redact_url("https://loader:" + password + "@host/dump.xml.gz") == "https://loader:***@host/dump.xml.gz");
    }
    // A '/' ends libpq's userinfo early; what was meant runs to the last '@'.
    CHECK(redact_conninfo("postgresql://loader:pa/ss@db/films") == "postgresql://loader:***@db/films");
    // ... and libpq quotes its pieces as a host or a port, so they count as secrets too.
    CHECK(conninfo_passwords("postgresql://loader:pa/ss@db/films") == std::vector<std::string>{"pa/ss", "pa", "ss"});
    CHECK(conninfo_passwords("postgresql://loader:Zx1@Yw2/q@db/films") ==
          std::vector<std::string>{"Zx1@Yw2/q", "Zx1", "Yw2", "q"});
    // In a database URL the query runs to the end: '#' is not a fragment there.
    CHECK(redact_conninfo("postgresql://db/films?password=a#b&sslmode=require") ==
          "postgresql://db/films?password=***&sslmode=require");
}

TEST_CASE("redact: keyword passwords, quoted or not, and what their writer meant")
{
    CHECK(redact_conninfo("host=db password='a b#c' port=1") == "host=db password=*** port=1");
    CHECK(redact_conninfo("host=db password='unterminated") == "host=db password=***");
    // Unquoted with a blank: libpq would stop at the blank, but the whole value is a secret.
    CHECK(conninfo_passwords("host=db password=sec ret port=1") == std::vector<std::string>{"sec ret"});
    CHECK(conninfo_passwords("host=db password=sec\nret") == std::vector<std::string>{"sec\nret"});
    CHECK(redact_conninfo("host=db password=sec ret port=1") == "host=db password=*** port=1");
    CHECK(redact_conninfo("host=db password=sec\nret") == "host=db password=***");
    // libpq skips the blanks after '=': the password here is "host=db".
    CHECK(redact_conninfo("password= host=db") == "password= ***");
    CHECK(conninfo_passwords("host=db password='it\\'s' port=1") ==
          std::vector<std::string>{"'it\\'s'", "it's"});
    CHECK(conninfo_passwords("host=db user=x") == std::vector<std::string>{});
}

TEST_CASE("redact: free text with several URLs, a conninfo, and a hidden value already")
{
    CHECK(redact_text("from https://u:p1@a/x to \"postgresql://v:p2@b/y\" and ftp://tok@c/z") ==
          "from https://u:***@a/x to \"postgresql://v:***@b/y\" and ftp://***@c/z");
    CHECK(redact_text("postgres (host=db password=***): failed") == "postgres (host=db password=***): failed");
    // A bare value runs to the next keyword=, or to the end: in free text, rather too much is hidden.
    CHECK(redact_text("a b password=s3cret c") == "a b password=***");
    CHECK(redact_text("a b password=s3cret port=1 c") == "a b password=*** port=1 c");
    CHECK(redact_text("no secrets: 3 < 4 :// here") == "no secrets: 3 < 4 :// here");
}

TEST_CASE("redact: remembered secrets are hidden wherever a message carries them")
{
    remember_secret("Zq9-remembered");
    remember_secret("x%41y-escaped");     // and its %-decoded form
    remember_secret("two\nlines-secret");  // and as one_line() shows it
    remember_secret("abc");               // too short to hide by value
    CHECK(redact_text("token Zq9-remembered echoed") == "token *** echoed");
    CHECK(redact_text("raw x%41y-escaped, decoded xAy-escaped") == "raw ***, decoded ***");
    CHECK(redact_text("flat two lines-secret") == "flat ***");
    CHECK(redact_text("abc stays") == "abc stays");
    remember_url_secrets("https://AKIATOKENVALUE@host/x");
    CHECK(redact_text("header AKIATOKENVALUE") == "header ***");
}
