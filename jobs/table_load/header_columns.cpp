#include "jobs/table_load/header_columns.hpp"

#include "core/error.hpp"
#include "core/printable.hpp"
#include "fetch/location_list.hpp"
#include "fetch/source_opener.hpp"
#include "jobs/table_load/load_plan.hpp"
#include "parse/csv_record_reader.hpp"

#include <fmt/format.h>

#include <set>

namespace sluice {

std::vector<ColumnDecl> header_columns(const LoadJobSpec& spec, const LoadRunOptions& options)
{
    const auto locations = expand_locations(spec.locations);
    if (spec.format == "xml" || !spec.record.empty())
        throw UsageError("an XML source's columns cannot be guessed: declare them as [[column]] tables in the job file, "
                         "or with --column NAME:TYPE:FROM (sluice inspect SOURCE --job prints a starter job file)");
    if (!spec.csv.columns.empty() || spec.csv.header_lines == 0) {
        if (spec.csv.columns.empty())
            throw UsageError("no columns and no header (header_lines = 0): declare the columns, or name the fields "
                             "([csv] columns or --field-names)");
    }
    std::vector<std::string> names = spec.csv.columns;
    std::string where = "[csv] columns";
    if (names.empty()) {
        // One opening: the first bytes say CSV or XML, and are read again as the header.
        auto opened = open_decoded(locations.front(), {options.fetch, spec.member});
        auto stream = std::move(opened.stream);
        if (sniff_format(stream) == RecordFormat::xml && spec.format != "csv")
            throw UsageError(stream->name() +
                             " is XML: declare its record's path and columns ([xml] record, [[column]]; "
                             "sluice inspect SOURCE --job prints a starter job file)");
        CsvReadOptions csv;
        csv.dialect = CsvDialect::from_texts(spec.csv.delimiter, spec.csv.quote, spec.csv.escape);
        csv.encoding = spec.csv.encoding;
        csv.skip_lines = spec.csv.skip_lines;
        csv.header_lines = spec.csv.header_lines;
        csv.invalid = TranscodingSource::Invalid::replace;
        CsvRecordReader reader(*stream, csv, {});
        Record record;
        reader.next(record);
        names = reader.names();
        where = stream->name() + ": the header";
        if (names.empty()) throw UsageError(stream->name() + ": no header to name the columns: declare them");
    }
    std::vector<ColumnDecl> columns;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto& name = names[i];
        if (name.empty() || !seen.insert(name).second)
            throw UsageError(fmt::format("{}: field {} is {}: it cannot name a column; declare the columns "
                                         "(--column NAME:TYPE:FROM, or [[column]] tables)",
                                         where, i + 1, name.empty() ? "unnamed" : "\"" + printable(name) + "\" again"));
        ColumnDecl column;
        column.name = name;
        column.from_position = i + 1;
        column.origin = fmt::format("{}: field {}", where, i + 1);
        columns.push_back(std::move(column));
    }
    return columns;
}

} // namespace sluice
