#pragma once
// A local file read at any offset (pread), for formats read from the end first: a zip's central
// directory, a 7z archive's header. Seeking in a file is free, so it costs only what is read.

#include "fetch/random_access_input.hpp"

#include <vector>

namespace sluice {

class LocalFileInput final : public RandomAccessInput {
public:
    static constexpr std::size_t kPieceBytes = 64 * 1024;

    explicit LocalFileInput(std::string path);  // throws sluice::Error when it cannot be opened
    ~LocalFileInput() override;
    LocalFileInput(const LocalFileInput&) = delete;
    LocalFileInput& operator=(const LocalFileInput&) = delete;

    std::uint64_t size() const override { return size_; }
    std::span<const char> read_at(std::uint64_t offset) override;  // at most kPieceBytes
    const std::string& name() const override { return path_; }
    std::uint64_t bytes_fetched() const override { return fetched_; }

private:
    std::string path_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
    std::uint64_t fetched_ = 0;
    std::vector<char> piece_;
};

} // namespace sluice
