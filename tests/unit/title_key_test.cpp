#include "jobs/movie_report/title_key.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::split_page_title;
using sluice::title_key;

TEST_CASE("title key: ASCII case is folded")
{
    CHECK(title_key("Toy Story") == "toy story");
    CHECK(title_key("TOY STORY") == "toy story");
    CHECK(title_key("King Kong (1933 film)") == "king kong (1933 film)");
}

TEST_CASE("title key: Unicode case folding and normalisation")
{
    CHECK(title_key("Amélie") == "amélie");
    CHECK(title_key("LÉON") == "léon");
    CHECK(title_key("ÆON FLUX") == "æon flux");
    CHECK(title_key("Ça ira") == title_key("ÇA IRA"));
    // A precomposed "é" and "e" + U+0301 COMBINING ACUTE ACCENT are one letter.
    CHECK(title_key("Am\u00e9lie") == title_key("Ame\u0301lie"));
    // Compatibility forms: a no-break space, a ligature, full-width letters, sharp s.
    CHECK(title_key("Toy\u00a0Story") == "toy story");
    CHECK(title_key("\ufb01lm") == "film");
    CHECK(title_key("\uff34\uff4f\uff59") == "toy");
    CHECK(title_key("Stra\u00dfe") == "strasse");
    // Greek final sigma folds with the others.
    CHECK(title_key("\u039f\u0394\u03a5\u03a3\u03a3\u0395\u0399\u0391\u03a3") == title_key("\u03bf\u03b4\u03c5\u03c3\u03c3\u03b5\u03b9\u03b1\u03c2"));
    // Ill-formed UTF-8 is compared as it is, ASCII still lowered.
    CHECK(title_key("A\xff B") == "a\xff b");
}

TEST_CASE("title key: curly and modifier apostrophes and quotes are made plain")
{
    CHECK(title_key("Schindler\u2019s List") == "schindler's list");
    CHECK(title_key("Schindler\u2018s List") == "schindler's list");
    CHECK(title_key("Schindler\u02bcs List") == "schindler's list");
    CHECK(title_key("Schindler's List") == title_key("Schindler\u2019s List"));
    CHECK(title_key("\u201cCrocodile\u201d Dundee") == "\"crocodile\" dundee");
}

TEST_CASE("title key: Unicode hyphens and dashes become '-'")
{
    CHECK(title_key("Spider\u2010Man") == "spider-man");
    CHECK(title_key("Spider\u2011Man") == "spider-man");
    CHECK(title_key("Star Wars \u2013 A New Hope") == "star wars - a new hope");
    CHECK(title_key("Star Wars \u2014 A New Hope") == "star wars - a new hope");
    CHECK(title_key("Star Wars \u2013 A New Hope") == title_key("Star Wars - A New Hope"));
    // A character that merely starts like one (U+2012 figure dash is not in the list) is kept.
    CHECK(title_key("a\u2012b") == "a\u2012b");
}

TEST_CASE("title key: underscores and whitespace collapse to one space, ends trimmed")
{
    CHECK(title_key("Heat_(1995_film)") == "heat (1995 film)");
    CHECK(title_key("Heat_(1995_film)") == title_key("Heat (1995 film)"));
    CHECK(title_key("  Toy   Story\t2 \n") == "toy story 2");
    CHECK(title_key("_Toy__Story_") == "toy story");
    CHECK(title_key("Toy _ Story") == "toy story");
    CHECK(title_key("") == "");
    CHECK(title_key(" _\t ") == "");
}

TEST_CASE("split page title: 'Base (qualifier)'")
{
    auto page = split_page_title("Heat (1995 film)");
    CHECK(page.base == "Heat");
    CHECK(page.qualifier == "1995 film");

    page = split_page_title("Antwone Fisher (film)");
    CHECK(page.base == "Antwone Fisher");
    CHECK(page.qualifier == "film");

    // The last qualifier counts: the base may hold parentheses itself.
    page = split_page_title("Something (Else) (2000 film)");
    CHECK(page.base == "Something (Else)");
    CHECK(page.qualifier == "2000 film");

    for (const char* bare : {"Toy Story", "Toy Story Mania!", "(film)", "Heat(film)", "x)", ""}) {
        CAPTURE(bare);
        page = split_page_title(bare);
        CHECK(page.base == bare);
        CHECK(page.qualifier == "");
    }
}
