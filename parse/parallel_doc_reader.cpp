#include "parse/parallel_doc_reader.hpp"

#include <utility>
#include <vector>

namespace sluice {

namespace {

struct DocBatch final : XmlBatch {
    std::vector<WikiDoc> docs;
};

class BlockDocs final : public XmlBatchParser {
public:
    BlockDocs(ByteSource& text, XmlDocReader::TitleFilter keep, XmlReadOptions options, XmlText form)
        : reader_(text, 256 * 1024, std::move(keep), options, form)
    {
    }
    BlockDocs(const std::string& name, XmlDocReader::TitleFilter keep) : reader_(name, std::move(keep)) {}

    void push(std::string_view bytes, bool last, std::optional<XmlSaxReader::TextEnd> text_end) override
    {
        reader_.push(bytes, last, text_end);
    }
    bool fill(XmlBatch& batch, std::size_t most) override
    {
        auto& docs = static_cast<DocBatch&>(batch).docs;
        for (std::size_t n = 0; n < most; ++n) {
            if (!reader_.next(doc_)) return false;
            docs.push_back(std::move(doc_));
        }
        return true;
    }
    std::uint64_t read() const override { return reader_.docs_read(); }

private:
    XmlDocReader reader_;
    WikiDoc doc_;
};

} // namespace

class ParallelDocReader::Kind final : public XmlBatchKind {
public:
    Kind(XmlDocReader::TitleFilter keep, XmlReadOptions options) : keep_(std::move(keep)), options_(options) {}

    std::unique_ptr<XmlBatchParser> block_parser(const std::string& name) const override
    {
        return std::make_unique<BlockDocs>(name, keep_);
    }
    std::unique_ptr<XmlBatchParser> one_parser(ByteSource& text, XmlText form) const override
    {
        return std::make_unique<BlockDocs>(text, keep_, options_, form);
    }
    std::unique_ptr<XmlBatch> batch() const override { return std::make_unique<DocBatch>(); }
    void clear(XmlBatch& batch) const override { static_cast<DocBatch&>(batch).docs.clear(); }

private:
    XmlDocReader::TitleFilter keep_;
    XmlReadOptions options_;
};

ParallelDocReader::ParallelDocReader(ByteSource& source, XmlDocReader::TitleFilter keep, XmlReadOptions options,
                                     std::size_t workers, std::size_t block_bytes)
    : kind_(std::make_unique<Kind>(std::move(keep), options)),
      // A <doc> may be at any depth, but the text is cut only between the root's children.
      parser_(std::make_unique<ParallelXmlParser>(source, *kind_, XmlCutting{"doc", 0, 2, std::nullopt}, options,
                                                  workers, block_bytes))
{
}

ParallelDocReader::~ParallelDocReader() = default;

bool ParallelDocReader::next(WikiDoc& doc)
{
    while (next_doc_ == docs_) {
        if (current_.error) std::rethrow_exception(std::exchange(current_.error, nullptr));
        if (finished_) return false;
        if (!parser_->next(current_)) {
            finished_ = true;
            return false;
        }
        docs_read_.fetch_add(current_.read, std::memory_order_relaxed);
        docs_ = static_cast<DocBatch&>(*current_.batch).docs.size();
        next_doc_ = 0;
    }
    doc = std::move(static_cast<DocBatch&>(*current_.batch).docs[next_doc_++]);
    return true;
}

} // namespace sluice
