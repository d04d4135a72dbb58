#include "fetch/file_source.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sluice {

FileSource::FileSource(std::string path) : path_(std::move(path))
{
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw Error(path_, std::string{"cannot open: "} + std::strerror(errno));
    struct stat info {};
    if (::fstat(fd_, &info) == 0 && S_ISDIR(info.st_mode)) {
        ::close(fd_);
        throw Error(path_, "is a directory");
    }
    if (S_ISREG(info.st_mode)) size_ = static_cast<std::uint64_t>(info.st_size);
    // The whole file is read once, front to back.
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
}

FileSource::~FileSource()
{
    if (fd_ >= 0) ::close(fd_);
}

std::size_t FileSource::read(std::span<char> out)
{
    // Downloads check for a signal while they wait; a local file is the other way bytes come in.
    throw_if_interrupted();
    for (;;) {
        const auto n = ::read(fd_, out.data(), out.size());
        if (n >= 0) {
            position_.fetch_add(static_cast<std::uint64_t>(n), std::memory_order_relaxed);
            return static_cast<std::size_t>(n);
        }
        if (errno != EINTR)
            throw Error(path_, std::string{"read failed: "} + std::strerror(errno),
                        SourcePosition::at_byte(position()));
    }
}

} // namespace sluice
