#include "jobs/movie_report/film_selection.hpp"

#include "core/error.hpp"
#include "parse/csv_reader.hpp"
#include "jobs/movie_report/film_parser.hpp"

#include <unordered_map>

namespace sluice {

namespace {

// Kaggle's file has 45,466 records: room for them up front spares the maps a dozen rehashes.
constexpr std::size_t kExpectedRecords = 1 << 16;

} // namespace

FilmSelection select_films(ByteSource& movies_csv, const Thresholds& thresholds, std::size_t top,
                           const RejectHandler& on_reject, const FilmHandler& on_film)
{
    CsvReader reader{movies_csv};
    CsvRecord record;
    if (!reader.next(record)) throw Error(movies_csv.name(), "no header row: the CSV is empty");
    const FilmParser parser{movies_csv.name(), record};

    FilmSelection selection;
    TopNByRatio ranking{top};
    // The real file repeats some ids; the first record of an id is the one kept.
    std::unordered_map<std::int64_t, std::uint64_t> first_line_of_id;
    first_line_of_id.reserve(kExpectedRecords);
    while (reader.next(record)) {
        ++selection.records;
        auto parsed = parser.parse(record);
        if (auto* reason = std::get_if<std::string>(&parsed)) {
            ++selection.rejected;
            on_reject(record.line, *reason, record.raw);
            continue;
        }
        const Film& film = std::get<Film>(parsed);
        const auto [seen, inserted] = first_line_of_id.try_emplace(film.id, record.line);
        if (!inserted) {
            ++selection.rejected;
            on_reject(record.line, "duplicate id " + std::to_string(film.id) + " (first on line " +
                                       std::to_string(seen->second) + ")",
                      record.raw);
            continue;
        }
        if (on_film) on_film(film);
        if (!is_eligible(film, thresholds)) continue;
        ++selection.eligible;
        ranking.offer(film);
    }
    selection.films = ranking.take_sorted();
    return selection;
}

} // namespace sluice
