#pragma once
// Joins films to Wikipedia pages while the dump streams past: the films are indexed (a few
// thousand keys), the dump never is. Each film keeps only its best candidate so far.
//
// The rule for now is a plain title match with the dump's disambiguation conventions:
// "Title (YEAR film)" with the film's release year beats "Title (film)" beats "Title".

#include "parse/wiki_doc.hpp"
#include "transform/film.hpp"

#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sluice {

enum class MatchRule { exact_title = 1, film_qualifier = 2, year_film_qualifier = 3 };
inline constexpr std::size_t kMatchRuleCount = 3;
const char* to_string(MatchRule rule);

struct PageMatch {
    MatchRule rule;
    std::string url;
    std::string abstract;
};

class TitleMatcher {
public:
    // `films` must outlive the matcher; results are reported in the same order.
    explicit TitleMatcher(const std::vector<Film>& films);

    void offer(const WikiDoc& doc);

    const std::vector<std::optional<PageMatch>>& matches() const { return matches_; }
    std::size_t matched_count() const;
    std::array<std::size_t, kMatchRuleCount> counts_by_rule() const;

private:
    void consider(const std::string& key, std::string_view qualifier, const WikiDoc& doc);

    const std::vector<Film>& films_;
    std::unordered_map<std::string, std::vector<std::size_t>> by_key_;  // title key -> film indexes
    std::vector<std::optional<PageMatch>> matches_;
};

} // namespace sluice
