#pragma once
// A local file read with plain read(2): the path needs no URL machinery and no copy through curl.

#include "core/byte_source.hpp"

#include <atomic>
#include <optional>

namespace sluice {

class FileSource final : public ByteSource {
public:
    explicit FileSource(std::string path);
    ~FileSource() override;
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return path_; }
    // Atomic: the progress meter reads it while another thread reads the file.
    std::uint64_t position() const override { return position_.load(std::memory_order_relaxed); }

    // The file's size when it is a regular file (a pipe or a device has none).
    std::optional<std::uint64_t> size() const { return size_; }

private:
    std::string path_;
    int fd_ = -1;
    std::atomic<std::uint64_t> position_{0};
    std::optional<std::uint64_t> size_;
};

} // namespace sluice
