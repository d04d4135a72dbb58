#pragma once
// Publishes the report into Postgres: the report's table (load/report_table.hpp) loaded in
// snapshot mode by the generic writer (load/postgres_table_writer.hpp). The rows of the run's
// snapshot date replace the table's rows of that date, the others are kept; the live table
// becomes <table>_previous and the staging table <table> in one transaction, so readers see the
// old report or the new one, never a mix, a half or an empty table.

#include "load/postgres_table_writer.hpp"
#include "load/publish_record.hpp"
#include "jobs/movie_report/report_sink.hpp"
#include "jobs/movie_report/report_table.hpp"

#include <string>

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

    // Opens the transaction and the COPY; called by the first write() if not before.
    void begin() { table_.begin(); }
    void write(const ReportRow& row) override;
    void commit() override { table_.commit(); }
    std::uint64_t rows_written() const override { return table_.rows_written(); }

private:
    PostgresTableWriter table_;
    ReportRowValues values_;
};

} // namespace sluice
