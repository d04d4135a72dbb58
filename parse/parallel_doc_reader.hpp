#pragma once
// Parses the abstracts dump on several cores (ParallelXmlParser): the text is cut between
// elements directly under the root, each block parsed by its own XmlDocReader on a worker, and
// the docs come back in dump order, a block's at a time.
//
// The result is the sequential reader's (XmlDocReader) for every input, errors included: the same
// docs, and the same error at the same line, column and byte, raised only after every doc before
// it was delivered. A document whose first element under the root is not a <doc> (or that has a
// DOCTYPE) is read by one sequential parser from its start; a limit passed, a failing source, or
// an element under the root longer than the record limit, from where the cutter meets them.

#include "core/byte_source.hpp"
#include "parse/parallel_xml_parser.hpp"
#include "parse/wiki_doc.hpp"
#include "parse/xml_doc_reader.hpp"
#include "parse/xml_read_options.hpp"

#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>

namespace sluice {

class ParallelDocReader {
public:
    static constexpr std::size_t kBlockBytes = ParallelXmlParser::kBlockBytes;

    ParallelDocReader(ByteSource& source, XmlDocReader::TitleFilter keep, XmlReadOptions options = {},
                      std::size_t workers = 2, std::size_t block_bytes = kBlockBytes);
    ~ParallelDocReader();
    ParallelDocReader(const ParallelDocReader&) = delete;
    ParallelDocReader& operator=(const ParallelDocReader&) = delete;

    // Moves the next wanted doc into `doc`; false at the end. Throws sluice::Error.
    bool next(WikiDoc& doc);

    // Every doc parsed so far, wanted or not. Any thread may read it (a progress meter does).
    std::uint64_t docs_read() const { return docs_read_.load(std::memory_order_relaxed); }
    // Sequences invalid in the dump's encoding replaced with U+FFFD; read it after the end.
    std::uint64_t replaced() const { return parser_->replaced(); }
    // How the dump was read: blocks cut and parsed on the workers, and where one parser took
    // over the rest (-1 if none did). For tests and diagnostics; read them after the end.
    std::uint64_t blocks() const { return parser_->blocks(); }
    std::int64_t one_parser_from() const { return parser_->one_parser_from(); }
    // The source's own failure (a corrupt gzip member, a dropped download) if the reader met one,
    // whether it was raised or an error in the text before it was: a caller that got a parse
    // error may find the data to blame for it (fetch/decode_check.hpp). Any thread, any time.
    std::exception_ptr source_failure() const { return parser_->source_failure(); }

private:
    class Kind;

    std::unique_ptr<Kind> kind_;
    std::unique_ptr<ParallelXmlParser> parser_;  // after kind_: its threads use it
    ParallelXmlParser::Delivered current_;
    std::size_t next_doc_ = 0;
    std::size_t docs_ = 0;  // in current_
    bool finished_ = false;
    std::atomic<std::uint64_t> docs_read_{0};
};

} // namespace sluice
