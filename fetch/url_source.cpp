#include "fetch/url_source.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/redact.hpp"

#include <algorithm>
#include <cstring>

namespace sluice {

UrlSource::UrlSource(const std::string& url, const FetchOptions& options)
    : url_(url), name_(redact_url(url)), options_(options)
{
    multi_.reset(curl_multi_init());
    if (!multi_) throw Error(name_, "cannot create a libcurl handle");
    start();
}

UrlSource::~UrlSource()
{
    detach();
}

void UrlSource::detach()
{
    if (attached_) curl_multi_remove_handle(multi_.get(), easy_.get());
    attached_ = false;
}

void UrlSource::start()
{
    detach();
    request_offset_ = received();
    response_checked_ = false;
    refused_.clear();
    error_buffer_[0] = '\0';
    easy_ = new_download(url_, options_, name_, error_buffer_);

    CURL* easy = easy_.get();
    set_curl_option(easy, CURLOPT_BUFFERSIZE, 256L * 1024L, name_);
    set_curl_option(easy, CURLOPT_WRITEFUNCTION, static_cast<curl_write_callback>(&UrlSource::on_data), name_);
    set_curl_option(easy, CURLOPT_WRITEDATA, static_cast<void*>(this), name_);
    // A resumed request carries If-Range: without it, a server whose file changed would send the
    // new file's tail.
    const bool resuming = request_offset_ > 0;
    headers_ = request_headers(options_, name_, resuming ? validator_ : std::string{});
    if (resuming) {
        const auto range = std::to_string(request_offset_) + "-";
        set_curl_option(easy, CURLOPT_RANGE, range.c_str(), name_);
    }
    set_curl_option(easy, CURLOPT_HTTPHEADER, headers_.get(), name_);

    if (curl_multi_add_handle(multi_.get(), easy) != CURLM_OK) throw Error(name_, "cannot start the transfer");
    attached_ = true;
}

bool UrlSource::accept_response()
{
    CURL* easy = easy_.get();
    if (request_offset_ == 0) {
        validator_ = range_validator(easy);  // what a resumed request must still match
        curl_off_t length = -1;
        if (curl_easy_getinfo(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK && length >= 0)
            total_.store(static_cast<std::uint64_t>(length), std::memory_order_relaxed);
        return true;
    }
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    if (status != 206) {
        refused_ = "the file changed on the server (it answered the resumed download with status " +
                   std::to_string(status) + ", not 206)";
        return false;
    }
    const auto content_range = response_header(easy, "Content-Range");
    const auto range = parse_content_range(content_range);
    if (!range || range->first != request_offset_) {
        refused_ = "the server resumed the download at the wrong byte (Content-Range: " + content_range + ")";
        return false;
    }
    total_.store(range->total, std::memory_order_relaxed);
    return true;
}

std::optional<std::uint64_t> UrlSource::total_size() const
{
    const auto total = total_.load(std::memory_order_relaxed);
    if (total == kUnknownSize) return std::nullopt;
    return total;
}

std::size_t UrlSource::on_data(char* data, std::size_t size, std::size_t count, void* self_ptr)
{
    auto& self = *static_cast<UrlSource*>(self_ptr);
    const std::size_t total = size * count;
    if (!self.response_checked_) {
        self.response_checked_ = true;
        if (!self.accept_response()) return CURL_WRITEFUNC_ERROR;
    }
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
        position_.fetch_add(n, std::memory_order_relaxed);
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
                        SourcePosition::at_byte(position()));
    }
    drive();
    target_ = {};
    position_.fetch_add(delivered_, std::memory_order_relaxed);
    return delivered_;
}

void UrlSource::drive()
{
    while (delivered_ == 0 && !done_) {
        throw_if_interrupted();
        int running = 0;
        if (const auto code = curl_multi_perform(multi_.get(), &running); code != CURLM_OK)
            throw Error(name_, std::string{"transfer failed: "} + curl_multi_strerror(code),
                        SourcePosition::at_byte(position()));
        int queued = 0;
        bool restarted = false;
        while (CURLMsg* message = curl_multi_info_read(multi_.get(), &queued)) {
            if (message->msg == CURLMSG_DONE) {
                restarted = finish(message->data.result);
                break;  // a retry replaced the handle any other message was about
            }
        }
        if (delivered_ > 0 || done_) break;
        if (restarted) continue;
        if (running == 0) throw Error(name_, "download failed: the transfer stopped without a result",
                                      SourcePosition::at_byte(position()));
        if (const auto code = curl_multi_poll(multi_.get(), nullptr, 0, 200, nullptr); code != CURLM_OK)
            throw Error(name_, std::string{"transfer failed: "} + curl_multi_strerror(code),
                        SourcePosition::at_byte(position()));
    }
}

bool UrlSource::finish(CURLcode result)
{
    if (result == CURLE_OK) {
        done_ = true;
        return false;
    }
    if (!refused_.empty()) throw SourceChanged(name_, refused_, SourcePosition::at_byte(request_offset_));
    const auto at = received();
    const auto detail = transfer_failure(easy_.get(), result, error_buffer_);
    if (!transient_failure(easy_.get(), result) || attempt_ >= options_.retries)
        throw Error(name_, download_failure(detail, attempt_), SourcePosition::at_byte(at));
    if (at > 0 && validator_.empty())
        throw Error(name_, download_failure(detail, 0) + " (cannot resume: the server sent neither ETag nor Last-Modified)",
                    SourcePosition::at_byte(at));
    ++attempt_;
    detach();
    wait_to_retry(name_, at, retry_reason(easy_.get(), result, error_buffer_), at > 0, attempt_, options_);
    start();
    return true;
}

} // namespace sluice
