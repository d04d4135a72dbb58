#pragma once
// One file out of a tar or 7z archive, read by libarchive. Two ways in:
//  - a tar is streamed front to back from a ByteSource (plain, or already decoded from gzip,
//    bzip2, xz or zstd), never seeking: the members before the wanted one are skipped over;
//  - a 7z is read from a RandomAccessInput: its header (the list of members, and where each
//    one's data lies) is at the end of the file, so libarchive must seek there first. A local
//    file seeks for free; over http that takes a server answering Range requests.
// The member is the one ZipMemberChoice picks among the archive's regular files (folders, links
// and devices are not members to read): the exact path, else the one file named so in a folder,
// else, when no member is named, the archive's only file.

#include "core/byte_source.hpp"
#include "fetch/random_access_input.hpp"

#include <archive.h>

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace sluice {

class ArchiveMemberSource final : public ByteSource {
public:
    // Opens the archive again from its start (already decoded), for a choice that needs the
    // members after the chosen one: "x.csv" named, and "data/x.csv" came before anything exact.
    using Reopen = std::function<ByteSourcePtr()>;

    // A tar, streamed. With no member named, the first file is read and the archive's next file
    // header checked after its end: a second file is an error naming both, raised at the end of
    // the first (so a one-file tar.gz is read once). With a member named after a folder's file,
    // the rest is looked through and the archive read again up to it with `reopen` (without
    // `reopen` that is an error saying to name it by its path).
    ArchiveMemberSource(ByteSourcePtr upstream, std::string member, Reopen reopen = {});
    // A 7z, seeking.
    ArchiveMemberSource(RandomAccessInputPtr input, std::string member);
    ~ArchiveMemberSource() override = default;
    ArchiveMemberSource(const ArchiveMemberSource&) = delete;
    ArchiveMemberSource& operator=(const ArchiveMemberSource&) = delete;

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return name_; }  // "archive.tar.gz:path/of/member.csv"
    std::uint64_t position() const override { return position_; }

    const std::string& member() const { return member_; }  // the path chosen
    // Bytes of the archive read so far (streamed: from upstream, over both passes; seeking: from
    // the input). Safe to call from any thread.
    std::uint64_t archive_bytes_read() const { return archive_bytes_read_.load(std::memory_order_relaxed); }
    int passes() const { return passes_.load(std::memory_order_relaxed); }

private:
    struct ArchiveDeleter {
        void operator()(archive* handle) const noexcept { archive_read_free(handle); }
    };

    static la_ssize_t on_read(archive*, void* self, const void** buffer);
    static la_int64_t on_seek(archive*, void* self, la_int64_t offset, int whence);
    static la_int64_t on_skip(archive*, void* self, la_int64_t request);
    void open_archive();
    // The next regular file's path, or nullopt at the end of the archive.
    std::optional<std::string> next_file();
    void find_member(Reopen& reopen);
    void check_no_second_file();
    [[noreturn]] void fail(const std::string& what);
    void rethrow_upstream_error();
    const std::string& archive_name() const { return upstream_ ? upstream_->name() : input_->name(); }
    std::uint64_t archive_offset() const { return upstream_ ? upstream_->position() : offset_; }
    const char* kind() const { return upstream_ ? "tar" : "7z"; }

    ByteSourcePtr upstream_;      // streamed (tar), or
    RandomAccessInputPtr input_;  // seeking (7z)
    std::uint64_t offset_ = 0;    // where libarchive reads next in input_
    std::string member_;
    bool any_file_ = false;       // no member named: the archive's one file
    std::string name_;
    std::unique_ptr<archive, ArchiveDeleter> archive_;
    std::vector<char> buffer_;
    std::exception_ptr upstream_error_;  // exceptions must not cross libarchive's C frames
    bool ended_ = false;
    std::uint64_t position_ = 0;
    ByteSourcePtr first_pass_;  // kept when read again: a progress meter may still hold it
    std::atomic<std::uint64_t> archive_bytes_read_{0};
    std::atomic<int> passes_{1};
};

} // namespace sluice
