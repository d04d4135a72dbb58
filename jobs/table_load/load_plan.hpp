#pragma once
// A load job's declaration, checked and built into its working parts: the locations in order,
// the columns with their fields and converters, the record format, the table and its publish
// mode, the reject limit. Building it is the check: anything that cannot work is a UsageError
// naming where it was declared (the job file's line, or the flag), before a byte is fetched.

#include "convert/value_converter.hpp"
#include "fetch/source_opener.hpp"
#include "job/load_job_spec.hpp"
#include "jobs/table_load/table_load_job.hpp"
#include "load/table_spec.hpp"
#include "parse/record_reader.hpp"
#include "parse/xml_record_reader.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sluice {

enum class RecordFormat { sniffed, xml, csv };

struct PlannedColumn {
    std::string name;
    ValueType type;
    std::string field;               // as declared: an XML field path or a CSV header name
    std::size_t position = 0;        // a CSV field's 1-based position; 0: by name
};

// "1000" (a count) or "1%" (a share of the records read).
struct RejectLimit {
    std::string text;
    std::optional<std::uint64_t> count;
    std::optional<double> share;
};

struct LoadPlan {
    LoadPlan(const LoadJobSpec& spec, const LoadRunOptions& options);

    std::vector<std::string> locations;
    RecordFormat format = RecordFormat::sniffed;
    std::vector<PlannedColumn> columns;
    std::vector<ValueConverter> converters;  // one per column
    std::optional<XmlRecordPath> record;
    std::vector<XmlField> xml_fields;        // one per column, when the record path is given
    CsvDecl csv;
    TableSpec table;
    // Where the columns' values start in a row: 1 in snapshot mode, whose date comes first.
    std::size_t value_offset = 0;
    PublishMode mode = PublishMode::replace;
    bool lineage = false;
    std::vector<std::string> sql;
    std::string snapshot_column;
    RejectLimit max_rejects;
    std::string settings;  // what decides "up to date"
};

struct SourceSummary {
    std::string name;
    Container container = Container::plain;
    std::uint64_t bytes_fetched = 0;
    std::uint64_t bytes_decoded = 0;
    std::uint64_t records = 0;
    std::uint64_t rows = 0;
};

struct LoadSummary {
    std::vector<SourceSummary> sources;
    std::uint64_t read = 0;
    std::uint64_t rejected = 0;
    std::uint64_t duplicates = 0;     // rejected at publish for a key seen before
    std::uint64_t rows_loaded = 0;    // into the table
    std::uint64_t rows_inserted = 0;  // upsert
    std::uint64_t rows_updated = 0;   // upsert
    std::uint64_t superseded = 0;     // upsert: records a later one of the same key replaced
    std::uint64_t rows_written = 0;   // into the CSV file
    std::set<std::size_t> matched_fields;
    std::vector<std::string> never_matched;
    double seconds = 0;
    std::uint64_t peak_rss = 0;
};

// The format of a part from its first decoded bytes: XML when its first character, past a byte
// order mark and blanks, is '<'; anything else is read as CSV. `stream` comes back with those
// bytes put back in front.
RecordFormat sniff_format(ByteSourcePtr& stream);

// A reader of `format` over `stream` for the plan's fields.
std::unique_ptr<RecordReader> open_record_reader(const LoadPlan& plan, RecordFormat format, ByteSource& stream,
                                                 const LoadRunOptions& options);

// The runner's view of a run: the summary text and fields, the ledger's counts, the metrics.
JobResult load_result(const LoadPlan& plan, const LoadRunOptions& options, const RunLabel& label,
                      const LoadSummary& summary);

} // namespace sluice
