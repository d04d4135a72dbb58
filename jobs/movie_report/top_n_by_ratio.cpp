#include "jobs/movie_report/top_n_by_ratio.hpp"

#include <utility>
#include <algorithm>

namespace sluice {

namespace {

// True when `a` ranks before `b`.
bool ranks_before(const Film& a, const Film& b)
{
    const double ra = a.ratio();
    const double rb = b.ratio();
    if (ra != rb) return ra > rb;
    return a.id < b.id;
}

} // namespace

void TopNByRatio::offer(const Film& film)
{
    if (limit_ == 0) return;
    // With ranks_before as the heap's "less", the front is the film that ranks last.
    if (heap_.size() < limit_) {
        heap_.push_back(film);
        std::push_heap(heap_.begin(), heap_.end(), ranks_before);
        return;
    }
    if (!ranks_before(film, heap_.front())) return;
    std::pop_heap(heap_.begin(), heap_.end(), ranks_before);
    heap_.back() = film;
    std::push_heap(heap_.begin(), heap_.end(), ranks_before);
}

std::vector<Film> TopNByRatio::take_sorted()
{
    std::sort(heap_.begin(), heap_.end(), ranks_before);
    return std::exchange(heap_, {});
}

} // namespace sluice
