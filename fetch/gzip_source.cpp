#include "fetch/gzip_source.hpp"

#include "core/error.hpp"
#include "fetch/gzip_stream_end.hpp"

namespace sluice {

namespace {
constexpr int kGzipOnly = 15 + 16;  // windowBits: 32 KiB window, gzip header and trailer required
}

GzipSource::GzipSource(ByteSourcePtr upstream, std::size_t buffer_size)
    : upstream_(std::move(upstream)), input_(buffer_size)
{
    if (inflateInit2(&stream_, kGzipOnly) != Z_OK) throw Error(name(), "cannot initialise zlib");
}

GzipSource::~GzipSource() { inflateEnd(&stream_); }

std::uint64_t GzipSource::compressed_offset() const { return upstream_->position() - stream_.avail_in; }

bool GzipSource::refill()
{
    if (input_ended_) return false;
    const auto n = upstream_->read(input_);
    if (n == 0) {
        input_ended_ = true;
        return false;
    }
    stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
    stream_.avail_in = static_cast<uInt>(n);
    return true;
}

std::size_t GzipSource::read(std::span<char> out)
{
    stream_.next_out = reinterpret_cast<Bytef*>(out.data());
    stream_.avail_out = static_cast<uInt>(out.size());

    while (stream_.avail_out == out.size()) {
        if (stream_.avail_in == 0 && !refill()) {
            check_gzip_input_end(*this, *upstream_, member_open_);
            break;
        }
        member_open_ = true;
        const int status = inflate(&stream_, Z_NO_FLUSH);
        if (status == Z_STREAM_END) {
            // A member ended; another may follow. Reset so the next bytes parse as a new header.
            member_open_ = false;
            ++members_ended_;
            inflateReset(&stream_);
            continue;
        }
        if (status == Z_OK || status == Z_BUF_ERROR) continue;
        std::string reason = stream_.msg ? stream_.msg : "inflate error " + std::to_string(status);
        // The trailer's checks, in words that say which member.
        if (reason == "incorrect data check") reason = "CRC mismatch in member " + std::to_string(members_ended_ + 1);
        else if (reason == "incorrect length check") reason = "length mismatch in member " + std::to_string(members_ended_ + 1);
        throw DecodeError(name(), "corrupt gzip data: " + reason, SourcePosition::at_byte(compressed_offset()));
    }

    const auto produced = out.size() - stream_.avail_out;
    position_ += produced;
    return produced;
}

} // namespace sluice
