#include "jobs/movie_report/csv_report_writer.hpp"

namespace sluice {

CsvReportWriter::CsvReportWriter(std::string path, std::string snapshot_date)
    : table_(std::move(path), {kReportColumns.begin(), kReportColumns.end()}), values_(std::move(snapshot_date))
{
}

void CsvReportWriter::write(const ReportRow& row)
{
    table_.write(values_.of(row), {"report", table_.rows_written() + 1});
}

} // namespace sluice
