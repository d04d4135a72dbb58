#pragma once
// What a doc reader produced, as one comparable text (docs, count and the error), so that the
// one-thread and the parallel reader can be compared by equality.

#include "core/error.hpp"
#include "parse/wiki_doc.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sluice::test {

inline std::string doc_outcome(const std::vector<WikiDoc>& docs, std::uint64_t read, const std::string& error)
{
    std::string text;
    for (const auto& d : docs) {
        text += d.title + "|" + d.url + "|" + d.abstract;
        for (const auto& s : d.sections) text += "|" + s;
        text += "\n";
    }
    return text + "read " + std::to_string(read) + ", error: " + error;
}

// Reads to the end or the first error.
template <typename Reader>
std::string collect(Reader& reader)
{
    std::vector<WikiDoc> docs;
    std::string error;
    try {
        WikiDoc doc;
        while (reader.next(doc)) docs.push_back(doc);
    } catch (const Error& e) {
        error = e.what();
    }
    return doc_outcome(docs, reader.docs_read(), error);
}

} // namespace sluice::test
