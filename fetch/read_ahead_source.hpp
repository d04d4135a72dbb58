#pragma once
// Reads its upstream on a thread of its own, a few buffers ahead of the consumer, so that
// downloading and inflating a source overlaps with parsing it: the movies archive's member is
// fetched and inflated on one core while the other parses the CSV.
//
// The buffers are reused: they travel to the consumer full and come back empty, so memory stays
// at kBuffers x kBufferBytes. An error upstream reaches the consumer after the bytes before it.

#include "core/bounded_queue.hpp"
#include "core/byte_source.hpp"

#include <thread>
#include <vector>

namespace sluice {

class ReadAheadSource final : public ByteSource {
public:
    static constexpr std::size_t kBufferBytes = 256 * 1024;
    static constexpr std::size_t kBuffers = 4;

    explicit ReadAheadSource(ByteSourcePtr upstream);
    ~ReadAheadSource() override;
    ReadAheadSource(const ReadAheadSource&) = delete;
    ReadAheadSource& operator=(const ReadAheadSource&) = delete;

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return name_; }
    std::uint64_t position() const override { return position_; }

private:
    struct Buffer {
        std::vector<char> bytes;  // always kBufferBytes long
        std::size_t size = 0;     // how many are filled
    };

    void produce();  // the read-ahead thread's body

    ByteSourcePtr upstream_;  // only the read-ahead thread touches it once started
    std::string name_;
    BoundedQueue<Buffer> full_{kBuffers};
    BoundedQueue<Buffer> empty_{kBuffers};
    Buffer current_;
    std::size_t offset_ = 0;
    bool ended_ = false;
    std::uint64_t position_ = 0;
    std::jthread thread_;  // last: starts once everything it uses exists
};

} // namespace sluice
