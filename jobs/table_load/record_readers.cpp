#include "jobs/table_load/load_plan.hpp"

#include "fetch/prefix_source.hpp"
#include "parse/csv_record_reader.hpp"
#include "parse/parallel_record_reader.hpp"

namespace sluice {

RecordFormat sniff_format(ByteSourcePtr& stream)
{
    std::vector<char> head(4096);
    std::size_t got = 0;
    while (got < head.size()) {
        const auto n = stream->read(std::span<char>{head}.subspan(got));
        if (n == 0) break;
        got += n;
    }
    head.resize(got);
    std::string_view text{head.data(), head.size()};
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    const auto first = text.find_first_not_of(" \t\r\n");
    // UTF-16 with a byte order mark: not a CSV sluice reads, and XML's decoder knows it.
    const bool xml = text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF") ||
                     (first != std::string_view::npos && text[first] == '<');
    stream = std::make_unique<PrefixSource>(std::move(head), std::move(stream));
    return xml ? RecordFormat::xml : RecordFormat::csv;
}

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
