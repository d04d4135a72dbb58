#include "fetch/archive_filter_source.hpp"

#include "core/error.hpp"

#include <archive_entry.h>

#include <cerrno>
#include <string_view>
#include <utility>

namespace sluice {

const char* to_string(ArchiveFilterSource::Codec codec)
{
    switch (codec) {
    case ArchiveFilterSource::Codec::bzip2: return "bzip2";
    case ArchiveFilterSource::Codec::xz: return "xz";
    case ArchiveFilterSource::Codec::zstd: break;
    }
    return "zstd";
}

namespace {

int filter_code(ArchiveFilterSource::Codec codec)
{
    switch (codec) {
    case ArchiveFilterSource::Codec::bzip2: return ARCHIVE_FILTER_BZIP2;
    case ArchiveFilterSource::Codec::xz: return ARCHIVE_FILTER_XZ;
    case ArchiveFilterSource::Codec::zstd: break;
    }
    return ARCHIVE_FILTER_ZSTD;
}

// libarchive's words for a stream cut short differ by codec (liblzma says "No progress is
// possible" when the input ends inside a block); they become one phrase.
bool says_truncated(std::string_view reason)
{
    return reason.find("runcated") != std::string_view::npos || reason.find("No progress is possible") != std::string_view::npos;
}

// libarchive's ARCHIVE_ERRNO_FILE_FORMAT ("Unrecognized archive format"), private to its sources;
// EILSEQ on Linux.
constexpr int kUnrecognizedFormat = EILSEQ;

} // namespace

ArchiveFilterSource::ArchiveFilterSource(ByteSourcePtr upstream, Codec codec)
    : upstream_(std::move(upstream)), codec_(codec), buffer_(256 * 1024), archive_(archive_read_new())
{
    if (!archive_) throw Error(name(), "cannot create a libarchive reader");
    auto* handle = archive_.get();
    archive_read_support_format_raw(handle);
    // Only the codec the magic bytes named: anything else they hold is corrupt, not another format.
    switch (codec_) {
    case Codec::bzip2: archive_read_support_filter_bzip2(handle); break;
    case Codec::xz: archive_read_support_filter_xz(handle); break;
    case Codec::zstd: archive_read_support_filter_zstd(handle); break;
    }
    int status = archive_read_open(handle, this, nullptr, &ArchiveFilterSource::on_read, nullptr);
    archive_entry* entry = nullptr;
    if (status == ARCHIVE_OK) status = archive_read_next_header(handle, &entry);
    if (upstream_error_) std::rethrow_exception(std::exchange(upstream_error_, nullptr));
    // The raw format takes any bytes but none: a sound stream of nothing is "unrecognized" (the
    // magic bytes were there, so it is not an empty input; a bad stream fails in the decoder).
    if (status != ARCHIVE_OK && archive_errno(handle) == kUnrecognizedFormat) {
        ended_ = true;
        return;
    }
    if (status != ARCHIVE_OK) fail();
    // The raw format takes anything: the filter must be the one the magic bytes named.
    if (archive_filter_code(handle, 0) != filter_code(codec_))
        throw DecodeError(name(), std::string{"corrupt "} + to_string(codec_) + " data: not a valid stream header",
                          SourcePosition::at_byte(0));
}

la_ssize_t ArchiveFilterSource::on_read(archive* handle, void* self_ptr, const void** buffer)
{
    auto& self = *static_cast<ArchiveFilterSource*>(self_ptr);
    try {
        const auto n = self.upstream_->read(self.buffer_);
        *buffer = self.buffer_.data();
        return static_cast<la_ssize_t>(n);
    } catch (...) {
        self.upstream_error_ = std::current_exception();
        archive_set_error(handle, EIO, "upstream read failed");
        return -1;
    }
}

void ArchiveFilterSource::fail()
{
    if (upstream_error_) std::rethrow_exception(std::exchange(upstream_error_, nullptr));
    const char* reason = archive_error_string(archive_.get());
    const std::string detail = reason ? reason : "unknown error";
    const auto where = SourcePosition::at_byte(upstream_->position());
    if (says_truncated(detail))
        throw DecodeError(name(), std::string{"truncated "} + to_string(codec_) + " data: the stream ends before its end marker",
                          where);
    throw DecodeError(name(), std::string{"corrupt "} + to_string(codec_) + " data: " + detail, where);
}

std::size_t ArchiveFilterSource::read(std::span<char> out)
{
    if (ended_) return 0;
    const auto n = archive_read_data(archive_.get(), out.data(), out.size());
    if (n < 0) fail();
    if (n == 0) ended_ = true;
    position_ += static_cast<std::uint64_t>(n);
    return static_cast<std::size_t>(n);
}

} // namespace sluice
