#pragma once
// Gzipped output: one gzip member at deflate level 6 (gzip's default). zlib writes the gzip
// header itself, with mtime 0 and no name, so the output depends only on the input bytes.
// written() counts the uncompressed bytes, which is what a generator's --size means.

#include "bench/gen/output_file.hpp"

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sluice_gen {

class GzipSink {
public:
    explicit GzipSink(const std::string& path);

    void write(std::string_view text)
    {
        pending_.append(text);
        written_ += text.size();
        if (pending_.size() >= kChunk) flush_pending(Z_NO_FLUSH);
    }
    std::uint64_t written() const { return written_; }

    void finish();

private:
    // Large enough that deflate() call overhead vanishes, small enough to stay in L2/L3.
    static constexpr std::size_t kChunk = 1 << 20;

    struct DeflateEnd {
        void operator()(z_stream* z) const noexcept
        {
            deflateEnd(z);
            delete z;
        }
    };

    void flush_pending(int flush);

    OutputFile out_;
    std::unique_ptr<z_stream, DeflateEnd> z_;
    std::vector<Bytef> zbuf_;
    std::string pending_;
    std::uint64_t written_ = 0;
};

} // namespace sluice_gen
