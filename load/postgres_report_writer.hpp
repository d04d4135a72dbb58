#pragma once
// Loads the report into Postgres with COPY (libpqxx stream_to), in one transaction: the table is
// created if missing, emptied and refilled, and readers see the old rows until commit() and the
// new ones after, never a half-loaded table.
//
// The constructor checks the database and the table, then disconnects; begin() connects again
// for the load, so no connection idles while the dump streams.

#include "load/report_sink.hpp"

#include <memory>
#include <string>

#include <pqxx/connection>
#include <pqxx/stream_to>
#include <pqxx/transaction>

namespace sluice {

class PostgresReportWriter final : public ReportSink {
public:
    // `conninfo` empty means libpq's own defaults and PG* variables.
    PostgresReportWriter(std::string conninfo, std::string table);
    ~PostgresReportWriter() override;

    // Opens the transaction and the COPY; called by the first write() if not before.
    void begin();
    void write(const ReportRow& row) override;
    void commit() override;
    std::uint64_t rows_written() const override { return rows_; }

private:
    [[noreturn]] void rethrow_as_error(const std::exception& failure) const;
    void create_table(pqxx::transaction_base& transaction) const;

    std::string conninfo_;
    std::string name_;    // for messages: "postgres (host=... dbname=...)", password redacted
    std::string table_;   // quoted identifier
    std::unique_ptr<pqxx::connection> connection_;
    std::unique_ptr<pqxx::work> transaction_;
    std::unique_ptr<pqxx::stream_to> stream_;
    std::uint64_t rows_ = 0;
};

// "schema.table" or "table" as a safely quoted SQL identifier.
std::string quote_table_name(const std::string& table);

} // namespace sluice
