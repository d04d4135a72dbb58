#pragma once
// A film from the movies metadata, validated and typed: the unit the transform stage ranks,
// matches and loads.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice {

struct Film {
    std::int64_t id = 0;
    std::string imdb_id;                         // "tt0114709"; may be empty in the data
    std::string title;
    std::optional<int> year;                     // from release_date YYYY-MM-DD; none when blank
    std::int64_t budget = 0;                     // US dollars; 0 means unknown in the data
    std::int64_t revenue = 0;
    std::optional<double> rating;                // vote_average
    std::optional<std::string> production_company;  // first name in production_companies
    std::vector<std::string> country_codes;      // ISO 3166-1 codes of production_countries
    std::string language;                        // original_language, ISO 639-1
    std::uint64_t line = 0;                      // line of the CSV record, for messages

    // The task's definition of the ranking key; only meaningful when revenue > 0.
    double ratio() const { return static_cast<double>(budget) / static_cast<double>(revenue); }
};

} // namespace sluice
