#include "parse/xml_sax_reader.hpp"

#include "core/error.hpp"
#include "parse/utf8.hpp"
#include "parse/value_preview.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace sluice {

namespace {

std::string trimmed(std::string_view message)
{
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.remove_suffix(1);
    return std::string{message};
}

// A count of bytes for a human: "340 bytes", "84.2 kB", "1.2 MB".
std::string amount(std::uint64_t bytes)
{
    if (bytes < 1000) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
    if (bytes < 1000 * 1000) return fmt::format("{:.1f} kB", static_cast<double>(bytes) / 1e3);
    if (bytes < 1000 * 1000 * 1000) return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
    return fmt::format("{:.1f} GB", static_cast<double>(bytes) / 1e9);
}

constexpr std::size_t kHeadBytes = 64;

// Where an ill-formed UTF-8 sequence starts that `text[at]` (not ASCII) is part of, if any: the
// sequence is judged from its lead byte, up to 3 bytes before; a continuation byte without one
// is ill-formed itself.
std::optional<std::size_t> ill_formed_utf8_around(std::string_view text, std::size_t at)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const auto continuation = [&](std::size_t i) { return (byte(i) & 0xC0) == 0x80; };
    std::size_t lead = at;
    while (lead > 0 && at - lead < 3 && continuation(lead)) --lead;
    if (byte(lead) < 0x80) return lead + 1;  // continuation bytes after ASCII
    if (continuation(lead)) return lead;     // four of them in a row
    if (ill_formed_utf8(text.substr(lead)) > 0) return lead;
    const std::size_t length = byte(lead) < 0xE0 ? 2 : byte(lead) < 0xF0 ? 3 : 4;
    if (at - lead >= length) return lead + length;  // more continuation bytes than the lead takes
    return std::nullopt;
}

// Whether a text that failed before its first element looks like XML at all: its first
// character, after a byte order mark and blanks, is '<'.
bool looks_like_xml(std::string_view head)
{
    if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
    const auto first = head.find_first_not_of(" \t\r\n");
    return first == std::string_view::npos || head[first] == '<';
}

} // namespace

void XmlSaxReader::ContextDeleter::operator()(xmlParserCtxt* context) const noexcept
{
    if (context->myDoc) xmlFreeDoc(context->myDoc);
    xmlFreeParserCtxt(context);
}

XmlSaxReader::XmlSaxReader(ByteSource& source, XmlContentHandler& handler, std::string record_name,
                           std::size_t chunk_size, XmlReadOptions options, XmlText text, std::size_t record_level)
    : handler_(handler), source_(&source), record_name_(std::move(record_name)), name_(source.name()),
      chunk_size_(std::max<std::size_t>(chunk_size, 1)), expect_records_(text != XmlText::continuation)
{
    if (text == XmlText::document) source_ = &decoded_.emplace(source, options.replace_invalid);
    scanner_.emplace(XmlMarkupScanner::Limits{options.max_depth, options.max_record_bytes, XmlReadOptions::kMaxAttributes},
                     record_name_, record_level);
    create_parser(name_.c_str());
}

XmlSaxReader::XmlSaxReader(std::string name, XmlContentHandler& handler) : handler_(handler), name_(std::move(name))
{
    create_parser(name_.c_str());
}

void XmlSaxReader::create_parser(const char* name)
{
    xmlSAXHandler handler{};
    handler.initialized = XML_SAX2_MAGIC;
    handler.startElementNs = &XmlSaxReader::on_start;
    handler.endElementNs = &XmlSaxReader::on_end;
    handler.characters = &XmlSaxReader::on_text;
    // The same callback for whitespace: libxml2 then skips its check whether a run of blanks
    // between elements is ignorable, which it makes for every one of them.
    handler.ignorableWhitespace = &XmlSaxReader::on_text;
    handler.cdataBlock = &XmlSaxReader::on_text;
    handler.internalSubset = &XmlSaxReader::on_doctype;
    handler.serror = &XmlSaxReader::on_error;

    context_.reset(xmlCreatePushParserCtxt(&handler, this, nullptr, 0, name));
    if (!context_) throw Error(name_, "cannot create an XML parser");
    // No network, no entity substitution (the default), no DTD loading (the default). The text
    // is UTF-8 by now, whatever the declaration says (XmlDecodingSource).
    xmlCtxtUseOptions(context_.get(), XML_PARSE_NONET | XML_PARSE_COMPACT | XML_PARSE_IGNORE_ENC);
}

XmlSaxReader::~XmlSaxReader() = default;

bool XmlSaxReader::more()
{
    // An error is raised only once the records parsed before it have been taken, so what a
    // caller sees does not depend on where the chunk boundaries fell.
    if (error_) {
        if (maybe_not_xml_) describe_not_xml();
        std::rethrow_exception(error_);
    }
    if (finished_ || !source_) return false;
    feed();
    return true;
}

XmlSaxReader::Cursor XmlSaxReader::cursor() const
{
    const auto* input = context_->input;
    const auto* held = reinterpret_cast<const char*>(input->base);
    const auto* at = reinterpret_cast<const char*>(input->cur);
    return {held, at, static_cast<std::uint64_t>(input->consumed) + static_cast<std::uint64_t>(at - held),
            static_cast<std::uint64_t>(input->line)};
}

void XmlSaxReader::feed()
{
    // buffer_ holds what was read after the last markup end (not parsed yet), then the new bytes.
    if (buffer_.size() < held_ + chunk_size_) buffer_.resize(held_ + chunk_size_);
    std::size_t n = 0;
    try {
        n = source_->read({buffer_.data() + held_, chunk_size_});
    } catch (...) {
        // What was read before the failure is parsed first: its docs, and its error if any,
        // come before the source's.
        push({buffer_.data(), held_}, false);
        if (!error_) error_ = std::current_exception();
        finished_ = true;
        return;
    }
    const std::string_view fresh{buffer_.data() + held_, n};
    if (head_.size() < kHeadBytes) head_.append(fresh.substr(0, kHeadBytes - head_.size()));
    const std::uint64_t start = scanner_->offset() - held_;  // stream offset of buffer_[0]
    // The scanner goes first: libxml2 must not see a byte past a limit.
    for (std::size_t scanned = 0; scanned < n;) {
        const auto stop = scanner_->scan(fresh.substr(scanned));
        scanned += stop.scanned;
        if (stop.mark == XmlMarkupScanner::Mark::limit) return refuse_at_limit({buffer_.data(), held_ + scanned});
    }
    const std::string_view text{buffer_.data(), held_ + n};
    if (n == 0) return push(text, true);
    // libxml2 gets the text up to the last complete markup and the next few bytes, and the rest
    // waits for the next chunk (see push()).
    std::size_t ready = piece_end(text, start, scanner_->markup_end(), scanner_->previous_markup_end()).value_or(0);
    if (text.size() - ready > kMaxHeld) ready = text.size();  // a long token: libxml2 waits for it itself
    push(text.substr(0, ready), false);
    position_.advance(text.substr(0, ready));
    held_ = text.size() - ready;
    if (held_ > 0) std::memmove(buffer_.data(), buffer_.data() + ready, held_);
}

void XmlSaxReader::describe_not_xml()
{
    maybe_not_xml_ = false;
    // Enough of the text to show what it is, whatever was read when libxml2 gave up.
    try {
        while (head_.size() < kHeadBytes && source_) {
            std::array<char, kHeadBytes> more;
            const auto n = source_->read(more);
            if (n == 0) break;
            head_.append(more.data(), std::min(n, kHeadBytes - head_.size()));
        }
    } catch (...) {
        // What was read is shown; the source's own failure is not the story here.
    }
    if (looks_like_xml(head_)) return;
    try {
        std::rethrow_exception(error_);
    } catch (const Error& e) {
        error_ = std::make_exception_ptr(Error(name_, "not XML: it starts with \"" + preview(head_, 40) + "\"", e.where()));
    } catch (...) {
    }
}

void XmlSaxReader::refuse_at_limit(std::string_view text)
{
    // The records before the limit, and any error libxml2 finds in them, come first.
    push(text, false);
    finished_ = true;
    if (error_) return;
    auto where = position_;
    where.advance(text);
    SourcePosition position{where.line(), where.column(), scanner_->offset()};
    // libxml2 counts no column for a byte order mark.
    if (where.line() == 1 && std::string_view{head_}.starts_with("\xEF\xBB\xBF")) *position.column -= 1;
    std::string what;
    const auto& limits = scanner_->limits();
    switch (scanner_->limit()) {
    case XmlMarkupScanner::Limit::depth:
        // Placed at the element's '<', the byte before the one that told it was a start tag.
        *position.column -= 1;
        *position.byte -= 1;
        what = fmt::format("an element nested deeper than {} levels (the root is level 1); raise --max-depth to read it",
                           limits.max_depth);
        break;
    case XmlMarkupScanner::Limit::record_bytes:
        // Placed at its first byte too many.
        what = fmt::format("a <{}> longer than {} bytes; raise --max-record-bytes to read it", record_name_,
                           limits.max_record_bytes);
        break;
    case XmlMarkupScanner::Limit::attributes:
        what = fmt::format("a start tag with more than {} attributes", limits.max_attributes);
        break;
    case XmlMarkupScanner::Limit::none:
        break;
    }
    error_ = std::make_exception_ptr(Error(name_, what, position));
}

std::optional<std::size_t> XmlSaxReader::piece_end(std::string_view text, std::uint64_t start, std::uint64_t latest,
                                                   std::uint64_t previous)
{
    for (const auto end : {latest, previous}) {
        if (end == 0 || end < start || end - start + kLookahead > text.size()) continue;
        const auto markup_end = static_cast<std::size_t>(end - start);
        // The next bytes, but not text before a '<' (libxml2 reads such text at once, and would
        // be at the end of its input); after a single character of it, not this end at all.
        const auto after = text.substr(markup_end, kLookahead);
        const auto lt = after.find('<');
        if (lt == 1) continue;
        auto piece_end = markup_end + (lt == std::string_view::npos || lt == 0 ? after.size() : lt);
        // libxml2 names bytes that are not UTF-8 as such only with 4 bytes of input from them:
        // the piece ends before any such bytes among its last 4 (the next piece has them whole),
        // and then again before any among the 4 before that end.
        for (bool shortened = true; shortened;) {
            shortened = false;
            for (std::size_t at = piece_end > kLookahead + 1 ? piece_end - kLookahead - 1 : 0; at < piece_end; ++at) {
                if (static_cast<unsigned char>(text[at]) < 0x80) continue;
                if (const auto bad = ill_formed_utf8_around(text, at)) {
                    piece_end = *bad;
                    shortened = true;
                    break;
                }
            }
        }
        return piece_end;
    }
    return std::nullopt;
}

void XmlSaxReader::push(std::string_view bytes, bool last, std::optional<TextEnd> text_end)
{
    if (finished_) return;
    text_end_ = text_end;
    piece_ = bytes;
    piece_start_ = bytes_parsed_;
    std::size_t from = 0;
    if (bytes.size() > kMaxSlice) {
        // libxml2 2.9 refuses a chunk that leaves more than 10 MB unparsed ("Huge input lookup"),
        // even if the chunk itself is that large: a long piece goes in slices, each ending a
        // little after the end of some markup, as every piece does.
        constexpr XmlMarkupScanner::Limits kNone{SIZE_MAX, UINT64_MAX / 2, SIZE_MAX};
        while (bytes.size() - from > kMaxSlice) {
            // Each slice is scanned afresh from its start, which is between markup or a few
            // bytes into it (whose end it may then miss: the slice is only shorter).
            XmlMarkupScanner scanner{kNone, std::string{}};
            const auto window = bytes.substr(from, kMaxSlice - kLookahead);
            for (std::size_t scanned = 0; scanned < window.size();) {
                const auto stop = scanner.scan(window.substr(scanned));
                scanned += stop.scanned;
                if (stop.mark == XmlMarkupScanner::Mark::declaration) break;
            }
            const auto length =
                piece_end(bytes.substr(from), 0, scanner.markup_end(), scanner.previous_markup_end()).value_or(window.size());
            parse(bytes.substr(from, length), false);
            if (finished_ || error_) return;
            from += length;
        }
    }
    parse(bytes.substr(from), last);
}

void XmlSaxReader::parse(std::string_view bytes, bool last)
{
    if (finished_) return;
    bytes_parsed_ += bytes.size();
    // Blanks at the very end are not handed over: libxml2 places an error at the end before or
    // after them depending on how the text before came in pieces. Before them, always.
    if (last && bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) bytes = {};
    const int status = xmlParseChunk(context_.get(), bytes.data(), static_cast<int>(bytes.size()), last ? 1 : 0);
    // Bytes that cannot be converted stop libxml2 without a call to on_error (it prints them on
    // its generic channel): only this status says so. Unchecked, a document that failed before
    // its root element read as an empty one.
    if (status != XML_ERR_OK && !error_)
        fail_with(std::make_exception_ptr(Error(name_, "malformed XML: bytes that are not valid UTF-8")));
    if (last) {
        finished_ = true;
        if (!error_ && depth_ > 0)
            error_ = std::make_exception_ptr(Error(name_, "malformed XML: the document ends inside an element",
                                                   SourcePosition::at_byte(bytes_parsed_)));
        if (!error_ && expect_records_ && handler_.records() == 0)
            error_ = std::make_exception_ptr(
                Error(name_, handler_.no_records(amount(bytes_parsed_)), SourcePosition::at_byte(bytes_parsed_)));
    }
}

void XmlSaxReader::fail_with(std::exception_ptr error)
{
    if (!error_) error_ = std::move(error);
    xmlStopParser(context_.get());
}

void XmlSaxReader::on_start(void* self_ptr, const xmlChar* local, const xmlChar* prefix, const xmlChar*, int,
                            const xmlChar**, int attribute_count, int, const xmlChar** attributes)
{
    auto& self = *static_cast<XmlSaxReader*>(self_ptr);
    self.element_seen_ = true;
    try {
        self.handler_.start(local, prefix, self.depth_, attribute_count, attributes);
    } catch (...) {
        self.fail_with(std::current_exception());
    }
    ++self.depth_;
}

void XmlSaxReader::on_end(void* self_ptr, const xmlChar*, const xmlChar*, const xmlChar*)
{
    auto& self = *static_cast<XmlSaxReader*>(self_ptr);
    --self.depth_;
    try {
        self.handler_.end(self.depth_);
    } catch (...) {
        self.fail_with(std::current_exception());
    }
}

void XmlSaxReader::on_text(void* self_ptr, const xmlChar* text, int length)
{
    auto& self = *static_cast<XmlSaxReader*>(self_ptr);
    try {
        self.handler_.text(reinterpret_cast<const char*>(text), static_cast<std::size_t>(length));
    } catch (...) {
        self.fail_with(std::current_exception());
    }
}

void XmlSaxReader::on_doctype(void* self_ptr, const xmlChar*, const xmlChar*, const xmlChar*)
{
    auto& self = *static_cast<XmlSaxReader*>(self_ptr);
    const auto* context = self.context_.get();
    const auto line = static_cast<std::uint64_t>(xmlSAX2GetLineNumber(const_cast<xmlParserCtxt*>(context)));
    self.fail_with(std::make_exception_ptr(
        Error(self.name_, "refused: the XML has a DOCTYPE (DTDs and entity declarations are not accepted)",
              SourcePosition::at_line(line))));
}

void XmlSaxReader::on_error(void* self_ptr, xmlError* error)
{
    auto& self = *static_cast<XmlSaxReader*>(self_ptr);
    if (!error || error->level < XML_ERR_ERROR || self.error_) return;
    SourcePosition where;
    if (error->line > 0) where.line = static_cast<std::uint64_t>(error->line);
    if (error->int2 > 0) where.column = static_cast<std::uint64_t>(error->int2);
    const long consumed = xmlByteConsumed(self.context_.get());
    if (consumed >= 0) where.byte = static_cast<std::uint64_t>(consumed);
    std::string what = "malformed XML: " + trimmed(error->message ? error->message : "parse error");
    // libxml2 2.9 holds at most 10 MB of input it has not parsed yet, and words that for itself.
    if (what.ends_with("Huge input lookup"))
        what = "malformed XML: a tag, comment or processing instruction longer than 10000000 bytes, libxml2's limit";
    // libxml2 shows the 4 bytes from a byte that is not UTF-8. In a block wrapped in the root's
    // end tag, those after the block are the document's, not the end tag's.
    constexpr std::string_view kNotUtf8 = "Input is not proper UTF-8";
    if (error->code == XML_ERR_INVALID_CHAR && self.text_end_ && what.find(kNotUtf8) != std::string::npos && consumed >= 0 &&
        static_cast<std::uint64_t>(consumed) >= self.piece_start_) {
        const auto at = static_cast<std::size_t>(static_cast<std::uint64_t>(consumed) - self.piece_start_);
        if (at < self.text_end_->at && at + 4 > self.text_end_->at) {
            std::string bytes{self.piece_.substr(at, self.text_end_->at - at)};
            bytes += self.text_end_->after.substr(0, 4 - bytes.size());
            bytes.resize(4, '\0');
            what = fmt::format("malformed XML: Input is not proper UTF-8, indicate encoding !\nBytes: 0x{:02X} 0x{:02X} 0x{:02X} 0x{:02X}",
                               static_cast<unsigned char>(bytes[0]), static_cast<unsigned char>(bytes[1]),
                               static_cast<unsigned char>(bytes[2]), static_cast<unsigned char>(bytes[3]));
        }
    }
    // Before any element it may be a CSV or a web page: next() says so, once it has seen enough.
    if (!self.element_seen_ && self.source_) self.maybe_not_xml_ = true;
    self.fail_with(std::make_exception_ptr(Error(self.name_, what, where)));
}

} // namespace sluice
