#include "transform/title_matcher.hpp"

#include "transform/title_key.hpp"

#include <charconv>

namespace sluice {

const char* to_string(MatchRule rule)
{
    switch (rule) {
    case MatchRule::exact_title: return "exact title";
    case MatchRule::film_qualifier: return "title (film)";
    case MatchRule::year_film_qualifier: return "title (year film)";
    }
    return "?";
}

namespace {

// The rule a page satisfies for a film, if any.
std::optional<MatchRule> rule_for(std::string_view qualifier, const Film& film)
{
    if (qualifier.empty()) return MatchRule::exact_title;
    if (qualifier == "film") return MatchRule::film_qualifier;
    constexpr std::string_view suffix = " film";
    if (qualifier.size() == 4 + suffix.size() && qualifier.ends_with(suffix) && film.year) {
        int year = 0;
        const auto* first = qualifier.data();
        const auto [end, error] = std::from_chars(first, first + 4, year);
        if (error == std::errc{} && end == first + 4 && year == *film.year) return MatchRule::year_film_qualifier;
    }
    return std::nullopt;
}

} // namespace

TitleMatcher::TitleMatcher(const std::vector<Film>& films) : films_(films), matches_(films.size())
{
    for (std::size_t i = 0; i < films.size(); ++i) by_key_[title_key(films[i].title)].push_back(i);
}

void TitleMatcher::offer(const WikiDoc& doc)
{
    // The whole title first: a film may itself be called "Something (Else)".
    consider(title_key(doc.title), {}, doc);
    const auto page = split_page_title(doc.title);
    if (!page.qualifier.empty()) consider(title_key(page.base), page.qualifier, doc);
}

void TitleMatcher::consider(const std::string& key, std::string_view qualifier, const WikiDoc& doc)
{
    const auto found = by_key_.find(key);
    if (found == by_key_.end()) return;
    for (const auto index : found->second) {
        const auto rule = rule_for(qualifier, films_[index]);
        if (!rule) continue;
        auto& best = matches_[index];
        // First page seen wins a tie, so the result is stable for a given dump.
        if (best && best->rule >= *rule) continue;
        best = PageMatch{*rule, doc.url, doc.abstract};
    }
}

std::size_t TitleMatcher::matched_count() const
{
    std::size_t count = 0;
    for (const auto& match : matches_) count += match ? 1 : 0;
    return count;
}

std::array<std::size_t, kMatchRuleCount> TitleMatcher::counts_by_rule() const
{
    std::array<std::size_t, kMatchRuleCount> counts{};
    for (const auto& match : matches_) {
        if (match) ++counts[static_cast<std::size_t>(match->rule) - 1];
    }
    return counts;
}

} // namespace sluice
