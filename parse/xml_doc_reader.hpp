#pragma once
// Reads <doc> records from the Wikipedia abstracts dump with libxml2's SAX push parser, chunk by
// chunk, so memory is bounded by the chunk size and one record however large the dump.
//
// Only the shape <doc><title/><url/><abstract/>...</doc> matters: the root element's name, the
// nesting depth of <doc> and the whitespace between elements are not assumed. The parser never
// loads a DTD, never expands entities beyond XML's predefined ones and character references, and
// never touches the network; a DOCTYPE is refused outright (billion laughs, XXE).
//
// Pulling from a source, the text is first decoded to UTF-8 by the document's own encoding
// (XmlDecodingSource), and an XmlMarkupScanner runs ahead of libxml2 to hold every input to
// bounded memory and CPU: nesting depth, a record's size and the attributes of one tag are
// limited (XmlReadOptions), and refused at the byte that passes the limit, after the records
// before it. A document that ends without one <doc> is an error that says what it held instead.

#include "core/byte_source.hpp"
#include "parse/text_position.hpp"
#include "parse/wiki_doc.hpp"
#include "parse/xml_decoding_source.hpp"
#include "parse/xml_markup_scanner.hpp"
#include "parse/xml_read_options.hpp"

#include <libxml/parser.h>

#include <deque>
#include <exception>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice {

// What a reader pulls from its source.
enum class XmlText {
    document,      // a whole document, in whatever encoding it declares
    utf8,          // a whole document already decoded to UTF-8 (its declaration is ignored)
    continuation,  // UTF-8 that goes on with a document another reader began: it need hold no <doc>
};

class XmlDocReader {
public:
    // Real titles, URLs and abstracts are at most a few KiB; anything near this is not an abstract.
    static constexpr std::size_t kMaxFieldBytes = 1024 * 1024;
    // Enough section headings to recognise the kind of page; long articles have hundreds.
    static constexpr std::size_t kMaxSections = 24;
    static constexpr std::size_t kMaxSectionBytes = 128;
    // Distinct element names kept to describe a document without <doc> elements.
    static constexpr std::size_t kMaxNamesShown = 5;
    // Far below libxml2's 10 MB limit on unparsed input: a piece longer than this goes to it in
    // slices, and text whose markup does not end within this much is passed on anyway.
    static constexpr std::size_t kMaxSlice = 4 * 1024 * 1024;
    static constexpr std::size_t kMaxHeld = kMaxSlice;
    static constexpr std::size_t kLookahead = 3;

    // Says from a doc's title (without "Wikipedia: ") whether the doc is wanted at all. Every doc
    // is still parsed (and counted), but an unwanted one's other fields are not copied and it is
    // not returned: most of a dump's 6 million docs can match no film.
    using TitleFilter = std::function<bool(std::string_view title)>;

    // Pulls the document from `source`, chunk by chunk.
    explicit XmlDocReader(ByteSource& source, std::size_t chunk_size = 256 * 1024, TitleFilter keep = {},
                          XmlReadOptions options = {}, XmlText text = XmlText::document);
    // A piece of a document in memory, handed over piece by piece with push(): nothing is copied
    // into a chunk first. The text is UTF-8 whose markup a scanner has already checked (a block
    // of ParallelDocReader): no decoding, no limits, no <doc> needed. `name` names it in errors.
    //
    // libxml2 2.9's push parser reads a token cut across two pieces differently from a whole one
    // (it takes "<!-->" for a whole comment, and names bytes that are not UTF-8 as such only if 3
    // more follow them in its input), so a piece should end a few bytes after the '>' that ends
    // a tag, comment, CDATA section or PI (piece_end()), or with the document: then every piece's
    // tokens are whole, and what libxml2 says does not depend on how the text was split. The pull
    // mode splits so itself; blanks at the end of the document are not handed over at all.
    XmlDocReader(std::string name, TitleFilter keep);
    ~XmlDocReader();
    XmlDocReader(const XmlDocReader&) = delete;
    XmlDocReader& operator=(const XmlDocReader&) = delete;

    // Moves the next record into `doc`; false at the end of the document. Throws sluice::Error.
    bool next(WikiDoc& doc);

    // Where a piece's own text ends when more follows it in the same push (the root's end tag
    // after a block), and what the document holds after that (kLookahead bytes): libxml2's
    // message about bytes that are not UTF-8 shows the four from the first.
    struct TextEnd {
        std::size_t at;
        std::string_view after;
    };

    // Where a piece of `text` (which starts at stream offset `start`) should end: a few bytes
    // after the end of the latest markup, or of the one before, that suits (see push()); none
    // if neither does yet.
    static std::optional<std::size_t> piece_end(std::string_view text, std::uint64_t start, std::uint64_t latest,
                                                std::uint64_t previous);

    // The next piece of a document in memory; `last` ends the document. The docs it completes are
    // then taken with next(), and its error is raised there, after them.
    void push(std::string_view bytes, bool last, std::optional<TextEnd> text_end = {});

    std::uint64_t docs_read() const { return docs_read_; }  // parsed, wanted or not
    // Sequences invalid in the document's encoding replaced with U+FFFD (XmlReadOptions::replace_invalid).
    std::uint64_t replaced() const { return decoded_ ? decoded_->replaced() : 0; }

private:
    enum class Field { none, title, url, abstract, anchor };

    struct ContextDeleter {
        void operator()(xmlParserCtxt* context) const noexcept;
    };

    // SAX callbacks: C frames, so they record failures instead of throwing.
    static void on_start(void* self, const xmlChar* local, const xmlChar* prefix, const xmlChar*, int,
                         const xmlChar**, int, int, const xmlChar**);
    static void on_end(void* self, const xmlChar* local, const xmlChar*, const xmlChar*);
    static void on_text(void* self, const xmlChar* text, int length);
    static void on_doctype(void* self, const xmlChar*, const xmlChar*, const xmlChar*);
    static void on_error(void* self, xmlError* error);

    void feed();  // parses the next chunk of the source, or finishes the document
    void parse(std::string_view bytes, bool last);  // one call to libxml2
    // `text` (from stream offset `start`) ends where the scanner stopped at a limit.
    void refuse_at_limit(std::string_view text, std::uint64_t start);
    void describe_not_xml();
    void create_parser(const char* name);
    void fail_with(std::exception_ptr error);
    void note_name(const xmlChar* local, const xmlChar* prefix);
    std::exception_ptr no_records() const;

    ByteSource* source_ = nullptr;  // null for a document in memory
    std::optional<XmlDecodingSource> decoded_;
    std::optional<XmlMarkupScanner> scanner_;
    TextPosition position_;  // where the next chunk starts
    std::string name_;
    std::size_t chunk_size_ = 0;
    std::vector<char> buffer_;  // text read and not yet parsed, then the next chunk
    std::size_t held_ = 0;      // bytes at its front that wait for their markup to end
    // The piece libxml2 is given (push()), and where it starts among the bytes parsed.
    std::string_view piece_;
    std::uint64_t piece_start_ = 0;
    std::optional<TextEnd> text_end_;
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
    bool expect_records_ = false;
    bool maybe_not_xml_ = false;  // libxml2 failed before the first element
    // What the document held instead of <doc> elements, for the error that says so.
    std::string head_;  // its first bytes
    std::string root_;
    std::vector<std::pair<std::string, std::uint64_t>> children_;  // names under the root, with counts
    std::uint64_t other_children_ = 0;  // under names past kMaxNamesShown * 4 distinct ones
};

} // namespace sluice
