#include "transform/title_matcher.hpp"

#include "fetch/file_source.hpp"
#include "parse/xml_doc_reader.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using sluice::Film;
using sluice::MatchRule;
using sluice::TitleMatcher;
using sluice::WikiDoc;

namespace {

Film film(std::int64_t id, std::string title, std::optional<int> year)
{
    Film f;
    f.id = id;
    f.title = std::move(title);
    f.year = year;
    return f;
}

WikiDoc page(const std::string& title)
{
    std::string path = title;
    for (auto& c : path) c = c == ' ' ? '_' : c;
    return {title, "https://en.wikipedia.org/wiki/" + path, "Abstract of " + title};
}

// The url a film was matched to, or "" when it was not.
std::string url_of(const TitleMatcher& matcher, std::size_t index)
{
    const auto& match = matcher.matches().at(index);
    return match ? match->url : "";
}

std::optional<MatchRule> rule_of(const TitleMatcher& matcher, std::size_t index)
{
    const auto& match = matcher.matches().at(index);
    return match ? std::optional<MatchRule>{match->rule} : std::nullopt;
}

void offer_file(TitleMatcher& matcher, const std::string& path)
{
    sluice::FileSource source(path);
    sluice::XmlDocReader reader(source);
    WikiDoc doc;
    while (reader.next(doc)) matcher.offer(doc);
}

} // namespace

TEST_CASE("title matcher: '(YEAR film)' beats '(film)' beats the bare title, in any order")
{
    const std::vector<Film> films{film(949, "Heat", 1995)};
    const std::vector<WikiDoc> pages{page("Heat"), page("Heat (film)"), page("Heat (1995 film)")};
    for (const auto& order : std::vector<std::vector<int>>{{0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {0, 2, 1}}) {
        TitleMatcher matcher(films);
        for (const int i : order) matcher.offer(pages[static_cast<std::size_t>(i)]);
        CHECK(url_of(matcher, 0) == "https://en.wikipedia.org/wiki/Heat_(1995_film)");
        CHECK(rule_of(matcher, 0) == MatchRule::year_film_qualifier);
        CHECK(matcher.matches()[0]->abstract == "Abstract of Heat (1995 film)");
    }
    {
        TitleMatcher matcher(films);
        matcher.offer(page("Heat (film)"));
        matcher.offer(page("Heat"));
        CHECK(rule_of(matcher, 0) == MatchRule::film_qualifier);
        CHECK(url_of(matcher, 0) == "https://en.wikipedia.org/wiki/Heat_(film)");
    }
    {
        TitleMatcher matcher(films);
        matcher.offer(page("Heat"));
        CHECK(rule_of(matcher, 0) == MatchRule::exact_title);
    }
}

TEST_CASE("title matcher: a page for another year, or another kind of thing, is no match")
{
    const std::vector<Film> films{film(1, "Heat", 1986), film(2, "Deadfall", 1993)};
    TitleMatcher matcher(films);
    for (const char* title : {"Heat (1995 film)", "Heat (novel)", "Heat (band)", "Heat engine", "Heathers",
                              "Deadfall (1968 film)", "Deadfall (novel)", "Deadfall (19933 film)", "Deadfall (1993 movie)",
                              "Deadfall (1993 films)", "Deadfall (93 film)"})
        matcher.offer(page(title));
    CHECK_FALSE(matcher.matches()[0].has_value());
    CHECK_FALSE(matcher.matches()[1].has_value());
    CHECK(matcher.matched_count() == 0);
}

TEST_CASE("title matcher: a film without a year matches '(film)' and the bare title only")
{
    const std::vector<Film> films{film(1, "Heat", std::nullopt)};
    TitleMatcher matcher(films);
    matcher.offer(page("Heat (1995 film)"));
    CHECK_FALSE(matcher.matches()[0].has_value());
    matcher.offer(page("Heat (film)"));
    CHECK(rule_of(matcher, 0) == MatchRule::film_qualifier);
}

TEST_CASE("title matcher: case, apostrophes, dashes and underscores do not stop a match")
{
    const std::vector<Film> films{film(1, "Schindler's List", 1993), film(2, "TOY STORY", 1995),
                                  film(3, "Star Wars - A New Hope", 1977), film(4, "The_Cookout", 2004),
                                  film(5, "Crocodile  Dundee", 1986)};
    TitleMatcher matcher(films);
    matcher.offer(page("Schindler\u2019s List"));
    matcher.offer(page("Toy Story"));
    matcher.offer(page("Star Wars \u2013 A New Hope (1977 film)"));
    matcher.offer(page("The Cookout"));
    matcher.offer(page("crocodile dundee (film)"));
    CHECK(rule_of(matcher, 0) == MatchRule::exact_title);
    CHECK(rule_of(matcher, 1) == MatchRule::exact_title);
    CHECK(rule_of(matcher, 2) == MatchRule::year_film_qualifier);
    CHECK(rule_of(matcher, 3) == MatchRule::exact_title);
    CHECK(rule_of(matcher, 4) == MatchRule::film_qualifier);
}

TEST_CASE("title matcher: two films with the same title each get their own '(YEAR film)' page")
{
    const std::vector<Film> films{film(244, "King Kong", 1933), film(10730, "King Kong", 1976),
                                  film(254, "King Kong", 2005)};
    TitleMatcher matcher(films);
    offer_file(matcher, sluice::test::real_data("enwiki-latest-abstract-test.xml"));
    CHECK(url_of(matcher, 0) == "https://en.wikipedia.org/wiki/King_Kong_(1933_film)");
    CHECK(rule_of(matcher, 0) == MatchRule::year_film_qualifier);
    CHECK(matcher.matches()[0]->abstract == "| producer =");
    CHECK(url_of(matcher, 1) == "https://en.wikipedia.org/wiki/King_Kong_(1976_film)");
    CHECK(rule_of(matcher, 1) == MatchRule::year_film_qualifier);
    CHECK(matcher.matches()[1]->abstract == "| starring = Jeff BridgesCharles GrodinJessica Lange");
    // The sample has no 2005 page, and "(comics)", "(1959 musical)", "Groover" are not films.
    CHECK_FALSE(matcher.matches()[2].has_value());
}

TEST_CASE("title matcher: the real samples, with counts by rule")
{
    const std::vector<Film> films{
        film(949, "Heat", 1995),            // (1995 film)
        film(862, "Toy Story", 1995),       // bare title
        film(8844, "Jumanji", 1995),        // bare title; (picture book), (TV series) ignored
        film(9091, "Deadfall", 1993),       // (1993 film), not (1968 film)
        film(2, "Deadfall", 1968),          // (1968 film)
        film(3, "Deadfall", 2010),          // only the bare disambiguation page
        film(11978, "Antwone Fisher", 2002),// (film) beats the bare page about the man
        film(2105, "Heathers", 1988),       // bare title
        film(4, "Toy Story 4", 2019),       // no page
    };
    TitleMatcher matcher(films);
    offer_file(matcher, sluice::test::real_data("wikipedia_test_set.xml"));
    offer_file(matcher, sluice::test::real_data("enwiki-latest-abstract-test.xml"));

    CHECK(url_of(matcher, 0) == "https://en.wikipedia.org/wiki/Heat_(1995_film)");
    CHECK(url_of(matcher, 1) == "https://en.wikipedia.org/wiki/Toy_Story");
    CHECK(url_of(matcher, 2) == "https://en.wikipedia.org/wiki/Jumanji");
    CHECK(url_of(matcher, 3) == "https://en.wikipedia.org/wiki/Deadfall_(1993_film)");
    CHECK(url_of(matcher, 4) == "https://en.wikipedia.org/wiki/Deadfall_(1968_film)");
    CHECK(url_of(matcher, 5) == "https://en.wikipedia.org/wiki/Deadfall");
    CHECK(url_of(matcher, 6) == "https://en.wikipedia.org/wiki/Antwone_Fisher_(film)");
    CHECK(url_of(matcher, 7) == "https://en.wikipedia.org/wiki/Heathers");
    CHECK(url_of(matcher, 8) == "");

    CHECK(rule_of(matcher, 0) == MatchRule::year_film_qualifier);
    CHECK(rule_of(matcher, 1) == MatchRule::exact_title);
    CHECK(rule_of(matcher, 6) == MatchRule::film_qualifier);

    CHECK(matcher.matched_count() == 8);
    // exact title: Toy Story, Jumanji, Deadfall 2010, Heathers; (film): Antwone Fisher;
    // (year film): Heat, Deadfall 1993 and 1968.
    CHECK(matcher.counts_by_rule() == std::array<std::size_t, 3>{4, 1, 3});
}

TEST_CASE("title matcher: the first page wins a tie, and a film titled with parentheses matches whole")
{
    const std::vector<Film> films{film(1, "Heat", 1995), film(2, "Something (Else)", 2000),
                                  film(3, "Other (Thing)", 2001)};
    TitleMatcher matcher(films);
    matcher.offer({"Heat (film)", "https://first", "first"});
    matcher.offer({"Heat (film)", "https://second", "second"});
    matcher.offer(page("Something (Else)"));
    matcher.offer(page("Other (Thing) (2001 film)"));
    CHECK(url_of(matcher, 0) == "https://first");
    CHECK(matcher.matches()[0]->abstract == "first");
    CHECK(rule_of(matcher, 1) == MatchRule::exact_title);
    CHECK(url_of(matcher, 1) == "https://en.wikipedia.org/wiki/Something_(Else)");
    CHECK(rule_of(matcher, 2) == MatchRule::year_film_qualifier);
    CHECK(matcher.counts_by_rule() == std::array<std::size_t, 3>{1, 1, 1});
}

TEST_CASE("title matcher: no films, no pages, and rule names")
{
    const std::vector<Film> none;
    TitleMatcher empty(none);
    empty.offer(page("Heat (1995 film)"));
    CHECK(empty.matches().empty());
    CHECK(empty.matched_count() == 0);

    const std::vector<Film> films{film(1, "Heat", 1995)};
    TitleMatcher unoffered(films);
    CHECK(unoffered.matches().size() == 1);
    CHECK(unoffered.counts_by_rule() == std::array<std::size_t, 3>{0, 0, 0});

    CHECK(std::string{sluice::to_string(MatchRule::exact_title)} == "exact title");
    CHECK(std::string{sluice::to_string(MatchRule::film_qualifier)} == "title (film)");
    CHECK(std::string{sluice::to_string(MatchRule::year_film_qualifier)} == "title (year film)");
}
