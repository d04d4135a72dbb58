#include "fetch/archive_member_source.hpp"

#include "core/error.hpp"
#include "fetch/zip_member_choice.hpp"

#include <archive_entry.h>

#include <algorithm>
#include <cstdio>
#include <utility>

namespace sluice {

ArchiveMemberSource::ArchiveMemberSource(ByteSourcePtr upstream, std::string member, Reopen reopen)
    : upstream_(std::move(upstream)), member_(std::move(member)), any_file_(member_.empty()), buffer_(256 * 1024)
{
    name_ = upstream_->name() + ":" + member_;
    open_archive();
    find_member(reopen);
    name_ = upstream_->name() + ":" + member_;
}

ArchiveMemberSource::ArchiveMemberSource(RandomAccessInputPtr input, std::string member)
    : input_(std::move(input)), member_(std::move(member)), any_file_(member_.empty())
{
    name_ = input_->name() + ":" + member_;
    open_archive();
    // Another pass over a local or ranged input costs no download, only decoding again.
    Reopen none;
    find_member(none);
    name_ = input_->name() + ":" + member_;
}

void ArchiveMemberSource::open_archive()
{
    archive_.reset(archive_read_new());
    if (!archive_) throw Error(archive_name(), "cannot create a libarchive reader");
    auto* handle = archive_.get();
    offset_ = 0;
    if (upstream_) {
        // Already decoded: only the tar format, so a stream that is not one fails as such.
        archive_read_support_format_tar(handle);
    } else {
        archive_read_support_format_7zip(handle);
        archive_read_set_seek_callback(handle, &ArchiveMemberSource::on_seek);
        archive_read_set_skip_callback(handle, &ArchiveMemberSource::on_skip);
    }
    archive_read_set_read_callback(handle, &ArchiveMemberSource::on_read);
    archive_read_set_callback_data(handle, this);
    if (archive_read_open1(handle) != ARCHIVE_OK) fail(std::string{"cannot read "} + kind() + " archive");
}

std::optional<std::string> ArchiveMemberSource::next_file()
{
    for (;;) {
        archive_entry* entry = nullptr;
        const int status = archive_read_next_header(archive_.get(), &entry);
        if (status == ARCHIVE_EOF) {
            rethrow_upstream_error();
            return std::nullopt;
        }
        // ARCHIVE_RETRY is a damaged header that a reader could skip past: a bsdtar salvaging
        // what it can; a load does not guess.
        if (status != ARCHIVE_OK && status != ARCHIVE_WARN) fail(std::string{"corrupt "} + kind() + " archive");
        // A hard link's data is its target's: not a file of its own to read.
        if (archive_entry_filetype(entry) == AE_IFREG && !archive_entry_hardlink(entry)) {
            const char* path = archive_entry_pathname(entry);
            return std::string{path ? path : "?"};
        }
    }
}

void ArchiveMemberSource::find_member(Reopen& reopen)
{
    ZipMemberChoice choice{member_, kind()};
    if (any_file_) {
        // The first file; check_no_second_file() makes sure at its end that it was the only one.
        const auto path = next_file();
        if (!path) choice.throw_missing(archive_name());
        member_ = *path;
        return;
    }
    for (;;) {
        const auto path = next_file();
        if (!path) break;
        if (choice.offer(*path) == ZipMemberChoice::Match::exact) return;  // member_ is the path
    }
    const auto chosen = choice.chosen(archive_name());
    if (!chosen) choice.throw_missing(archive_name());
    // The one file named so in a folder: it went by while the rest was looked through.
    if (input_) {
        open_archive();
    } else {
        if (!reopen)
            throw Error(archive_name(), "'" + *chosen + "' is the only member named '" + member_ +
                                            "', and this stream cannot be read again to take it (name it by its path)");
        first_pass_ = std::exchange(upstream_, reopen());
        passes_.store(2, std::memory_order_relaxed);
        open_archive();
    }
    const auto index = choice.chosen_index();
    ZipMemberChoice again{member_, kind()};
    for (std::uint64_t i = 0;; ++i) {
        const auto path = next_file();
        const auto match = path ? again.offer(*path) : ZipMemberChoice::Match::none;
        // An archive replaced between the two reads makes the run start over (SourceChanged),
        // rather than take a member the first read did not choose.
        if (!path || (i < index && match != ZipMemberChoice::Match::none) || (i == index && *path != *chosen))
            throw SourceChanged(archive_name(), std::string{"the "} + kind() + " archive changed between its two reads",
                                SourcePosition::at_byte(archive_offset()));
        if (i == index) break;
    }
    member_ = *chosen;
}

void ArchiveMemberSource::check_no_second_file()
{
    if (const auto second = next_file())
        throw Error(archive_name(), std::string{"the "} + kind() + " archive holds more than one file: '" + member_ +
                                        "', then '" + *second + "' (name the one to read as the member)",
                    SourcePosition::at_byte(archive_offset()));
}

la_ssize_t ArchiveMemberSource::on_read(archive* handle, void* self_ptr, const void** buffer)
{
    auto& self = *static_cast<ArchiveMemberSource*>(self_ptr);
    try {
        if (self.input_) {
            // Handed over where it lies: the input's piece stays valid until its next read.
            const auto bytes = self.input_->read_at(self.offset_);
            *buffer = bytes.data();
            self.offset_ += bytes.size();
            self.archive_bytes_read_.store(self.input_->bytes_fetched(), std::memory_order_relaxed);
            return static_cast<la_ssize_t>(bytes.size());
        }
        const auto n = self.upstream_->read(self.buffer_);
        self.archive_bytes_read_.fetch_add(n, std::memory_order_relaxed);
        *buffer = self.buffer_.data();
        return static_cast<la_ssize_t>(n);
    } catch (...) {
        self.upstream_error_ = std::current_exception();
        archive_set_error(handle, EIO, "upstream read failed");
        return -1;
    }
}

la_int64_t ArchiveMemberSource::on_seek(archive*, void* self_ptr, la_int64_t offset, int whence)
{
    auto& self = *static_cast<ArchiveMemberSource*>(self_ptr);
    const auto size = static_cast<la_int64_t>(self.input_->size());
    la_int64_t base = 0;
    if (whence == SEEK_CUR) base = static_cast<la_int64_t>(self.offset_);
    else if (whence == SEEK_END) base = size;
    const auto target = base + offset;
    if (target < 0 || target > size) return ARCHIVE_FATAL;
    self.offset_ = static_cast<std::uint64_t>(target);
    return target;
}

la_int64_t ArchiveMemberSource::on_skip(archive*, void* self_ptr, la_int64_t request)
{
    auto& self = *static_cast<ArchiveMemberSource*>(self_ptr);
    const auto left = static_cast<la_int64_t>(self.input_->size() - std::min(self.offset_, self.input_->size()));
    const auto skipped = std::clamp<la_int64_t>(request, 0, left);
    self.offset_ += static_cast<std::uint64_t>(skipped);
    return skipped;
}

void ArchiveMemberSource::rethrow_upstream_error()
{
    if (upstream_error_) std::rethrow_exception(std::exchange(upstream_error_, nullptr));
}

void ArchiveMemberSource::fail(const std::string& what)
{
    rethrow_upstream_error();
    const char* reason = archive_error_string(archive_.get());
    throw DecodeError(archive_name(), what + ": " + (reason ? reason : "unknown error"),
                      SourcePosition::at_byte(archive_offset()));
}

std::size_t ArchiveMemberSource::read(std::span<char> out)
{
    if (ended_) return 0;
    const auto n = archive_read_data(archive_.get(), out.data(), out.size());
    if (n < 0) fail("cannot read member '" + member_ + "'");
    if (n == 0) {
        ended_ = true;
        if (any_file_) check_no_second_file();
    }
    position_ += static_cast<std::uint64_t>(n);
    return static_cast<std::size_t>(n);
}

} // namespace sluice
