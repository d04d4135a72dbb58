#include "fetch/curl_download.hpp"

#include "core/interrupt.hpp"
#include "core/log.hpp"
#include "core/redact.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
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
    // Credentials for a host may live in ~/.netrc rather than in the URL, where logs could see them.
    set_curl_option(easy, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_OPTIONAL), name);
    return handle;
}

bool transient_failure(CURL* easy, CURLcode result)
{
    switch (result) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return true;
    case CURLE_HTTP_RETURNED_ERROR: {
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        return status >= 500 || status == 408 || status == 429;
    }
    default:
        return false;
    }
}

std::chrono::milliseconds retry_pause(const FetchOptions& options, int attempt)
{
    constexpr std::chrono::milliseconds kLongest{60'000};
    auto pause = options.retry_delay;
    for (int i = 1; i < attempt && pause < kLongest; ++i) pause *= 2;
    return std::min(pause, kLongest);
}

void wait_to_retry(const std::string& name, std::uint64_t byte, const std::string& reason, bool resuming, int attempt,
                   const FetchOptions& options)
{
    const auto pause = retry_pause(options, attempt);
    const auto seconds = std::chrono::duration<double>(pause).count();
    log_line(fmt::format("{}: retry {}/{} in {:.3g} s{}: {}", name, attempt, options.retries, seconds,
                         resuming ? fmt::format(", resuming at byte {}", byte) : "", reason),
             {{"source", name}, {"retry", static_cast<std::int64_t>(attempt)},
              {"retries", static_cast<std::int64_t>(options.retries)}, {"delay_seconds", seconds}, {"byte", byte},
              {"reason", reason}},
             LogLevel::warning);
    sleep_unless_interrupted(pause);
}

std::string retry_reason(CURL* easy, CURLcode result, const char* error_buffer)
{
    long os_error = 0;
    curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &os_error);
    switch (result) {
    case CURLE_COULDNT_CONNECT:
        if (os_error == ECONNREFUSED) return "connection refused";
        if (os_error == ETIMEDOUT) return "connection timed out";
        if (os_error == EHOSTUNREACH || os_error == ENETUNREACH) return "host unreachable";
        return "cannot connect: " + transfer_failure(easy, result, error_buffer);
    case CURLE_COULDNT_RESOLVE_HOST: return "cannot resolve the host name";
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
        return "connection dropped: " + transfer_failure(easy, result, error_buffer);
    default: return transfer_failure(easy, result, error_buffer);
    }
}

std::string download_failure(const std::string& detail, int retries)
{
    if (retries == 0) return "download failed: " + detail;
    return fmt::format("download failed: {} (after {} {})", detail, retries, retries == 1 ? "retry" : "retries");
}

CurlHeaders request_headers(const FetchOptions& options, const std::string& name, const std::string& if_range)
{
    CurlHeaders headers;
    const auto add = [&](const std::string& header) {
        auto* list = curl_slist_append(headers.get(), header.c_str());
        if (!list) throw Error(name, "cannot build the request headers");
        (void)headers.release();  // curl_slist_append returned the same list, longer
        headers.reset(list);
    };
    if (!options.authorization.empty()) add("Authorization: " + options.authorization);
    if (!if_range.empty()) add("If-Range: " + if_range);
    return headers;
}

std::string range_validator(CURL* easy)
{
    if (auto etag = response_header(easy, "ETag"); !etag.empty() && !etag.starts_with("W/")) return etag;
    return response_header(easy, "Last-Modified");
}

std::string response_header(CURL* easy, const char* header)
{
    curl_header* found = nullptr;
    if (curl_easy_header(easy, header, 0, CURLH_HEADER, -1, &found) != CURLHE_OK || !found) return {};
    return found->value;
}

std::optional<ContentRange> parse_content_range(std::string_view value)
{
    if (!value.starts_with("bytes ")) return std::nullopt;
    value.remove_prefix(6);
    const auto dash = value.find('-');
    const auto slash = value.find('/');
    if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) return std::nullopt;
    ContentRange range;
    const auto total = value.substr(slash + 1);
    if (std::from_chars(value.data(), value.data() + dash, range.first).ec != std::errc{} ||
        std::from_chars(total.data(), total.data() + total.size(), range.total).ec != std::errc{})
        return std::nullopt;
    return range;
}

std::string transfer_failure(CURL* easy, CURLcode result, const char* error_buffer)
{
    if (result == CURLE_HTTP_RETURNED_ERROR) {
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        return "HTTP status " + std::to_string(status);
    }
    return redact_text(error_buffer[0] != '\0' ? std::string{error_buffer} : curl_easy_strerror(result));
}

} // namespace sluice
