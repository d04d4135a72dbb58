#include "fetch/zip_member_source.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>
#include <archive_entry.h>

namespace sluice {

bool names_member(std::string_view path, std::string_view member)
{
    if (path == member) return true;
    const auto slash = path.rfind('/');
    return slash != std::string_view::npos && path.substr(slash + 1) == member;
}

ZipMemberSource::ZipMemberSource(ByteSourcePtr upstream, std::string member)
    : upstream_(std::move(upstream)),
      member_(std::move(member)),
      name_(upstream_->name() + ":" + member_),
      archive_(archive_read_new()),
      buffer_(256 * 1024)
{
    if (!archive_) throw Error(upstream_->name(), "cannot create a libarchive reader");
    archive_read_support_format_zip(archive_.get());
    if (archive_read_open(archive_.get(), this, nullptr, &ZipMemberSource::on_read, nullptr) != ARCHIVE_OK)
        fail("cannot read zip archive");
    find_member();
}

ZipMemberSource::ZipMemberSource(RandomAccessInputPtr input, std::string member)
    : input_(std::move(input)), member_(std::move(member)), name_(input_->name() + ":" + member_), archive_(archive_read_new())
{
    if (!archive_) throw Error(input_->name(), "cannot create a libarchive reader");
    auto* handle = archive_.get();
    archive_read_support_format_zip_seekable(handle);
    archive_read_set_read_callback(handle, &ZipMemberSource::on_read);
    archive_read_set_seek_callback(handle, &ZipMemberSource::on_seek);
    archive_read_set_skip_callback(handle, &ZipMemberSource::on_skip);
    archive_read_set_callback_data(handle, this);
    if (archive_read_open1(handle) != ARCHIVE_OK) {
        // The seekable reader starts from the directory at the end; libarchive only says it did
        // not recognise the format.
        rethrow_upstream_error();
        const auto size = input_->size();
        throw Error(input_->name(), "cannot read zip archive: no central directory at the end of its " +
                                        std::to_string(size) + " bytes (truncated or corrupt)",
                    SourcePosition::at_byte(size));
    }
    find_member();
}

void ZipMemberSource::find_member()
{
    std::string seen;
    int seen_count = 0;
    for (;;) {
        archive_entry* entry = nullptr;
        const int status = archive_read_next_header(archive_.get(), &entry);
        if (status == ARCHIVE_EOF) {
            rethrow_upstream_error();
            throw Error(archive_name(), "no member '" + member_ + "' in the zip archive (members: " +
                                            (seen.empty() ? std::string{"none"} : seen) + ")");
        }
        if (status < ARCHIVE_WARN) fail("cannot read zip archive");
        const char* path = archive_entry_pathname(entry);
        if (path && names_member(path, member_)) return;
        if (++seen_count <= 8) seen += (seen.empty() ? "" : ", ") + std::string{path ? path : "?"};
        else if (seen_count == 9) seen += ", ...";
    }
}

la_ssize_t ZipMemberSource::on_read(archive* handle, void* self_ptr, const void** buffer)
{
    auto& self = *static_cast<ZipMemberSource*>(self_ptr);
    try {
        if (self.input_) {
            // Handed over where it lies: the reader's piece stays valid until the next read.
            const auto bytes = self.input_->read_at(self.offset_);
            *buffer = bytes.data();
            self.offset_ += bytes.size();
            return static_cast<la_ssize_t>(bytes.size());
        }
        const auto n = self.upstream_->read(self.buffer_);
        *buffer = self.buffer_.data();
        return static_cast<la_ssize_t>(n);
    } catch (...) {
        self.upstream_error_ = std::current_exception();
        archive_set_error(handle, EIO, "upstream read failed");
        return -1;
    }
}

la_int64_t ZipMemberSource::on_seek(archive*, void* self_ptr, la_int64_t offset, int whence)
{
    auto& self = *static_cast<ZipMemberSource*>(self_ptr);
    const auto size = static_cast<la_int64_t>(self.input_->size());
    la_int64_t base = 0;
    if (whence == SEEK_CUR) base = static_cast<la_int64_t>(self.offset_);
    else if (whence == SEEK_END) base = size;
    const auto target = base + offset;
    if (target < 0 || target > size) return ARCHIVE_FATAL;
    self.offset_ = static_cast<std::uint64_t>(target);
    return target;
}

la_int64_t ZipMemberSource::on_skip(archive*, void* self_ptr, la_int64_t request)
{
    auto& self = *static_cast<ZipMemberSource*>(self_ptr);
    const auto left = static_cast<la_int64_t>(self.input_->size() - std::min(self.offset_, self.input_->size()));
    const auto skipped = std::clamp<la_int64_t>(request, 0, left);
    self.offset_ += static_cast<std::uint64_t>(skipped);
    return skipped;
}

void ZipMemberSource::rethrow_upstream_error()
{
    if (upstream_error_) std::rethrow_exception(std::exchange(upstream_error_, nullptr));
}

void ZipMemberSource::fail(const std::string& what)
{
    rethrow_upstream_error();
    const char* reason = archive_error_string(archive_.get());
    throw DecodeError(archive_name(), what + ": " + (reason ? reason : "unknown error"),
                SourcePosition::at_byte(archive_offset()));
}

std::size_t ZipMemberSource::read(std::span<char> out)
{
    if (ended_) return 0;
    const auto n = archive_read_data(archive_.get(), out.data(), out.size());
    if (n < 0) fail("cannot read member '" + member_ + "'");
    if (n == 0) ended_ = true;
    position_ += static_cast<std::uint64_t>(n);
    return static_cast<std::size_t>(n);
}

} // namespace sluice
