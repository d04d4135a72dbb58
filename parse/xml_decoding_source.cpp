#include "parse/xml_decoding_source.hpp"

#include "core/error.hpp"
#include "parse/xml_encoding.hpp"

#include <unicode/ucnv.h>

#include <array>

namespace sluice {

namespace {

// The declaration of an EBCDIC document, read in the EBCDIC code page every other one agrees
// with for its characters (IBM037), so that the code page it names can be looked up.
std::optional<std::pair<std::string, std::size_t>> ebcdic_declaration(std::string_view head)
{
    UErrorCode status = U_ZERO_ERROR;
    std::array<char, kMaxXmlDeclaration * 3> text{};
    const auto length = ucnv_convert("UTF-8", "IBM037", text.data(), static_cast<int32_t>(text.size()), head.data(),
                                     static_cast<int32_t>(std::min(head.size(), kMaxXmlDeclaration)), &status);
    if (U_FAILURE(status)) return std::nullopt;
    // Every character of a declaration is one byte in EBCDIC and in UTF-8: offsets agree.
    return declared_encoding({text.data(), static_cast<std::size_t>(length)});
}

} // namespace

XmlDecodingSource::XmlDecodingSource(ByteSource& upstream, bool replace_invalid)
    : upstream_(upstream), replace_invalid_(replace_invalid)
{
}

void XmlDecodingSource::start()
{
    std::string head;
    std::exception_ptr failure;
    std::optional<XmlEncoding> encoding;
    std::array<char, 4096> buffer;
    bool at_end = false;
    while (!encoding) {
        try {
            const auto n = upstream_.read(buffer);
            head.append(buffer.data(), n);
            at_end = n == 0;
        } catch (...) {
            // Raised again after the bytes before it, where a reader without this stage would meet it.
            failure = std::current_exception();
            at_end = true;
        }
        encoding = sniff_xml_encoding(head, at_end);
    }
    if (encoding->ebcdic) {
        const auto declared = ebcdic_declaration(head);
        if (!declared)
            throw Error(name(), "an EBCDIC document without an encoding declaration: its code page is unknown",
                        SourcePosition::at_line(1, 0));
        encoding->name = declared->first;
        encoding->declared_at = declared->second;
    }
    encoding_ = encoding->name;
    resumed_.emplace(std::move(head), upstream_, failure);
    if (is_utf8(encoding_) && !replace_invalid_) {
        text_ = &*resumed_;
        return;
    }
    const auto invalid = replace_invalid_ ? TranscodingSource::Invalid::replace : TranscodingSource::Invalid::refuse;
    try {
        transcoder_.emplace(*resumed_, encoding_, invalid);
    } catch (const Error&) {
        if (!encoding->declared_at) throw;
        const std::uint64_t at = *encoding->declared_at;  // the declaration is ASCII: a byte is a column
        throw Error(name(), "unknown encoding '" + encoding_ + "' in the XML declaration (ICU has no converter by that name)",
                    SourcePosition{1, at + 1, at});
    }
    text_ = &*transcoder_;
}

std::size_t XmlDecodingSource::read(std::span<char> out)
{
    if (!text_) start();
    const auto n = text_->read(out);
    position_ += n;
    return n;
}

} // namespace sluice
