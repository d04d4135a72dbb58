#pragma once
// Bytes already taken from a source (to look at them first), then the rest of that source, or a
// failure it raised while they were taken: a reader handed this sees the stream it would have
// seen unread, its failure included, at the same place. Does not own the source.

#include "core/byte_source.hpp"

#include <exception>
#include <string>

namespace sluice {

class ResumedSource final : public ByteSource {
public:
    // `failure`, if set, is raised instead of reading on after `head`.
    ResumedSource(std::string head, ByteSource& upstream, std::exception_ptr failure = nullptr);

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return upstream_.name(); }
    std::uint64_t position() const override { return position_; }

private:
    std::string head_;
    ByteSource& upstream_;
    std::exception_ptr failure_;
    std::size_t taken_ = 0;
    std::uint64_t position_ = 0;
};

} // namespace sluice
