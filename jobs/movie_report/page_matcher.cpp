#include "jobs/movie_report/page_matcher.hpp"

#include "jobs/movie_report/title_key.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_set>

namespace sluice {

void PageMatcher::add_film(const Film& film)
{
    if (films_.empty()) {
        // Room for a Kaggle-sized file (45k films) at once, not a dozen rehashes on the way.
        by_id_.reserve(1 << 16);
        by_key_.reserve(1 << 16);
    }
    by_id_.emplace(film.id, films_.size());
    by_key_[title_key(film.title)].push_back(films_.size());
    films_.push_back({film.id, film.year, packed_countries(film.country_codes), film.language, false, {}, std::nullopt, false});
}

void PageMatcher::want(std::int64_t film_id)
{
    if (const auto found = by_id_.find(film_id); found != by_id_.end()) films_[found->second].wanted = true;
}

void PageMatcher::index_complete()
{
    key_filter_ = KeyFilter{by_key_.size()};
    for (const auto& entry : by_key_) key_filter_.add(entry.first);
}

bool PageMatcher::names_a_film(std::string_view page_title) const
{
    // Only the filter (built by index_complete()) is read here: reader threads call this concurrently.
    if (key_filter_.empty()) return false;
    thread_local std::string key;
    title_key(page_title, key);
    if (key_filter_.may_contain(key)) return true;
    const auto split = split_page_title(page_title);
    if (split.qualifier.empty()) return false;
    title_key(split.base, key);
    return key_filter_.may_contain(key);
}

void PageMatcher::offer(const WikiDoc& doc)
{
    const auto page = pages_seen_++;
    const std::vector<std::size_t>* whole = nullptr;
    const std::vector<std::size_t>* base = nullptr;
    // The whole title first: a film may itself be called "Something (Else)".
    if (const auto found = by_key_.find(title_key(doc.title)); found != by_key_.end()) whole = &found->second;
    const auto split = split_page_title(doc.title);
    if (!split.qualifier.empty()) {
        if (const auto found = by_key_.find(title_key(split.base)); found != by_key_.end()) base = &found->second;
    }
    if (!whole && !base) return;

    ++docs_judged_;
    const auto evidence = read_evidence(doc);
    const auto judge_all = [&](const std::vector<std::size_t>* films, const TitleForm& form) {
        if (!films) return;
        for (const auto index : *films) {
            auto& film = films_[index];
            const auto nationality = nationality_of(form.descriptor, film.countries, film.language);
            if (const auto verdict = judge(film.year, form, evidence, nationality)) consider(film, *verdict, doc, page);
        }
    };
    judge_all(whole, TitleForm{TitleForm::bare, 0, {}});
    judge_all(base, title_form(split.qualifier));
}

void PageMatcher::consider(Entry& film, const Verdict& verdict, const WikiDoc& doc, std::uint64_t page)
{
    auto& list = film.candidates;
    // Equal scores keep the earlier page, so the result is stable for a given dump.
    const auto position = std::find_if(list.begin(), list.end(), [&](const Candidate& c) { return c.score < verdict.score; });
    if (position == list.end() && list.size() >= kCandidatesPerFilm) return;
    Candidate candidate{verdict.score, verdict.rule, page, {}, {}};
    if (film.wanted) {
        if (list.empty()) ++wanted_with_candidates_;
        candidate.url = doc.url;
        candidate.abstract = doc.abstract;
    }
    list.insert(position, std::move(candidate));
    if (list.size() > kCandidatesPerFilm) list.pop_back();
}

void PageMatcher::finish()
{
    struct Claim {
        int score;
        std::uint64_t page;
        std::size_t film;
        std::size_t candidate;
    };
    std::vector<Claim> claims;
    for (std::size_t f = 0; f < films_.size(); ++f) {
        for (std::size_t c = 0; c < films_[f].candidates.size(); ++c)
            claims.push_back({films_[f].candidates[c].score, films_[f].candidates[c].page, f, c});
    }
    std::sort(claims.begin(), claims.end(), [](const Claim& a, const Claim& b) {
        return std::tie(b.score, a.page, a.film) < std::tie(a.score, b.page, b.film);
    });
    std::unordered_set<std::uint64_t> taken;
    for (std::size_t i = 0; i < claims.size(); ++i) {
        const auto& claim = claims[i];
        auto& film = films_[claim.film];
        if (film.settled || taken.contains(claim.page)) continue;
        // The film has another free page as good as this one ("(1999 film)" twice, told apart by
        // a country the data does not give): nothing tells which is its own, so it gets neither.
        const auto& candidates = film.candidates;
        const bool ambiguous = std::any_of(candidates.begin(), candidates.end(), [&](const Candidate& other) {
            return other.score == claim.score && other.page != claim.page && !taken.contains(other.page);
        });
        if (ambiguous) {
            film.settled = true;
            continue;
        }
        taken.insert(claim.page);
        // Another film still unmatched claims this page as strongly: nothing tells them apart.
        bool contested = false;
        for (std::size_t j = i + 1; j < claims.size() && claims[j].score == claim.score && claims[j].page == claim.page; ++j)
            contested = contested || (claims[j].film != claim.film && !films_[claims[j].film].settled);
        if (!contested) {
            film.chosen = claim.candidate;
            film.settled = true;
        }
    }
    for (auto& film : films_) {
        if (film.wanted && film.chosen) {
            auto& chosen = film.candidates[*film.chosen];
            matches_.emplace(film.id, PageMatch{chosen.rule, std::move(chosen.url), std::move(chosen.abstract)});
        }
        film.candidates.clear();
        film.candidates.shrink_to_fit();
    }
}

const PageMatch* PageMatcher::match_for(std::int64_t film_id) const
{
    const auto found = matches_.find(film_id);
    return found == matches_.end() ? nullptr : &found->second;
}

} // namespace sluice
