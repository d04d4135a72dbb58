#include "parse/xml_doc_reader.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace sluice {

namespace {

constexpr std::string_view kTitlePrefix = "Wikipedia: ";

// Element names are compared for every element of the dump: no strlen first.
bool named(const xmlChar* name, const char* expected) { return std::strcmp(reinterpret_cast<const char*>(name), expected) == 0; }

std::string trimmed(std::string_view message)
{
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.remove_suffix(1);
    return std::string{message};
}

} // namespace

void XmlDocReader::ContextDeleter::operator()(xmlParserCtxt* context) const noexcept
{
    if (context->myDoc) xmlFreeDoc(context->myDoc);
    xmlFreeParserCtxt(context);
}

XmlDocReader::XmlDocReader(ByteSource& source, std::size_t chunk_size, TitleFilter keep)
    : source_(&source), name_(source.name()), chunk_(chunk_size), keep_(std::move(keep))
{
    create_parser(name_.c_str());
}

XmlDocReader::XmlDocReader(std::string name, TitleFilter keep) : name_(std::move(name)), keep_(std::move(keep))
{
    create_parser(name_.c_str());
}

void XmlDocReader::create_parser(const char* name)
{
    xmlSAXHandler handler{};
    handler.initialized = XML_SAX2_MAGIC;
    handler.startElementNs = &XmlDocReader::on_start;
    handler.endElementNs = &XmlDocReader::on_end;
    handler.characters = &XmlDocReader::on_text;
    // The same callback for whitespace: libxml2 then skips its check whether a run of blanks
    // between elements is ignorable, which it makes for every one of them.
    handler.ignorableWhitespace = &XmlDocReader::on_text;
    handler.cdataBlock = &XmlDocReader::on_text;
    handler.internalSubset = &XmlDocReader::on_doctype;
    handler.serror = &XmlDocReader::on_error;

    context_.reset(xmlCreatePushParserCtxt(&handler, this, nullptr, 0, name));
    if (!context_) throw Error(name_, "cannot create an XML parser");
    // No network, no entity substitution (the default), no DTD loading (the default).
    xmlCtxtUseOptions(context_.get(), XML_PARSE_NONET | XML_PARSE_COMPACT);
}

XmlDocReader::~XmlDocReader() = default;

bool XmlDocReader::next(WikiDoc& doc)
{
    while (ready_.empty()) {
        // An error is raised only once the records parsed before it have been taken, so what a
        // caller sees does not depend on where the chunk boundaries fell.
        if (error_) std::rethrow_exception(error_);
        if (finished_ || !source_) return false;
        feed();
    }
    doc = std::move(ready_.front());
    ready_.pop_front();
    return true;
}

void XmlDocReader::feed()
{
    const auto n = source_->read(chunk_);
    push({chunk_.data(), n}, n == 0);
}

void XmlDocReader::push(std::string_view bytes, bool last)
{
    if (finished_) return;
    // libxml2 takes an int: a piece is handed over in slices it can count.
    constexpr std::size_t kMaxSlice = 1 << 30;
    do {
        const auto slice = bytes.substr(0, kMaxSlice);
        bytes.remove_prefix(slice.size());
        const int terminate = last && bytes.empty() ? 1 : 0;
        const int status = xmlParseChunk(context_.get(), slice.data(), static_cast<int>(slice.size()), terminate);
        bytes_parsed_ += slice.size();
        // Bytes that cannot be converted from the declared encoding stop libxml2 without a call
        // to on_error (it prints them on its generic channel): only this status says so, and it
        // is XML_ERR_INVALID_ENCODING or -1 depending on where the chunk boundaries fell.
        // Unchecked, a document that fails before its root element read as an empty one.
        if (status != XML_ERR_OK && !error_)
            fail_with(std::make_exception_ptr(
                Error(name_, "malformed XML: bytes that are not valid in the document's declared encoding")));
    } while (!bytes.empty());
    if (last) {
        finished_ = true;
        if (!error_ && (doc_depth_ >= 0 || depth_ > 0))
            error_ = std::make_exception_ptr(Error(name_, "malformed XML: the document ends inside an element",
                                                   SourcePosition::at_byte(bytes_parsed_)));
    }
}

std::uint64_t XmlDocReader::line() const
{
    return static_cast<std::uint64_t>(xmlSAX2GetLineNumber(context_.get()));
}

void XmlDocReader::fail_with(std::exception_ptr error)
{
    if (!error_) error_ = std::move(error);
    xmlStopParser(context_.get());
}

void XmlDocReader::on_start(void* self_ptr, const xmlChar* local, const xmlChar*, const xmlChar*, int,
                            const xmlChar**, int, int, const xmlChar**)
{
    auto& self = *static_cast<XmlDocReader*>(self_ptr);
    if (self.doc_depth_ < 0 && named(local, "doc")) {
        self.doc_depth_ = self.depth_;
        self.current_.title.clear();
        self.current_.url.clear();
        self.current_.abstract.clear();
        self.current_.sections.clear();
        self.skipping_ = false;
    } else if (self.skipping_) {
        // An unwanted doc: nothing more of it is kept.
    } else if (self.doc_depth_ >= 0 && self.depth_ == self.doc_depth_ + 1) {
        if (named(local, "title")) self.field_ = Field::title;
        else if (named(local, "url")) self.field_ = Field::url;
        else if (named(local, "abstract")) self.field_ = Field::abstract;
    } else if (self.doc_depth_ >= 0 && self.depth_ == self.doc_depth_ + 3 && named(local, "anchor") &&
               self.current_.sections.size() < kMaxSections) {
        // <doc><links><sublink><anchor>: a section heading.
        self.anchor_depth_ = self.depth_;
        self.field_ = Field::anchor;
        try {
            self.current_.sections.emplace_back();
        } catch (...) {
            self.fail_with(std::current_exception());
        }
    }
    ++self.depth_;
}

void XmlDocReader::on_end(void* self_ptr, const xmlChar*, const xmlChar*, const xmlChar*)
{
    auto& self = *static_cast<XmlDocReader*>(self_ptr);
    --self.depth_;
    // Only the field element's own end ends the field: text after a child of it still belongs.
    if (self.depth_ == self.doc_depth_ + 1 || self.depth_ == self.anchor_depth_) {
        if (self.field_ == Field::title) {
            auto& title = self.current_.title;
            if (std::string_view{title}.starts_with(kTitlePrefix)) title.erase(0, kTitlePrefix.size());
            if (self.keep_ && !self.error_) {
                try {
                    self.skipping_ = !self.keep_(title);
                } catch (...) {
                    self.fail_with(std::current_exception());
                }
            }
        }
        self.field_ = Field::none;
        self.anchor_depth_ = -1;
    }
    if (self.depth_ != self.doc_depth_) return;

    self.doc_depth_ = -1;
    ++self.docs_read_;
    if (self.skipping_) return;
    try {
        self.ready_.push_back(std::move(self.current_));
    } catch (...) {
        self.fail_with(std::current_exception());
    }
    self.current_ = {};
}

void XmlDocReader::on_text(void* self_ptr, const xmlChar* text, int length)
{
    auto& self = *static_cast<XmlDocReader*>(self_ptr);
    std::string* target = nullptr;
    switch (self.field_) {
    case Field::title: target = &self.current_.title; break;
    case Field::url: target = &self.current_.url; break;
    case Field::abstract: target = &self.current_.abstract; break;
    case Field::anchor: {
        // A heading is a short phrase; a longer one is cut, never an error.
        auto& heading = self.current_.sections.back();
        const auto room = kMaxSectionBytes - std::min(kMaxSectionBytes, heading.size());
        if (room > 0) heading.append(reinterpret_cast<const char*>(text), std::min(room, static_cast<std::size_t>(length)));
        return;
    }
    case Field::none: return;
    }
    if (self.error_) return;
    if (target->size() + static_cast<std::size_t>(length) > kMaxFieldBytes) {
        // libxml2 puts no limit on text fed to SAX callbacks: a hostile or broken dump could
        // otherwise grow one field without bound.
        const auto line = static_cast<std::uint64_t>(xmlSAX2GetLineNumber(self.context_.get()));
        self.fail_with(std::make_exception_ptr(Error(
            self.name_, "a <doc> field is longer than " + std::to_string(kMaxFieldBytes) + " bytes",
            SourcePosition::at_line(line))));
        return;
    }
    try {
        target->append(reinterpret_cast<const char*>(text), static_cast<std::size_t>(length));
    } catch (...) {
        self.fail_with(std::current_exception());
    }
}

void XmlDocReader::on_doctype(void* self_ptr, const xmlChar*, const xmlChar*, const xmlChar*)
{
    auto& self = *static_cast<XmlDocReader*>(self_ptr);
    const auto* context = self.context_.get();
    const auto line = static_cast<std::uint64_t>(xmlSAX2GetLineNumber(const_cast<xmlParserCtxt*>(context)));
    self.fail_with(std::make_exception_ptr(
        Error(self.name_, "refused: the XML has a DOCTYPE (DTDs and entity declarations are not accepted)",
              SourcePosition::at_line(line))));
}

void XmlDocReader::on_error(void* self_ptr, xmlError* error)
{
    auto& self = *static_cast<XmlDocReader*>(self_ptr);
    if (!error || error->level < XML_ERR_ERROR || self.error_) return;
    SourcePosition where;
    if (error->line > 0) where.line = static_cast<std::uint64_t>(error->line);
    if (error->int2 > 0) where.column = static_cast<std::uint64_t>(error->int2);
    const long consumed = xmlByteConsumed(self.context_.get());
    if (consumed >= 0) where.byte = static_cast<std::uint64_t>(consumed);
    self.fail_with(std::make_exception_ptr(
        Error(self.name_, "malformed XML: " + trimmed(error->message ? error->message : "parse error"), where)));
}

} // namespace sluice
