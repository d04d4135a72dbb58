#pragma once
// An http or https URL downloaded with libcurl and read as a pull stream.
//
// libcurl pushes bytes into a write callback; sluice pulls. The multi interface bridges the two on
// the caller's thread: read() drives the transfer until the callback has delivered something, so
// no thread, no unbounded buffer and no file on disk sit in between. When the caller's span is
// full the transfer is paused, so the only buffer is the part of one callback (at most
// CURLOPT_BUFFERSIZE bytes) that did not fit.

#include "core/byte_source.hpp"
#include "fetch/curl_download.hpp"
#include "fetch/fetch_options.hpp"

#include <curl/curl.h>

#include <string>
#include <vector>

namespace sluice {

class UrlSource final : public ByteSource {
public:
    UrlSource(const std::string& url, const FetchOptions& options = {});
    ~UrlSource() override = default;
    UrlSource(const UrlSource&) = delete;
    UrlSource& operator=(const UrlSource&) = delete;

    std::size_t read(std::span<char> out) override;
    const std::string& name() const override { return name_; }
    std::uint64_t position() const override { return position_; }

private:
    struct MultiDeleter {
        void operator()(CURLM* multi) const noexcept { curl_multi_cleanup(multi); }
    };
    // Removes the easy handle from the multi handle before either is freed.
    struct Attachment {
        CURLM* multi = nullptr;
        CURL* easy = nullptr;
        Attachment() = default;
        Attachment(const Attachment&) = delete;
        Attachment& operator=(const Attachment&) = delete;
        ~Attachment()
        {
            if (multi && easy) curl_multi_remove_handle(multi, easy);
        }
    };

    static std::size_t on_data(char* data, std::size_t size, std::size_t count, void* self);
    void drive();           // runs the transfer until data arrives or it ends
    void finish(CURLcode);  // turns the transfer's result into an exception, or marks the end

    std::string name_;
    std::unique_ptr<CURLM, MultiDeleter> multi_;
    CurlEasy easy_;
    Attachment attachment_;
    char error_buffer_[CURL_ERROR_SIZE] = {};

    std::span<char> target_;           // the caller's span during read()
    std::size_t delivered_ = 0;        // bytes copied into target_
    std::vector<char> overflow_;       // callback bytes that did not fit target_
    std::size_t overflow_begin_ = 0;
    bool paused_ = false;              // on_data refused a chunk; libcurl holds it
    bool done_ = false;
    std::uint64_t position_ = 0;
};

} // namespace sluice
