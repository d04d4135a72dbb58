#pragma once
// Input read at any offset, for formats read from the end first (a zip's central directory)
// rather than front to back. The bytes come in whatever pieces the input holds at hand; a reader
// that jumps pays only for what it reads.

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace sluice {

class RandomAccessInput {
public:
    virtual ~RandomAccessInput() = default;

    virtual std::uint64_t size() const = 0;

    // Bytes from `offset` on: at least one unless `offset` is at the end (then none), valid until
    // the next call. Throws sluice::Error.
    virtual std::span<const char> read_at(std::uint64_t offset) = 0;

    // A path or a URL with its password redacted.
    virtual const std::string& name() const = 0;

    // Bytes transferred so far, wasted ones included.
    virtual std::uint64_t bytes_fetched() const = 0;
};

using RandomAccessInputPtr = std::unique_ptr<RandomAccessInput>;

} // namespace sluice
