#pragma once
// Turns what the user named (a path or an http/https/file URL) into a stream of decoded bytes:
// the container format is sniffed from the first bytes, not guessed from the name, because
// download URLs often have no telling extension.

#include "core/byte_source.hpp"
#include "fetch/fetch_options.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace sluice {

// What the first bytes say the source is: a file, compressed or not; or an archive (zip, 7z, or
// tar, itself plain or compressed) holding the member to read.
enum class Container { plain, gzip, zip, bzip2, xz, zstd, tar, tar_gzip, tar_bzip2, tar_xz, tar_zstd, sevenzip };

// A zip, tar or 7z archive: a member is read out of it. The others are decoded whole.
bool is_archive(Container container);

struct OpenOptions {
    FetchOptions fetch;
    // The member to read when the source is an archive (zip, tar, 7z): the exact path, else the
    // one file so named in a folder (see ZipMemberChoice); empty: the archive's one file.
    // (Named zip_member since it was only for zips; ignored for a file that is no archive.)
    std::string zip_member;
};

struct OpenedSource {
    ByteSourcePtr stream;  // the decoded bytes
    // Both safe to call from any thread while `stream` lives (a progress meter reads them).
    std::function<std::uint64_t()> bytes_fetched;  // downloaded or read from disk so far
    // What bytes_fetched will come to: the file's size or the server's Content-Length; nullopt
    // while unknown, and for a zip member taken by range (the archive's size is not what is fetched).
    std::function<std::optional<std::uint64_t>()> total_bytes;
    Container container = Container::plain;
    bool by_range = false;  // a zip or 7z member taken by Range requests, not the whole archive streamed
    std::string member;     // the archive member read (the path chosen), empty for a plain or compressed file
};

// Throws UsageError unless `location` is a path or an http, https or file:///path URL.
void check_location(const std::string& location);

// An http:// or https:// URL (any case).
bool is_web(const std::string& location);

// The local path a file:// URL names, percent-decoded.
std::string file_url_path(const std::string& location);

// A path, or a URL with scheme http, https or file. Throws UsageError for other schemes.
ByteSourcePtr open_raw(const std::string& location, const FetchOptions& options);

// open_raw, then decode and pick the archive member as the first bytes say: gzip (ISA-L, or
// zlib), bzip2, xz and zstd are decoded; a zip, a tar (plain or compressed by any of those, told
// by the decoded bytes) or a 7z gives the member chosen. Every decoder and archive is held to
// the bomb caps (FetchOptions::max_inflated_bytes, max_inflate_ratio); corrupt or truncated
// data throws DecodeError with the source and the byte offset.
// When a zip member is asked for from an http(s) server that answers Range requests, only the
// archive's directory and that member are downloaded. A 7z keeps its directory at its end: over
// http it is read by Range requests only, and a server that does not answer them is an Error.
// A tar is streamed front to back, over http too.
OpenedSource open_decoded(const std::string& location, const OpenOptions& options);

// "plain", "gzip", "zip", "bzip2", "xz", "zstd", "tar", "tar.gz", "tar.bz2", "tar.xz", "tar.zst", "7z".
const char* to_string(Container container);

} // namespace sluice
