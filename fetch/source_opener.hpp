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

enum class Container { plain, gzip, zip };

struct OpenOptions {
    FetchOptions fetch;
    std::string zip_member;  // the member to read when the source is a zip archive
};

struct OpenedSource {
    ByteSourcePtr stream;  // the decoded bytes
    // Both safe to call from any thread while `stream` lives (a progress meter reads them).
    std::function<std::uint64_t()> bytes_fetched;  // downloaded or read from disk so far
    // What bytes_fetched will come to: the file's size or the server's Content-Length; nullopt
    // while unknown, and for a zip member taken by range (the archive's size is not what is fetched).
    std::function<std::optional<std::uint64_t>()> total_bytes;
    Container container = Container::plain;
    bool by_range = false;  // a zip member taken by Range requests, not the whole archive streamed
};

// Throws UsageError unless `location` is a path or an http, https or file:///path URL.
void check_location(const std::string& location);

// An http:// or https:// URL (any case).
bool is_web(const std::string& location);

// The local path a file:// URL names, percent-decoded.
std::string file_url_path(const std::string& location);

// A path, or a URL with scheme http, https or file. Throws UsageError for other schemes.
ByteSourcePtr open_raw(const std::string& location, const FetchOptions& options);

// open_raw, then gunzip or pick the zip member as the first bytes say. When a zip member is
// asked for from an http(s) server that answers Range requests, only the archive's directory
// and that member are downloaded.
OpenedSource open_decoded(const std::string& location, const OpenOptions& options);

const char* to_string(Container container);

} // namespace sluice
