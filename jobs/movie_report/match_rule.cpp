#include "jobs/movie_report/match_rule.hpp"

#include <cstdlib>

namespace sluice {

const char* to_string(MatchRule rule)
{
    switch (rule) {
    case MatchRule::year_film: return "title (year film)";
    case MatchRule::near_year_film: return "title (year film) a year off";
    case MatchRule::film_qualifier: return "title (film)";
    case MatchRule::title_and_year: return "title + lead naming a film of that year";
    case MatchRule::title_and_film_page: return "title + film infobox and sections";
    }
    return "?";
}

namespace {

// Years further apart than this are different films: remakes are rarely a year apart, but a
// festival premiere often is.
constexpr int kYearSlack = 1;

std::optional<int> year_gap(std::optional<int> a, std::optional<int> b)
{
    if (!a || !b) return std::nullopt;
    return std::abs(*a - *b);
}

} // namespace

std::optional<Verdict> judge(std::optional<int> film_year, const TitleForm& form, const PageEvidence& evidence,
                             Nationality nationality)
{
    // "(1999 Indian film)" is another film than a US-only production of 1999 with that title.
    if (nationality == Nationality::differs) return std::nullopt;
    const int country_bonus = nationality == Nationality::matches ? 3 : 0;
    switch (form.kind) {
    case TitleForm::other: return std::nullopt;
    case TitleForm::year_film: {
        const auto gap = year_gap(film_year, form.year);
        if (!gap || *gap > kYearSlack) return std::nullopt;
        return *gap == 0 ? Verdict{MatchRule::year_film, 100 + country_bonus}
                         : Verdict{MatchRule::near_year_film, 90 + country_bonus};
    }
    case TitleForm::film: {
        // "Title (film)" is *a* film of that title; a lead giving another year makes it another's.
        const auto gap = year_gap(film_year, evidence.year);
        if (gap && *gap > kYearSlack) return std::nullopt;
        return Verdict{MatchRule::film_qualifier, (gap && *gap == 0 ? 85 : 80) + country_bonus};
    }
    case TitleForm::bare: {
        if (evidence.disambiguation || evidence.film < FilmSignal::strong) return std::nullopt;
        const auto gap = year_gap(film_year, evidence.year);
        if (gap && *gap > kYearSlack) return std::nullopt;
        if (gap) return Verdict{MatchRule::title_and_year, *gap == 0 ? 70 : 65};
        return Verdict{MatchRule::title_and_film_page, 60};
    }
    }
    return std::nullopt;
}

} // namespace sluice
