#pragma once
// An XML document's text as UTF-8, whatever its encoding: the byte order mark or the XML
// declaration says which (parse/xml_encoding.hpp), ICU decodes (TranscodingSource). The parsers
// after it are told to ignore the declaration (libxml2's XML_PARSE_IGNORE_ENC): they always get
// UTF-8, so a block of a dump cut from the middle, which has no declaration, reads as the whole
// dump does.
//
// UTF-8 itself passes through untouched unless invalid bytes are to be replaced: libxml2 checks
// it anyway and places a bad byte by line and column. In any other encoding, invalid bytes are
// refused here (at their offset in this stream's input) or replaced with U+FFFD and counted.
// Byte offsets after this stage count UTF-8 bytes; they are the input's for a UTF-8 document.

#include "core/byte_source.hpp"
#include "parse/resumed_source.hpp"
#include "parse/transcoding_source.hpp"

#include <memory>
#include <optional>
#include <string>

namespace sluice {

class XmlDecodingSource final : public ByteSource {
public:
    // Does not own `upstream`. Nothing is read before the first read().
    XmlDecodingSource(ByteSource& upstream, bool replace_invalid);

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return upstream_.name(); }
    std::uint64_t position() const override { return position_; }

    // Invalid sequences replaced so far.
    std::uint64_t replaced() const { return transcoder_ ? transcoder_->replaced() : 0; }
    // The encoding the text is decoded from ("UTF-8" until the first read).
    const std::string& encoding() const { return encoding_; }

private:
    void start();  // reads as far as the declaration, and sets up the decoding

    ByteSource& upstream_;
    bool replace_invalid_;
    std::string encoding_ = "UTF-8";
    std::optional<ResumedSource> resumed_;
    std::optional<TranscodingSource> transcoder_;
    ByteSource* text_ = nullptr;
    std::uint64_t position_ = 0;
};

} // namespace sluice
