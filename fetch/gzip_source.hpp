#pragma once
// Inflates a gzip stream on the fly. Concatenated members (as `cat a.gz b.gz` or parallel
// compressors produce) are read as one stream, as gzip -d does.

#include "core/byte_source.hpp"

#include <zlib.h>

#include <vector>

namespace sluice {

class GzipSource final : public ByteSource {
public:
    explicit GzipSource(ByteSourcePtr upstream, std::size_t buffer_size = 256 * 1024);
    ~GzipSource() override;
    GzipSource(const GzipSource&) = delete;
    GzipSource& operator=(const GzipSource&) = delete;

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return upstream_->name(); }
    std::uint64_t position() const override { return position_; }

private:
    bool refill();                            // false at the end of the compressed input
    std::uint64_t compressed_offset() const;  // of the next unread compressed byte

    ByteSourcePtr upstream_;
    std::vector<char> input_;
    z_stream stream_{};
    bool member_open_ = false;   // inside a member that has not reached its trailer
    std::uint64_t members_ended_ = 0;
    bool input_ended_ = false;
    std::uint64_t position_ = 0;
};

} // namespace sluice
