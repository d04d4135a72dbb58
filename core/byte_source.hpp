#pragma once
// The pull interface every byte-producing stage implements (after libosmium's decompressors):
// an HTTP download, a file, an inflater over either, a zip member. Stages compose without
// knowing what is upstream.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace sluice {

class ByteSource {
public:
    virtual ~ByteSource() = default;

    // Copies the next bytes into `out` and returns how many; returns 0 only at the end of the
    // stream (never for an empty `out`... callers never pass one). Throws sluice::Error.
    virtual std::size_t read(std::span<char> out) = 0;

    // The name used in messages: a path or a URL with its password redacted.
    virtual const std::string& name() const = 0;

    // Bytes handed out by read() so far: the offset errors downstream refer to.
    virtual std::uint64_t position() const = 0;
};

using ByteSourcePtr = std::unique_ptr<ByteSource>;

} // namespace sluice
