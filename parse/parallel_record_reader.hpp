#pragma once
// Reads a load job's XML records on several cores: XmlRecordReader's records, from any record
// path, with the same fields, cut and parsed in blocks by ParallelXmlParser. The text is cut
// between records (or where an element above them has ended), each block wrapped in the start
// tags of the record's ancestors as the document has them, so siblings that are not records,
// a second parent after the first, namespaces, CDATA, comments and PIs read as they do in place.
//
// The result is the sequential reader's for every input: the same records, each with the same
// number, line, byte and raw text, the same fields matched, and the same error at the same line,
// column and byte, raised after every record before it. What the cutter cannot handle one
// sequential parser reads: a document without a record at the path within a record's limit (and
// one whose records are the root) from its start, so that the error names what it held instead.
//
// Records come over from the workers in batches of a block, and reach the caller by swapping with
// the caller's Record: once the largest record has been seen, nothing is allocated per record
// (values of the json form excepted, as in XmlRecordReader).

#include "core/byte_source.hpp"
#include "parse/parallel_xml_parser.hpp"
#include "parse/record_reader.hpp"
#include "parse/xml_read_options.hpp"
#include "parse/xml_record_path.hpp"
#include "parse/xml_record_reader.hpp"

#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
#include <vector>

namespace sluice {

class ParallelRecordReader final : public RecordReader {
public:
    static constexpr std::size_t kBlockBytes = ParallelXmlParser::kBlockBytes / 2;

    ParallelRecordReader(ByteSource& source, XmlRecordPath record, std::vector<XmlField> fields,
                         XmlReadOptions options = {}, std::size_t workers = 2, std::size_t block_bytes = kBlockBytes);
    ~ParallelRecordReader() override;
    ParallelRecordReader(const ParallelRecordReader&) = delete;
    ParallelRecordReader& operator=(const ParallelRecordReader&) = delete;

    bool next(Record& record) override;
    std::uint64_t records_read() const override { return records_read_.load(std::memory_order_relaxed); }
    // Read it after the end (the blocks still being parsed may match a field yet).
    bool field_ever_matched(std::size_t field) const override { return ever_matched_[field]; }

    // Sequences invalid in the document's encoding replaced with U+FFFD; read it after the end.
    std::uint64_t replaced() const { return parser_->replaced(); }
    // As ParallelDocReader's: for tests and diagnostics, and the source's own failure.
    std::uint64_t blocks() const { return parser_->blocks(); }
    std::int64_t one_parser_from() const { return parser_->one_parser_from(); }
    std::exception_ptr source_failure() const override { return parser_->source_failure(); }

private:
    class Kind;

    std::unique_ptr<Kind> kind_;
    std::vector<bool> ever_matched_;
    std::unique_ptr<ParallelXmlParser> parser_;  // after kind_: its threads use it
    ParallelXmlParser::Delivered current_;
    std::size_t next_record_ = 0;
    std::size_t records_ = 0;        // in current_
    bool finished_ = false;
    std::atomic<std::uint64_t> records_read_{0};
};

} // namespace sluice
