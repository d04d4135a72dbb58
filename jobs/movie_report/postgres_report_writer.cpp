#include "jobs/movie_report/postgres_report_writer.hpp"

namespace sluice {

namespace {

TableLoadOptions report_load(const PublishOptions& options)
{
    TableLoadOptions load;
    load.job = options.job;
    load.mode = PublishMode::snapshot;
    load.snapshot_column = "snapshot_date";
    load.snapshot_value = options.snapshot_date;
    load.allow_empty = options.allow_empty;
    load.kind = "report";
    // Tables sluice 0.1 made for the report carry no marker; they are known by these columns.
    load.legacy_columns.assign(kReportColumns.begin(), kReportColumns.end());
    load.record = options.record;
    return load;
}

} // namespace

PostgresReportWriter::PostgresReportWriter(std::string conninfo, const std::string& table, PublishOptions options)
    : table_(std::move(conninfo), report_table_spec(table), report_load(options)), values_(options.snapshot_date)
{
}

void PostgresReportWriter::write(const ReportRow& row)
{
    // The report's rows have no source records of their own: the rank stands in for one.
    table_.write(values_.of(row), {"report", table_.rows_written() + 1});
}

} // namespace sluice
