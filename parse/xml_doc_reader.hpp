#pragma once
// Reads <doc> records from the Wikipedia abstracts dump with libxml2's SAX push parser, chunk by
// chunk, so memory is bounded by the chunk size and one record however large the dump.
//
// Only the shape <doc><title/><url/><abstract/>...</doc> matters: the root element's name, the
// nesting depth of <doc> and the whitespace between elements are not assumed. The parser never
// loads a DTD, never expands entities beyond XML's predefined ones and character references, and
// never touches the network; a DOCTYPE is refused outright (billion laughs, XXE).

#include "core/byte_source.hpp"
#include "parse/wiki_doc.hpp"

#include <libxml/parser.h>

#include <deque>
#include <exception>
#include <functional>
#include <string_view>
#include <vector>

namespace sluice {

class XmlDocReader {
public:
    // Real titles, URLs and abstracts are at most a few KiB; anything near this is not an abstract.
    static constexpr std::size_t kMaxFieldBytes = 1024 * 1024;
    // Enough section headings to recognise the kind of page; long articles have hundreds.
    static constexpr std::size_t kMaxSections = 24;
    static constexpr std::size_t kMaxSectionBytes = 128;

    // Says from a doc's title (without "Wikipedia: ") whether the doc is wanted at all. Every doc
    // is still parsed (and counted), but an unwanted one's other fields are not copied and it is
    // not returned: most of a dump's 6 million docs can match no film.
    using TitleFilter = std::function<bool(std::string_view title)>;

    // Pulls the document from `source`, chunk by chunk.
    explicit XmlDocReader(ByteSource& source, std::size_t chunk_size = 256 * 1024, TitleFilter keep = {});
    // A document already in memory, handed over piece by piece with push(): nothing is copied
    // into a chunk first. `name` names it in errors.
    XmlDocReader(std::string name, TitleFilter keep);
    ~XmlDocReader();
    XmlDocReader(const XmlDocReader&) = delete;
    XmlDocReader& operator=(const XmlDocReader&) = delete;

    // Moves the next record into `doc`; false at the end of the document. Throws sluice::Error.
    bool next(WikiDoc& doc);

    // The next piece of a document in memory; `last` ends the document. The docs it completes are
    // then taken with next(), and its error is raised there, after them.
    void push(std::string_view bytes, bool last);

    std::uint64_t docs_read() const { return docs_read_; }  // parsed, wanted or not
    // The line the parser has reached (1-based): at the end, one more than the newlines it read.
    std::uint64_t line() const;

private:
    enum class Field { none, title, url, abstract, anchor };

    struct ContextDeleter {
        void operator()(xmlParserCtxt* context) const noexcept;
    };

    // SAX callbacks: C frames, so they record failures instead of throwing.
    static void on_start(void* self, const xmlChar* local, const xmlChar*, const xmlChar*, int,
                         const xmlChar**, int, int, const xmlChar**);
    static void on_end(void* self, const xmlChar* local, const xmlChar*, const xmlChar*);
    static void on_text(void* self, const xmlChar* text, int length);
    static void on_doctype(void* self, const xmlChar*, const xmlChar*, const xmlChar*);
    static void on_error(void* self, xmlError* error);

    void feed();  // parses the next chunk of the source, or finishes the document
    void create_parser(const char* name);
    void fail_with(std::exception_ptr error);

    ByteSource* source_ = nullptr;  // null for a document in memory
    std::string name_;
    std::vector<char> chunk_;
    std::uint64_t bytes_parsed_ = 0;
    std::unique_ptr<xmlParserCtxt, ContextDeleter> context_;
    std::deque<WikiDoc> ready_;
    WikiDoc current_;
    Field field_ = Field::none;
    int depth_ = 0;
    int doc_depth_ = -1;  // depth of the open <doc>, -1 outside one
    int anchor_depth_ = -1;  // depth of the open <anchor> inside the doc's <links>, -1 outside one
    bool finished_ = false;
    std::exception_ptr error_;
    std::uint64_t docs_read_ = 0;
    TitleFilter keep_;
    bool skipping_ = false;  // the open doc's title said it is not wanted
};

} // namespace sluice
