#pragma once
// Writes the report as CSV: the report's table (load/report_table.hpp) through the generic CSV
// writer (load/csv_table_writer.hpp), which makes the file appear under its name only when
// complete.

#include "load/csv_table_writer.hpp"
#include "jobs/movie_report/report_sink.hpp"
#include "jobs/movie_report/report_table.hpp"

#include <string>

namespace sluice {

class CsvReportWriter final : public ReportSink {
public:
    // `snapshot_date` (YYYY-MM-DD) fills the first column of every row.
    CsvReportWriter(std::string path, std::string snapshot_date);

    void write(const ReportRow& row) override;
    // Makes the complete file durable under its temporary name; commit() then only renames.
    // Lets a run publish the CSV and the table together: prepare, commit the table, rename.
    void prepare() { table_.prepare(); }
    void commit() override { table_.commit(); }
    std::uint64_t rows_written() const override { return table_.rows_written(); }

private:
    CsvTableWriter table_;
    ReportRowValues values_;
};

} // namespace sluice
