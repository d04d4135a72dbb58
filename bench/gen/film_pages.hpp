#pragma once
// Which CSV films get a page in an abstracts dump, under which title, and the decoys beside
// them: planned up front from `--films-csv`, so the pages can be spread evenly through a dump
// of any size.

#include "bench/gen/abstracts_writer.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sluice_gen {

struct CsvFilm {
    std::string title;
    std::int64_t year = 0;  // 0 when release_date is blank or malformed
};

// The films of a movies_metadata.csv (its title and release_date columns); records with the
// wrong field count are skipped, as sluice rejects them.
std::vector<CsvFilm> read_films(const std::string& path);

// Pages for a deterministic subset of the CSV films, and decoys beside them: the film's page is
// titled `T`, `T (film)` or `T (YEAR film)`; decoys are `T (novel)` and `T (soundtrack)`. The
// titles a film could match are reserved in the writer's registry; the entries come in dump order.
std::vector<FilmEntry> film_entries(const std::vector<CsvFilm>& films, AbstractsWriter& writer,
                                    std::uint64_t seed);

} // namespace sluice_gen
