#pragma once
// Text in a named encoding handed on as UTF-8. ICU's converters do the decoding (strict: for
// UTF-8, overlongs, surrogates and bytes past U+10FFFF are ill-formed), streaming across reads.
// Bytes that are not valid in the encoding (ill-formed, unassigned, or a character cut off by the
// end) are either refused, with the offset of their first byte in the input, or replaced with
// U+FFFD and counted.
//
// A refusal comes after the text before it: the read that meets the bad bytes returns what was
// converted up to them, and the next read raises the error, so a parser downstream has every
// record before them (as when it meets bad bytes itself).

#include "core/byte_source.hpp"

#include <unicode/ucnv.h>

#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

class TranscodingSource final : public ByteSource {
public:
    enum class Invalid { refuse, replace };

    // Throws sluice::Error when ICU knows no converter by the name `encoding`.
    TranscodingSource(ByteSource& upstream, std::string_view encoding, Invalid invalid);
    TranscodingSource(ByteSourcePtr upstream, std::string_view encoding, Invalid invalid);

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return upstream_.name(); }
    std::uint64_t position() const override { return position_; }  // UTF-8 bytes handed out

    const std::string& encoding() const { return encoding_; }
    // Invalid sequences replaced so far (Invalid::replace).
    std::uint64_t replaced() const { return replaced_; }

private:
    struct ConverterCloser {
        void operator()(UConverter* converter) const noexcept { ucnv_close(converter); }
    };
    using Converter = std::unique_ptr<UConverter, ConverterCloser>;

    std::exception_ptr refusal(UErrorCode status) const;
    // Hands on what the decoder has put in the pivot and the encoder not yet written.
    std::size_t flush_pivot(char*& target, char* limit);

    ByteSourcePtr owned_;
    ByteSource& upstream_;
    std::string encoding_;
    Invalid invalid_;
    Converter decoder_;
    Converter encoder_;
    std::vector<char> in_;
    std::size_t in_begin_ = 0;
    std::size_t in_end_ = 0;
    std::uint64_t in_offset_ = 0;  // input offset of in_[0]
    bool upstream_done_ = false;
    bool first_ = true;
    static constexpr std::size_t kPivot = 16 * 1024;
    std::unique_ptr<UChar[]> pivot_;
    UChar* pivot_source_;
    UChar* pivot_target_;
    std::exception_ptr failure_;  // raised at the next read
    std::uint64_t position_ = 0;
    std::uint64_t replaced_ = 0;
};

} // namespace sluice
