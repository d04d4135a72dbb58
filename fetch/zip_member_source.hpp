#pragma once
// One member of a zip archive, decoded by libarchive. Two ways in:
//  - streamed: the archive is read front to back through a ByteSource, skipping the members
//    before the wanted one (what a server without Range support allows);
//  - seeking: the central directory is read from the archive's end and only the wanted member's
//    bytes are fetched (libarchive's seekable zip reader over a RandomAccessInput), so a 10 MB
//    CSV is taken out of a 228 MB archive by downloading about 10 MB.
// Either way the member is the one ZipMemberChoice picks: the exact path, else the one member
// named so in a folder; two such and no exact path is an error.

#include "core/byte_source.hpp"
#include "fetch/random_access_input.hpp"

#include <archive.h>

#include <atomic>
#include <functional>
#include <vector>

namespace sluice {

class ZipMemberChoice;

class ZipMemberSource final : public ByteSource {
public:
    // Opens the archive again from its start, for a stream that must be read twice.
    using Reopen = std::function<ByteSourcePtr()>;

    // Streamed. Members are looked at in order: an exact path is taken at once. A member named
    // so in a folder might be followed by the exact path or by another one, so the rest of the
    // archive is looked through first; when it was the only one, the archive is read again with
    // `reopen` up to it (without `reopen` that is an error that says to name it by its path).
    ZipMemberSource(ByteSourcePtr upstream, std::string member, Reopen reopen = {});
    // Seeking: the member is chosen from the central directory.
    ZipMemberSource(RandomAccessInputPtr input, std::string member);
    ~ZipMemberSource() override = default;
    ZipMemberSource(const ZipMemberSource&) = delete;
    ZipMemberSource& operator=(const ZipMemberSource&) = delete;

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return name_; }  // "archive.zip:path/of/member.csv"
    std::uint64_t position() const override { return position_; }

    const std::string& member() const { return member_; }  // the path chosen

    // Streamed: bytes read from upstream so far, over every pass, and how many passes (1 or 2).
    // Safe to call from any thread (a progress meter reads them).
    std::uint64_t archive_bytes_read() const { return archive_bytes_read_.load(std::memory_order_relaxed); }
    int passes() const { return passes_.load(std::memory_order_relaxed); }

private:
    struct ArchiveDeleter {
        void operator()(archive* handle) const noexcept { archive_read_free(handle); }
    };

    static la_ssize_t on_read(archive*, void* self, const void** buffer);
    static la_int64_t on_seek(archive*, void* self, la_int64_t offset, int whence);
    static la_int64_t on_skip(archive*, void* self, la_int64_t request);
    void open_stream();
    void find_member_streamed(Reopen& reopen);
    void find_exact_member(const std::string& path);
    [[noreturn]] void fail(const std::string& what);
    void rethrow_upstream_error();
    const std::string& archive_name() const { return upstream_ ? upstream_->name() : input_->name(); }
    std::uint64_t archive_offset() const { return upstream_ ? upstream_->position() : offset_; }

    ByteSourcePtr upstream_;       // streamed, or
    RandomAccessInputPtr input_;   // seeking
    std::uint64_t offset_ = 0;     // where libarchive reads next in input_
    std::string member_;
    std::string name_;  // "archive.zip:member.csv"
    std::unique_ptr<archive, ArchiveDeleter> archive_;
    std::vector<char> buffer_;
    std::exception_ptr upstream_error_;  // exceptions must not cross libarchive's C frames
    bool ended_ = false;
    std::uint64_t position_ = 0;
    // The first pass's source, kept when the archive is read again: whoever counts its bytes or
    // asks its size (the progress meter, the run summary) still holds it.
    ByteSourcePtr first_pass_;
    std::atomic<std::uint64_t> archive_bytes_read_{0};
    std::atomic<int> passes_{1};
};

} // namespace sluice
