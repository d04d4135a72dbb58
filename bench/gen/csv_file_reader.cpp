#include "bench/gen/csv_file_reader.hpp"

#include "bench/gen/errors.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

namespace sluice_gen {

CsvFileReader::CsvFileReader(const std::string& path) : path_(path)
{
    file_.reset(std::fopen(path.c_str(), "rb"));
    if (!file_) fail(path + ": cannot open: " + std::strerror(errno));
    buf_.resize(1 << 16);
}

bool CsvFileReader::next(std::vector<std::string>& fields)
{
    fields.clear();
    int c = get();
    if (c == EOF) return false;
    std::string field;
    bool quoted = false;
    for (;; c = get()) {
        if (quoted) {
            if (c == EOF) fail(path_ + ": end of file inside a quoted field");
            if (c == '"') {
                int d = peek();
                if (d == '"') {
                    get();
                    field += '"';
                } else {
                    quoted = false;
                }
            } else {
                field += static_cast<char>(c);
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.push_back(std::move(field));
            field.clear();
        } else if (c == '\n' || c == EOF) {
            if (!field.empty() && field.back() == '\r') field.pop_back();
            fields.push_back(std::move(field));
            return true;
        } else {
            field += static_cast<char>(c);
        }
    }
}

bool CsvFileReader::refill()
{
    len_ = std::fread(buf_.data(), 1, buf_.size(), file_.get());
    pos_ = 0;
    if (len_ == 0 && std::ferror(file_.get())) fail(path_ + ": read failed");
    return len_ != 0;
}

} // namespace sluice_gen
