#pragma once
// A test stand-in for a RandomAccessInput (an archive read by its directory, as over Range
// requests): bytes in memory, handed out at most `max_piece` at a time.

#include "fetch/random_access_input.hpp"

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>

namespace sluice::test {

class MemoryInput final : public RandomAccessInput {
public:
    MemoryInput(std::string data, std::size_t max_piece, std::string name = "test.zip")
        : data_(std::move(data)), max_piece_(max_piece), name_(std::move(name))
    {
    }

    std::uint64_t size() const override { return data_.size(); }
    std::span<const char> read_at(std::uint64_t offset) override
    {
        if (offset >= data_.size()) return {};
        const auto length = std::min<std::size_t>(max_piece_, data_.size() - offset);
        fetched_ += length;
        return {data_.data() + offset, length};
    }
    const std::string& name() const override { return name_; }
    std::uint64_t bytes_fetched() const override { return fetched_; }

private:
    std::string data_;
    std::size_t max_piece_;
    std::string name_;
    std::uint64_t fetched_ = 0;
};

} // namespace sluice::test
