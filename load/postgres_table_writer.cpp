#include "load/postgres_table_writer.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/redact.hpp"
#include "load/copy_stream.hpp"
#include "load/database_connection.hpp"
#include "load/database_error.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

namespace sluice {

namespace {

// A statement is named in an error by its place and its beginning, on one line.
constexpr std::size_t kStatementShown = 120;

std::string statement_excerpt(const std::string& statement)
{
    auto shown = one_line(statement);
    if (shown.size() > kStatementShown) shown = shown.substr(0, kStatementShown) + "...";
    return shown;
}

} // namespace

PostgresTableWriter::PostgresTableWriter(std::string conninfo, TableSpec spec, TableLoadOptions options)
    : conninfo_(std::move(conninfo)), name_(describe_database(conninfo_)), options_(std::move(options)),
      definition_((check_table_name(spec.name), std::move(spec)), options_.lineage),
      tables_(definition_.spec().name, options_.job, options_.kind, options_.legacy_columns),
      staging_(tables_, definition_, definition_.has_key())
{
    publish_ = make_table_publish(options_.mode, tables_, definition_, staging_,
                                  {options_.snapshot_column, options_.snapshot_value, options_.allow_empty,
                                   options_.kind == "report" ? "report" : "load", name_});
    // Make (and drop again, by rolling back) the staging table now, so a wrong database, schema,
    // privilege or table fails the run before any download; then let go of the connection,
    // which would otherwise sit idle (and maybe be cut by a timeout) for the whole stream.
    try {
        const auto connection = connect_database(conninfo_, name_);
        pqxx::work transaction{*connection, "sluice check"};
        prepare(transaction);
        transaction.abort();
    } catch (const UsageError&) {
        throw;
    } catch (const Error&) {
        throw;
    } catch (const std::exception& failure) {
        rethrow_as_error(failure);
    }
}

PostgresTableWriter::~PostgresTableWriter()
{
    // Abandoning the COPY and the transaction rolls the load back; T stays as it was.
    try {
        copy_.reset();
        transaction_.reset();
    } catch (...) {
    }
}

void PostgresTableWriter::rethrow_as_error(const std::exception& failure) const
{
    throw_database_error(name_, failure);
}

void PostgresTableWriter::prepare(pqxx::transaction_base& transaction)
{
    tables_.claim(transaction);
    publish_->check(transaction);
    staging_.create(transaction);
}

void PostgresTableWriter::begin()
{
    if (transaction_) return;
    try {
        connection_ = connect_database(conninfo_, name_);
        canceller_ = InterruptCanceller{conninfo_, connection_->backendpid()};
        transaction_ = std::make_unique<pqxx::work>(*connection_, "sluice publish");
        prepare(*transaction_);
        copy_ = std::make_unique<CopyStream>(*transaction_, staging_.name(), definition_.copy_columns(staging_.hidden_columns()));
    } catch (const UsageError& conflict) {
        throw Error(name_, conflict.what());  // a table made or changed since the check: a failure now, not usage
    } catch (const Error&) {
        throw;
    } catch (const std::exception& failure) {
        rethrow_as_error(failure);
    }
}

int PostgresTableWriter::source_index(std::string_view source)
{
    // Rows come source after source: the last one is almost always the one.
    if (last_source_ >= 0 && sources_[static_cast<std::size_t>(last_source_)] == source) return last_source_;
    for (std::size_t i = 0; i < sources_.size(); ++i) {
        if (sources_[i] == source) return last_source_ = static_cast<int>(i);
    }
    sources_.emplace_back(source);
    return last_source_ = static_cast<int>(sources_.size() - 1);
}

void PostgresTableWriter::write(std::span<const std::optional<std::string_view>> values, const RowOrigin& origin)
{
    begin();
    if (values.size() != definition_.spec().columns.size())
        throw Error(name_, fmt::format("a row of {} values for the {} columns of {}", values.size(),
                                       definition_.spec().columns.size(), tables_.given()));
    try {
        for (const auto& value : values) copy_->field(value);
        if (definition_.lineage()) {
            copy_->field(std::optional<std::string_view>{origin.source});
            copy_->field(static_cast<std::int64_t>(origin.record));
        }
        if (staging_.hidden_columns()) {
            copy_->field(static_cast<std::int64_t>(rows_ + 1));
            copy_->field(static_cast<std::int64_t>(source_index(origin.source)));
            copy_->field(static_cast<std::int64_t>(origin.record));
        }
        copy_->end_row();
    } catch (const std::exception& failure) {
        rethrow_as_error(failure);
    }
    ++rows_;
}

void PostgresTableWriter::run_statements(pqxx::transaction_base& transaction) const
{
    for (std::size_t i = 0; i < options_.sql.size(); ++i) {
        // {table} names the rows of this load: the staging table, before they are published.
        auto statement = options_.sql[i];
        for (auto at = statement.find("{table}"); at != std::string::npos; at = statement.find("{table}", at))
            statement.replace(at, 7, staging_.name());
        try {
            transaction.exec(statement);
        } catch (const pqxx::sql_error& failure) {
            throw_if_interrupted();
            throw Error(name_, fmt::format("sql statement {} of {} failed ({}): {}; nothing was published", i + 1,
                                           options_.sql.size(), statement_excerpt(options_.sql[i]),
                                           one_line(redact_text(failure.what()))));
        }
    }
}

void PostgresTableWriter::commit()
{
    begin();
    try {
        copy_->complete();
        copy_.reset();
        auto& transaction = *transaction_;
        const auto stored = staging_.count(transaction);
        if (stored != rows_)
            throw Error(name_, "the staging table holds " + std::to_string(stored) + " rows, not the " +
                                   std::to_string(rows_) + " sent: nothing was published");
        outcome_.rows_sent = rows_;
        outcome_.refused = publish_->refuse_keys(transaction, options_.duplicates_shown, sources_);
        if (outcome_.refused.count != 0 && options_.on_refused_keys) options_.on_refused_keys(outcome_.refused);
        auto staged = stored - outcome_.refused.count;
        if (!options_.sql.empty()) {
            run_statements(transaction);
            staged = staging_.count(transaction);  // the statements may have changed the rows
        }
        outcome_.counts = publish_->publish(transaction, staged);
        if (options_.record) options_.record->record(transaction, outcome_.counts.rows);
        // A signal that came between statements found nothing running for the watcher to
        // cancel: this is the last moment to roll back instead of publishing.
        throw_if_interrupted();
    } catch (const Error&) {
        throw_if_interrupted();
        throw;
    } catch (const UsageError& refused) {
        throw_if_interrupted();
        throw Error(name_, refused.what());  // the table changed since the check
    } catch (const std::exception& failure) {
        rethrow_as_error(failure);
    }
    try {
        transaction_->commit();
        transaction_.reset();
        canceller_ = {};  // published: a signal from now on has nothing to roll back
    } catch (const pqxx::in_doubt_error& failure) {
        // The connection dropped while COMMIT was on its way: ask the ledger, on a new connection,
        // whether it went through, rather than fail a run that published.
        if (!options_.record || !options_.record->recorded()) rethrow_as_error(failure);
    } catch (const std::exception& failure) {
        rethrow_as_error(failure);
    }
}

} // namespace sluice
