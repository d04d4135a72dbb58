#include "jobs/movie_report/top_n_by_ratio.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

using sluice::Film;
using sluice::is_eligible;
using sluice::Thresholds;
using sluice::TopNByRatio;

namespace {

Film film(std::int64_t id, std::int64_t budget, std::int64_t revenue)
{
    Film f;
    f.id = id;
    f.title = "Film " + std::to_string(id);
    f.budget = budget;
    f.revenue = revenue;
    return f;
}

std::vector<std::int64_t> ids(const std::vector<Film>& films)
{
    std::vector<std::int64_t> out;
    for (const auto& f : films) out.push_back(f.id);
    return out;
}

std::vector<std::int64_t> top_ids(const std::vector<Film>& films, std::size_t limit)
{
    TopNByRatio top(limit);
    for (const auto& f : films) top.offer(f);
    return ids(top.take_sorted());
}

// Ratios (budget / revenue): 1: 0.5, 2: 4, 3: 0.1, 4: 2, 5: 3, 6: 1.
const std::vector<Film> kFilms{film(1, 1000, 2000), film(2, 40000, 10000), film(3, 1000, 10000),
                               film(4, 2000, 1000),  film(5, 30000, 10000), film(6, 5000, 5000)};

} // namespace

TEST_CASE("top n: keeps the N highest budget/revenue ratios, best first")
{
    CHECK(top_ids(kFilms, 3) == std::vector<std::int64_t>{2, 5, 4});
    CHECK(top_ids(kFilms, 1) == std::vector<std::int64_t>{2});
    CHECK(top_ids(kFilms, 5) == std::vector<std::int64_t>{2, 5, 4, 6, 1});
}

TEST_CASE("top n: a limit larger than the input keeps everything, sorted, and zero keeps nothing")
{
    CHECK(top_ids(kFilms, 100) == std::vector<std::int64_t>{2, 5, 4, 6, 1, 3});
    CHECK(top_ids(kFilms, 6) == std::vector<std::int64_t>{2, 5, 4, 6, 1, 3});
    CHECK(top_ids(kFilms, 0).empty());
    CHECK(top_ids({}, 10).empty());
}

TEST_CASE("top n: equal ratios rank by lower id")
{
    // All ratio 2, given in scrambled id order; 20000/10000 and 2000/1000 are exactly equal doubles.
    const std::vector<Film> tied{film(9, 2000, 1000), film(3, 20000, 10000), film(7, 4000, 2000), film(5, 2000, 1000)};
    CHECK(top_ids(tied, 10) == std::vector<std::int64_t>{3, 5, 7, 9});
    CHECK(top_ids(tied, 2) == std::vector<std::int64_t>{3, 5});
    // A tie at the cut: id 1 (ratio 2) displaces the higher ids, not the better ratio.
    std::vector<Film> with_best = tied;
    with_best.push_back(film(100, 9000, 1000));
    with_best.push_back(film(1, 2000, 1000));
    CHECK(top_ids(with_best, 3) == std::vector<std::int64_t>{100, 1, 3});
}

TEST_CASE("top n: the result does not depend on the input order")
{
    std::vector<Film> films = kFilms;
    films.push_back(film(7, 4000, 1000));   // ties with 2 on ratio 4, and 2 has the lower id
    films.push_back(film(8, 1000, 10000));  // ties with 3
    std::sort(films.begin(), films.end(), [](const Film& a, const Film& b) { return a.id < b.id; });
    const std::vector<std::int64_t> expected3{2, 7, 5};
    const std::vector<std::int64_t> expected_all{2, 7, 5, 4, 6, 1, 3, 8};
    int permutations = 0;
    bool all_same = true;
    do {
        all_same = all_same && top_ids(films, 3) == expected3 && top_ids(films, 100) == expected_all;
        ++permutations;
    } while (std::next_permutation(films.begin(), films.end(),
                                   [](const Film& a, const Film& b) { return a.id < b.id; }));
    CHECK(permutations == 40320);
    CHECK(all_same);
}

TEST_CASE("top n: matches a full sort on a larger input")
{
    std::vector<Film> films;
    std::uint32_t state = 12345;
    const auto next = [&] { return state = state * 1103515245u + 12345u, (state >> 8) % 1000 + 1; };
    for (std::int64_t id = 1; id <= 5000; ++id) films.push_back(film(id, 1000 * next(), 1000 * next()));
    std::vector<Film> sorted = films;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Film& a, const Film& b) {
        if (a.ratio() != b.ratio()) return a.ratio() > b.ratio();
        return a.id < b.id;
    });
    sorted.resize(25);
    CHECK(top_ids(films, 25) == ids(sorted));
}

TEST_CASE("top n: take_sorted hands the films over once, with all their fields")
{
    TopNByRatio top(2);
    Film heat = film(949, 60000000, 187436818);
    heat.imdb_id = "tt0113277";
    heat.title = "Heat";
    heat.year = 1995;
    heat.rating = 7.7;
    top.offer(heat);
    const auto first = top.take_sorted();
    REQUIRE(first.size() == 1);
    CHECK(first[0].title == "Heat");
    CHECK(first[0].imdb_id == "tt0113277");
    CHECK(first[0].year == 1995);
    CHECK(first[0].ratio() == doctest::Approx(0.3201078669613352));
    CHECK(top.take_sorted().empty());
}

TEST_CASE("top n: is_eligible needs budget and revenue at the thresholds")
{
    const Thresholds defaults;
    CHECK(defaults.min_budget == 1000);
    CHECK(defaults.min_revenue == 1000);
    CHECK(is_eligible(film(1, 1000, 1000), defaults));
    CHECK(is_eligible(film(1, 30000000, 373554033), defaults));
    CHECK_FALSE(is_eligible(film(1, 999, 1000), defaults));
    CHECK_FALSE(is_eligible(film(1, 1000, 999), defaults));
    CHECK_FALSE(is_eligible(film(1, 0, 0), defaults));
    CHECK_FALSE(is_eligible(film(1, 23000000, 12), defaults));  // junk revenue

    const Thresholds custom{5000, 100};
    CHECK(is_eligible(film(1, 5000, 100), custom));
    CHECK_FALSE(is_eligible(film(1, 4999, 100), custom));
    CHECK_FALSE(is_eligible(film(1, 5000, 99), custom));

    // Even with no thresholds, a zero revenue is never eligible: the ratio would divide by zero.
    const Thresholds none{0, 0};
    CHECK(is_eligible(film(1, 0, 1), none));
    CHECK_FALSE(is_eligible(film(1, 1000, 0), none));
    CHECK_FALSE(is_eligible(film(1, 1000, -5), none));
}
