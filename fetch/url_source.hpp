#pragma once
// An http or https URL downloaded with libcurl and read as a pull stream.
//
// libcurl pushes bytes into a write callback; sluice pulls. The multi interface bridges the two on
// the caller's thread: read() drives the transfer until the callback has delivered something, so
// no thread, no unbounded buffer and no file on disk sit in between. When the caller's span is
// full the transfer is paused, so the only buffer is the part of one callback (at most
// CURLOPT_BUFFERSIZE bytes) that did not fit.
//
// A transient failure is retried with backoff. When it comes after some bytes were received, the
// next request asks for the rest only ("Range: bytes=N-", guarded by If-Range with the first
// answer's ETag or Last-Modified), and the reader downstream never notices. Only a 206 that
// starts exactly at byte N is accepted; anything else means the file changed (SourceChanged).

#include "core/byte_source.hpp"
#include "fetch/curl_download.hpp"
#include "fetch/fetch_options.hpp"

#include <curl/curl.h>

#include <atomic>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace sluice {

class UrlSource final : public ByteSource {
public:
    UrlSource(const std::string& url, const FetchOptions& options = {});
    ~UrlSource() override;
    UrlSource(const UrlSource&) = delete;
    UrlSource& operator=(const UrlSource&) = delete;

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return name_; }
    // Atomic, like total_size(): the progress meter reads them while another thread downloads.
    std::uint64_t position() const override { return position_.load(std::memory_order_relaxed); }

    // The resource's whole size, once a response has said it (Content-Length, or the total of a
    // resumed request's Content-Range); nullopt before the first response or when none said.
    std::optional<std::uint64_t> total_size() const;

private:
    static constexpr std::uint64_t kUnknownSize = std::numeric_limits<std::uint64_t>::max();

    struct MultiDeleter {
        void operator()(CURLM* multi) const noexcept { curl_multi_cleanup(multi); }
    };

    static std::size_t on_data(char* data, std::size_t size, std::size_t count, void* self);
    void start();           // a request for the bytes from received() on
    void detach();          // takes the current request off the multi handle
    void drive();           // runs the transfer until data arrives or it ends
    bool finish(CURLcode);  // marks the end, or starts a retry (true), or throws
    bool accept_response(); // checks a new response's status (and range) before its first byte
    std::uint64_t received() const { return position() + delivered_ + (overflow_.size() - overflow_begin_); }

    std::string url_;
    std::string name_;
    FetchOptions options_;
    std::unique_ptr<CURLM, MultiDeleter> multi_;
    CurlEasy easy_;
    CurlHeaders headers_;
    bool attached_ = false;
    char error_buffer_[CURL_ERROR_SIZE] = {};

    std::span<char> target_;           // the caller's span during read()
    std::size_t delivered_ = 0;        // bytes copied into target_
    std::vector<char> overflow_;       // callback bytes that did not fit target_
    std::size_t overflow_begin_ = 0;
    bool paused_ = false;              // on_data refused a chunk; libcurl holds it
    bool done_ = false;
    std::atomic<std::uint64_t> position_{0};
    std::atomic<std::uint64_t> total_{kUnknownSize};

    int attempt_ = 0;                  // retries so far
    std::uint64_t request_offset_ = 0; // where the current request starts
    bool response_checked_ = false;    // accept_response() ran for the current response
    std::string refused_;              // why on_data refused the response ("" when it did not)
    std::string validator_;            // the first answer's strong ETag or Last-Modified
};

} // namespace sluice
