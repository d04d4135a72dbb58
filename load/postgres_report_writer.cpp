#include "load/postgres_report_writer.hpp"

#include "core/error.hpp"
#include "core/redact.hpp"
#include "load/report_format.hpp"

#include <pqxx/pqxx>

#include <optional>
#include <tuple>

// libpqxx writes an empty std::optional as NULL (internal/type_utils.hxx).
namespace sluice {

namespace {

std::string quote_identifier(const std::string& identifier)
{
    std::string out = "\"";
    for (const char c : identifier) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

std::optional<std::string> text_or_null(std::string_view text)
{
    if (text.empty()) return std::nullopt;
    return std::string{text};
}

std::optional<std::string> text_or_null(const std::optional<std::string_view>& text)
{
    return text ? text_or_null(*text) : std::nullopt;
}

std::string describe_database(const std::string& conninfo)
{
    return conninfo.empty() ? "postgres" : "postgres (" + redact_conninfo(conninfo) + ")";
}

} // namespace

std::string quote_table_name(const std::string& table)
{
    const auto dot = table.find('.');
    if (dot == std::string::npos) return quote_identifier(table);
    return quote_identifier(table.substr(0, dot)) + "." + quote_identifier(table.substr(dot + 1));
}

PostgresReportWriter::PostgresReportWriter(const std::string& conninfo, std::string table)
    : name_(describe_database(conninfo)), table_(quote_table_name(table))
{
    try {
        connection_ = std::make_unique<pqxx::connection>(conninfo);
    } catch (const std::exception& failure) {
        rethrow_as_error(failure);
    }
}

PostgresReportWriter::~PostgresReportWriter()
{
    // Abandoning the stream and transaction rolls the load back; the old table stays as it was.
    try {
        stream_.reset();
        transaction_.reset();
    } catch (...) {
    }
}

void PostgresReportWriter::rethrow_as_error(const std::exception& failure) const
{
    std::string message = failure.what();
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    // libpq's messages span lines; an error here is one line.
    for (auto& c : message) {
        if (c == '\n') c = ' ';
    }
    throw Error(name_, redact_conninfo(message));
}

void PostgresReportWriter::begin()
{
    if (transaction_) return;
    try {
        transaction_ = std::make_unique<pqxx::work>(*connection_, "sluice load");
        transaction_->exec("CREATE TABLE IF NOT EXISTS " + table_ + " (" +
                           "movie_id bigint PRIMARY KEY, imdb_id text, title text NOT NULL, year integer, "
                           "budget bigint NOT NULL, revenue bigint NOT NULL, ratio double precision NOT NULL, "
                           "rating numeric(3,1), production_company text, wikipedia_url text, "
                           "wikipedia_abstract text)");
        // TRUNCATE inside the transaction: readers keep the old rows until commit.
        transaction_->exec("TRUNCATE " + table_);
        const std::vector<std::string> columns(kReportColumns.begin(), kReportColumns.end());
        stream_ = std::make_unique<pqxx::stream_to>(*transaction_, table_, columns);
    } catch (const std::exception& failure) {
        rethrow_as_error(failure);
    }
}

void PostgresReportWriter::write(const ReportRow& row)
{
    begin();
    const Film& film = *row.film;
    try {
        *stream_ << std::make_tuple(
            film.id, text_or_null(std::string_view{film.imdb_id}), film.title, film.year, film.budget, film.revenue,
            format_ratio(film.ratio()),
            film.rating ? std::optional<std::string>{format_rating(*film.rating)} : std::nullopt,
            film.production_company, text_or_null(row.wikipedia_url), text_or_null(row.wikipedia_abstract));
    } catch (const std::exception& failure) {
        rethrow_as_error(failure);
    }
    ++rows_;
}

void PostgresReportWriter::commit()
{
    begin();
    try {
        stream_->complete();
        stream_.reset();
        transaction_->commit();
        transaction_.reset();
    } catch (const std::exception& failure) {
        rethrow_as_error(failure);
    }
}

} // namespace sluice
