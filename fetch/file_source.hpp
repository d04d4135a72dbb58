#pragma once
// A local file read with plain read(2): the path needs no URL machinery and no copy through curl.

#include "core/byte_source.hpp"

namespace sluice {

class FileSource final : public ByteSource {
public:
    explicit FileSource(std::string path);
    ~FileSource() override;
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return path_; }
    std::uint64_t position() const override { return position_; }

private:
    std::string path_;
    int fd_ = -1;
    std::uint64_t position_ = 0;
};

} // namespace sluice
