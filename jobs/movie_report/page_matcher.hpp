#pragma once
// Joins films to their Wikipedia pages while the dump streams past. The films are indexed by
// title (every film of the movies file, a few MB at most); the dump never is. Each doc whose
// title names an indexed film is judged for each film of that title (match_rule.hpp), and each
// film keeps its few best candidates. finish() then gives every page to at most one film, best
// verdict first: remakes sharing a title each get their own page, and a page two films claim
// equally goes to neither.
//
// Every film takes part, not only the ones the report ranks, so which page a film gets does not
// depend on --top or the thresholds. Only the ranked films ("wanted") keep their candidates'
// URL and abstract.

#include "parse/wiki_doc.hpp"
#include "jobs/movie_report/film.hpp"
#include "jobs/movie_report/key_filter.hpp"
#include "jobs/movie_report/match_rule.hpp"

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sluice {

struct PageMatch {
    MatchRule rule;
    std::string url;
    std::string abstract;
};

class PageMatcher {
public:
    // Index every film before any doc is offered. Ids are unique (the selection drops repeats).
    void add_film(const Film& film);
    // The films whose matches will be asked for; call after add_film, before offer.
    void want(std::int64_t film_id);

    // Every film is added: builds the compact filter names_a_film() reads.
    void index_complete();

    // Whether a page of this title could be judged at all: its title, or its title without the
    // "(qualifier)", is an indexed film's (false positives are possible, about one in a thousand:
    // offer() checks again). Safe to call from reader threads after index_complete().
    bool names_a_film(std::string_view page_title) const;

    void offer(const WikiDoc& doc);

    // Resolves the candidates into matches; call once, after the last doc.
    void finish();

    // The film's page, or nullptr when it has none (or is not wanted).
    const PageMatch* match_for(std::int64_t film_id) const;

    std::uint64_t docs_judged() const { return docs_judged_; }

    // Wanted films with a candidate page so far: the matches to expect while the dump streams
    // past. finish() may still leave a few of them without a page (an ambiguous or contested one).
    std::uint64_t wanted_with_candidates() const { return wanted_with_candidates_; }

private:
    struct Candidate {
        int score = 0;
        MatchRule rule{};
        std::uint64_t page = 0;  // the doc's ordinal in the dump: its identity
        std::string url;
        std::string abstract;
    };
    struct Entry {
        std::int64_t id = 0;
        std::optional<int> year;
        std::string countries;  // packed_countries()
        std::string language;
        bool wanted = false;
        std::vector<Candidate> candidates;  // best first, at most kCandidatesPerFilm
        std::optional<std::size_t> chosen;  // index into candidates, after finish()
        bool settled = false;               // chosen, or found ambiguous, in finish()
    };
    static constexpr std::size_t kCandidatesPerFilm = 6;

    void consider(Entry& film, const Verdict& verdict, const WikiDoc& doc, std::uint64_t page);

    // In front of by_key_ on the dump's hot path: every key, in 128-256 KiB for Kaggle's films.
    KeyFilter key_filter_;

    std::deque<Entry> films_;  // a deque grows without a moment holding two copies of every film
    std::unordered_map<std::int64_t, std::size_t> by_id_;
    std::unordered_map<std::string, std::vector<std::size_t>> by_key_;  // title key -> films
    std::unordered_map<std::int64_t, PageMatch> matches_;
    std::uint64_t pages_seen_ = 0;
    std::uint64_t docs_judged_ = 0;
    std::uint64_t wanted_with_candidates_ = 0;
};

} // namespace sluice
