#pragma once
// Replays bytes already taken from a source (to sniff its format) before reading on from it.

#include "core/byte_source.hpp"

#include <vector>

namespace sluice {

class PrefixSource final : public ByteSource {
public:
    PrefixSource(std::vector<char> prefix, ByteSourcePtr upstream)
        : prefix_(std::move(prefix)), upstream_(std::move(upstream))
    {
    }

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return upstream_->name(); }
    std::uint64_t position() const override { return position_; }

private:
    std::vector<char> prefix_;
    std::size_t prefix_used_ = 0;
    ByteSourcePtr upstream_;
    std::uint64_t position_ = 0;
};

} // namespace sluice
