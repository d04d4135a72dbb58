#include "bench/gen/output_file.hpp"

#include "bench/gen/errors.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

namespace sluice_gen {

OutputFile::OutputFile(std::string path) : path_(std::move(path)), tmp_(path_ + ".tmp")
{
    file_.reset(std::fopen(tmp_.c_str(), "wb"));
    if (!file_) fail(tmp_ + ": cannot create: " + std::strerror(errno));
    std::setvbuf(file_.get(), nullptr, _IOFBF, 1 << 20);
}

OutputFile::~OutputFile()
{
    if (file_) {
        file_.reset();
        std::remove(tmp_.c_str());
    }
}

void OutputFile::write(const void* data, std::size_t size)
{
    if (size != 0 && std::fwrite(data, 1, size, file_.get()) != size)
        fail(tmp_ + ": write failed: " + std::strerror(errno));
}

void OutputFile::commit()
{
    std::FILE* f = file_.release();
    if (std::fclose(f) != 0) fail(tmp_ + ": close failed: " + std::strerror(errno));
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0)
        fail(path_ + ": cannot rename from " + tmp_ + ": " + std::strerror(errno));
}

} // namespace sluice_gen
