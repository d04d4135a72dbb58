#pragma once
// Reads RFC 4180 records (quoted fields may hold commas, doubled quotes and newlines) from a
// file, one record at a time, without loading the file: the films list of
// `abstracts --films-csv`.

#include "bench/gen/output_file.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace sluice_gen {

class CsvFileReader {
public:
    explicit CsvFileReader(const std::string& path);

    // False at end of input. A final line without a newline still counts as a record.
    bool next(std::vector<std::string>& fields);

private:
    int get()
    {
        if (pos_ == len_ && !refill()) return EOF;
        return static_cast<unsigned char>(buf_[pos_++]);
    }
    int peek()
    {
        if (pos_ == len_ && !refill()) return EOF;
        return static_cast<unsigned char>(buf_[pos_]);
    }
    bool refill();

    std::string path_;
    FilePtr file_;
    std::vector<char> buf_;
    std::size_t pos_ = 0;
    std::size_t len_ = 0;
};

} // namespace sluice_gen
