#pragma once
// The movie report as a table like any other: its columns (kReportColumns) with their types, its
// key (one row per film per snapshot), and a report row as that table's values. The CSV and the
// Postgres writers both take the values from here, so they carry the same figures.

#include "jobs/movie_report/report_row.hpp"
#include "load/table_spec.hpp"

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sluice {

TableSpec report_table_spec(const std::string& table);

// The report's values of one row, valid until the next of(). An empty imdb_id, URL or abstract
// is NULL, as the report has always written them.
class ReportRowValues {
public:
    explicit ReportRowValues(std::string snapshot_date) : snapshot_date_(std::move(snapshot_date)) {}
    std::span<const std::optional<std::string_view>> of(const ReportRow& row);

private:
    std::string snapshot_date_;
    std::array<std::string, 6> numbers_;  // the texts of the row's numbers
    std::array<std::optional<std::string_view>, kReportColumns.size()> values_;
};

} // namespace sluice
