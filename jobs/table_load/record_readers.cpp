#include "jobs/table_load/load_plan.hpp"

#include "parse/csv_record_reader.hpp"
#include "parse/parallel_record_reader.hpp"

namespace sluice {

std::unique_ptr<RecordReader> open_record_reader(const LoadPlan& plan, RecordFormat format, ByteSource& stream,
                                                 const LoadRunOptions& options)
{
    if (format == RecordFormat::xml) {
        // Parsed on several cores, records in document order: the same records and errors as one
        // parser would give (parse/parallel_record_reader.hpp).
        return std::make_unique<ParallelRecordReader>(
            stream, *plan.record, plan.xml_fields,
            XmlReadOptions{options.repair_utf8, options.max_depth, options.max_record_bytes}, options.parse_threads);
    }
    CsvReadOptions csv;
    csv.dialect = CsvDialect::from_texts(plan.csv.delimiter, plan.csv.quote, plan.csv.escape);
    csv.encoding = plan.csv.encoding;
    csv.invalid = options.repair_utf8 ? TranscodingSource::Invalid::replace : TranscodingSource::Invalid::refuse;
    csv.skip_lines = plan.csv.skip_lines;
    csv.header_lines = plan.csv.header_lines;
    csv.columns = plan.csv.columns;
    csv.null = plan.csv.null;
    csv.short_rows = plan.csv.short_rows == "pad" ? CsvReadOptions::ShortRows::pad : CsvReadOptions::ShortRows::reject;
    csv.long_rows = plan.csv.long_rows == "truncate" ? CsvReadOptions::LongRows::truncate : CsvReadOptions::LongRows::reject;
    std::vector<CsvSelector> fields;
    for (const auto& column : plan.columns)
        fields.push_back(column.position > 0 ? CsvSelector::at(column.position) : CsvSelector::named(column.field));
    return std::make_unique<CsvRecordReader>(stream, std::move(csv), std::move(fields));
}

} // namespace sluice
