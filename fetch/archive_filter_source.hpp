#pragma once
// A bzip2, xz or zstd stream decoded by libarchive's read filters (its "raw" format: one entry,
// the decoded bytes). libarchive streams these front to back, handles concatenated streams
// (pbzip2, pixz, multi-frame zstd) and checks their checksums, and Debian 12's libarchive13 is
// built with libbz2, liblzma and libzstd; libzstd's own headers are not installed there, so the
// codec libraries directly would have meant a new package for one of the three.
//
// The cost: libarchive does not say where in the compressed bytes a decoder failed. An error's
// offset is how far the compressed stream had been read (at most one read, 256 KiB, past the
// fault); a truncated stream is exact (its end).

#include "core/byte_source.hpp"

#include <archive.h>

#include <exception>
#include <memory>
#include <vector>

namespace sluice {

class ArchiveFilterSource final : public ByteSource {
public:
    enum class Codec { bzip2, xz, zstd };

    ArchiveFilterSource(ByteSourcePtr upstream, Codec codec);
    ArchiveFilterSource(const ArchiveFilterSource&) = delete;
    ArchiveFilterSource& operator=(const ArchiveFilterSource&) = delete;

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return upstream_->name(); }
    std::uint64_t position() const override { return position_; }

private:
    struct ArchiveDeleter {
        void operator()(archive* handle) const noexcept { archive_read_free(handle); }
    };

    static la_ssize_t on_read(archive*, void* self, const void** buffer);
    [[noreturn]] void fail();

    ByteSourcePtr upstream_;
    Codec codec_;
    std::vector<char> buffer_;
    std::unique_ptr<archive, ArchiveDeleter> archive_;
    std::exception_ptr upstream_error_;  // exceptions must not cross libarchive's C frames
    bool ended_ = false;
    std::uint64_t position_ = 0;
};

const char* to_string(ArchiveFilterSource::Codec codec);

} // namespace sluice
