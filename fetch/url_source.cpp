#include "fetch/url_source.hpp"

#include "core/error.hpp"
#include "core/redact.hpp"

#include <algorithm>
#include <cstring>

namespace sluice {

UrlSource::UrlSource(const std::string& url, const FetchOptions& options) : name_(redact_url(url))
{
    multi_.reset(curl_multi_init());
    easy_ = new_download(url, options, name_, error_buffer_);
    if (!multi_) throw Error(name_, "cannot create a libcurl handle");

    CURL* easy = easy_.get();
    set_curl_option(easy, CURLOPT_BUFFERSIZE, 256L * 1024L, name_);
    set_curl_option(easy, CURLOPT_WRITEFUNCTION, static_cast<curl_write_callback>(&UrlSource::on_data), name_);
    set_curl_option(easy, CURLOPT_WRITEDATA, static_cast<void*>(this), name_);

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
    const auto detail = transfer_failure(easy_.get(), result, error_buffer_);
    throw Error(name_, "download failed: " + detail, SourcePosition::at_byte(received));
}

} // namespace sluice
