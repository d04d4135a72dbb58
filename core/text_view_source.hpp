#pragma once
// Bytes already in memory read as a ByteSource, without a copy: a sample taken from the front of
// a source, parsed again (inspect --job reads its sample twice, or through another decoder).
// The bytes must outlive the source.

#include "core/byte_source.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace sluice {

class TextViewSource final : public ByteSource {
public:
    TextViewSource(std::string_view text, std::string name) : text_(text), name_(std::move(name)) {}

    std::size_t read(std::span<char> out) override
    {
        const auto n = std::min(out.size(), text_.size() - position_);
        if (n > 0) std::memcpy(out.data(), text_.data() + position_, n);
        position_ += n;
        return n;
    }
    const std::string& name() const override { return name_; }
    std::uint64_t position() const override { return position_; }

private:
    std::string_view text_;
    std::string name_;
    std::size_t position_ = 0;
};

} // namespace sluice
