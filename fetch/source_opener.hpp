#pragma once
// Turns what the user named (a path or an http/https/file URL) into a stream of decoded bytes:
// the container format is sniffed from the first bytes, not guessed from the name, because
// download URLs often have no telling extension.

#include "core/byte_source.hpp"
#include "fetch/url_source.hpp"

#include <string>

namespace sluice {

enum class Container { plain, gzip, zip };

struct OpenOptions {
    FetchOptions fetch;
    std::string zip_member;  // the member to read when the source is a zip archive
};

struct OpenedSource {
    ByteSourcePtr stream;         // the decoded bytes
    const ByteSource* raw = nullptr;  // the download or file inside `stream`: bytes fetched
    Container container = Container::plain;
};

// Throws UsageError unless `location` is a path or an http, https or file:///path URL.
void check_location(const std::string& location);

// The local path a file:// URL names, percent-decoded.
std::string file_url_path(const std::string& location);

// A path, or a URL with scheme http, https or file. Throws UsageError for other schemes.
ByteSourcePtr open_raw(const std::string& location, const FetchOptions& options);

// open_raw, then gunzip or pick the zip member as the first bytes say.
OpenedSource open_decoded(const std::string& location, const OpenOptions& options);

const char* to_string(Container container);

} // namespace sluice
