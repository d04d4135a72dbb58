#pragma once
// The one libxml2 SAX push parser every XML reader runs on: it reads a document chunk by chunk
// (memory bounded by the chunk and one record, however large the document), or takes pieces of
// one pushed from memory, and hands elements and text to an XmlContentHandler that makes records
// of them (XmlDocReader: the abstracts' <doc>; XmlRecordReader: any record path).
//
// The parser never loads a DTD, never expands entities beyond XML's predefined ones and character
// references, and never touches the network; a DOCTYPE is refused outright (billion laughs, XXE).
//
// Pulling from a source, the text is first decoded to UTF-8 by the document's own encoding
// (XmlDecodingSource), and an XmlMarkupScanner runs ahead of libxml2 to hold every input to
// bounded memory and CPU: nesting depth, a record's size and the attributes of one tag are
// limited (XmlReadOptions), and refused at the byte that passes the limit, after the records
// before it. A document that ends without one record is an error the handler words: it knows
// what it looked for.
//
// libxml2 2.9's push parser reads a token cut across two pieces differently from a whole one
// (it takes "<!-->" for a whole comment, and names bytes that are not UTF-8 as such only if 3
// more follow them in its input), so a piece should end a few bytes after the '>' that ends
// a tag, comment, CDATA section or PI (piece_end()), or with the document: then every piece's
// tokens are whole, and what libxml2 says does not depend on how the text was split. The pull
// mode splits so itself; blanks at the end of the document are not handed over at all.
//
// Errors are raised only once the records parsed before them have been taken (more() returns
// true while the handler may have some), so what a caller sees does not depend on chunk sizes.

#include "core/byte_source.hpp"
#include "parse/text_position.hpp"
#include "parse/xml_decoding_source.hpp"
#include "parse/xml_markup_scanner.hpp"
#include "parse/xml_read_options.hpp"

#include <libxml/parser.h>

#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

// What a reader pulls from its source.
enum class XmlText {
    document,      // a whole document, in whatever encoding it declares
    utf8,          // a whole document already decoded to UTF-8 (its declaration is ignored)
    continuation,  // UTF-8 that goes on with a document another reader began: it need hold no record
};

// What the parser tells a reader. Called from libxml2's C frames: a handler may throw, and the
// parser then stops with that error (after the records before it).
class XmlContentHandler {
public:
    virtual ~XmlContentHandler() = default;
    // `depth` is the element's own, the root's being 0; `attributes` are libxml2's SAX2 five
    // pointers per attribute (local name, prefix, URI, value, value end), values already with
    // their character and predefined entity references replaced.
    virtual void start(const xmlChar* local, const xmlChar* prefix, std::size_t depth, int attribute_count,
                       const xmlChar** attributes) = 0;
    virtual void end(std::size_t depth) = 0;
    virtual void text(const char* text, std::size_t length) = 0;
    // Records completed so far.
    virtual std::uint64_t records() const = 0;
    // The message for a document that held no record, `amount` being its size in words ("1.2 MB").
    virtual std::string no_records(const std::string& amount) const = 0;
};

class XmlSaxReader {
public:
    // Far below libxml2's 10 MB limit on unparsed input: a piece longer than this goes to it in
    // slices, and text whose markup does not end within this much is passed on anyway.
    static constexpr std::size_t kMaxSlice = 4 * 1024 * 1024;
    static constexpr std::size_t kMaxHeld = kMaxSlice;
    static constexpr std::size_t kLookahead = 3;

    // Pulls the document from `source`, chunk by chunk. `record_name` is the local name of the
    // record element, whose size is limited, and `record_level` its level, 0 for any
    // (XmlMarkupScanner).
    XmlSaxReader(ByteSource& source, XmlContentHandler& handler, std::string record_name, std::size_t chunk_size,
                 XmlReadOptions options, XmlText text, std::size_t record_level = 0);
    // A piece of a document in memory, handed over piece by piece with push(): nothing is copied
    // into a chunk first. The text is UTF-8 whose markup a scanner has already checked (a block
    // of a parallel reader): no decoding, no limits, no record needed. `name` names it in errors.
    XmlSaxReader(std::string name, XmlContentHandler& handler);
    ~XmlSaxReader();
    XmlSaxReader(const XmlSaxReader&) = delete;
    XmlSaxReader& operator=(const XmlSaxReader&) = delete;

    // Parses on (pulling the next chunk): false once the document is done and nothing more will
    // come. Throws the document's error when called again after the records before it.
    bool more();

    // Where a piece's own text ends when more follows it in the same push (the root's end tag
    // after a block), and what the document holds after that (kLookahead bytes): libxml2's
    // message about bytes that are not UTF-8 shows the four from the first.
    struct TextEnd {
        std::size_t at;
        std::string_view after;
    };

    // Where a piece of `text` (which starts at stream offset `start`) should end: a few bytes
    // after the end of the latest markup, or of the one before, that suits (see above); none
    // if neither does yet.
    static std::optional<std::size_t> piece_end(std::string_view text, std::uint64_t start, std::uint64_t latest,
                                                std::uint64_t previous);

    // The next piece of a document in memory; `last` ends the document. The records it completes
    // are then with the handler, and its error is raised by more(), after them.
    void push(std::string_view bytes, bool last, std::optional<TextEnd> text_end = {});

    // Sequences invalid in the document's encoding replaced with U+FFFD (XmlReadOptions::replace_invalid).
    std::uint64_t replaced() const { return decoded_ ? decoded_->replaced() : 0; }
    const std::string& name() const { return name_; }

    // For a handler, inside a callback: where libxml2's cursor is (just past the start tag for
    // start(), at its "/>" for an empty element; just past the end tag for end()), and the
    // bytes before it that libxml2 still holds (at least the latest tag's).
    struct Cursor {
        const char* held;        // the first byte libxml2 still holds
        const char* at;          // the cursor
        std::uint64_t offset;    // the cursor's offset in what was parsed
        std::uint64_t line;      // the cursor's line, 1-based
    };
    Cursor cursor() const;

private:
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
    // `text` ends where the scanner stopped at a limit.
    void refuse_at_limit(std::string_view text);
    void describe_not_xml();
    void create_parser(const char* name);
    void fail_with(std::exception_ptr error);

    XmlContentHandler& handler_;
    ByteSource* source_ = nullptr;  // null for a document in memory
    std::optional<XmlDecodingSource> decoded_;
    std::optional<XmlMarkupScanner> scanner_;
    std::string record_name_;
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
    std::size_t depth_ = 0;
    bool finished_ = false;
    std::exception_ptr error_;
    bool expect_records_ = false;
    bool element_seen_ = false;
    bool maybe_not_xml_ = false;  // libxml2 failed before the first element
    std::string head_;  // the document's first bytes, to say what it is if not XML
};

} // namespace sluice
