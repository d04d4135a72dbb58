#pragma once
// Refuses decompression bombs: a gzip or zip member that inflates beyond a total cap, or, past a
// grace amount, beyond a ratio to the bytes downloaded. Real dumps inflate about 10:1 (the
// abstracts) or 5:1 (the movies CSV); deflate tops out near 1032:1 on repeated bytes, which is
// what a bomb is made of. The check runs before the bytes go downstream, so a bomb costs at most
// one read past the cap.

#include "core/byte_source.hpp"

#include <functional>

namespace sluice {

struct InflateLimits {
    std::uint64_t max_bytes = 0;  // inflated bytes allowed in all
    double max_ratio = 0;         // inflated / downloaded
    std::uint64_t ratio_grace = 0; // inflated bytes before the ratio is enforced
};

class InflateLimitSource final : public ByteSource {
public:
    InflateLimitSource(ByteSourcePtr inflated, std::function<std::uint64_t()> downloaded, InflateLimits limits);

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return inflated_->name(); }
    std::uint64_t position() const override { return inflated_->position(); }

private:
    ByteSourcePtr inflated_;
    std::function<std::uint64_t()> downloaded_;
    InflateLimits limits_;
};

} // namespace sluice
