#pragma once
// Where a load job's records and their fields are in an XML document: the record path, from the
// root ("/posts/row"), and each field's path, relative to the record ("@Id", "title",
// "artists/artist/name", "Article/@lang", "." for the record's own text).
//
// The syntax is a small, strict subset of XPath's abbreviated form, so that every path means one
// thing and costs a comparison per element: steps are XML names separated by '/', a field path
// may end in one "@name" step. Refused, each with a UsageError that says why: an empty path or
// step ("a//b", "/", "a/"), '@' anywhere but the last step (or in a record path), "." or ".."
// as a step (but "." alone), wildcards ("*", "@*"), predicates ("row[1]"), functions
// ("text()"), a relative record path or an absolute field path, names that are not XML names.
//
// Namespaces: a step matches an element by the name as written in the document. A step without
// a prefix ("title") matches by local name, whatever the element's prefix or namespace
// ("<title>", "<dc:title>"); a step with one ("dc:title") matches only that prefix and local
// name. Prefixes are compared as written, not resolved to URIs: a dump's prefixes are fixed by
// its producer, and a URI in a job file is longer to read than the prefix it stands for.
// Attributes alike; namespace declarations (xmlns, xmlns:p) are not attributes.

#include <libxml/xmlstring.h>

#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

// One step: an element's or attribute's name, with or without a prefix.
struct XmlName {
    std::string prefix;  // empty: any prefix, or none
    std::string local;

    // Whether an element or attribute named `local` with `prefix` (null: none) is this one.
    bool matches(const xmlChar* name, const xmlChar* name_prefix) const
    {
        if (std::strcmp(reinterpret_cast<const char*>(name), local.c_str()) != 0) return false;
        if (prefix.empty()) return true;
        return name_prefix && std::strcmp(reinterpret_cast<const char*>(name_prefix), prefix.c_str()) == 0;
    }
    std::string written() const { return prefix.empty() ? local : prefix + ":" + local; }
    bool operator==(const XmlName&) const = default;
};

// The element path of one record, from the root: "/posts/row" has the steps posts and row.
struct XmlRecordPath {
    std::vector<XmlName> steps;  // at least one; the first is the root element
    std::string text;            // as written, for messages

    // Throws UsageError for a path outside the syntax above.
    static XmlRecordPath parse(std::string_view text);
    const XmlName& record() const { return steps.back(); }
};

// A field of a record: "." (the record's own text), elements below it, optionally an attribute.
struct XmlFieldPath {
    std::vector<XmlName> elements;     // relative to the record; none for "." and "@a"
    std::optional<XmlName> attribute;  // the last step, "@name"
    std::string text;

    // Throws UsageError for a path outside the syntax above.
    static XmlFieldPath parse(std::string_view text);
    bool is_record_text() const { return elements.empty() && !attribute; }
};

} // namespace sluice
