#include "fetch/read_ahead_source.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace sluice {

ReadAheadSource::ReadAheadSource(ByteSourcePtr upstream) : upstream_(std::move(upstream)), name_(upstream_->name())
{
    for (std::size_t i = 0; i < kBuffers; ++i) empty_.push(Buffer{std::vector<char>(kBufferBytes), 0});
    thread_ = std::jthread{[this] { produce(); }};
}

ReadAheadSource::~ReadAheadSource()
{
    // Wakes the thread wherever it waits on a queue; it then ends and is joined.
    full_.shutdown();
    empty_.shutdown();
}

void ReadAheadSource::produce()
{
    try {
        while (auto buffer = empty_.pop()) {
            buffer->size = upstream_->read(buffer->bytes);
            if (buffer->size == 0) {
                full_.close();
                return;
            }
            if (!full_.push(std::move(*buffer))) return;
        }
    } catch (...) {
        full_.fail(std::current_exception());
    }
}

std::size_t ReadAheadSource::read(std::span<char> out)
{
    while (offset_ == current_.size) {
        if (ended_) return 0;
        if (!current_.bytes.empty()) empty_.push(std::exchange(current_, {}));
        offset_ = 0;
        auto next = full_.pop();  // rethrows the upstream's error in order
        if (!next) {
            ended_ = true;
            return 0;
        }
        current_ = std::move(*next);
    }
    const auto n = std::min(out.size(), current_.size - offset_);
    std::memcpy(out.data(), current_.bytes.data() + offset_, n);
    offset_ += n;
    position_ += n;
    return n;
}

} // namespace sluice
