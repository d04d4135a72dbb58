#pragma once
// Parses an XML document on several cores, for any reader whose records are elements at one
// level (the abstracts' <doc> under the root, a record path's records at its depth). One thread
// decodes the text to UTF-8 and cuts it every ~1 MiB where an XmlMarkupScanner says an element
// has just ended at a level from 2 to the cut level; worker threads parse the blocks with their
// own libxml2 push parsers, each block wrapped in a prefix (the document's XML declaration, the
// root's start tag and the start tags of the other elements open at the cut, attributes and
// namespace declarations as written, so prefixes resolve) and a suffix (the end tags of those
// open at the block's end): a well-formed document that parses as the same bytes do in place.
// The consumer gets batches back in document order, one per block: a hand-off per block, never
// per record. libxml2 still parses every byte; it just does so on several cores.
//
// The result is the sequential reader's for every input, errors included: the same records, and
// the same error at the same line, column and byte, raised only after every record before it was
// delivered. What the cutter cannot cut it hands to one sequential parser, from the last cut to
// the end: a document whose layout does not suit (its first element under the root is not a
// record, or no record at the record path has started within a record's limit), or that has a
// DOCTYPE, from its start; a limit passed, a failing source, a wrapper longer than 64 KiB, or an
// element longer than the record limit, from where it meets them. The sequential parser then
// finds the same error at the same place, or reads the rest as the one-thread reader would.
//
// The records themselves are the reader on top's (XmlBatchKind): the engine knows only batches.

#include "core/bounded_queue.hpp"
#include "core/byte_source.hpp"
#include "parse/xml_decoding_source.hpp"
#include "parse/xml_read_options.hpp"
#include "parse/xml_record_path.hpp"
#include "parse/xml_sax_reader.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace sluice {

// The records one block (or a stretch of the one parser's) gave: each reader derives its own.
class XmlBatch {
public:
    virtual ~XmlBatch() = default;
};

// One parser of a reader on top: a block's, pushed from memory, or the one parser's, pulling.
class XmlBatchParser {
public:
    virtual ~XmlBatchParser() = default;
    // Before a block's pushes: the batch its records will go to, whose storage the parser may
    // fill in place (a block's parser is made afresh, so it has none to reuse of its own).
    virtual void prepare(XmlBatch& /*batch*/) {}
    virtual void push(std::string_view bytes, bool last, std::optional<XmlSaxReader::TextEnd> text_end) = 0;
    // Adds the records parsed next to `batch`, at most `most` of them; false once the document is
    // done. Throws the document's error once the records before it are in `batch`.
    virtual bool fill(XmlBatch& batch, std::size_t most) = 0;
    virtual std::uint64_t read() const = 0;  // records parsed so far, wanted or not
};

// What the engine asks of a reader on top. Called from any thread: it must be const-safe.
class XmlBatchKind {
public:
    virtual ~XmlBatchKind() = default;
    virtual std::unique_ptr<XmlBatchParser> block_parser(const std::string& name) const = 0;
    // The one parser over `text`: a whole document in UTF-8, or its continuation after a cut.
    virtual std::unique_ptr<XmlBatchParser> one_parser(ByteSource& text, XmlText form) const = 0;
    virtual std::unique_ptr<XmlBatch> batch() const = 0;  // an empty one
    // Makes a batch taken back from the consumer empty again, keeping what it can reuse.
    virtual void clear(XmlBatch& batch) const = 0;
};

// Where a document may be cut, and when its layout allows it at all.
struct XmlCutting {
    std::string record_name;       // the record's local name (its size is limited)
    std::size_t record_level = 0;  // the level records are at (the root being 1), 0 for any
    std::size_t cut_level = 2;     // blocks end where an element at a level from 2 to this ended
    // With a record path, blocks are cut once a record at it has started (before that, the
    // document may hold none, and one parser says what it held instead); without one, only if
    // the root's first child element is a record.
    std::optional<XmlRecordPath> path;
};

class ParallelXmlParser {
public:
    static constexpr std::size_t kBlockBytes = 1024 * 1024;

    ParallelXmlParser(ByteSource& source, const XmlBatchKind& kind, XmlCutting cutting, XmlReadOptions options,
                      std::size_t workers, std::size_t block_bytes = kBlockBytes);
    ~ParallelXmlParser();
    ParallelXmlParser(const ParallelXmlParser&) = delete;
    ParallelXmlParser& operator=(const ParallelXmlParser&) = delete;

    // The prefix and suffix a block is parsed in (see above), with what it takes to map the
    // block parser's lines back to the stream's.
    struct Wrapper {
        std::string prefix;  // the declaration, and each open element's start tag on a line of its own
        std::string suffix;  // their end tags, innermost first
        std::uint64_t lines = 0;  // line breaks in prefix
        // For each line of the prefix (from 1), the stream's line its text comes from.
        std::vector<std::uint64_t> line_origins;
    };

    // Where a block (or the one parser's text after a cut) lies in the stream, and the wrapper
    // its parser read before it: what it takes to place its records and its error in the stream.
    struct Placement {
        std::size_t wrapper_bytes = 0;    // 0 for the text that starts the stream
        std::uint64_t wrapper_lines = 0;  // its line break included: the block starts a line
        std::uint64_t start_byte = 0;     // the block's first byte in the stream
        std::uint64_t start_column = 0;   // characters before it on its line
        std::shared_ptr<const Wrapper> wrapper;  // null for the text that starts the stream
    };

    // A batch in document order, as the consumer takes it.
    struct Delivered {
        std::unique_ptr<XmlBatch> batch;  // never null after a successful next()
        std::uint64_t read = 0;           // records parsed in it, wanted or not
        std::exception_ptr error;         // after its records, placed in the stream
        // What to add to a record's line and byte as its parser gave them, to place it in the stream.
        std::int64_t line_shift = 0;
        std::int64_t byte_shift = 0;
        std::uint64_t number_shift = 0;   // what to add to a record's number (its parser's count)
    };

    // The next batch into `out` (whose old batch goes back for reuse); false at the end.
    bool next(Delivered& out);

    // Sequences invalid in the dump's encoding replaced with U+FFFD; read it after the end.
    std::uint64_t replaced() const { return text_.replaced(); }
    // The source's own failure, if the reader met one (see ParallelDocReader). Any thread, any time.
    std::exception_ptr source_failure() const;
    // Blocks cut and parsed on the workers, and where one parser took over the rest (-1 if none
    // did). For tests and diagnostics; read them after the end.
    std::uint64_t blocks() const { return blocks_.load(); }
    std::int64_t one_parser_from() const { return one_parser_from_.load(); }

    struct Block;
    struct Parsed {
        std::unique_ptr<XmlBatch> batch;
        std::uint64_t read = 0;
        std::uint64_t lines = 0;             // newlines in the block
        std::exception_ptr error;
        bool placed_error = false;           // the parser's own, to be placed in the stream
        std::optional<Placement> placement;  // where the text was parsed: none from the start
        bool one_parser = false;             // the one parser's: it counts on from its batches before
    };

private:
    void cut();                   // the cutter thread's body
    void parse_blocks();          // a worker thread's body
    // One parser over the rest: `head` (the text from `placement->start_byte` on, after its
    // wrapper, or from the start) and what the source still holds, or `failure` after `head`.
    void read_sequentially(std::string_view head, std::optional<Placement> placement, std::exception_ptr failure);
    void met_source_failure(std::exception_ptr failure);
    std::unique_ptr<XmlBatch> take_batch();

    XmlDecodingSource text_;
    const XmlBatchKind& kind_;
    XmlCutting cutting_;
    XmlReadOptions options_;
    std::size_t block_bytes_;
    BoundedQueue<std::shared_ptr<Block>> work_;
    BoundedQueue<std::future<Parsed>> results_;  // in document order
    // Bytes of the blocks cut and not yet parsed, and how many may be.
    std::mutex in_flight_mutex_;
    std::condition_variable in_flight_changed_;
    std::size_t in_flight_ = 0;
    std::size_t in_flight_budget_;
    bool stopping_ = false;
    struct BufferPool;
    std::unique_ptr<BufferPool> pool_;
    // Batches the consumer is done with, for the workers to fill again.
    std::mutex batches_mutex_;
    std::vector<std::unique_ptr<XmlBatch>> spare_batches_;
    std::vector<std::jthread> threads_;

    bool finished_ = false;
    std::atomic<std::uint64_t> blocks_{0};
    std::atomic<std::int64_t> one_parser_from_{-1};
    mutable std::mutex source_failure_mutex_;
    std::exception_ptr source_failure_;
    std::uint64_t line_ = 1;  // the line the next block starts on
    std::uint64_t read_ = 0;  // records delivered before the next batch
    std::optional<std::uint64_t> one_parser_start_;  // records read before the one parser's
};

} // namespace sluice
