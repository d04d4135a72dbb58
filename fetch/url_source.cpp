#include "fetch/url_source.hpp"

#include "core/error.hpp"
#include "core/redact.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <strings.h>

namespace sluice {

namespace {

void global_init_once()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
    });
}

template <typename T>
void set(CURL* easy, CURLoption option, T value, const std::string& name)
{
    if (curl_easy_setopt(easy, option, value) != CURLE_OK)
        throw Error(name, "libcurl rejected an option (" + std::to_string(option) + ")");
}

} // namespace

UrlSource::UrlSource(const std::string& url, const FetchOptions& options) : name_(redact_url(url))
{
    global_init_once();
    multi_.reset(curl_multi_init());
    easy_.reset(curl_easy_init());
    if (!multi_ || !easy_) throw Error(name_, "cannot create a libcurl handle");

    CURL* easy = easy_.get();
    set(easy, CURLOPT_URL, url.c_str(), name_);
    set(easy, CURLOPT_ERRORBUFFER, error_buffer_, name_);
    // Only the web: local files are read by FileSource, and a redirect may not hop to file://.
    set(easy, CURLOPT_PROTOCOLS_STR, "http,https", name_);
    // An https source may only be redirected to https: no silent downgrade to plain http.
    const bool secure = url.size() >= 8 && strncasecmp(url.c_str(), "https://", 8) == 0;
    set(easy, CURLOPT_REDIR_PROTOCOLS_STR, secure ? "https" : "http,https", name_);
    set(easy, CURLOPT_FOLLOWLOCATION, 1L, name_);
    set(easy, CURLOPT_MAXREDIRS, 10L, name_);
    set(easy, CURLOPT_SSL_VERIFYPEER, 1L, name_);
    set(easy, CURLOPT_SSL_VERIFYHOST, 2L, name_);
    if (!options.ca_file.empty()) set(easy, CURLOPT_CAINFO, options.ca_file.c_str(), name_);
    set(easy, CURLOPT_FAILONERROR, 1L, name_);
    set(easy, CURLOPT_NOSIGNAL, 1L, name_);
    set(easy, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_seconds, name_);
    set(easy, CURLOPT_LOW_SPEED_LIMIT, 1L, name_);
    set(easy, CURLOPT_LOW_SPEED_TIME, options.stall_timeout_seconds, name_);
    set(easy, CURLOPT_USERAGENT, "sluice/" SLUICE_VERSION, name_);
    set(easy, CURLOPT_BUFFERSIZE, 256L * 1024L, name_);
    set(easy, CURLOPT_WRITEFUNCTION, &UrlSource::on_data, name_);
    set(easy, CURLOPT_WRITEDATA, this, name_);

    if (curl_multi_add_handle(multi_.get(), easy) != CURLM_OK) throw Error(name_, "cannot start the transfer");
    attachment_.multi = multi_.get();
    attachment_.easy = easy;
}

std::size_t UrlSource::on_data(char* data, std::size_t size, std::size_t count, void* self_ptr)
{
    auto& self = *static_cast<UrlSource*>(self_ptr);
    const std::size_t total = size * count;
    // The caller's span is full: libcurl keeps this chunk and hands it over again after
    // curl_easy_pause(CONT), so at most one chunk is ever held beyond the caller's buffer.
    if (self.delivered_ == self.target_.size() && total > 0) {
        self.paused_ = true;
        return CURL_WRITEFUNC_PAUSE;
    }
    const std::size_t direct = std::min(total, self.target_.size() - self.delivered_);
    std::memcpy(self.target_.data() + self.delivered_, data, direct);
    self.delivered_ += direct;
    self.overflow_.insert(self.overflow_.end(), data + direct, data + total);
    return total;
}

std::size_t UrlSource::read(std::span<char> out)
{
    if (overflow_begin_ < overflow_.size()) {
        const auto n = std::min(out.size(), overflow_.size() - overflow_begin_);
        std::memcpy(out.data(), overflow_.data() + overflow_begin_, n);
        overflow_begin_ += n;
        if (overflow_begin_ == overflow_.size()) {
            overflow_.clear();
            overflow_begin_ = 0;
        }
        position_ += n;
        return n;
    }
    if (done_) return 0;

    target_ = out;
    delivered_ = 0;
    if (paused_) {
        paused_ = false;
        // Resuming delivers the held chunk through on_data right away.
        if (const auto code = curl_easy_pause(easy_.get(), CURLPAUSE_CONT); code != CURLE_OK)
            throw Error(name_, std::string{"transfer failed: "} + curl_easy_strerror(code),
                        SourcePosition::at_byte(position_));
    }
    drive();
    target_ = {};
    position_ += delivered_;
    return delivered_;
}

void UrlSource::drive()
{
    while (delivered_ == 0 && !done_) {
        int running = 0;
        if (const auto code = curl_multi_perform(multi_.get(), &running); code != CURLM_OK)
            throw Error(name_, std::string{"transfer failed: "} + curl_multi_strerror(code),
                        SourcePosition::at_byte(position_));
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi_.get(), &queued)) {
            if (message->msg == CURLMSG_DONE) finish(message->data.result);
        }
        if (delivered_ > 0 || done_) break;
        if (running == 0) throw Error(name_, "download failed: the transfer stopped without a result",
                                      SourcePosition::at_byte(position_));
        if (const auto code = curl_multi_poll(multi_.get(), nullptr, 0, 1000, nullptr); code != CURLM_OK)
            throw Error(name_, std::string{"transfer failed: "} + curl_multi_strerror(code),
                        SourcePosition::at_byte(position_));
    }
}

void UrlSource::finish(CURLcode result)
{
    if (result == CURLE_OK) {
        done_ = true;
        return;
    }
    const auto received = position_ + delivered_ + (overflow_.size() - overflow_begin_);
    std::string detail;
    if (result == CURLE_HTTP_RETURNED_ERROR) {
        long status = 0;
        curl_easy_getinfo(easy_.get(), CURLINFO_RESPONSE_CODE, &status);
        detail = "HTTP status " + std::to_string(status);
    } else {
        detail = error_buffer_[0] != '\0' ? std::string{error_buffer_} : curl_easy_strerror(result);
        detail = redact_url(detail);
    }
    throw Error(name_, "download failed: " + detail, SourcePosition::at_byte(received));
}

} // namespace sluice
