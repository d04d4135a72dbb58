#pragma once
// One member of a zip archive, streamed: libarchive reads the archive front to back through a
// callback over the upstream source, skipping the members before the wanted one.

#include "core/byte_source.hpp"

#include <archive.h>

#include <vector>

namespace sluice {

class ZipMemberSource final : public ByteSource {
public:
    // `member` matches an entry's full path or its last path component.
    ZipMemberSource(ByteSourcePtr upstream, std::string member);
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
    [[noreturn]] void fail(const std::string& what);
    void rethrow_upstream_error();

    ByteSourcePtr upstream_;
    std::string member_;
    std::string name_;  // "archive.zip:member.csv"
    std::unique_ptr<archive, ArchiveDeleter> archive_;
    std::vector<char> input_;
    std::exception_ptr upstream_error_;  // exceptions must not cross libarchive's C frames
    bool ended_ = false;
    std::uint64_t position_ = 0;
};

} // namespace sluice
