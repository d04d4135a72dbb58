#pragma once
// Publishes the report into Postgres atomically. The rows are COPYed (libpqxx stream_to) into a
// staging table made in the load's own transaction, the live table's rows of other snapshot
// dates are copied beside them, the result is checked, and then, in the same transaction,
// the live table becomes <table>_previous and the staging table becomes <table>. Readers see the
// old report or the new one, never a mix, a half or an empty table: nothing is visible before
// COMMIT, and the renames take their lock only for the moment of the swap. <table>_previous
// keeps the last report until the next success, for a quick look back or a manual rollback.
//
// The constructor checks the database, the schema and the privileges, then disconnects; begin()
// connects again for the load, so no connection idles while the dump streams.

#include "load/publish_record.hpp"
#include "load/report_sink.hpp"
#include "load/report_tables.hpp"

#include <memory>
#include <string>
#include <thread>

#include <pqxx/connection>
#include <pqxx/stream_to>
#include <pqxx/transaction>

namespace sluice {

struct PublishOptions {
    std::string snapshot_date;       // YYYY-MM-DD: these rows replace the table's rows of that date
    std::string job;                 // the ledger's job: the tables it may drop and rename are its own
    bool allow_empty = false;        // publish a report of no rows
    PublishRecord* record = nullptr; // written in the publishing transaction (the run ledger)
};

class PostgresReportWriter final : public ReportSink {
public:
    // `conninfo` empty means libpq's own defaults and PG* variables. Throws TableConflict when a
    // name the publish needs is held by a table that is not this job's.
    PostgresReportWriter(std::string conninfo, const std::string& table, PublishOptions options = {});
    ~PostgresReportWriter() override;

    // Opens the transaction and the COPY; called by the first write() if not before.
    void begin();
    void write(const ReportRow& row) override;
    void commit() override;
    std::uint64_t rows_written() const override { return rows_; }

private:
    [[noreturn]] void rethrow_as_error(const std::exception& failure) const;
    void create_staging(pqxx::transaction_base& transaction);
    void carry_other_snapshots(pqxx::transaction_base& transaction) const;
    void check_staging(pqxx::transaction_base& transaction) const;
    void cancel_on_interrupt();

    std::string conninfo_;
    std::string name_;    // for messages: "postgres (host=... dbname=...)", password redacted
    PublishOptions options_;
    ReportTables tables_;
    std::unique_ptr<pqxx::connection> connection_;
    std::unique_ptr<pqxx::work> transaction_;
    std::unique_ptr<pqxx::stream_to> stream_;
    std::uint64_t rows_ = 0;
    std::jthread interrupt_watch_;  // last: stopped before the connection closes
};

} // namespace sluice
