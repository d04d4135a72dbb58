#pragma once
// Turns records of Kaggle's movies_metadata.csv into Films, or into the reason a record is
// rejected. Columns are found by header name, so reordered or extra columns are fine.
//
// The full Kaggle file holds three records whose unquoted overview was broken across lines; each
// arrives here as two records with the wrong field count and is rejected on that count, before
// any shifted value could be misread as a film.

#include "parse/csv_reader.hpp"
#include "jobs/movie_report/film.hpp"

#include <cstddef>
#include <string>
#include <variant>

namespace sluice {

class FilmParser {
public:
    // Throws sluice::Error(source_name, "missing column 'budget'", line of the header) when a
    // needed column is absent, and "duplicate column 'title' in the header: columns 21 and 25"
    // when a column it reads (the hints production_countries and original_language included)
    // is named twice. Doubled names of columns it does not read are fine.
    FilmParser(std::string source_name, const CsvRecord& header);

    // The header's field count: every record must have exactly this many.
    std::size_t expected_fields() const { return expected_fields_; }

    // A Film, or the reason the record is rejected, e.g. "expected 24 fields, found 22" or
    // "budget: not a number: 'abc'". Values quoted in reasons are cut to 40 bytes.
    std::variant<Film, std::string> parse(const CsvRecord& record) const;

    const std::string& source_name() const { return source_name_; }

private:
    std::string source_name_;
    std::size_t expected_fields_ = 0;
    std::size_t budget_ = 0;
    std::size_t id_ = 0;
    std::size_t imdb_id_ = 0;
    std::size_t production_companies_ = 0;
    std::size_t release_date_ = 0;
    std::size_t revenue_ = 0;
    std::size_t title_ = 0;
    std::size_t vote_average_ = 0;
    // Optional columns (only hints for matching): npos when the header lacks them.
    std::size_t production_countries_ = std::string::npos;
    std::size_t original_language_ = std::string::npos;
};

} // namespace sluice
