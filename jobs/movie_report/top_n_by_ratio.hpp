#pragma once
// The N eligible films with the highest budget/revenue ratio, kept in a bounded min-heap so the
// memory is O(N) whatever the number of films offered.

#include "jobs/movie_report/film.hpp"

#include <cstddef>
#include <vector>

namespace sluice {

struct Thresholds {
    std::int64_t min_budget = 1000;
    std::int64_t min_revenue = 1000;
};

// A film can be ranked only with a real budget and revenue: the data holds zeros for "unknown"
// and junk like a revenue of 12 for a $23M film, whose ratio would top any honest ranking.
inline bool is_eligible(const Film& film, const Thresholds& thresholds)
{
    return film.budget >= thresholds.min_budget && film.revenue >= thresholds.min_revenue &&
           film.revenue > 0;
}

class TopNByRatio {
public:
    explicit TopNByRatio(std::size_t limit) : limit_(limit) {}

    void offer(const Film& film);

    // Best first: highest ratio, ties by lower id so the order never depends on input order.
    std::vector<Film> take_sorted();

private:
    std::size_t limit_;
    std::vector<Film> heap_;  // worst kept film at the front
};

} // namespace sluice
