#include "bench/gen/film_pages.hpp"

#include "bench/gen/csv_file_reader.hpp"
#include "bench/gen/errors.hpp"
#include "bench/gen/prose.hpp"
#include "bench/gen/rng.hpp"
#include "bench/gen/text_append.hpp"
#include "bench/gen/xml_escape.hpp"

#include <algorithm>
#include <utility>

namespace sluice_gen {

std::vector<CsvFilm> read_films(const std::string& path)
{
    CsvFileReader reader(path);
    std::vector<std::string> fields;
    if (!reader.next(fields)) fail(path + ": empty file");
    std::size_t title_col = fields.size();
    std::size_t date_col = fields.size();
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i] == "title") title_col = i;
        if (fields[i] == "release_date") date_col = i;
    }
    if (title_col == fields.size() || date_col == fields.size())
        fail(path + ": header has no title and release_date columns");
    const std::size_t width = fields.size();

    std::vector<CsvFilm> films;
    while (reader.next(fields)) {
        // Broken records (wrong field count) are skipped: sluice rejects them too.
        if (fields.size() != width || fields[title_col].empty()) continue;
        CsvFilm film;
        film.title = fields[title_col];
        const std::string& date = fields[date_col];
        auto digit = [](char c) { return c >= '0' && c <= '9'; };
        if (date.size() >= 4 && std::all_of(date.begin(), date.begin() + 4, digit))
            film.year = std::stoi(date.substr(0, 4));
        films.push_back(std::move(film));
    }
    return films;
}

std::vector<FilmEntry> film_entries(const std::vector<CsvFilm>& films, AbstractsWriter& writer,
                                    std::uint64_t seed)
{
    std::vector<FilmEntry> entries;
    TitleRegistry& titles = writer.titles();
    Rng& rng = writer.rng();
    for (const CsvFilm& film : films) {
        std::string candidate = film.title;
        titles.reserve(candidate);
        candidate += " (film)";
        titles.reserve(candidate);
        if (film.year > 0) {
            candidate.resize(film.title.size());
            candidate += " (";
            append_int(candidate, film.year);
            candidate += " film)";
            titles.reserve(candidate);
        }
    }
    for (const CsvFilm& film : films) {
        std::string key = film.title;
        key += '|';
        append_int(key, film.year);
        const std::uint64_t h = stable_hash(key, seed);
        if (h % 100 >= 70) continue;  // 70% of films have a page

        FilmEntry page;
        page.title = film.title;
        const std::uint64_t form = (h >> 8) % 10;
        if (form >= 6 && film.year > 0) {
            page.title += " (";
            append_int(page.title, film.year);
            page.title += " film)";
        } else if (form >= 4) {
            page.title += " (film)";
        }
        // The CSV repeats titles (remakes, duplicate rows); a page title occurs once.
        if (!titles.claim_film(page.title)) continue;
        // One film page in five has template debris for an abstract, as in the real dump.
        if ((h >> 16) % 5 != 0) {
            writer.film_lead(page.abstract, film.title, film.year);
            writer.extend_prose(page.abstract);
        }
        page.order = mix64(h);
        entries.push_back(std::move(page));

        const std::uint64_t decoy = (h >> 24) % 100;
        if (decoy < 25) {
            FilmEntry other;
            other.title = film.title;
            const bool novel = decoy < 15;
            other.title += novel ? " (novel)" : " (soundtrack)";
            if (!titles.claim_film(other.title)) continue;
            append_xml_escaped(other.abstract, film.title);
            if (novel) {
                other.abstract += " is a ";
                const std::int64_t published = film.year > 0 ? film.year - 1 - rng.between(0, 19)
                                                             : rng.between(1950, 2009);
                append_int(other.abstract, published);
                other.abstract += " novel by ";
                append_xml_escaped(other.abstract, person_name(rng));
                other.abstract += ".";
            } else {
                other.abstract += " is the soundtrack album to the film of the same name, ";
                other.abstract += "composed by ";
                append_xml_escaped(other.abstract, person_name(rng));
                other.abstract += ".";
            }
            writer.extend_prose(other.abstract);
            other.order = mix64(h ^ 0x5bd1e995);
            entries.push_back(std::move(other));
        }
    }
    // Spread decoys and films through the dump independently of CSV order.
    std::sort(entries.begin(), entries.end(), [](const FilmEntry& a, const FilmEntry& b) {
        return a.order != b.order ? a.order < b.order : a.title < b.title;
    });
    return entries;
}

} // namespace sluice_gen
