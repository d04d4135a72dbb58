#pragma once
// Where report rows go: a Postgres table, a CSV file, or both.

#include "jobs/movie_report/report_row.hpp"

#include <cstdint>

namespace sluice {

class ReportSink {
public:
    virtual ~ReportSink() = default;
    virtual void write(const ReportRow& row) = 0;
    // Makes the rows durable and visible; nothing is visible before it returns.
    virtual void commit() = 0;
    virtual std::uint64_t rows_written() const = 0;
};

} // namespace sluice
