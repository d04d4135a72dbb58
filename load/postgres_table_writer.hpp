#pragma once
// Loads rows into a Postgres table and publishes them in one transaction. The rows are COPYed
// into T_staging (load/copy_stream.hpp), made in the load's own transaction; then, in that
// transaction: the COPY's count is checked, the records the mode refuses for their key are
// removed and handed to the caller, the job's sql statements run, the mode publishes (see
// load/table_publish.hpp), and the ledger row is written (PublishRecord). Nothing is visible
// before COMMIT: a failure, a signal or a dropped connection at any step publishes nothing.
//
// The constructor checks the database, the schema, the privileges, the table's ownership and
// shape, then disconnects; begin() connects again for the load, so no connection idles while
// the dump streams.

#include "load/duplicate_keys.hpp"
#include "load/interrupt_canceller.hpp"
#include "load/publish_record.hpp"
#include "load/published_tables.hpp"
#include "load/staging_table.hpp"
#include "load/table_definition.hpp"
#include "load/table_publish.hpp"
#include "load/table_sink.hpp"

#include <pqxx/connection>
#include <pqxx/transaction>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sluice {

class CopyStream;

struct TableLoadOptions {
    std::string job;  // the ledger's job: the tables it may drop, rename and write are its own
    PublishMode mode = PublishMode::replace;
    bool lineage = false;  // the table ends in _source and _record, filled from each row's origin
    // Run in order once the load's rows are in T_staging (duplicates removed) and before the
    // publish, in the same transaction; the first that fails fails the load. "{table}" in a
    // statement names the staging table that holds this load's rows.
    std::vector<std::string> sql;
    std::string snapshot_column;  // snapshot mode
    std::string snapshot_value;   // snapshot mode
    bool allow_empty = false;     // replace, snapshot: publish a table of no rows
    std::size_t duplicates_shown = 100;  // how many refused keys are listed (all are counted)
    std::string kind = "table";          // what T is, in its marker and messages ("report")
    std::vector<std::string> legacy_columns;  // see PublishedTables
    PublishRecord* record = nullptr;          // written in the publishing transaction (the ledger)
    // Called in the publishing transaction, before the sql statements and the publish, with the
    // records refused for their key (only when there are some). It writes them to the rejects
    // and counts them; it throws (too many rejects) to fail the load.
    std::function<void(const DuplicateKeys&)> on_refused_keys;
};

struct TableLoadOutcome {
    std::uint64_t rows_sent = 0;
    DuplicateKeys refused;
    PublishCounts counts;
};

class PostgresTableWriter final : public TableSink {
public:
    // `conninfo` empty means libpq's own defaults and PG* variables. Throws UsageError for a
    // spec or options that cannot be published, TableConflict when a name the publish needs is
    // held by a table that is not this job's, TableMismatch when T is not the job's shape and
    // the mode would have to alter it.
    PostgresTableWriter(std::string conninfo, TableSpec spec, TableLoadOptions options);
    ~PostgresTableWriter() override;

    // Opens the transaction and the COPY; called by the first write() if not before.
    void begin();
    void write(std::span<const std::optional<std::string_view>> values, const RowOrigin& origin) override;
    void commit() override;
    std::uint64_t rows_written() const override { return rows_; }
    // What the publish did; complete once commit() has returned.
    const TableLoadOutcome& outcome() const { return outcome_; }

    const std::string& database() const { return name_; }

private:
    [[noreturn]] void rethrow_as_error(const std::exception& failure) const;
    void prepare(pqxx::transaction_base& transaction);
    void run_statements(pqxx::transaction_base& transaction) const;
    int source_index(std::string_view source);

    std::string conninfo_;
    std::string name_;  // for messages: "postgres (host=... dbname=...)", password redacted
    TableLoadOptions options_;
    TableDefinition definition_;
    PublishedTables tables_;
    StagingTable staging_;
    std::unique_ptr<TablePublish> publish_;
    std::unique_ptr<pqxx::connection> connection_;
    std::unique_ptr<pqxx::work> transaction_;
    std::unique_ptr<CopyStream> copy_;
    std::vector<std::string> sources_;  // the hidden source indexes' names, in first-seen order
    int last_source_ = -1;
    std::uint64_t rows_ = 0;
    TableLoadOutcome outcome_;
    InterruptCanceller canceller_;  // last: stopped before the connection closes
};

} // namespace sluice
