#pragma once
// --invalid-utf8 replace for a source that is UTF-8 (the movies CSV): bytes that are not
// well-formed UTF-8 become U+FFFD before any parser sees them, and are counted. The default
// policy refuses them instead (the CSV reader rejects the record), which is right for data that
// should be clean; files with a few broken bytes in free text can be loaded with this stage in
// front. (XML goes through XmlDecodingSource, which decodes by the document's own encoding.)

#include "parse/transcoding_source.hpp"

namespace sluice {

class Utf8RepairSource final : public ByteSource {
public:
    explicit Utf8RepairSource(ByteSourcePtr upstream)
        : text_(std::move(upstream), "UTF-8", TranscodingSource::Invalid::replace)
    {
    }

    std::size_t read(std::span<char> out) override { return text_.read(out); }
    const std::string& name() const override { return text_.name(); }
    std::uint64_t position() const override { return text_.position(); }

    // Ill-formed sequences replaced so far.
    std::uint64_t replaced() const { return text_.replaced(); }

private:
    TranscodingSource text_;
};

} // namespace sluice
