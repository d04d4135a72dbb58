#include "parse/xml_doc_reader.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace sluice {

namespace {

constexpr std::string_view kTitlePrefix = "Wikipedia: ";
constexpr std::string_view kRecord = "doc";

// Element names are compared for every element of the dump: no strlen first.
bool named(const xmlChar* name, const char* expected) { return std::strcmp(reinterpret_cast<const char*>(name), expected) == 0; }

} // namespace

XmlDocReader::XmlDocReader(ByteSource& source, std::size_t chunk_size, TitleFilter keep, XmlReadOptions options,
                           XmlText text)
    : keep_(std::move(keep)), expect_records_(text != XmlText::continuation),
      parser_(source, *this, std::string{kRecord}, chunk_size, options, text)
{
}

XmlDocReader::XmlDocReader(std::string name, TitleFilter keep) : keep_(std::move(keep)), parser_(std::move(name), *this) {}

XmlDocReader::~XmlDocReader() = default;

bool XmlDocReader::next(WikiDoc& doc)
{
    while (ready_.empty())
        if (!parser_.more()) return false;
    doc = std::move(ready_.front());
    ready_.pop_front();
    return true;
}

std::string XmlDocReader::no_records(const std::string& amount) const
{
    return fmt::format("no <{}> elements under <{}> in {}; {}", kRecord, root_, amount, children_.found());
}

void XmlDocReader::note_name(const xmlChar* local, const xmlChar* prefix, std::size_t depth)
{
    if (depth > 0) return children_.note(local, prefix);
    root_ = prefix ? reinterpret_cast<const char*>(prefix) + std::string{":"} : std::string{};
    root_ += reinterpret_cast<const char*>(local);
}

void XmlDocReader::start(const xmlChar* local, const xmlChar* prefix, std::size_t element_depth, int, const xmlChar**)
{
    const int depth = static_cast<int>(element_depth);
    if (docs_read_ == 0 && doc_depth_ < 0 && (depth == 0 || (depth == 1 && expect_records_))) note_name(local, prefix, element_depth);
    if (doc_depth_ < 0 && named(local, "doc")) {
        doc_depth_ = depth;
        current_.title.clear();
        current_.url.clear();
        current_.abstract.clear();
        current_.sections.clear();
        skipping_ = false;
    } else if (skipping_) {
        // An unwanted doc: nothing more of it is kept.
    } else if (doc_depth_ >= 0 && depth == doc_depth_ + 1) {
        if (named(local, "title")) field_ = Field::title;
        else if (named(local, "url")) field_ = Field::url;
        else if (named(local, "abstract")) field_ = Field::abstract;
    } else if (doc_depth_ >= 0 && depth == doc_depth_ + 3 && named(local, "anchor") && current_.sections.size() < kMaxSections) {
        // <doc><links><sublink><anchor>: a section heading.
        anchor_depth_ = depth;
        field_ = Field::anchor;
        current_.sections.emplace_back();
    }
}

void XmlDocReader::end(std::size_t element_depth)
{
    const int depth = static_cast<int>(element_depth);
    // Only the field element's own end ends the field: text after a child of it still belongs.
    if (depth == doc_depth_ + 1 || depth == anchor_depth_) {
        const bool title = field_ == Field::title;
        field_ = Field::none;
        anchor_depth_ = -1;
        if (title) {
            auto& text = current_.title;
            if (std::string_view{text}.starts_with(kTitlePrefix)) text.erase(0, kTitlePrefix.size());
            if (keep_) skipping_ = !keep_(text);
        }
    }
    if (depth != doc_depth_) return;

    doc_depth_ = -1;
    ++docs_read_;
    if (skipping_) return;
    ready_.push_back(std::move(current_));
    current_ = {};
}

void XmlDocReader::text(const char* text, std::size_t length)
{
    std::string* target = nullptr;
    switch (field_) {
    case Field::title: target = &current_.title; break;
    case Field::url: target = &current_.url; break;
    case Field::abstract: target = &current_.abstract; break;
    case Field::anchor: {
        // A heading is a short phrase; a longer one is cut, never an error.
        auto& heading = current_.sections.back();
        const auto room = kMaxSectionBytes - std::min(kMaxSectionBytes, heading.size());
        if (room > 0) heading.append(text, std::min(room, length));
        return;
    }
    case Field::none: return;
    }
    if (target->size() + length > kMaxFieldBytes) {
        // libxml2 puts no limit on text fed to SAX callbacks: a hostile or broken dump could
        // otherwise grow one field without bound.
        throw Error(parser_.name(), "a <doc> field is longer than " + std::to_string(kMaxFieldBytes) + " bytes",
                    SourcePosition::at_line(parser_.cursor().line));
    }
    target->append(text, length);
}

} // namespace sluice
