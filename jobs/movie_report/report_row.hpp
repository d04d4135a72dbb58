#pragma once
// One row of the published report: a ranked film and the Wikipedia page it was matched to.

#include "jobs/movie_report/film.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace sluice {

struct ReportRow {
    const Film* film = nullptr;
    std::optional<std::string_view> wikipedia_url;
    std::optional<std::string_view> wikipedia_abstract;
};

// The report's columns, in table and CSV order. snapshot_date is the date of the dump the row
// comes from: several snapshots (a backfill) live side by side in one table.
inline constexpr std::array<std::string_view, 12> kReportColumns{
    "snapshot_date", "movie_id", "imdb_id", "title", "year", "budget", "revenue",
    "ratio", "rating", "production_company", "wikipedia_url", "wikipedia_abstract"};

} // namespace sluice
