#pragma once
// What every libcurl transfer of sluice shares: the handle's owner, the safe defaults (http and
// https only, TLS verified, redirects never downgraded, stall and connect timeouts) and one way
// of saying why a transfer failed, with credentials redacted.

#include "core/error.hpp"
#include "fetch/fetch_options.hpp"

#include <curl/curl.h>

#include <memory>
#include <string>

namespace sluice {

struct CurlEasyDeleter {
    void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

// A new easy handle for `url` with sluice's defaults set; `error_buffer` (CURL_ERROR_SIZE bytes)
// must outlive the handle. `name` (the redacted URL) names the source in errors.
CurlEasy new_download(const std::string& url, const FetchOptions& options, const std::string& name,
                      char* error_buffer);

// Sets an option, or throws naming the source.
template <typename T>
void set_curl_option(CURL* easy, CURLoption option, T value, const std::string& name)
{
    if (curl_easy_setopt(easy, option, value) != CURLE_OK)
        throw Error(name, "libcurl rejected an option (" + std::to_string(option) + ")");
}

// "HTTP status 404", or libcurl's reason with any URL in it redacted.
std::string transfer_failure(CURL* easy, CURLcode result, const char* error_buffer);

} // namespace sluice
