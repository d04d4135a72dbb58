#pragma once
// One member of a zip archive, decoded by libarchive. Two ways in:
//  - streamed: the archive is read front to back through a ByteSource, skipping the members
//    before the wanted one (what a server without Range support allows);
//  - seeking: the central directory is read from the archive's end and only the wanted member's
//    bytes are fetched (libarchive's seekable zip reader over a RandomAccessInput), so a 10 MB
//    CSV is taken out of a 228 MB archive by downloading about 10 MB.

#include "core/byte_source.hpp"
#include "fetch/random_access_input.hpp"

#include <archive.h>

#include <vector>

namespace sluice {

// A member is named by its path in the archive or by its last path component.
bool names_member(std::string_view path, std::string_view member);

class ZipMemberSource final : public ByteSource {
public:
    // `member` matches an entry's full path or its last path component.
    ZipMemberSource(ByteSourcePtr upstream, std::string member);
    ZipMemberSource(RandomAccessInputPtr input, std::string member);
    ~ZipMemberSource() override = default;
    ZipMemberSource(const ZipMemberSource&) = delete;
    ZipMemberSource& operator=(const ZipMemberSource&) = delete;

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return name_; }
    std::uint64_t position() const override { return position_; }

private:
    struct ArchiveDeleter {
        void operator()(archive* handle) const noexcept { archive_read_free(handle); }
    };

    static la_ssize_t on_read(archive*, void* self, const void** buffer);
    static la_int64_t on_seek(archive*, void* self, la_int64_t offset, int whence);
    static la_int64_t on_skip(archive*, void* self, la_int64_t request);
    void find_member();
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
};

} // namespace sluice
