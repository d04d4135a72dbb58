#pragma once
// Small, deterministic compressed inputs made in the test itself: gzip members with zlib; zip,
// tar and 7z archives and bzip2, xz and zstd streams with libarchive's writer (members in the
// order given, fixed timestamps).

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

namespace detail {

inline la_ssize_t append_to_string(archive*, void* target, const void* buffer, size_t length)
{
    static_cast<std::string*>(target)->append(static_cast<const char*>(buffer), length);
    return static_cast<la_ssize_t>(length);
}

inline void add_filter(archive* writer, const std::string& filter)
{
    int status = ARCHIVE_OK;
    if (filter == "gzip") status = archive_write_add_filter_gzip(writer);
    else if (filter == "bzip2") status = archive_write_add_filter_bzip2(writer);
    else if (filter == "xz") status = archive_write_add_filter_xz(writer);
    else if (filter == "zstd") status = archive_write_add_filter_zstd(writer);
    else if (filter != "none") throw std::runtime_error("unknown filter " + filter);
    if (status != ARCHIVE_OK) throw std::runtime_error("cannot add filter " + filter);
}

inline void write_member(archive* writer, const std::string& path, const std::string& data, int type = AE_IFREG)
{
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, path.c_str());
    archive_entry_set_filetype(entry, static_cast<unsigned>(type));
    archive_entry_set_perm(entry, type == AE_IFDIR ? 0755 : 0644);
    archive_entry_set_size(entry, type == AE_IFREG ? static_cast<la_int64_t>(data.size()) : 0);
    if (type == AE_IFLNK) archive_entry_set_symlink(entry, data.c_str());
    archive_entry_set_mtime(entry, 1'600'000'000, 0);
    if (archive_write_header(writer, entry) != ARCHIVE_OK)
        throw std::runtime_error(std::string{"archive_write_header: "} + archive_error_string(writer));
    if (type == AE_IFREG && !data.empty() &&
        archive_write_data(writer, data.data(), data.size()) != static_cast<la_ssize_t>(data.size()))
        throw std::runtime_error("archive_write_data failed");
    archive_entry_free(entry);
}

inline void finish(archive* writer)
{
    if (archive_write_close(writer) != ARCHIVE_OK)
        throw std::runtime_error(std::string{"archive_write_close: "} + archive_error_string(writer));
    archive_write_free(writer);
}

} // namespace detail

// `data` compressed as one bzip2, xz or zstd stream (libarchive's raw format and a filter).
inline std::string compressed_bytes(const std::string& data, const std::string& filter)
{
    std::string out;
    archive* writer = archive_write_new();
    archive_write_set_format_raw(writer);
    detail::add_filter(writer, filter);
    archive_write_set_bytes_in_last_block(writer, 1);
    if (archive_write_open(writer, &out, nullptr, detail::append_to_string, nullptr) != ARCHIVE_OK)
        throw std::runtime_error("archive_write_open failed");
    detail::write_member(writer, "data", data);
    detail::finish(writer);
    return out;
}

struct TarMember {
    std::string path;
    std::string data;           // a symlink's target for AE_IFLNK
    int type = AE_IFREG;        // AE_IFREG, AE_IFDIR, AE_IFLNK
};

// A tar archive (`format`: "pax", "gnutar" or "ustar") compressed with `filter` ("none", "gzip",
// "bzip2", "xz", "zstd"). Padded to whole 10 KiB records as tar writes them.
inline std::string tar_bytes(const std::vector<TarMember>& members, const std::string& filter = "none",
                             const std::string& format = "pax")
{
    std::string out;
    archive* writer = archive_write_new();
    if (format == "gnutar") archive_write_set_format_gnutar(writer);
    else if (format == "ustar") archive_write_set_format_ustar(writer);
    else archive_write_set_format_pax_restricted(writer);
    detail::add_filter(writer, filter);
    // tar pads what it writes to whole records; compressed, the padding is inside the stream (as
    // GNU tar writes it), not zeros after it, which no zstd reader would take.
    if (filter != "none") archive_write_set_bytes_in_last_block(writer, 1);
    if (archive_write_open(writer, &out, nullptr, detail::append_to_string, nullptr) != ARCHIVE_OK)
        throw std::runtime_error("archive_write_open failed");
    for (const auto& member : members) detail::write_member(writer, member.path, member.data, member.type);
    detail::finish(writer);
    return out;
}

// A 7z archive with `compression` ("lzma2", "lzma1", "bzip2", "deflate", "ppmd", "store").
inline std::string sevenzip_bytes(const std::vector<TarMember>& members, const std::string& compression = "lzma2")
{
    std::string out;
    archive* writer = archive_write_new();
    archive_write_set_format_7zip(writer);
    if (archive_write_set_options(writer, ("7zip:compression=" + compression).c_str()) != ARCHIVE_OK)
        throw std::runtime_error("cannot set 7z compression " + compression);
    archive_write_set_bytes_in_last_block(writer, 1);
    if (archive_write_open(writer, &out, nullptr, detail::append_to_string, nullptr) != ARCHIVE_OK)
        throw std::runtime_error("archive_write_open failed");
    for (const auto& member : members) detail::write_member(writer, member.path, member.data, member.type);
    detail::finish(writer);
    return out;
}

} // namespace sluice::test
