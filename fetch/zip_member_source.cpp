#include "fetch/zip_member_source.hpp"

#include "core/error.hpp"

#include <utility>
#include <archive_entry.h>

namespace sluice {

namespace {

bool names_member(std::string_view path, std::string_view member)
{
    if (path == member) return true;
    const auto slash = path.rfind('/');
    return slash != std::string_view::npos && path.substr(slash + 1) == member;
}

} // namespace

ZipMemberSource::ZipMemberSource(ByteSourcePtr upstream, std::string member)
    : upstream_(std::move(upstream)),
      member_(std::move(member)),
      name_(upstream_->name() + ":" + member_),
      archive_(archive_read_new()),
      input_(256 * 1024)
{
    if (!archive_) throw Error(upstream_->name(), "cannot create a libarchive reader");
    archive_read_support_format_zip(archive_.get());
    if (archive_read_open(archive_.get(), this, nullptr, &ZipMemberSource::on_read, nullptr) != ARCHIVE_OK)
        fail("cannot read zip archive");

    std::string seen;
    int seen_count = 0;
    for (;;) {
        archive_entry* entry = nullptr;
        const int status = archive_read_next_header(archive_.get(), &entry);
        if (status == ARCHIVE_EOF) {
            throw Error(upstream_->name(), "no member '" + member_ + "' in the zip archive (members: " +
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
        const auto n = self.upstream_->read(self.input_);
        *buffer = self.input_.data();
        return static_cast<la_ssize_t>(n);
    } catch (...) {
        self.upstream_error_ = std::current_exception();
        archive_set_error(handle, EIO, "upstream read failed");
        return -1;
    }
}

void ZipMemberSource::rethrow_upstream_error()
{
    if (upstream_error_) std::rethrow_exception(std::exchange(upstream_error_, nullptr));
}

void ZipMemberSource::fail(const std::string& what)
{
    rethrow_upstream_error();
    const char* reason = archive_error_string(archive_.get());
    throw Error(upstream_->name(), what + ": " + (reason ? reason : "unknown error"),
                SourcePosition::at_byte(upstream_->position()));
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
