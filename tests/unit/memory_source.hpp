#pragma once
// Test stand-ins for the byte-producing stages: bytes held in memory, handed out at most `max_read`
// at a time so a consumer meets every chunk boundary (max_read = 1 puts one between every pair of
// bytes), optionally failing at a chosen offset the way a dropped download would.

#include "core/byte_source.hpp"
#include "core/error.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>
#include <string>

namespace sluice::test {

class MemorySource : public ByteSource {
public:
    explicit MemorySource(std::string data, std::size_t max_read = std::numeric_limits<std::size_t>::max(),
                          std::string name = "memory")
        : data_(std::move(data)), max_read_(max_read == 0 ? 1 : max_read), name_(std::move(name))
    {
    }

    // read() throws sluice::Error("NAME: byte OFFSET: connection reset") once `offset` bytes
    // have been handed out, instead of returning the rest.
    MemorySource& fail_at(std::size_t offset)
    {
        fail_at_ = offset;
        return *this;
    }

    std::size_t read(std::span<char> out) override
    {
        std::size_t limit = data_.size();
        if (fail_at_) {
            if (offset_ >= *fail_at_)
                throw Error(name_, "connection reset", SourcePosition::at_byte(offset_));
            limit = std::min(limit, *fail_at_);
        }
        const std::size_t n = std::min({out.size(), max_read_, limit - offset_});
        std::memcpy(out.data(), data_.data() + offset_, n);
        offset_ += n;
        return n;
    }
    const std::string& name() const override { return name_; }
    std::uint64_t position() const override { return offset_; }

private:
    std::string data_;
    std::size_t max_read_;
    std::string name_;
    std::optional<std::size_t> fail_at_;
    std::size_t offset_ = 0;
};

inline ByteSourcePtr memory_source(std::string data, std::size_t max_read = std::numeric_limits<std::size_t>::max(),
                                   std::string name = "memory")
{
    return std::make_unique<MemorySource>(std::move(data), max_read, std::move(name));
}

// Everything `source` yields, read with a buffer of `buffer_size` bytes.
inline std::string drain(ByteSource& source, std::size_t buffer_size = 64 * 1024)
{
    std::string out;
    std::string buffer(buffer_size, '\0');
    for (;;) {
        const auto n = source.read(buffer);
        if (n == 0) return out;
        out.append(buffer.data(), n);
    }
}

} // namespace sluice::test
