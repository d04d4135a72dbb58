#include "load/postgres_report_writer.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/redact.hpp"
#include "load/database_connection.hpp"
#include "load/database_error.hpp"
#include "load/report_format.hpp"

#include <pqxx/pqxx>

#include <chrono>
#include <optional>
#include <tuple>

// libpqxx writes an empty std::optional as NULL (internal/type_utils.hxx).
namespace sluice {

namespace {

std::optional<std::string> text_or_null(std::string_view text)
{
    if (text.empty()) return std::nullopt;
    return std::string{text};
}

std::optional<std::string> text_or_null(const std::optional<std::string_view>& text)
{
    return text ? text_or_null(*text) : std::nullopt;
}

} // namespace

PostgresReportWriter::PostgresReportWriter(std::string conninfo, const std::string& table, PublishOptions options)
    : conninfo_(std::move(conninfo)), name_(describe_database(conninfo_)), options_(std::move(options)),
      tables_(table, options_.job, {kReportColumns.begin(), kReportColumns.end()})
{
    // Make (and drop again, by rolling back) the staging table now, so a wrong database, schema
    // or privilege fails the run before any download; then let go of the connection, which
    // would otherwise sit idle (and maybe be cut by a timeout) for the whole stream.
    try {
        const auto connection = connect_database(conninfo_, name_);
        pqxx::work transaction{*connection, "sluice check"};
        create_staging(transaction);
        transaction.abort();
    } catch (const TableConflict&) {
        throw;
    } catch (const Error&) {
        throw;
    } catch (const std::exception& failure) {
        rethrow_as_error(failure);
    }
}

PostgresReportWriter::~PostgresReportWriter()
{
    // Abandoning the stream and transaction rolls the load back; the live table stays as it was.
    try {
        stream_.reset();
        transaction_.reset();
    } catch (...) {
    }
}

void PostgresReportWriter::rethrow_as_error(const std::exception& failure) const
{
    throw_database_error(name_, failure);
}

void PostgresReportWriter::cancel_on_interrupt()
{
    // SIGTERM must not wait for a lock (a reader's long query, another job's publish): a watcher
    // cancels the session's statement from a connection of its own, and the failure it causes
    // surfaces as Interrupted (see throw_database_error).
    const auto pid = connection_->backendpid();
    interrupt_watch_ = std::jthread{[conninfo = conninfo_, pid](std::stop_token stop) {
        while (!stop.stop_requested()) {
            if (interrupt_signal() != 0) {
                try {
                    pqxx::connection connection{sluice_conninfo(conninfo)};
                    pqxx::nontransaction query{connection};
                    query.exec("SELECT pg_cancel_backend(" + std::to_string(pid) + ")");
                } catch (const std::exception&) {
                    // The session is gone already: nothing left to cancel.
                }
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds{50});
        }
    }};
}

void PostgresReportWriter::create_staging(pqxx::transaction_base& transaction)
{
    tables_.claim(transaction);
    // The primary key is named by Postgres (never a name another relation holds); the swap
    // renames it after the table it serves.
    tables_.create_staging(transaction,
                           "snapshot_date date NOT NULL, movie_id bigint NOT NULL, imdb_id text, title text NOT NULL, "
                           "year integer, budget bigint NOT NULL, revenue bigint NOT NULL, ratio double precision NOT NULL, "
                           "rating numeric(3,1), production_company text, wikipedia_url text, wikipedia_abstract text, "
                           "PRIMARY KEY (snapshot_date, movie_id)");
}

void PostgresReportWriter::carry_other_snapshots(pqxx::transaction_base& transaction) const
{
    // The new table replaces the live one whole, so the snapshots this run does not write are
    // copied over first. A table from before snapshot dates has nothing to carry: it is kept as
    // <table>_previous.
    if (!tables_.live_has_column(transaction, "snapshot_date")) return;
    std::string columns;
    for (const auto column : kReportColumns) columns += (columns.empty() ? "" : ", ") + quote_identifier(std::string{column});
    transaction.exec_params("INSERT INTO " + tables_.staging() + " (" + columns + ") SELECT " + columns + " FROM " +
                                tables_.live() + " WHERE snapshot_date <> $1::date",
                     options_.snapshot_date);
}

void PostgresReportWriter::check_staging(pqxx::transaction_base& transaction) const
{
    // The primary key has already refused duplicate films; what is left to check is that every
    // row sent is there, and that there is something to publish at all.
    const auto stored = transaction
                            .exec_params("SELECT count(*) FROM " + tables_.staging() +
                                             " WHERE snapshot_date = $1::date",
                                         options_.snapshot_date)[0][0]
                            .as<std::uint64_t>();
    if (stored != rows_)
        throw Error(name_, "the staging table holds " + std::to_string(stored) + " rows, not the " +
                               std::to_string(rows_) + " sent: nothing was published");
    if (stored == 0 && !options_.allow_empty)
        throw Error(name_, "nothing to publish: the report has no rows (pass --allow-empty to publish it anyway)");
}

void PostgresReportWriter::begin()
{
    if (transaction_) return;
    try {
        connection_ = connect_database(conninfo_, name_);
        cancel_on_interrupt();
        transaction_ = std::make_unique<pqxx::work>(*connection_, "sluice publish");
        create_staging(*transaction_);
        const std::vector<std::string> columns(kReportColumns.begin(), kReportColumns.end());
        stream_ = std::make_unique<pqxx::stream_to>(*transaction_, tables_.staging(), columns);
    } catch (const TableConflict& conflict) {
        throw Error(name_, conflict.what());  // a table made since the check: a failure now, not usage
    } catch (const Error&) {
        throw;
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
            options_.snapshot_date, film.id, text_or_null(std::string_view{film.imdb_id}), film.title, film.year, film.budget, film.revenue,
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
        check_staging(*transaction_);
        carry_other_snapshots(*transaction_);
        tables_.swap(*transaction_);
        if (options_.record) options_.record->record(*transaction_, rows_);
        // A signal that came between statements found nothing running for the watcher to
        // cancel: this is the last moment to roll back instead of publishing.
        throw_if_interrupted();
    } catch (const Error&) {
        throw_if_interrupted();
        throw;
    } catch (const std::exception& failure) {
        rethrow_as_error(failure);
    }
    try {
        transaction_->commit();
        transaction_.reset();
        interrupt_watch_ = {};  // published: a signal from now on has nothing to roll back
    } catch (const pqxx::in_doubt_error& failure) {
        // The connection dropped while COMMIT was on its way: ask the ledger, on a new connection,
        // whether it went through, rather than fail a run that published.
        if (!options_.record || !options_.record->recorded()) rethrow_as_error(failure);
    } catch (const std::exception& failure) {
        rethrow_as_error(failure);
    }
}

} // namespace sluice
