#pragma once
// What an abstracts dump holds, learnt <doc> by <doc> in one pass: how many docs, what each of
// their fields holds (FieldStats: title, url, abstract, and the number of section headings), and
// the first few docs cut short for display. Memory depends on the docs shown, never on the dump.

#include "parse/field_stats.hpp"
#include "parse/wiki_doc.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sluice {

class DocProfile {
public:
    // The fields, in the order of a <doc>. "sections" counts the <links><sublink><anchor>
    // headings, of which XmlDocReader keeps the first kMaxSections: a larger count shows as that.
    static constexpr std::array<const char*, 4> kFieldNames{"title", "url", "abstract", "sections"};

    struct ShownDoc {
        std::string title;     // escaped and cut by preview()
        std::string url;
        std::string abstract;
        std::size_t sections = 0;
    };

    // Keeps the first `docs_shown` docs, each value cut to `preview_chars` characters.
    DocProfile(std::size_t docs_shown, std::size_t preview_chars);

    void add(const WikiDoc& doc);

    std::uint64_t docs() const { return docs_; }
    // In the order of kFieldNames.
    const std::array<FieldStats, kFieldNames.size()>& fields() const { return fields_; }
    const std::vector<ShownDoc>& first_docs() const { return first_docs_; }

private:
    std::size_t docs_shown_;
    std::size_t preview_chars_;
    std::uint64_t docs_ = 0;
    std::array<FieldStats, kFieldNames.size()> fields_;
    std::vector<ShownDoc> first_docs_;
};

} // namespace sluice
