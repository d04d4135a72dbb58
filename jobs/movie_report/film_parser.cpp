#include "jobs/movie_report/film_parser.hpp"

#include "convert/date_time.hpp"
#include "convert/number_text.hpp"
#include "convert/postgres_text.hpp"
#include "core/error.hpp"
#include "jobs/movie_report/python_literal.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sluice {

namespace {

// Postgres refuses NUL bytes and ill-formed UTF-8 in text.
bool is_clean_text(std::string_view text) { return postgres_text_fault(text) == TextFault::none; }

// Long enough to recognise the value, short enough to keep one rejection on one log line.
constexpr std::size_t max_quoted_bytes = 40;

// The value in single quotes for a rejection reason: cut to 40 bytes on a UTF-8 character
// boundary, with control characters and bytes that are not UTF-8 escaped, so an embedded line
// break cannot split the message, a terminal escape cannot act on whoever reads it, and the
// message stays UTF-8.
std::string quoted(std::string_view value)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out = "'";
    bool cut = false;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(value.data());
    // Past the limit only the character straddling it is looked at: at most 4 bytes more.
    const auto length = static_cast<std::int32_t>(std::min(value.size(), max_quoted_bytes + 4));
    for (std::int32_t i = 0; i < length;) {
        const std::int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);  // c < 0: ill-formed bytes
        if (static_cast<std::size_t>(i) > max_quoted_bytes) {
            cut = true;
            break;
        }
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {  // controls (C0, DEL, C1) and c < 0
            for (std::int32_t k = start; k < i; ++k) {
                out += "\\x";
                out += kDigits[bytes[k] >> 4];
                out += kDigits[bytes[k] & 0xF];
            }
        } else {
            out.append(value.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
        }
    }
    if (cut || value.size() > static_cast<std::size_t>(length)) out += "...";
    out += '\'';
    return out;
}

std::string_view trim(std::string_view s)
{
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

// The shared integer rule, without the '+' a TMDB id or amount never carries (the film parser
// has always refused it).
std::optional<std::int64_t> parse_integer(std::string_view s)
{
    std::int64_t value = 0;
    if (s.starts_with('+') || sluice::parse_integer(s, value) != IntegerText::ok) return std::nullopt;
    return value;
}

enum class AmountError { none, not_a_number, not_whole };

// Budget and revenue are integers, but some exports write them as floats ("30000000.0").
AmountError parse_amount(std::string_view s, std::int64_t& value)
{
    const std::size_t dot = s.find('.');
    if (dot != std::string_view::npos) {
        const std::string_view fraction = s.substr(dot + 1);
        bool zero = true;
        for (const char c : fraction) {
            if (c < '0' || c > '9') return AmountError::not_a_number;
            if (c != '0') zero = false;
        }
        const auto whole = parse_integer(s.substr(0, dot));
        if (!whole) return AmountError::not_a_number;
        if (!zero) return AmountError::not_whole;
        value = *whole;
        return AmountError::none;
    }
    const auto whole = parse_integer(s);
    if (!whole) return AmountError::not_a_number;
    value = *whole;
    return AmountError::none;
}

// The year of a YYYY-MM-DD date that exists in the calendar.
std::optional<int> parse_year(std::string_view s)
{
    const auto date = parse_iso_date(s);
    if (!date) return std::nullopt;
    return static_cast<int>(date->year());
}

// A decimal by the shared rule, without a '+' (as std::from_chars, which the parser used).
std::optional<double> parse_double(std::string_view s)
{
    if (s.starts_with('+') || !parse_decimal_text(s)) return std::nullopt;
    return decimal_to_double(s);
}

} // namespace

FilmParser::FilmParser(std::string source_name, const CsvRecord& header)
    : source_name_(std::move(source_name)), expected_fields_(header.fields.size())
{
    const std::uint64_t header_line = header.line == 0 ? 1 : header.line;
    // The column named `name`, or npos. Two columns of that name are an error: which one holds
    // the data is anyone's guess, and taking the first would load the wrong one without a word.
    const auto find_column = [&](std::string_view name) -> std::size_t {
        std::size_t found = std::string::npos;
        std::size_t count = 0;
        std::string positions;
        for (std::size_t i = 0; i < header.fields.size(); ++i) {
            std::string_view field = header.fields[i];
            // A UTF-8 byte order mark, as spreadsheet exports write, is not part of the name.
            if (i == 0 && field.starts_with("\xEF\xBB\xBF")) field.remove_prefix(3);
            if (field != name) continue;
            if (++count == 1) found = i;
            if (count <= 2) positions += (count == 1 ? "" : " and ") + std::to_string(i + 1);
        }
        if (count > 1)
            throw Error(source_name_,
                        "duplicate column '" + std::string(name) + "' in the header: columns " + positions +
                            (count > 2 ? " (and " + std::to_string(count - 2) + " more)" : std::string{}),
                        SourcePosition::at_line(header_line));
        return found;
    };
    const auto column = [&](std::string_view name) -> std::size_t {
        if (const auto i = find_column(name); i != std::string::npos) return i;
        throw Error(source_name_, "missing column '" + std::string(name) + "'", SourcePosition::at_line(header_line));
    };
    // In the order of the real header, so the first missing or doubled one is reported.
    budget_ = column("budget");
    id_ = column("id");
    imdb_id_ = column("imdb_id");
    production_companies_ = column("production_companies");
    release_date_ = column("release_date");
    revenue_ = column("revenue");
    title_ = column("title");
    vote_average_ = column("vote_average");
    production_countries_ = find_column("production_countries");
    original_language_ = find_column("original_language");
}

std::variant<Film, std::string> FilmParser::parse(const CsvRecord& record) const
{
    if (record.error) return *record.error;
    if (record.fields.size() != expected_fields_) {
        return "expected " + std::to_string(expected_fields_) + " fields, found " +
               std::to_string(record.fields.size());
    }

    Film film;
    film.line = record.line;

    const std::string_view id = record.fields[id_];
    const auto id_value = parse_integer(id);
    if (!id_value) return "id: not an integer: " + quoted(id);
    film.id = *id_value;

    const auto amount = [&](std::size_t column, const char* name,
                            std::int64_t& out) -> std::optional<std::string> {
        const std::string_view text = record.fields[column];
        if (text.empty()) return std::nullopt;  // unknown, as 0 is in the data
        switch (parse_amount(text, out)) {
        case AmountError::none: return std::nullopt;
        case AmountError::not_a_number: return std::string(name) + ": not a number: " + quoted(text);
        case AmountError::not_whole: return std::string(name) + ": not a whole number: " + quoted(text);
        }
        return std::nullopt;
    };
    if (auto reason = amount(budget_, "budget", film.budget)) return std::move(*reason);
    if (auto reason = amount(revenue_, "revenue", film.revenue)) return std::move(*reason);

    const std::string_view date = record.fields[release_date_];
    if (!date.empty()) {
        film.year = parse_year(date);
        if (!film.year) return "release_date: not a date: " + quoted(date);
    }

    const std::string_view rating = record.fields[vote_average_];
    if (!rating.empty()) {
        film.rating = parse_double(rating);
        if (!film.rating) return "vote_average: not a number: " + quoted(rating);
        // TMDB's scale; anything else is a broken record and would not fit the report's column.
        if (*film.rating < 0 || *film.rating > 10) return "vote_average: not between 0 and 10: " + quoted(rating);
    }

    try {
        film.production_company = first_name(record.fields[production_companies_]);
    } catch (const PythonLiteralError& e) {
        return std::string("production_companies: ") + e.what();
    }

    // Countries and language only help tell same-titled films apart; a column that does not
    // parse leaves them unknown rather than costing the film its place in the report.
    if (production_countries_ != std::string::npos) {
        try {
            film.country_codes = dict_values(record.fields[production_countries_], "iso_3166_1");
        } catch (const PythonLiteralError&) {
            film.country_codes.clear();
        }
    }
    if (original_language_ != std::string::npos) film.language = trim(record.fields[original_language_]);

    film.title = trim(record.fields[title_]);
    if (film.title.empty()) return std::string("title: empty");

    film.imdb_id = record.fields[imdb_id_];

    // Postgres refuses NUL bytes and invalid UTF-8 in text: refuse the record here, with its
    // line, rather than fail the whole load at COPY time.
    if (!is_clean_text(film.title)) return "title: not valid UTF-8 text: " + quoted(film.title);
    if (!is_clean_text(film.imdb_id)) return "imdb_id: not valid UTF-8 text: " + quoted(film.imdb_id);
    if (film.production_company && !is_clean_text(*film.production_company))
        return "production_companies: not valid UTF-8 text: " + quoted(*film.production_company);
    return film;
}

} // namespace sluice
