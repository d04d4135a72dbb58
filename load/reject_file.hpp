#pragma once
// Records the input rows sluice refused, as CSV (line, reason, record), so nothing bad is dropped
// silently and a person can fix the source or report it upstream.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace sluice {

class RejectFile {
public:
    explicit RejectFile(std::string path);

    void add(std::uint64_t line, std::string_view reason, std::string_view raw);
    void close();

    const std::string& path() const { return path_; }

private:
    struct FileCloser {
        void operator()(std::FILE* file) const noexcept { std::fclose(file); }
    };
    void put(std::string_view field, bool last);

    std::string path_;
    std::unique_ptr<std::FILE, FileCloser> file_;
    std::string line_;
};

} // namespace sluice
