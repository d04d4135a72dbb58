#include "fetch/prefix_source.hpp"

#include <algorithm>
#include <cstring>

namespace sluice {

std::size_t PrefixSource::read(std::span<char> out)
{
    std::size_t n = 0;
    if (prefix_used_ < prefix_.size()) {
        n = std::min(out.size(), prefix_.size() - prefix_used_);
        std::memcpy(out.data(), prefix_.data() + prefix_used_, n);
        prefix_used_ += n;
        // Replayed: its memory goes now, not with the source (a part's prefetch is MiBs).
        if (prefix_used_ == prefix_.size()) {
            prefix_ = {};
            prefix_used_ = 0;
        }
    } else {
        n = upstream_->read(out);
    }
    position_ += n;
    return n;
}

} // namespace sluice
