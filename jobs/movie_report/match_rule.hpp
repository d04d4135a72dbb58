#pragma once
// Whether a page can be a film's article, by which rule, and how good a match it is.
//
// Wikipedia names a film's article "Title" when the title is unique, "Title (film)" when
// non-films share it, and "Title (YEAR film)" when other films do; the year is sometimes the
// festival premiere, one before the release year in the movies data. A qualified title settles
// what the page is; a bare one needs the page's own text to say "film", because the bare title is
// as often the novel, the band or the disambiguation page. When the evidence is weak there is no
// match: no match is better than a wrong one.

#include "jobs/movie_report/nationality.hpp"
#include "jobs/movie_report/page_evidence.hpp"

#include <array>
#include <cstddef>
#include <optional>

namespace sluice {

// Best first; the numbers index counts in summaries.
enum class MatchRule {
    year_film = 0,        // "Title (1995 film)", the release year; "(1995 American film)" the country
    near_year_film,       // "Title (1994 film)", a year off (premiere vs release)
    film_qualifier,       // "Title (film)", and no year in the page contradicts the film's
    title_and_year,       // "Title", whose lead calls it a film of the film's year (or one off)
    title_and_film_page,  // "Title", whose infobox and sections are a film's, with no year given
};
inline constexpr std::size_t kMatchRuleCount = 5;
const char* to_string(MatchRule rule);

struct Verdict {
    MatchRule rule;
    int score;  // higher is better; compares verdicts across rules and films
};

// `film_year` is the film's release year, if the data has one; `nationality` compares the
// qualifier's descriptor ("American" in "(1999 American film)") with the film's countries.
std::optional<Verdict> judge(std::optional<int> film_year, const TitleForm& form, const PageEvidence& evidence,
                             Nationality nationality = Nationality::unknown);

using MatchRuleCounts = std::array<std::size_t, kMatchRuleCount>;

} // namespace sluice
