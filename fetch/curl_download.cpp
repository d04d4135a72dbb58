#include "fetch/curl_download.hpp"

#include "core/redact.hpp"

#include <mutex>
#include <stdexcept>
#include <strings.h>

namespace sluice {

CurlEasy new_download(const std::string& url, const FetchOptions& options, const std::string& name,
                      char* error_buffer)
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
    });
    CurlEasy handle{curl_easy_init()};
    if (!handle) throw Error(name, "cannot create a libcurl handle");

    CURL* easy = handle.get();
    set_curl_option(easy, CURLOPT_URL, url.c_str(), name);
    set_curl_option(easy, CURLOPT_ERRORBUFFER, static_cast<void*>(error_buffer), name);
    // Only the web: local files are read by FileSource, and a redirect may not hop to file://.
    set_curl_option(easy, CURLOPT_PROTOCOLS_STR, "http,https", name);
    // An https source may only be redirected to https: no silent downgrade to plain http.
    const bool secure = url.size() >= 8 && strncasecmp(url.c_str(), "https://", 8) == 0;
    set_curl_option(easy, CURLOPT_REDIR_PROTOCOLS_STR, secure ? "https" : "http,https", name);
    set_curl_option(easy, CURLOPT_FOLLOWLOCATION, 1L, name);
    set_curl_option(easy, CURLOPT_MAXREDIRS, 10L, name);
    set_curl_option(easy, CURLOPT_SSL_VERIFYPEER, 1L, name);
    set_curl_option(easy, CURLOPT_SSL_VERIFYHOST, 2L, name);
    if (!options.ca_file.empty()) set_curl_option(easy, CURLOPT_CAINFO, options.ca_file.c_str(), name);
    set_curl_option(easy, CURLOPT_FAILONERROR, 1L, name);
    set_curl_option(easy, CURLOPT_NOSIGNAL, 1L, name);
    set_curl_option(easy, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_seconds, name);
    set_curl_option(easy, CURLOPT_LOW_SPEED_LIMIT, 1L, name);
    set_curl_option(easy, CURLOPT_LOW_SPEED_TIME, options.stall_timeout_seconds, name);
    set_curl_option(easy, CURLOPT_USERAGENT, "sluice/" SLUICE_VERSION, name);
    return handle;
}

std::string transfer_failure(CURL* easy, CURLcode result, const char* error_buffer)
{
    if (result == CURLE_HTTP_RETURNED_ERROR) {
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        return "HTTP status " + std::to_string(status);
    }
    return redact_url(error_buffer[0] != '\0' ? std::string{error_buffer} : curl_easy_strerror(result));
}

} // namespace sluice
