#pragma once
// Reads <doc> records from the Wikipedia abstracts dump, on the SAX reader every XML reader shares
// (XmlSaxReader: chunked pulling or pushed pieces, decoding, limits, no DTD, exact error places).
//
// Only the shape <doc><title/><url/><abstract/>...</doc> matters: the root element's name, the
// nesting depth of <doc> and the whitespace between elements are not assumed. This is not an
// XmlRecordReader over "/feed/doc" because the matcher's needs differ from a load job's: a doc
// at any depth, headings under any <links>-like parents, an unwanted doc (by its title) not
// copied at all, headings cut rather than refused. A document that ends without one <doc> is an
// error that says what it held instead.

#include "core/byte_source.hpp"
#include "parse/wiki_doc.hpp"
#include "parse/xml_name_census.hpp"
#include "parse/xml_read_options.hpp"
#include "parse/xml_sax_reader.hpp"

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice {

class XmlDocReader : private XmlContentHandler {
public:
    // Real titles, URLs and abstracts are at most a few KiB; anything near this is not an abstract.
    static constexpr std::size_t kMaxFieldBytes = 1024 * 1024;
    // Enough section headings to recognise the kind of page; long articles have hundreds.
    static constexpr std::size_t kMaxSections = 24;
    static constexpr std::size_t kMaxSectionBytes = 128;
    // Far below libxml2's 10 MB limit on unparsed input: a piece longer than this goes to it in
    // slices, and text whose markup does not end within this much is passed on anyway.
    static constexpr std::size_t kMaxSlice = XmlSaxReader::kMaxSlice;
    static constexpr std::size_t kMaxHeld = XmlSaxReader::kMaxHeld;
    static constexpr std::size_t kLookahead = XmlSaxReader::kLookahead;

    // Says from a doc's title (without "Wikipedia: ") whether the doc is wanted at all. Every doc
    // is still parsed (and counted), but an unwanted one's other fields are not copied and it is
    // not returned: most of a dump's 6 million docs can match no film.
    using TitleFilter = std::function<bool(std::string_view title)>;

    // Pulls the document from `source`, chunk by chunk.
    explicit XmlDocReader(ByteSource& source, std::size_t chunk_size = 256 * 1024, TitleFilter keep = {},
                          XmlReadOptions options = {}, XmlText text = XmlText::document);
    // A piece of a document in memory, handed over piece by piece with push() (see XmlSaxReader):
    // a block of ParallelDocReader. `name` names it in errors.
    XmlDocReader(std::string name, TitleFilter keep);
    ~XmlDocReader();
    XmlDocReader(const XmlDocReader&) = delete;
    XmlDocReader& operator=(const XmlDocReader&) = delete;

    // Moves the next record into `doc`; false at the end of the document. Throws sluice::Error.
    bool next(WikiDoc& doc);

    using TextEnd = XmlSaxReader::TextEnd;

    static std::optional<std::size_t> piece_end(std::string_view text, std::uint64_t start, std::uint64_t latest,
                                                std::uint64_t previous)
    {
        return XmlSaxReader::piece_end(text, start, latest, previous);
    }

    // The next piece of a document in memory; `last` ends the document. The docs it completes are
    // then taken with next(), and its error is raised there, after them.
    void push(std::string_view bytes, bool last, std::optional<TextEnd> text_end = {})
    {
        parser_.push(bytes, last, text_end);
    }

    std::uint64_t docs_read() const { return docs_read_; }  // parsed, wanted or not
    // Sequences invalid in the document's encoding replaced with U+FFFD (XmlReadOptions::replace_invalid).
    std::uint64_t replaced() const { return parser_.replaced(); }

private:
    enum class Field { none, title, url, abstract, anchor };

    void start(const xmlChar* local, const xmlChar* prefix, std::size_t depth, int, const xmlChar**) override;
    void end(std::size_t depth) override;
    void text(const char* text, std::size_t length) override;
    std::uint64_t records() const override { return docs_read_; }
    std::string no_records(const std::string& amount) const override;
    void note_name(const xmlChar* local, const xmlChar* prefix, std::size_t depth);

    TitleFilter keep_;
    bool expect_records_ = false;
    std::deque<WikiDoc> ready_;
    WikiDoc current_;
    Field field_ = Field::none;
    int doc_depth_ = -1;  // depth of the open <doc>, -1 outside one
    int anchor_depth_ = -1;  // depth of the open <anchor> inside the doc's <links>, -1 outside one
    std::uint64_t docs_read_ = 0;
    bool skipping_ = false;  // the open doc's title said it is not wanted
    // What the document held instead of <doc> elements, for the error that says so.
    std::string root_;
    XmlNameCensus children_;  // names under the root
    XmlSaxReader parser_;  // last: it calls back into the members above
};

} // namespace sluice
