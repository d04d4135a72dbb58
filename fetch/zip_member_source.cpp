#include "fetch/zip_member_source.hpp"

#include "core/error.hpp"
#include "fetch/zip_member_choice.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>
#include <archive_entry.h>

namespace sluice {

ZipMemberSource::ZipMemberSource(ByteSourcePtr upstream, std::string member, Reopen reopen)
    : upstream_(std::move(upstream)),
      member_(std::move(member)),
      name_(upstream_->name() + ":" + member_),
      buffer_(256 * 1024)
{
    open_stream();
    find_member_streamed(reopen);
    name_ = upstream_->name() + ":" + member_;
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
    // The choice needs every member's path, which libarchive gives only by visiting each member's
    // local header (a request each); the directory has them all. Read here, between opening
    // (libarchive rewinds after recognising the format) and the first header (it seeks to the
    // directory first), where libarchive holds no piece of the input that this read could replace.
    member_ = choose_zip_member(*input_, member_);
    name_ = input_->name() + ":" + member_;
    find_exact_member(member_);
}

void ZipMemberSource::open_stream()
{
    archive_.reset(archive_read_new());
    if (!archive_) throw Error(upstream_->name(), "cannot create a libarchive reader");
    archive_read_support_format_zip(archive_.get());
    if (archive_read_open(archive_.get(), this, nullptr, &ZipMemberSource::on_read, nullptr) != ARCHIVE_OK)
        fail("cannot read zip archive");
}

// The next member's header: its path, or nullopt at the end of the archive.
namespace {

std::optional<std::string> next_member(archive* handle, int& status)
{
    archive_entry* entry = nullptr;
    status = archive_read_next_header(handle, &entry);
    if (status == ARCHIVE_EOF || status < ARCHIVE_WARN) return std::nullopt;
    const char* path = archive_entry_pathname(entry);
    return std::string{path ? path : "?"};
}

} // namespace

void ZipMemberSource::find_member_streamed(Reopen& reopen)
{
    ZipMemberChoice choice{member_};
    for (;;) {
        int status = ARCHIVE_OK;
        const auto path = next_member(archive_.get(), status);
        if (!path) {
            if (status != ARCHIVE_EOF) fail("cannot read zip archive");
            rethrow_upstream_error();
            break;
        }
        if (choice.offer(*path) == ZipMemberChoice::Match::exact) return;  // member_ is the path
    }
    const auto chosen = choice.chosen(archive_name());
    if (!chosen) choice.throw_missing(archive_name());
    // The one member named so in a folder: it went by while the rest was looked through.
    if (!reopen)
        throw Error(archive_name(), "'" + *chosen + "' is the only member named '" + member_ +
                                        "', and this stream cannot be read again to take it (name it by its path)");
    const auto index = choice.chosen_index();
    first_pass_ = std::exchange(upstream_, reopen());
    passes_.store(2, std::memory_order_relaxed);
    open_stream();
    ZipMemberChoice again{member_};
    for (std::uint64_t i = 0;; ++i) {
        int status = ARCHIVE_OK;
        const auto path = next_member(archive_.get(), status);
        if (!path && status != ARCHIVE_EOF) fail("cannot read zip archive");
        rethrow_upstream_error();
        const auto match = path ? again.offer(*path) : ZipMemberChoice::Match::none;
        // A file replaced between the two reads makes the run start over (SourceChanged), rather
        // than take a member the first read did not choose.
        if (!path || (i < index && match != ZipMemberChoice::Match::none) || (i == index && *path != *chosen))
            throw SourceChanged(archive_name(), "the zip archive changed between its two reads",
                                SourcePosition::at_byte(archive_offset()));
        if (i == index) break;
    }
    member_ = *chosen;
}

void ZipMemberSource::find_exact_member(const std::string& path)
{
    for (;;) {
        int status = ARCHIVE_OK;
        const auto next = next_member(archive_.get(), status);
        if (!next) {
            if (status != ARCHIVE_EOF) fail("cannot read zip archive");
            rethrow_upstream_error();
            // The directory listed it, the members themselves do not: a damaged archive.
            throw Error(archive_name(), "corrupt zip archive: member '" + path + "' is in its central directory, not among its members");
        }
        if (*next == path) return;
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
        self.archive_bytes_read_.fetch_add(n, std::memory_order_relaxed);
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
