#include "parse/doc_profile.hpp"

#include "parse/value_preview.hpp"

namespace sluice {

DocProfile::DocProfile(std::size_t docs_shown, std::size_t preview_chars)
    : docs_shown_(docs_shown), preview_chars_(preview_chars)
{
}

void DocProfile::add(const WikiDoc& doc)
{
    ++docs_;
    fields_[0].add(doc.title);
    fields_[1].add(doc.url);
    fields_[2].add(doc.abstract);
    // A doc without headings counts as empty, like a field with no text.
    fields_[3].add(doc.sections.empty() ? std::string{} : std::to_string(doc.sections.size()));
    if (first_docs_.size() < docs_shown_)
        first_docs_.push_back({preview(doc.title, preview_chars_), preview(doc.url, preview_chars_),
                               preview(doc.abstract, preview_chars_), doc.sections.size()});
}

} // namespace sluice
