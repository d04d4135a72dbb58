#pragma once
// Reads the records of a load job from an XML document: the elements at a record path
// ("/posts/row"), and for each the values of its field paths ("@Id", "title", "a/b/@c", "."),
// into a reusable Record. Built on XmlSaxReader, so every guarantee of the abstracts reader holds:
// decoding by the declared encoding, the limits of depth, record size and attributes, a DOCTYPE
// refused, entities never expanded, errors at their exact line, column and byte.
//
// What a field's values are (see xml_record_path.hpp for the paths and namespaces):
//  - an element step path: one value per matching element, in document order; its text content
//    with its descendants' (XPath's string()), CDATA sections included, comments and PIs not;
//    <Title/> is one empty value, no <Title> no value;
//  - "@name": one value per matching attribute, as libxml2 gives it (references replaced,
//    whitespace normalised as XML requires);
//  - ".": the record's own text content, one value;
//  - in the json form, the element's subtree as JSON (xml_json_builder.hpp); for an attribute,
//    its value as a JSON string.
//
// Record::line and byte are where the record's start tag begins ('<'); Record::raw is the
// record's own bytes, as libxml2 read them, up to Record::kMaxRawBytes. libxml2 drops bytes it
// has parsed from its buffer only past 4 KiB of progress, so raw is exact unless a single text
// or token inside the record is longer than that: then it stops short, at the last tag before.
//
// Records come in batches per chunk parsed, each filled in place and handed over by swapping with
// the caller's: once the largest record has been seen, nothing is allocated per record (values
// of the json form excepted: their tree is kept, the grouping of children is not).

#include "core/byte_source.hpp"
#include "parse/record_reader.hpp"
#include "parse/xml_json_builder.hpp"
#include "parse/xml_name_census.hpp"
#include "parse/xml_read_options.hpp"
#include "parse/xml_record_path.hpp"
#include "parse/xml_sax_reader.hpp"

#include <atomic>
#include <string>
#include <unordered_map>
#include <vector>

namespace sluice {

// How a field's value is taken: as text, or (for a jsonb column) as JSON.
enum class XmlValueForm { text, json };

struct XmlField {
    XmlFieldPath path;
    XmlValueForm form = XmlValueForm::text;
};

class XmlRecordReader final : public RecordReader, private XmlContentHandler {
public:
    static constexpr std::size_t kChunkBytes = 256 * 1024;

    // Pulls the document from `source`, chunk by chunk.
    XmlRecordReader(ByteSource& source, XmlRecordPath record, std::vector<XmlField> fields, XmlReadOptions options = {},
                    std::size_t chunk_size = kChunkBytes, XmlText text = XmlText::document);
    // A document in memory, pushed piece by piece (see XmlSaxReader): a parallel reader's block.
    XmlRecordReader(std::string name, XmlRecordPath record, std::vector<XmlField> fields);
    ~XmlRecordReader() override;

    bool next(Record& record) override;
    std::uint64_t records_read() const override { return records_read_.load(std::memory_order_relaxed); }
    bool field_ever_matched(std::size_t field) const override { return ever_matched_[field]; }

    void push(std::string_view bytes, bool last, std::optional<XmlSaxReader::TextEnd> text_end = {})
    {
        parser_.push(bytes, last, text_end);
    }
    // For a block pushed whole (a parallel reader's): the records parsed so far, at once and in
    // order, as the first ones of `records`, whose storage is swapped with the reader's (its
    // records, kept for their capacity, are the ones the reader fills next); returns how many.
    // next() then raises the block's error, if any. Nothing is copied or allocated per record.
    std::size_t take_records(std::vector<Record>& records);
    std::uint64_t replaced() const { return parser_.replaced(); }

private:
    struct FieldState {
        XmlField field;
        std::size_t level = 0;  // how many element steps: the relative depth of what it matches
        std::size_t matched = 0;  // of its steps, how many the open elements inside the record match
        bool open = false;        // collecting text or JSON
        std::string text;         // the value being collected
        XmlJsonBuilder json;
    };

    void start(const xmlChar* local, const xmlChar* prefix, std::size_t depth, int attribute_count,
               const xmlChar** attributes) override;
    void end(std::size_t depth) override;
    void text(const char* text, std::size_t length) override;
    std::uint64_t records() const override { return records_read_.load(std::memory_order_relaxed); }
    std::string no_records(const std::string& amount) const override;

    void add_field(XmlField field);
    void index_record_attributes();
    void begin_record();
    void extend_raw();
    // The field's element (or the record, for level 0) has just started.
    void matched(std::size_t field, const xmlChar* local, const xmlChar* prefix, int attribute_count,
                 const xmlChar** attributes);
    // The record's own attributes, each looked up once among the fields that want one.
    void match_record_attributes(int attribute_count, const xmlChar** attributes);
    void take_attribute(std::size_t field, const xmlChar** attribute);
    void add(std::size_t field, std::string_view value);

    XmlRecordPath path_;
    std::vector<FieldState> fields_;
    std::vector<std::size_t> open_;  // fields collecting now
    // The fields that take an attribute of the record itself ("@Id"), by the attribute's local
    // name (viewing fields_): a record of n attributes costs n lookups, not n x fields compares.
    std::unordered_map<std::string_view, std::vector<std::size_t>> record_attributes_;
    std::vector<bool> ever_matched_;
    std::size_t matched_ = 0;        // steps of the record path the open elements match
    bool in_record_ = false;
    Record current_;
    std::vector<Record> ready_;      // completed: [taken_, filled_)
    std::size_t filled_ = 0;
    std::size_t taken_ = 0;
    std::atomic<std::uint64_t> records_read_{0};
    std::uint64_t raw_end_ = 0;      // the offset up to which raw holds the record's bytes
    bool raw_done_ = false;
    std::string scratch_;
    std::string json_;
    // For a document without records: how far the record path matched, and what was there instead.
    std::size_t best_ = 0;
    XmlNameCensus census_;
    XmlSaxReader parser_;  // last: it calls back into the members above
};

} // namespace sluice
