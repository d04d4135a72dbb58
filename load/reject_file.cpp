#include "load/reject_file.hpp"

#include "core/error.hpp"

#include <cerrno>
#include <cstring>

namespace sluice {

RejectFile::RejectFile(std::string path) : path_(std::move(path))
{
    file_.reset(std::fopen(path_.c_str(), "wb"));
    if (!file_) throw Error(path_, std::string{"cannot create reject file: "} + std::strerror(errno));
    line_ = "line,reason,record\n";
    std::fwrite(line_.data(), 1, line_.size(), file_.get());
}

void RejectFile::put(std::string_view field, bool last)
{
    line_ += '"';
    for (const char c : field) {
        if (c == '"') line_ += '"';
        line_ += c;
    }
    line_ += '"';
    line_ += last ? '\n' : ',';
}

void RejectFile::add(std::uint64_t line, std::string_view reason, std::string_view raw)
{
    line_ = std::to_string(line) + ",";
    put(reason, false);
    put(raw, true);
    if (std::fwrite(line_.data(), 1, line_.size(), file_.get()) != line_.size())
        throw Error(path_, std::string{"write failed: "} + std::strerror(errno));
}

void RejectFile::close()
{
    if (file_ && std::fclose(file_.release()) != 0)
        throw Error(path_, std::string{"write failed: "} + std::strerror(errno));
}

} // namespace sluice
