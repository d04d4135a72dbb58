#pragma once
// Uncompressed output: bytes to an OutputFile, buffered by stdio, counted.

#include "bench/gen/output_file.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace sluice_gen {

class PlainSink {
public:
    explicit PlainSink(const std::string& path) : out_(path) {}
    void write(std::string_view text)
    {
        out_.write(text.data(), text.size());
        written_ += text.size();
    }
    std::uint64_t written() const { return written_; }
    void finish() { out_.commit(); }

private:
    OutputFile out_;
    std::uint64_t written_ = 0;
};

} // namespace sluice_gen
