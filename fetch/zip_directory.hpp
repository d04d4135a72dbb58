#pragma once
// A zip archive's table of contents, read from the central directory at its end (PKWARE's
// APPNOTE.TXT 4.3.12-4.3.16, zip64 included): every member's path, sizes and compression method,
// without reading any member's data. From a web server that answers Range requests this costs the
// archive's last few KiB, not the archive.
//
// libarchive lists members too, but it gives no entry's compressed size (its maintainer says so
// in libarchive issue #1003), and its streaming reader knows a member's size only after the data
// when the writer put the sizes in a data descriptor.

#include "fetch/random_access_input.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace sluice {

struct ZipEntry {
    std::string path;                   // as stored: folders joined with '/'
    std::uint64_t size = 0;             // inflated
    std::uint64_t compressed_size = 0;
    std::uint16_t method = 0;           // 0 stored, 8 deflated, ...

    bool is_directory() const { return !path.empty() && path.back() == '/'; }
};

// Calls `each` for every entry in directory order and returns how many there were: the caller
// keeps what it needs, so a directory of a million entries is not held in memory. Throws
// sluice::Error when the input is not a zip archive or its directory is cut short or corrupt.
std::uint64_t read_zip_directory(RandomAccessInput& input, const std::function<void(const ZipEntry&)>& each);

// The same for a local file.
std::uint64_t read_zip_directory(const std::string& path, const std::function<void(const ZipEntry&)>& each);

// "stored", "deflated", "bzip2"...; "method N" for the others.
std::string zip_method_name(std::uint16_t method);

} // namespace sluice
