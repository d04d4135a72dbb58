#include "jobs/movie_report/page_matcher.hpp"

#include "fetch/file_source.hpp"
#include "parse/xml_doc_reader.hpp"
#include "scratch_dir.hpp"
#include "jobs/movie_report/film_selection.hpp"

#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

using sluice::Film;
using sluice::MatchRule;
using sluice::PageMatcher;
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

std::string url_for(const std::string& title)
{
    std::string path = title;
    for (auto& c : path) c = c == ' ' ? '_' : c;
    return "https://en.wikipedia.org/wiki/" + path;
}

// A page with a film's kind of text, or the abstract and sections given.
WikiDoc page(const std::string& title, std::string abstract = "| screenplay =",
             std::vector<std::string> sections = {"Plot", "Cast"})
{
    return {title, url_for(title), std::move(abstract), std::move(sections)};
}

PageMatcher matcher_for(const std::vector<Film>& films)
{
    PageMatcher matcher;
    for (const auto& f : films) matcher.add_film(f);
    for (const auto& f : films) matcher.want(f.id);
    return matcher;
}

std::string url_of(const PageMatcher& matcher, std::int64_t id)
{
    const auto* match = matcher.match_for(id);
    return match ? match->url : "";
}

std::optional<MatchRule> rule_of(const PageMatcher& matcher, std::int64_t id)
{
    const auto* match = matcher.match_for(id);
    return match ? std::optional<MatchRule>{match->rule} : std::nullopt;
}

void offer_file(PageMatcher& matcher, const std::string& path)
{
    sluice::FileSource source(path);
    sluice::XmlDocReader reader(source);
    WikiDoc doc;
    while (reader.next(doc)) matcher.offer(doc);
}

} // namespace

TEST_CASE("page matcher: '(YEAR film)' beats '(film)' beats the bare title, in any order")
{
    const std::vector<Film> films{film(949, "Heat", 1995)};
    const std::vector<WikiDoc> pages{page("Heat"), page("Heat (film)"), page("Heat (1995 film)", "| writer = Michael Mann")};
    for (const auto& order : std::vector<std::vector<int>>{{0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {0, 2, 1}}) {
        auto matcher = matcher_for(films);
        for (const int i : order) matcher.offer(pages[static_cast<std::size_t>(i)]);
        matcher.finish();
        CHECK(url_of(matcher, 949) == url_for("Heat (1995 film)"));
        CHECK(rule_of(matcher, 949) == MatchRule::year_film);
        CHECK(matcher.match_for(949)->abstract == "| writer = Michael Mann");
    }
    auto matcher = matcher_for(films);
    matcher.offer(page("Heat (film)"));
    matcher.offer(page("Heat"));
    matcher.finish();
    CHECK(rule_of(matcher, 949) == MatchRule::film_qualifier);
}

TEST_CASE("page matcher: remakes each take their own page, a page neither can claim goes to none")
{
    const std::vector<Film> films{film(1, "Solaris", 1972), film(2, "Solaris", 2002), film(3, "Solaris", 1968)};
    auto matcher = matcher_for(films);
    matcher.offer(page("Solaris", "Solaris may refer to:", {"See also"}));
    matcher.offer(page("Solaris (novel)", "Solaris is a 1961 science fiction novel by Stanislaw Lem."));
    matcher.offer(page("Solaris (1972 film)"));
    matcher.offer(page("Solaris (2002 film)"));
    // A bare film page without a year: 1968's film could be it, but so could either other film,
    // which have better pages; with those taken it is the only claimant left.
    matcher.offer(page("Solaris (film)"));
    matcher.finish();
    CHECK(url_of(matcher, 1) == url_for("Solaris (1972 film)"));
    CHECK(url_of(matcher, 2) == url_for("Solaris (2002 film)"));
    CHECK(url_of(matcher, 3) == url_for("Solaris (film)"));

    // Two films of one title, one page that says "film" and nothing else: nothing tells which.
    const std::vector<Film> twins{film(10, "Crash", 1996), film(11, "Crash", 2004)};
    auto contested = matcher_for(twins);
    contested.offer(page("Crash"));
    contested.finish();
    CHECK(url_of(contested, 10) == "");
    CHECK(url_of(contested, 11) == "");

    // ...unless its lead gives the year.
    auto decided = matcher_for(twins);
    decided.offer(page("Crash", "Crash is a 2004 American crime drama film."));
    decided.finish();
    CHECK(url_of(decided, 10) == "");
    CHECK(url_of(decided, 11) == url_for("Crash"));
    CHECK(rule_of(decided, 11) == MatchRule::title_and_year);
}

TEST_CASE("page matcher: a year off by one is taken only when the exact year is not there")
{
    const std::vector<Film> films{film(1, "Fargo", 1996), film(2, "Fargo", 1995)};
    auto matcher = matcher_for(films);
    matcher.offer(page("Fargo (1996 film)"));
    matcher.finish();
    // 1996's film has its page; 1995's (a year off) does not get it too.
    CHECK(url_of(matcher, 1) == url_for("Fargo (1996 film)"));
    CHECK(url_of(matcher, 2) == "");

    const std::vector<Film> premiere{film(3, "Boyhood", 2014)};
    auto festival = matcher_for(premiere);
    festival.offer(page("Boyhood (2013 film)"));
    festival.finish();
    CHECK(url_of(festival, 3) == url_for("Boyhood (2013 film)"));
    CHECK(rule_of(festival, 3) == MatchRule::near_year_film);
}

TEST_CASE("page matcher: a film without a page gets none of its namesakes")
{
    const std::vector<Film> films{film(1, "Heat", 2008)};
    auto matcher = matcher_for(films);
    for (const auto& doc : {
             page("Heat (1995 film)"),
             page("Heat (film)", "Heat is a 1986 American action film starring Burt Reynolds."),
             page("Heat", "In thermodynamics, heat is energy in transfer.", {"History"}),
             page("Heat (soundtrack)", "Heat is the soundtrack album to the 1995 film.", {"Track listing"}),
             page("Heat (disambiguation)", "Heat is a 2008 film."),
             page("Heat (band)", "| label = Warner", {"Members"}),
             page("Heat (novel)"),
         })
        matcher.offer(doc);
    matcher.finish();
    CHECK(url_of(matcher, 1) == "");
}

TEST_CASE("page matcher: the page a film gets does not depend on which films are wanted")
{
    const std::vector<Film> films{film(1, "King Kong", 1933), film(2, "King Kong", 1976), film(3, "Heat", 1995)};
    std::map<std::int64_t, std::string> all_wanted;
    {
        auto matcher = matcher_for(films);
        offer_file(matcher, sluice::test::real_data("enwiki-latest-abstract-test.xml"));
        offer_file(matcher, sluice::test::real_data("wikipedia_test_set.xml"));
        matcher.finish();
        for (const auto& f : films) all_wanted[f.id] = url_of(matcher, f.id);
    }
    for (const auto& f : films) {
        PageMatcher matcher;
        for (const auto& g : films) matcher.add_film(g);
        matcher.want(f.id);
        offer_file(matcher, sluice::test::real_data("enwiki-latest-abstract-test.xml"));
        offer_file(matcher, sluice::test::real_data("wikipedia_test_set.xml"));
        matcher.finish();
        CHECK(url_of(matcher, f.id) == all_wanted[f.id]);
        for (const auto& g : films) {
            if (g.id != f.id) CHECK(matcher.match_for(g.id) == nullptr);
        }
    }
    CHECK(all_wanted[1] == url_for("King Kong (1933 film)"));
    CHECK(all_wanted[2] == url_for("King Kong (1976 film)"));
    CHECK(all_wanted[3] == url_for("Heat (1995 film)"));
}

TEST_CASE("page matcher: every film of the real movies sample against the real pages")
{
    // All 2,995 films of the sample, as the run indexes them; the pages are the two real files.
    PageMatcher matcher;
    std::vector<Film> films;
    sluice::FileSource csv(sluice::test::real_data("movies_metadata.csv"));
    sluice::select_films(
        csv, {}, 10, [](std::uint64_t, std::string_view, std::string_view) {},
        [&](const Film& f) {
            matcher.add_film(f);
            films.push_back(f);
        });
    REQUIRE(films.size() == 2995);
    for (const auto& f : films) matcher.want(f.id);
    offer_file(matcher, sluice::test::real_data("wikipedia_test_set.xml"));
    offer_file(matcher, sluice::test::real_data("enwiki-latest-abstract-test.xml"));
    matcher.finish();

    std::map<std::string, std::string> matched;  // "id title (year)" -> url
    std::map<std::string, MatchRule> rules;
    for (const auto& f : films) {
        if (const auto* match = matcher.match_for(f.id)) {
            const auto name = std::to_string(f.id) + " " + f.title + " (" + std::to_string(*f.year) + ")";
            matched[name] = match->url;
            rules[name] = match->rule;
        }
    }
    const std::map<std::string, std::string> expected{
        {"862 Toy Story (1995)", url_for("Toy Story")},
        {"8844 Jumanji (1995)", url_for("Jumanji")},
        {"949 Heat (1995)", url_for("Heat (1995 film)")},
        {"2640 Heathers (1988)", url_for("Heathers")},
        {"244 King Kong (1933)", url_for("King Kong (1933 film)")},
        {"10730 King Kong (1976)", url_for("King Kong (1976 film)")},
        {"48781 Never Talk to Strangers (1995)", url_for("Never Talk to Strangers")},
    };
    CHECK(matched == expected);
    CHECK(rules["949 Heat (1995)"] == MatchRule::year_film);
    CHECK(rules["862 Toy Story (1995)"] == MatchRule::title_and_film_page);
    CHECK(rules["2640 Heathers (1988)"] == MatchRule::title_and_film_page);
    CHECK(matcher.match_for(8844)->abstract == "| screenplay =");
}

TEST_CASE("page matcher: Deadfall and Antwone Fisher from the real pages")
{
    const std::vector<Film> films{film(1, "Deadfall", 1993), film(2, "Deadfall", 1968), film(3, "Deadfall", 2012),
                                  film(4, "Antwone Fisher", 2002), film(5, "Jumanji", 1995), film(6, "Toy Story 4", 2019)};
    auto matcher = matcher_for(films);
    offer_file(matcher, sluice::test::real_data("wikipedia_test_set.xml"));
    offer_file(matcher, sluice::test::real_data("enwiki-latest-abstract-test.xml"));
    matcher.finish();
    CHECK(url_of(matcher, 1) == url_for("Deadfall (1993 film)"));
    CHECK(url_of(matcher, 2) == url_for("Deadfall (1968 film)"));
    CHECK(url_of(matcher, 3) == "");  // only the disambiguation page, the novel and the band
    CHECK(url_of(matcher, 4) == url_for("Antwone Fisher (film)"));
    CHECK(rule_of(matcher, 4) == MatchRule::film_qualifier);
    // The film's page, not "Jumanji (disambiguation)" whose lead describes the film.
    CHECK(url_of(matcher, 5) == url_for("Jumanji"));
    CHECK(url_of(matcher, 6) == "");
}

TEST_CASE("page matcher: bare pages whose abstract is a film's infobox line and whose headings are few")
{
    struct Case {
        Film film;
        WikiDoc page;
        bool matches;
    };
    const std::vector<Case> cases{
        // The film's own page: a film-only line, a feature's runtime, a poster's caption, or a
        // line any work has beside a film's heading.
        {film(1, "Backhaven", 1979), page("Backhaven", "| music = Anthony Gordon", {"References"}), true},
        {film(2, "Wildrun", 1940), page("Wildrun", "| runtime = 88 minutes", {"References"}), true},
        {film(3, "Burning Glory", 1990), page("Burning Glory", "| editing = Henry Reyes", {"External links"}), true},
        {film(4, "Bryan's Stranger", 1943),
         page("Bryan's Stranger", "|production_companies=The Rank Organisation", {"References", "External links"}), true},
        {film(5, "Dawns and Soldiers", 1961),
         page("Dawns and Soldiers", "| distributor      = Working Title Films", {"References", "Notes"}), true},
        {film(6, "Self-Orchard", 1968), page("Self-Orchard", "}}", {"Plot", "Production", "Release", "Notes"}), true},
        {film(7, "Hungry Violin", 1994),
         page("Hungry Violin", "thumb|250px|[[Theatrical release poster]]", {"Production", "Release"}), true},
        {film(8, "The Iron Lady", 2003),
         page("The Iron Lady", "| language = English", {"Release", "Critical reception", "References"}), true},
        {film(9, "Restless Key", 2011), page("Restless Key", "| cinematography   = Sean Nguyen", {"Synopsis", "Awards"}), true},
        // Too little to tell from an album's, a TV series' or a novel's page: no match.
        {film(10, "Twisted Devil", 2004), page("Twisted Devil", "| producer =", {"References", "External links"}), false},
        {film(11, "Big Letter", 1962), page("Big Letter", "| country = United States", {"References"}), false},
        {film(12, "Lady!", 1986), page("Lady!", "}}", {"Plot", "References"}), false},
        // Another kind's page, the film having none.
        {film(20, "The Factory's Bride", 2001), page("The Factory's Bride", "| runtime = 22 minutes", {"Episodes", "References"}), false},
        {film(21, "Compass", 1946), page("Compass", "| runtime = 22–24 minutes", {"References"}), false},
        {film(22, "Wars and Snows", 1996),
         page("Wars and Snows", "| distributor = CBS Television Distribution", {"References", "External links"}), false},
        {film(23, "Wilddown", 1971), page("Wilddown", "| country = United States", {"Plot summary", "Characters", "References"}), false},
        {film(24, "Bleeding Harbours", 1963), page("Bleeding Harbours", "| country = Canada", {"Plot", "Reception"}), false},
        {film(25, "The Vampire of the Devil", 2002),
         page("The Vampire of the Devil", "| language = English", {"Plot", "Film adaptation", "External links"}), false},
        {film(26, "The Big Ruby", 1993),
         page("The Big Ruby", "| music = Todd Matshikiza", {"Background", "Musical numbers", "Productions"}), false},
        {film(27, "Letter of the Map", 1999),
         page("Letter of the Map", "| producer = Butch Vig", {"Track listing", "Personnel", "References"}), false},
        {film(28, "The Memory of Greenbury", 1996),
         page("The Memory of Greenbury", "| writer = Kimberly King", {"Plot", "Characters", "References"}), false},
        {film(29, "Solitaire", 1999), page("Solitaire", "| producer = Jane Doe", {"Gameplay", "Reception"}), false},
    };
    std::vector<Film> films;
    for (const auto& c : cases) films.push_back(c.film);
    auto matcher = matcher_for(films);
    for (const auto& c : cases) matcher.offer(c.page);
    matcher.finish();
    for (const auto& c : cases) {
        CAPTURE(c.film.title);
        CHECK(url_of(matcher, c.film.id) == (c.matches ? c.page.url : ""));
        if (c.matches) CHECK(rule_of(matcher, c.film.id) == MatchRule::title_and_film_page);
    }

    // "| released =" gives the year: the lead-less page of that year's film, not a remake's.
    const std::vector<Film> remakes{film(30, "Crossfire", 1947), film(31, "Crossfire", 1998)};
    auto dated = matcher_for(remakes);
    dated.offer(page("Crossfire", "| released = {{Film date|1947|7|22}}", {"Plot", "Reception"}));
    dated.finish();
    CHECK(url_of(dated, 30) == url_for("Crossfire"));
    CHECK(rule_of(dated, 30) == MatchRule::title_and_year);
    CHECK(url_of(dated, 31) == "");
}

TEST_CASE("page matcher: titles differing in case, quotes, dashes, spacing and Unicode form")
{
    const std::vector<Film> films{film(1, "Schindler's List", 1993), film(2, "The Man Who Knew Too Little", 1997),
                                  film(3, "Star Wars - A New Hope", 1977), film(4, "Ame\u0301lie", 2001),
                                  film(5, "Crocodile  Dundee", 1986), film(6, "Something (Else)", 2000)};
    auto matcher = matcher_for(films);
    matcher.offer(page("Schindler\u2019s List"));
    matcher.offer(page("The Man who Knew too Little"));
    matcher.offer(page("Star Wars \u2013 A New Hope (1977 film)"));
    matcher.offer(page("AM\u00c9LIE"));
    matcher.offer(page("Crocodile\u00a0Dundee (film)"));
    matcher.offer(page("Something (Else)"));
    matcher.finish();
    CHECK(url_of(matcher, 1) == url_for("Schindler\u2019s List"));
    CHECK(url_of(matcher, 2) == url_for("The Man who Knew too Little"));
    CHECK(rule_of(matcher, 3) == MatchRule::year_film);
    CHECK(url_of(matcher, 4) == url_for("AM\u00c9LIE"));
    CHECK(rule_of(matcher, 5) == MatchRule::film_qualifier);
    CHECK(url_of(matcher, 6) == url_for("Something (Else)"));
}

TEST_CASE("page matcher: two pages equally good for one film: it gets neither")
{
    const std::vector<Film> films{film(1, "Heat", 1995)};
    auto matcher = matcher_for(films);
    matcher.offer({"Heat (film)", "https://first", "first", {}});
    matcher.offer({"Heat (TV film)", "https://second", "second", {}});
    matcher.finish();
    CHECK(matcher.match_for(1) == nullptr);
    CHECK(matcher.docs_judged() == 2);

    // A better page settles it.
    auto better = matcher_for(films);
    better.offer({"Heat (film)", "https://first", "first", {}});
    better.offer({"Heat (TV film)", "https://second", "second", {}});
    better.offer({"Heat (1995 film)", "https://third", "third", {}});
    better.finish();
    CHECK(url_of(better, 1) == "https://third");
}

TEST_CASE("page matcher: same title, same year, told apart by the country or language in the qualifier")
{
    Film american = film(1, "Crash", 2004);
    american.country_codes = {"US", "DE"};
    american.language = "en";
    Film tamil = film(2, "Crash", 2004);
    tamil.country_codes = {"IN"};
    tamil.language = "ta";
    Film unknown = film(3, "Rain", 2001);  // no countries in the data
    auto matcher = matcher_for({american, tamil, unknown});
    for (const char* title : {"Crash (2004 Canadian film)", "Crash (2004 American film)", "Crash (2004 Tamil film)",
                              "Rain (2001 Indian film)", "Rain (2001 American film)"})
        matcher.offer(page(title));
    matcher.finish();
    CHECK(url_of(matcher, 1) == url_for("Crash (2004 American film)"));
    CHECK(url_of(matcher, 2) == url_for("Crash (2004 Tamil film)"));
    // Without countries both Rain pages fit equally: no match rather than a guess.
    CHECK(url_of(matcher, 3) == "");

    // Another country's film only: not this film's page.
    Film british = film(4, "Fog", 1990);
    british.country_codes = {"GB"};
    auto other = matcher_for({british});
    other.offer(page("Fog (1990 American film)"));
    other.finish();
    CHECK(url_of(other, 4) == "");
}

TEST_CASE("page matcher: unknown and unwanted films have no match")
{
    const std::vector<Film> films{film(1, "Heat", 1995)};
    auto matcher = matcher_for(films);
    matcher.offer(page("Heat (1995 film)"));
    matcher.finish();
    CHECK(matcher.match_for(2) == nullptr);
    REQUIRE(matcher.match_for(1) != nullptr);
    CHECK(matcher.match_for(1)->abstract == "| screenplay =");

    PageMatcher unwanted;
    unwanted.add_film(films[0]);
    unwanted.offer(page("Heat (1995 film)"));
    unwanted.finish();
    CHECK(unwanted.match_for(1) == nullptr);
}
