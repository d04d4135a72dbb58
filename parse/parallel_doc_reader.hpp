#pragma once
// Parses the abstracts dump on several cores. One thread decodes the text to UTF-8 and cuts it
// every ~1 MiB where an XmlMarkupScanner says an element directly under the root has just ended;
// worker threads parse the blocks with their own libxml2 push parsers (XmlDocReader), each block
// wrapped in the document's XML declaration and root start tag before it and the root's end tag
// after it, so it is a well-formed document that parses as the same bytes do in place (the root's
// namespace declarations and attributes included). The consumer gets the docs back in dump order.
// libxml2 still parses every byte of every doc; it just does so on two cores instead of one.
//
// The result is the sequential reader's (XmlDocReader) for every input, errors included: the same
// docs, and the same error at the same line, column and byte, raised only after every doc before
// it was delivered. What the cutter cannot cut it hands to one sequential parser, from the last
// cut to the end: a document whose first element under the root is not a <doc> (or that has a
// DOCTYPE) from its start; a limit passed, a failing source, or an element under the root longer
// than the record limit from where it meets them. The sequential parser then finds the same
// error at the same place, or reads the rest as the one-thread reader would.

#include "core/bounded_queue.hpp"
#include "core/byte_source.hpp"
#include "parse/wiki_doc.hpp"
#include "parse/xml_decoding_source.hpp"
#include "parse/xml_doc_reader.hpp"
#include "parse/xml_read_options.hpp"

#include <atomic>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sluice {

class ParallelDocReader {
public:
    static constexpr std::size_t kBlockBytes = 1024 * 1024;

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
    std::uint64_t replaced() const { return text_.replaced(); }
    // How the dump was read: blocks cut and parsed on the workers, and where one parser took
    // over the rest (-1 if none did). For tests and diagnostics; read them after the end.
    std::uint64_t blocks() const { return blocks_.load(); }
    // The source's own failure (a corrupt gzip member, a dropped download) if the reader met one,
    // whether it was raised or an error in the text before it was: a caller that got a parse
    // error may find the data to blame for it (fetch/decode_check.hpp). Any thread, any time.
    std::exception_ptr source_failure() const;
    std::int64_t one_parser_from() const { return one_parser_from_.load(); }

    // Where a block lies in the stream, and the wrapper its parser read before it: what it takes
    // to place the block parser's error in the stream.
    struct Placement {
        std::size_t wrapper_bytes = 0;    // 0 for the block that starts the stream
        std::uint64_t wrapper_lines = 0;  // its line break included: the block starts a line
        std::uint64_t start_byte = 0;     // the block's first byte in the stream
        std::uint64_t start_column = 0;   // characters before it on its line
        // The wrapper's lines are the root start tag's own: its line in the stream less its line
        // in the wrapper (libxml2 names the root's line in "tag mismatch: feed line 2 and doc").
        std::int64_t wrapper_line_shift = 0;
    };

    // The parsed docs of one block, or its error (after them).
    struct Block;
    struct Parsed {
        std::vector<WikiDoc> docs;
        std::uint64_t docs_read = 0;
        std::uint64_t lines = 0;                 // newlines in the block
        std::exception_ptr error;
        std::optional<Placement> placement;      // with an error raised inside the block
    };

private:
    void cut();                   // the cutter thread's body
    void parse_blocks();          // a worker thread's body
    // One parser over the rest: `head` (the text from `placement->start_byte` on, after its
    // wrapper, or from the start) and what the source still holds, or `failure` after `head`.
    void read_sequentially(std::string_view head, std::optional<Placement> placement, std::exception_ptr failure);

    XmlDecodingSource text_;
    XmlDocReader::TitleFilter keep_;
    XmlReadOptions options_;
    std::size_t block_bytes_;
    BoundedQueue<std::shared_ptr<Block>> work_;
    BoundedQueue<std::future<Parsed>> results_;  // in dump order
    // Bytes of the blocks cut and not yet parsed, and how many may be.
    std::mutex in_flight_mutex_;
    std::condition_variable in_flight_changed_;
    std::size_t in_flight_ = 0;
    std::size_t in_flight_budget_;
    bool stopping_ = false;
    struct BufferPool;
    std::unique_ptr<BufferPool> pool_;
    std::vector<std::jthread> threads_;

    Parsed current_;
    std::size_t next_doc_ = 0;
    bool finished_ = false;
    std::atomic<std::uint64_t> docs_read_{0};
    std::atomic<std::uint64_t> blocks_{0};
    std::atomic<std::int64_t> one_parser_from_{-1};
    mutable std::mutex source_failure_mutex_;
    std::exception_ptr source_failure_;
    void met_source_failure(std::exception_ptr failure);
    std::uint64_t line_ = 1;  // the line the next block starts on
    std::string prefix_;      // the wrapper around blocks: "<?xml ...?>\n<feed>\n" and "</feed>"
    std::uint64_t prefix_lines_ = 0;
    std::string suffix_;
};

} // namespace sluice
