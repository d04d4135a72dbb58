#pragma once
// What the records of an XML document look like, learnt from its first few MB, for
// `sluice inspect SRC --job` to write a starter job file: the record element and its fields.
//
// The record element is the most repeated element directly under the root (/posts/row,
// /feed/doc, /PubmedArticleSet/PubmedArticle); when no element under the root repeats, the most
// repeated one a level deeper (<root><items><item/>...</items></root> gives /root/items/item);
// when nothing repeats at all, the root's first child (a document of one record).
//
// The fields, relative to the record, in the order they are first met:
//   "@a"             an attribute of the record, or of an element within it ("Article/@lang");
//   "a", "a/b/c"     an element up to kMaxLevels below the record whose text is the value: one
//                    with no child elements, or with text of its own beside them (mixed
//                    content, read whole as the loader reads it: XPath's string());
//   subtree          an element kMaxLevels below the record that has child elements: its
//                    subtree is the value (a jsonb column), nothing below it is listed;
//   "."              the record's own text, when it has text of its own.
// An element with child elements above that level is no field: its children are. Each field
// counts the sampled records that had it, whether one record had it more than once (an array
// column), its first non-empty value (cut) and the type its values suggest (parse/type_guess).
//
// Bounded whatever the input: the sample (kMaxSampleBytes of the decoded document, read into
// memory once and parsed twice: first for the record element, then for its fields) stops after
// kMaxRecords records; at most kMaxPaths distinct fields are kept (the others are counted), and
// of a value only its first TypeGuess::kMaxValueBytes. A document cut by the sample is read up to
// the cut: what libxml2 says about the cut itself is not an error. A document that holds no
// element under its root, or is not XML, is an Error as the record reader words it.

#include "core/byte_source.hpp"
#include "parse/type_guess.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sluice {

struct XmlShapeField {
    enum class Kind { attribute, text, subtree };

    std::string path;           // "@Id", "MedlineCitation/PMID", "."
    Kind kind = Kind::text;
    std::uint64_t records = 0;  // sampled records that had it
    std::uint64_t most = 0;     // the most times one record had it: above 1, an array
    std::string sample;         // the first non-empty value, cut to kSampleChars (preview())
    std::string type;           // "bigint", "timestamp", "text"... (the scalar; "jsonb" for a subtree)
    std::optional<std::string> format;  // a date's pattern when not ISO 8601

    bool repeats() const { return most > 1; }
};

struct XmlShape {
    std::string root;                 // the root element's name, as written
    std::string record_path;          // "/posts/row"
    std::uint64_t records = 0;        // records sampled
    std::uint64_t sample_bytes = 0;   // of the decoded document
    bool cut = false;                 // the sample stopped before the document's end
    std::vector<XmlShapeField> fields;
    std::uint64_t fields_dropped = 0; // distinct fields past kMaxPaths, not kept
};

struct XmlShapeLimits {
    static constexpr std::size_t kMaxSampleBytes = 8 * 1024 * 1024;
    static constexpr std::uint64_t kMaxRecords = 10'000;
    static constexpr std::size_t kMaxPaths = 200;

    std::size_t sample_bytes = kMaxSampleBytes;
    std::uint64_t records = kMaxRecords;
    std::size_t paths = kMaxPaths;
};

class XmlShapeReader {
public:
    static constexpr std::size_t kMaxLevels = 3;     // element steps below the record
    static constexpr std::size_t kSampleChars = 40;

    // Reads up to `limits.sample_bytes` from `source` (the document's bytes, in any encoding
    // it declares) and learns its shape. Throws sluice::Error for a document with no element
    // under its root, or one that is not well-formed within the sample.
    static XmlShape read(ByteSource& source, const XmlShapeLimits& limits = {});
};

} // namespace sluice
