#include "jobs/movie_report/match_rule.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::FilmSignal;
using sluice::judge;
using sluice::MatchRule;
using sluice::PageEvidence;
using sluice::TitleForm;

namespace {

// "rule score", or "none".
std::string verdict(std::optional<int> film_year, TitleForm form, PageEvidence evidence = {})
{
    const auto v = judge(film_year, form, evidence);
    return v ? std::string{sluice::to_string(v->rule)} + " " + std::to_string(v->score) : "none";
}

PageEvidence lead(FilmSignal film, std::optional<int> year = std::nullopt, bool disambiguation = false)
{
    return PageEvidence{film, disambiguation, year};
}

} // namespace

TEST_CASE("match rule: 'Title (YEAR film)' needs the film's year, or one off")
{
    CHECK(verdict(1995, {TitleForm::year_film, 1995, {}}) == "title (year film) 100");
    CHECK(verdict(1995, {TitleForm::year_film, 1994, {}}) == "title (year film) a year off 90");
    CHECK(verdict(1995, {TitleForm::year_film, 1996, {}}) == "title (year film) a year off 90");
    CHECK(verdict(1995, {TitleForm::year_film, 1993, {}}) == "none");
    CHECK(verdict(1995, {TitleForm::year_film, 1986, {}}) == "none");
    CHECK(verdict(std::nullopt, {TitleForm::year_film, 1995, {}}) == "none");
    // The title settles it; the text is not asked.
    CHECK(verdict(1995, {TitleForm::year_film, 1995, {}}, lead(FilmSignal::none)) == "title (year film) 100");
}

TEST_CASE("match rule: 'Title (film)' unless its lead gives another year")
{
    CHECK(verdict(1995, {TitleForm::film, 0, {}}) == "title (film) 80");
    CHECK(verdict(1995, {TitleForm::film, 0, {}}, lead(FilmSignal::strong, 1995)) == "title (film) 85");
    CHECK(verdict(1995, {TitleForm::film, 0, {}}, lead(FilmSignal::strong, 1994)) == "title (film) 80");
    CHECK(verdict(1995, {TitleForm::film, 0, {}}, lead(FilmSignal::strong, 1962)) == "none");
    CHECK(verdict(std::nullopt, {TitleForm::film, 0, {}}, lead(FilmSignal::strong, 1962)) == "title (film) 80");
}

TEST_CASE("match rule: a bare title needs the page to say it is a film")
{
    CHECK(verdict(1995, {TitleForm::bare, 0, {}}, lead(FilmSignal::strong, 1995)) == "title + lead naming a film of that year 70");
    CHECK(verdict(1995, {TitleForm::bare, 0, {}}, lead(FilmSignal::strong, 1996)) == "title + lead naming a film of that year 65");
    CHECK(verdict(1995, {TitleForm::bare, 0, {}}, lead(FilmSignal::strong)) == "title + film infobox and sections 60");
    CHECK(verdict(std::nullopt, {TitleForm::bare, 0, {}}, lead(FilmSignal::strong, 1995)) == "title + film infobox and sections 60");
    // Another film of the title, weak or no evidence, another kind of page, a disambiguation page.
    CHECK(verdict(1995, {TitleForm::bare, 0, {}}, lead(FilmSignal::strong, 1962)) == "none");
    CHECK(verdict(1995, {TitleForm::bare, 0, {}}, lead(FilmSignal::weak)) == "none");
    CHECK(verdict(1995, {TitleForm::bare, 0, {}}, lead(FilmSignal::none)) == "none");
    CHECK(verdict(1995, {TitleForm::bare, 0, {}}, lead(FilmSignal::contrary)) == "none");
    CHECK(verdict(1995, {TitleForm::bare, 0, {}}, lead(FilmSignal::strong, 1995, true)) == "none");
}

TEST_CASE("match rule: other qualifiers never match")
{
    CHECK(verdict(1995, {TitleForm::other, 0, {}}, lead(FilmSignal::strong, 1995)) == "none");
}
