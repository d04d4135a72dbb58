#pragma once
// Small, deterministic compressed inputs made in the test itself: gzip members with zlib and zip
// archives with libarchive's writer (members in the order given, fixed timestamps).

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sluice::test {

// One gzip member holding `data` (gzip's 10-byte header, deflate data, CRC-32 and size trailer).
inline std::string gzip_bytes(const std::string& data, int level = Z_DEFAULT_COMPRESSION)
{
    z_stream stream{};
    if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())) + 32, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (status != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
    return out;
}

struct ZipMember {
    std::string path;
    std::string data;
};

// A zip archive with `members` in order; `deflate` false stores them uncompressed.
inline std::string zip_bytes(const std::vector<ZipMember>& members, bool deflate = true)
{
    std::string out;
    archive* writer = archive_write_new();
    archive_write_set_format_zip(writer);
    archive_write_set_options(writer, deflate ? "zip:compression=deflate" : "zip:compression=store");
    // Whole blocks are not padded for a zip, but turn padding off explicitly all the same.
    archive_write_set_bytes_in_last_block(writer, 1);
    const auto on_write = [](archive*, void* target, const void* buffer, size_t length) -> la_ssize_t {
        static_cast<std::string*>(target)->append(static_cast<const char*>(buffer), length);
        return static_cast<la_ssize_t>(length);
    };
    if (archive_write_open(writer, &out, nullptr, on_write, nullptr) != ARCHIVE_OK)
        throw std::runtime_error("archive_write_open failed");
    for (const auto& member : members) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, member.path.c_str());
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_entry_set_size(entry, static_cast<la_int64_t>(member.data.size()));
        archive_entry_set_mtime(entry, 1'600'000'000, 0);
        if (archive_write_header(writer, entry) != ARCHIVE_OK)
            throw std::runtime_error(std::string{"archive_write_header: "} + archive_error_string(writer));
        if (!member.data.empty() &&
            archive_write_data(writer, member.data.data(), member.data.size()) !=
                static_cast<la_ssize_t>(member.data.size()))
            throw std::runtime_error("archive_write_data failed");
        archive_entry_free(entry);
    }
    archive_write_close(writer);
    archive_write_free(writer);
    return out;
}

} // namespace sluice::test
