#include "parse/parallel_record_reader.hpp"

#include <utility>

namespace sluice {

namespace {

struct RecordBatch final : XmlBatch {
    std::vector<Record> records;  // the first `count` are the batch's; the rest are kept for reuse
    std::size_t count = 0;
    std::vector<bool> matched;    // the fields its parser matched
};

class BatchRecords final : public XmlBatchParser {
public:
    BatchRecords(ByteSource& text, const XmlRecordPath& path, const std::vector<XmlField>& fields,
                 XmlReadOptions options, XmlText form)
        : reader_(text, path, fields, options, XmlRecordReader::kChunkBytes, form), fields_(fields.size()), whole_(false)
    {
    }
    BatchRecords(const std::string& name, const XmlRecordPath& path, const std::vector<XmlField>& fields)
        : reader_(name, path, fields), fields_(fields.size()), whole_(true)
    {
    }

    void prepare(XmlBatch& batch) override
    {
        // The batch's records, kept from their last use, are the ones the reader fills.
        reader_.take_records(static_cast<RecordBatch&>(batch).records);
    }
    void push(std::string_view bytes, bool last, std::optional<XmlSaxReader::TextEnd> text_end) override
    {
        reader_.push(bytes, last, text_end);
    }
    bool fill(XmlBatch& batch, std::size_t most) override
    {
        auto& records = static_cast<RecordBatch&>(batch);
        // The fields matched so far, whether the parse ends well or not.
        struct Noted {
            RecordBatch& records;
            const BatchRecords& parser;
            ~Noted()
            {
                records.matched.resize(parser.fields_);
                for (std::size_t i = 0; i < parser.fields_; ++i) records.matched[i] = parser.reader_.field_ever_matched(i);
            }
        } noted{records, *this};
        if (whole_) {
            // A block is pushed whole: its records are all with the reader, taken at once; then
            // its error, if any, is raised after them.
            records.count = reader_.take_records(records.records);
            reader_.next(spare_);
            return false;
        }
        for (; records.count < most; ++records.count) {
            if (records.count == records.records.size()) records.records.emplace_back();
            if (!reader_.next(records.records[records.count])) return false;
        }
        return true;
    }
    std::uint64_t read() const override { return reader_.records_read(); }

private:
    XmlRecordReader reader_;
    std::size_t fields_;
    bool whole_;
    Record spare_;
};

} // namespace

class ParallelRecordReader::Kind final : public XmlBatchKind {
public:
    // What a reused record keeps of its memory: most records are smaller (a Posts.xml row is
    // ~0.4 KiB); a batch of a few thousand records that each kept the largest they ever held
    // would hold many MiB for nothing.
    static constexpr std::size_t kKeptRecordBytes = 2048;

    Kind(XmlRecordPath path, std::vector<XmlField> fields, XmlReadOptions options)
        : path_(std::move(path)), fields_(std::move(fields)), options_(options)
    {
    }

    std::unique_ptr<XmlBatchParser> block_parser(const std::string& name) const override
    {
        return std::make_unique<BatchRecords>(name, path_, fields_);
    }
    std::unique_ptr<XmlBatchParser> one_parser(ByteSource& text, XmlText form) const override
    {
        return std::make_unique<BatchRecords>(text, path_, fields_, options_, form);
    }
    std::unique_ptr<XmlBatch> batch() const override { return std::make_unique<RecordBatch>(); }
    void clear(XmlBatch& batch) const override
    {
        auto& records = static_cast<RecordBatch&>(batch);
        for (std::size_t i = 0; i < records.count; ++i) records.records[i].release_if_larger(kKeptRecordBytes);
        records.count = 0;
    }
    const XmlRecordPath& path() const { return path_; }
    std::size_t fields() const { return fields_.size(); }

private:
    XmlRecordPath path_;
    std::vector<XmlField> fields_;
    XmlReadOptions options_;
};

ParallelRecordReader::ParallelRecordReader(ByteSource& source, XmlRecordPath record, std::vector<XmlField> fields,
                                           XmlReadOptions options, std::size_t workers, std::size_t block_bytes)
    : kind_(std::make_unique<Kind>(std::move(record), std::move(fields), options)), ever_matched_(kind_->fields(), false)
{
    // Cut between records, or where an element above them ended.
    const auto& path = kind_->path();
    XmlCutting cutting{path.record().local, path.steps.size(), path.steps.size(), path};
    parser_ = std::make_unique<ParallelXmlParser>(source, *kind_, std::move(cutting), options, workers, block_bytes);
}

ParallelRecordReader::~ParallelRecordReader() = default;

bool ParallelRecordReader::next(Record& record)
{
    while (next_record_ == records_) {
        if (current_.error) std::rethrow_exception(std::exchange(current_.error, nullptr));
        if (finished_) return false;
        if (!parser_->next(current_)) {
            finished_ = true;
            return false;
        }
        auto& batch = static_cast<RecordBatch&>(*current_.batch);
        for (std::size_t i = 0; i < batch.matched.size(); ++i)
            if (batch.matched[i]) ever_matched_[i] = true;
        records_read_.fetch_add(current_.read, std::memory_order_relaxed);
        records_ = batch.count;
        next_record_ = 0;
    }
    auto& batch = static_cast<RecordBatch&>(*current_.batch);
    std::swap(record, batch.records[next_record_++]);
    // Placed in the stream: the block's parser counted from its wrapper's start.
    record.number += current_.number_shift;
    record.line = static_cast<std::uint64_t>(static_cast<std::int64_t>(record.line) + current_.line_shift);
    record.byte = static_cast<std::uint64_t>(static_cast<std::int64_t>(record.byte) + current_.byte_shift);
    return true;
}

} // namespace sluice
