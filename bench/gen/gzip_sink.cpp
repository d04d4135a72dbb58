#include "bench/gen/gzip_sink.hpp"

#include "bench/gen/errors.hpp"

#include <cstring>

namespace sluice_gen {

GzipSink::GzipSink(const std::string& path) : out_(path), zbuf_(kChunk)
{
    auto z = std::make_unique<z_stream>();
    std::memset(z.get(), 0, sizeof(z_stream));
    // 15 + 16: a 32 KiB window with a gzip wrapper instead of a zlib one.
    if (deflateInit2(z.get(), 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        fail("deflateInit2 failed");
    z_.reset(z.release());
    pending_.reserve(kChunk);
}

void GzipSink::finish()
{
    flush_pending(Z_FINISH);
    out_.commit();
}

void GzipSink::flush_pending(int flush)
{
    z_->next_in = reinterpret_cast<Bytef*>(pending_.data());
    z_->avail_in = static_cast<uInt>(pending_.size());
    int rc;
    do {
        z_->next_out = zbuf_.data();
        z_->avail_out = static_cast<uInt>(zbuf_.size());
        rc = deflate(z_.get(), flush);
        if (rc == Z_STREAM_ERROR) fail("deflate failed");
        out_.write(zbuf_.data(), zbuf_.size() - z_->avail_out);
    } while (z_->avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    pending_.clear();
}

} // namespace sluice_gen
