#pragma once
// Writes a table's rows as RFC 4180 CSV in UTF-8: a header row of the column names, then one
// record per row (a field quoted when it holds a comma, a quote or a line break; NULL and an
// empty text are both an empty field: CSV has no NULL). The file appears under its name only when
// complete (written beside it, then renamed), so a reader never sees half a report. A path that
// is not a regular file (/dev/stdout, a pipe, /dev/null) is written in place: renaming over it
// would replace the device or the pipe with a file.

#include "load/table_sink.hpp"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace sluice {

class CsvTableWriter final : public TableSink {
public:
    // `columns`: the header. With `lineage`, every row ends in its origin's source and record
    // number, under the header's _source and _record.
    CsvTableWriter(std::string path, std::vector<std::string> columns, bool lineage = false);
    ~CsvTableWriter() override;

    void write(std::span<const std::optional<std::string_view>> values, const RowOrigin& origin) override;
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

    void end_line();

    std::string path_;
    std::size_t columns_ = 0;
    bool lineage_ = false;
    std::string temp_path_;
    std::unique_ptr<std::FILE, FileCloser> file_;
    std::string line_;
    std::uint64_t rows_ = 0;
    bool direct_ = false;  // writing to the path itself (not a regular file)
    bool prepared_ = false;
    bool committed_ = false;
};

} // namespace sluice
