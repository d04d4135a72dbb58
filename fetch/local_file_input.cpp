#include "fetch/local_file_input.hpp"

#include "core/error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sluice {

LocalFileInput::LocalFileInput(std::string path) : path_(std::move(path)), piece_(kPieceBytes)
{
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw Error(path_, std::string{"cannot open: "} + std::strerror(errno));
    struct stat info {};
    if (::fstat(fd_, &info) != 0) {
        const int error = errno;
        ::close(fd_);
        throw Error(path_, std::string{"cannot read its size: "} + std::strerror(error));
    }
    size_ = static_cast<std::uint64_t>(info.st_size);
}

LocalFileInput::~LocalFileInput() { ::close(fd_); }

std::span<const char> LocalFileInput::read_at(std::uint64_t offset)
{
    if (offset >= size_) return {};
    for (;;) {
        const auto n = ::pread(fd_, piece_.data(), piece_.size(), static_cast<off_t>(offset));
        if (n >= 0) {
            fetched_ += static_cast<std::uint64_t>(n);
            return std::span<const char>{piece_}.first(static_cast<std::size_t>(n));
        }
        if (errno != EINTR)
            throw Error(path_, std::string{"read failed: "} + std::strerror(errno), SourcePosition::at_byte(offset));
    }
}

} // namespace sluice
