#include "fetch/source_version.hpp"

#include "core/redact.hpp"
#include "fetch/curl_download.hpp"
#include "fetch/source_opener.hpp"

#include <fmt/format.h>

#include <sys/stat.h>

#include <cerrno>
#include <ctime>

namespace sluice {

namespace {

std::string http_date(std::time_t when)
{
    std::tm utc{};
    gmtime_r(&when, &utc);
    char text[64];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    return text;
}

SourceVersion file_version(const std::string& path)
{
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        SourceVersion unknown;
        if (errno == ENOENT) unknown.missing = "no such file";
        return unknown;
    }
    SourceVersion version;
    version.size = static_cast<std::uint64_t>(info.st_size);
    version.last_modified = http_date(info.st_mtim.tv_sec);
    // Like a web server's ETag for a static file; the inode tells a replaced file from one
    // that kept its size and (second-resolution) mtime.
    version.etag = fmt::format("\"{:x}-{:x}-{:x}-{:x}\"", info.st_ino, info.st_mtim.tv_sec, info.st_mtim.tv_nsec,
                               info.st_size);
    return version;
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*)
{
    return size * count;
}

SourceVersion web_version(const std::string& url, const FetchOptions& options)
{
    try {
        const auto name = redact_url(url);
        char error_buffer[CURL_ERROR_SIZE] = {};
        auto easy = new_download(url, options, name, error_buffer);
        set_curl_option(easy.get(), CURLOPT_NOBODY, 1L, name);
        set_curl_option(easy.get(), CURLOPT_WRITEFUNCTION, static_cast<curl_write_callback>(&discard), name);
        const auto headers = request_headers(options, name);
        set_curl_option(easy.get(), CURLOPT_HTTPHEADER, headers.get(), name);
        if (const auto result = curl_easy_perform(easy.get()); result != CURLE_OK) {
            SourceVersion unknown;
            long status = 0;
            curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &status);
            if (result == CURLE_HTTP_RETURNED_ERROR && (status == 404 || status == 410))
                unknown.missing = "HTTP status " + std::to_string(status);
            return unknown;
        }
        SourceVersion version;
        version.etag = response_header(easy.get(), "ETag");
        version.last_modified = response_header(easy.get(), "Last-Modified");
        curl_off_t length = -1;
        if (curl_easy_getinfo(easy.get(), CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK && length >= 0)
            version.size = static_cast<std::uint64_t>(length);
        return version;
    } catch (const std::exception&) {
        return {};
    }
}

} // namespace

bool SourceVersion::same_as(const SourceVersion& other) const
{
    if (!known() || !other.known() || size != other.size) return false;
    if (!etag.empty() || !other.etag.empty()) return etag == other.etag;
    return last_modified == other.last_modified;
}

SourceVersion probe_version(const std::string& location, const FetchOptions& options)
{
    const auto scheme_end = location.find("://");
    if (scheme_end == std::string::npos) return file_version(location);
    if (location.compare(0, scheme_end, "file") == 0 || location.compare(0, scheme_end, "FILE") == 0)
        return file_version(file_url_path(location));
    return web_version(location, options);
}

} // namespace sluice
