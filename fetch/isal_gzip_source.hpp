#pragma once
// Inflates a gzip stream with ISA-L's igzip, several times faster than zlib on the same core (the
// abstracts dump is ~0.7 GB of gzip, and inflating it is most of a run's work). Same contract
// as GzipSource, its zlib counterpart: concatenated members are one stream, a stream that ends
// inside a member is "truncated", and bad data is "corrupt" at a compressed byte offset.

#include "core/byte_source.hpp"

#include <isa-l/igzip_lib.h>

#include <memory>
#include <vector>

namespace sluice {

class IsalGzipSource final : public ByteSource {
public:
    explicit IsalGzipSource(ByteSourcePtr upstream, std::size_t buffer_size = 256 * 1024);

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return upstream_->name(); }
    std::uint64_t position() const override { return position_; }

private:
    bool refill();  // false at the end of the compressed input
    void start_member();
    std::uint64_t compressed_offset() const;

    ByteSourcePtr upstream_;
    std::vector<char> input_;
    // inflate_state holds ~40 KB of tables and history: on the heap, not in the object.
    std::unique_ptr<inflate_state> state_;
    bool member_open_ = false;  // inside a member that has not reached its trailer
    std::uint64_t members_ended_ = 0;
    bool input_ended_ = false;
    std::uint64_t position_ = 0;
};

} // namespace sluice
