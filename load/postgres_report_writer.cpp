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

PostgresReportWriter::PostgresReportWriter(std::string conninfo, std::string table)
    : conninfo_(std::move(conninfo)), name_(describe_database(conninfo_)), table_(quote_table_name(table))
{
    // Connect and make sure the table exists now, so a wrong database, schema or privilege fails
    // the run before any download; then let go of the connection, which would otherwise sit idle
    // (and maybe be cut by a timeout) for the whole stream.
    try {
        pqxx::connection connection{conninfo_};
        pqxx::work transaction{connection, "sluice prepare"};
        create_table(transaction);
        transaction.commit();
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
    throw Error(name_, redact_conninfo(failure.what()));
}

void PostgresReportWriter::create_table(pqxx::transaction_base& transaction) const
{
    // Concurrent first runs would race in CREATE TABLE IF NOT EXISTS (it is not atomic against
    // itself in Postgres); a transaction-scoped advisory lock per table serialises them.
    transaction.exec("SELECT pg_advisory_xact_lock(hashtext(" + transaction.quote("sluice:" + table_) + "))");
    transaction.exec("CREATE TABLE IF NOT EXISTS " + table_ + " (" +
                     "movie_id bigint PRIMARY KEY, imdb_id text, title text NOT NULL, year integer, "
                     "budget bigint NOT NULL, revenue bigint NOT NULL, ratio double precision NOT NULL, "
                     "rating numeric(3,1), production_company text, wikipedia_url text, "
                     "wikipedia_abstract text)");
}

void PostgresReportWriter::begin()
{
    if (transaction_) return;
    try {
        connection_ = std::make_unique<pqxx::connection>(conninfo_);
        transaction_ = std::make_unique<pqxx::work>(*connection_, "sluice load");
        create_table(*transaction_);
        // DELETE, not TRUNCATE: under MVCC readers keep seeing the previous rows, without
        // blocking, until this transaction commits.
        transaction_->exec("DELETE FROM " + table_);
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
