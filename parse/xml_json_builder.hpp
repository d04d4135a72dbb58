#pragma once
// An element's subtree as JSON, for a jsonb column. One convention, the common one for
// XML-to-JSON (after Goessner's "Converting Between XML and JSON"), chosen so that the usual
// shapes of data XML read naturally in SQL (value->'Author'->0->>'LastName'):
//
//  - an element with neither attributes nor child elements is its text, a JSON string
//    (<LastName>Smith</LastName> -> "Smith"; <x/> -> "");
//  - any other element is an object: its attributes as "@name" (prefix:name as written), then
//    its child elements by name, in the order each name first occurs; a name that occurs more
//    than once is an array of the values in document order, a name that occurs once is the
//    value itself; then its text as "#text", if any other than blanks (the text of mixed content
//    is concatenated: where it stood among the children is lost);
//  - all values are strings: XML does not say which text is a number.
//
// Built as a small tree while the element is parsed, written out when it ends: a name may repeat
// anywhere among its siblings, so nothing is written before all of them are known. The tree's
// storage is kept from one element to the next.

#include <libxml/xmlstring.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

class XmlJsonBuilder {
public:
    // The element that is the value, or one inside it: libxml2's SAX2 arguments.
    void start(const xmlChar* local, const xmlChar* prefix, int attribute_count, const xmlChar** attributes);
    void text(std::string_view text);
    // Ends the latest element started; true when it was the outermost, whose JSON is then in `out`
    // (cleared first).
    bool end(std::string& out);

private:
    struct Range {
        std::uint32_t begin = 0;
        std::uint32_t end = 0;
    };
    struct Node {
        Range name;
        std::int32_t parent = -1;
        std::int32_t first_child = -1;
        std::int32_t last_child = -1;
        std::int32_t next_sibling = -1;
        std::uint32_t first_attribute = 0;  // in attributes_
        std::uint32_t attributes = 0;
        std::int32_t first_text = -1;  // in texts_
        std::int32_t last_text = -1;
    };
    struct Attribute {
        Range name;
        Range value;
    };
    struct Text {
        Range range;
        std::int32_t next = -1;
    };

    Range keep(std::string_view bytes);
    std::string_view view(Range range) const { return {chars_.data() + range.begin, range.end - range.begin}; }
    void write(std::int32_t node, std::string& out) const;
    void write_text(const Node& node, std::string& out) const;

    std::string chars_;
    std::string scratch_;
    std::vector<Node> nodes_;
    std::vector<Attribute> attributes_;
    std::vector<Text> texts_;
    std::int32_t open_ = -1;  // the innermost element not yet ended
};

// An attribute's value from libxml2's SAX2 pointers, as the document means it. libxml2 2.9, which
// does not replace entities for us (XML_PARSE_NOENT would expand declared ones), writes each '&'
// of a value as "&#38;" (so that a tree could write it back); no other "&#38;" can be in a value,
// since a '&' the document wrote is always one of those. Copied into `scratch` only if it has one.
std::string_view xml_attribute_value(const xmlChar* begin, const xmlChar* end, std::string& scratch);

// `text` as a JSON string, quotes included, appended to `out`.
void append_json_string(std::string_view text, std::string& out);

} // namespace sluice
