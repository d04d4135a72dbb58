#include "jobs/movie_report/report_table.hpp"

#include "jobs/movie_report/report_format.hpp"

namespace sluice {

namespace {

std::optional<std::string_view> text_or_null(std::string_view text)
{
    if (text.empty()) return std::nullopt;
    return text;
}

std::optional<std::string_view> text_or_null(const std::optional<std::string_view>& text)
{
    return text ? text_or_null(*text) : std::nullopt;
}

} // namespace

TableSpec report_table_spec(const std::string& table)
{
    const auto type = [](ScalarType scalar) { return ValueType{scalar, false}; };
    TableSpec spec;
    spec.name = table;
    spec.columns = {
        {"snapshot_date", type(ScalarType::date), true},
        {"movie_id", type(ScalarType::bigint), true},
        {"imdb_id", type(ScalarType::text), false},
        {"title", type(ScalarType::text), true},
        {"year", type(ScalarType::integer), false},
        {"budget", type(ScalarType::bigint), true},
        {"revenue", type(ScalarType::bigint), true},
        {"ratio", type(ScalarType::double_precision), true},
        {"rating", type(ScalarType::numeric), false},
        {"production_company", type(ScalarType::text), false},
        {"wikipedia_url", type(ScalarType::text), false},
        {"wikipedia_abstract", type(ScalarType::text), false},
    };
    spec.key = {"snapshot_date", "movie_id"};
    return spec;
}

std::span<const std::optional<std::string_view>> ReportRowValues::of(const ReportRow& row)
{
    const Film& film = *row.film;
    numbers_[0] = std::to_string(film.id);
    numbers_[1] = film.year ? std::to_string(*film.year) : std::string{};
    numbers_[2] = std::to_string(film.budget);
    numbers_[3] = std::to_string(film.revenue);
    numbers_[4] = format_ratio(film.ratio());
    numbers_[5] = film.rating ? format_rating(*film.rating) : std::string{};
    values_ = {snapshot_date_,
               numbers_[0],
               text_or_null(std::string_view{film.imdb_id}),
               std::string_view{film.title},
               film.year ? std::optional<std::string_view>{numbers_[1]} : std::nullopt,
               numbers_[2],
               numbers_[3],
               numbers_[4],
               film.rating ? std::optional<std::string_view>{numbers_[5]} : std::nullopt,
               film.production_company ? std::optional<std::string_view>{*film.production_company} : std::nullopt,
               text_or_null(row.wikipedia_url),
               text_or_null(row.wikipedia_abstract)};
    return values_;
}

} // namespace sluice
