#pragma once
// Parses the abstracts dump on several cores. One thread pulls the inflated stream and cuts it
// after a "</doc>" every ~1 MiB; worker threads parse the blocks with their own libxml2 push
// parsers (XmlDocReader), each block wrapped in the document's root element so it is a
// well-formed document; the consumer gets the docs back in dump order. libxml2 still parses every
// byte of every doc; it just does so on two cores instead of one.
//
// Positions in errors are the whole stream's (line, column, byte), as XmlDocReader's would be,
// and an error is raised only after every doc before it was delivered. The cut relies on the
// dump's layout: <doc> elements directly under the root, and no "</doc>" inside a comment or
// CDATA section. When the first doc is not directly under the root, the reader falls back to one
// sequential parser.

#include "core/bounded_queue.hpp"
#include "core/byte_source.hpp"
#include "parse/wiki_doc.hpp"
#include "parse/xml_doc_reader.hpp"

#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace sluice {

class ParallelDocReader {
public:
    static constexpr std::size_t kBlockBytes = 1024 * 1024;
    // A doc longer than this has no "</doc>" to cut at: the input is not an abstracts dump.
    static constexpr std::size_t kMaxBlockBytes = 16 * 1024 * 1024;

    ParallelDocReader(ByteSource& source, XmlDocReader::TitleFilter keep, std::size_t workers = 2,
                      std::size_t block_bytes = kBlockBytes);
    ~ParallelDocReader();
    ParallelDocReader(const ParallelDocReader&) = delete;
    ParallelDocReader& operator=(const ParallelDocReader&) = delete;

    // Moves the next wanted doc into `doc`; false at the end. Throws sluice::Error.
    bool next(WikiDoc& doc);

    // Every doc parsed so far, wanted or not. Any thread may read it (a progress meter does).
    std::uint64_t docs_read() const { return docs_read_.load(std::memory_order_relaxed); }

    // The parsed docs of one block, or its error (after them).
    struct Block;
    struct Parsed {
        std::vector<WikiDoc> docs;
        std::uint64_t docs_read = 0;
        std::uint64_t lines = 0;       // newlines in the block
        std::exception_ptr error;
        std::shared_ptr<Block> block;  // kept with an error, to place it in the stream
    };

private:
    void cut();                   // the cutter thread's body
    void parse_blocks();          // a worker thread's body
    void read_sequentially(std::string head);

    ByteSource& source_;
    XmlDocReader::TitleFilter keep_;
    std::size_t block_bytes_;
    BoundedQueue<std::shared_ptr<Block>> work_;
    BoundedQueue<std::future<Parsed>> results_;  // in dump order
    std::vector<std::jthread> threads_;

    Parsed current_;
    std::size_t next_doc_ = 0;
    bool finished_ = false;
    std::atomic<std::uint64_t> docs_read_{0};
    std::uint64_t line_ = 1;  // the line the next block starts on
    std::string root_start_;  // the wrapper around blocks: "<feed>\n" and "</feed>"
    std::string root_end_;
};

} // namespace sluice
