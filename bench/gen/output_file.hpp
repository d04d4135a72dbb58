#pragma once
// The file a generator writes: to PATH.tmp, renamed to PATH on commit(), so an interrupted run
// never leaves a file that looks complete.

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>

namespace sluice_gen {

struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

class OutputFile {
public:
    explicit OutputFile(std::string path);
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile();

    void write(const void* data, std::size_t size);
    void commit();

private:
    std::string path_;
    std::string tmp_;
    FilePtr file_;
};

} // namespace sluice_gen
