#pragma once
// What every libcurl transfer of sluice shares: the handle's owner, the safe defaults (http and
// https only, TLS verified, redirects never downgraded, stall and connect timeouts) and one way
// of saying why a transfer failed, with credentials redacted.

#include "core/error.hpp"
#include "fetch/fetch_options.hpp"

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
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

// Whether a failed transfer is worth another try: no connection, a timeout, a dropped transfer,
// or an HTTP status that says "later" (5xx, 408, 429). A 404 or a TLS failure is not.
bool transient_failure(CURL* easy, CURLcode result);

// How long to wait before retry number `attempt` (1, 2, ...): the delay doubles, up to a minute.
std::chrono::milliseconds retry_pause(const FetchOptions& options, int attempt);

// Says on stderr that retry number `attempt` of a transfer that failed at `byte` is coming
// ("<url>: retry 2/5 in 4 s: connection refused"; resuming from that byte, or from the start),
// then waits its pause. Throws Interrupted.
void wait_to_retry(const std::string& name, std::uint64_t byte, const std::string& reason, bool resuming, int attempt,
                   const FetchOptions& options);

// Why a transfer failed, in words for the retry line: "connection refused", "HTTP status 503",
// "connection dropped: transfer closed with 5 bytes remaining to read".
std::string retry_reason(CURL* easy, CURLcode result, const char* error_buffer);

// "download failed: DETAIL", with " (after N retries)" when there were some.
std::string download_failure(const std::string& detail, int retries);

// The request headers a download sends: Authorization when configured, If-Range when
// `if_range` is not empty; nullptr when none.
struct CurlSlistDeleter {
    void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using CurlHeaders = std::unique_ptr<curl_slist, CurlSlistDeleter>;
CurlHeaders request_headers(const FetchOptions& options, const std::string& name, const std::string& if_range = {});

// What an If-Range may name from the last response: its strong ETag, else its Last-Modified
// (RFC 9110 forbids a weak ETag there); "" when it has neither.
std::string range_validator(CURL* easy);

// A response header's value ("" when absent) from the last response of the transfer.
std::string response_header(CURL* easy, const char* header);

// A Content-Range header's first byte and the resource's total size ("bytes 0-65535/228260000");
// nullopt when malformed or when the total is unknown ("/*").
struct ContentRange {
    std::uint64_t first = 0;
    std::uint64_t total = 0;
};
std::optional<ContentRange> parse_content_range(std::string_view value);

// "HTTP status 404", or libcurl's reason with any URL in it redacted.
std::string transfer_failure(CURL* easy, CURLcode result, const char* error_buffer);

} // namespace sluice
