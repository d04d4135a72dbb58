#pragma once
// Writes the report as RFC 4180 CSV with a header row. The file appears under its name only when
// complete (written beside it, then renamed), so a reader never sees half a report. A path that
// is not a regular file (/dev/stdout, a pipe, /dev/null) is written in place: renaming over it
// would replace the device or the pipe with a file.

#include "load/report_sink.hpp"

#include <cstdio>
#include <memory>
#include <string>

namespace sluice {

class CsvReportWriter final : public ReportSink {
public:
    // `snapshot_date` (YYYY-MM-DD) fills the first column of every row.
    CsvReportWriter(std::string path, std::string snapshot_date);
    ~CsvReportWriter() override;

    void write(const ReportRow& row) override;
    // Makes the complete file durable under its temporary name; commit() then only renames.
    // Lets a run publish the CSV and the table together: prepare, commit the table, rename.
    void prepare();
    void commit() override;
    std::uint64_t rows_written() const override { return rows_; }

private:
    struct FileCloser {
        void operator()(std::FILE* file) const noexcept { std::fclose(file); }
    };
    void put_field(std::string_view value, bool first);
    void check(bool ok, const char* what);

    std::string path_;
    std::string snapshot_date_;
    std::string temp_path_;
    std::unique_ptr<std::FILE, FileCloser> file_;
    std::string line_;
    std::uint64_t rows_ = 0;
    bool direct_ = false;  // writing to the path itself (not a regular file)
    bool prepared_ = false;
    bool committed_ = false;
};

} // namespace sluice
