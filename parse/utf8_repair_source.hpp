#pragma once
// --invalid-utf8 replace: bytes that are not well-formed UTF-8 become U+FFFD before any parser
// sees them, and are counted. The default policy refuses them instead (libxml2 fails the dump
// at the first one; the CSV reader rejects the record), which is right for data that should be
// clean; dumps with a few broken bytes in free text can be loaded with this stage in front.
//
// ICU's UTF-8 converter does the decoding (strict: overlongs, surrogates and bytes past U+10FFFF
// are ill-formed) and its substitute callback the replacing, streaming across reads.

#include "core/byte_source.hpp"

#include <unicode/ucnv.h>

#include <memory>
#include <vector>

namespace sluice {

class Utf8RepairSource final : public ByteSource {
public:
    explicit Utf8RepairSource(ByteSourcePtr upstream);

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return upstream_->name(); }
    std::uint64_t position() const override { return position_; }

    // Ill-formed sequences replaced so far.
    std::uint64_t replaced() const { return replaced_; }

private:
    struct ConverterCloser {
        void operator()(UConverter* converter) const noexcept { ucnv_close(converter); }
    };
    using Converter = std::unique_ptr<UConverter, ConverterCloser>;

    ByteSourcePtr upstream_;
    Converter decoder_;
    Converter encoder_;
    std::vector<char> in_;
    std::size_t in_begin_ = 0;
    std::size_t in_end_ = 0;
    bool upstream_done_ = false;
    bool first_ = true;
    static constexpr std::size_t kPivot = 16 * 1024;
    std::unique_ptr<UChar[]> pivot_;
    UChar* pivot_source_;
    UChar* pivot_target_;
    std::uint64_t position_ = 0;
    std::uint64_t replaced_ = 0;
};

} // namespace sluice
