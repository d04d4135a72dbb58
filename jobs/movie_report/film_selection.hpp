#pragma once
// Reads the movies CSV to its end and keeps the films the report ranks: every record validated,
// refused ones reported, duplicates of an id dropped, and the top N eligible by ratio kept. Every
// kept film, ranked or not, is also shown to `on_film` (the matcher indexes them all).

#include "core/byte_source.hpp"
#include "jobs/movie_report/film.hpp"
#include "jobs/movie_report/top_n_by_ratio.hpp"

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace sluice {

struct FilmSelection {
    std::vector<Film> films;   // best ratio first
    std::uint64_t records = 0;  // data records read (the header excluded)
    std::uint64_t rejected = 0;
    std::uint64_t eligible = 0;
};

// Called for each refused record: its first line, the reason and its raw text.
using RejectHandler = std::function<void(std::uint64_t line, std::string_view reason, std::string_view raw)>;

// Called for every film kept (valid, first of its id), eligible or not.
using FilmHandler = std::function<void(const Film&)>;

FilmSelection select_films(ByteSource& movies_csv, const Thresholds& thresholds, std::size_t top,
                           const RejectHandler& on_reject, const FilmHandler& on_film = {});

} // namespace sluice
