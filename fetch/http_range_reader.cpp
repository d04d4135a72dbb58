#include "fetch/http_range_reader.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/redact.hpp"


#include <algorithm>
#include <charconv>
#include <cstring>

namespace sluice {

HttpRangeReader::HttpRangeReader(const std::string& url, const FetchOptions& options)
    : name_(redact_url(url)), options_(options), easy_(new_download(url, options, name_, error_buffer_))
{
    set_curl_option(easy_.get(), CURLOPT_WRITEFUNCTION, static_cast<curl_write_callback>(&HttpRangeReader::on_data), name_);
    set_curl_option(easy_.get(), CURLOPT_WRITEDATA, static_cast<void*>(this), name_);
}

std::size_t HttpRangeReader::on_data(char* data, std::size_t size, std::size_t count, void* self_ptr)
{
    auto& self = *static_cast<HttpRangeReader*>(self_ptr);
    const auto total = size * count;
    self.fetched_ += total;
    long status = 0;
    curl_easy_getinfo(self.easy_.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status != 206) {
        // The whole resource is coming: stop it after this one buffer.
        self.not_partial_ = true;
        return CURL_WRITEFUNC_ERROR;
    }
    if (self.piece_.size() + total > self.piece_wanted_) {
        self.too_long_ = true;
        return CURL_WRITEFUNC_ERROR;
    }
    self.piece_.insert(self.piece_.end(), data, data + total);
    return total;
}

bool HttpRangeReader::fetch(std::uint64_t offset, std::size_t length)
{
    for (int attempt = 0;; ++attempt) {
        throw_if_interrupted();
        const auto result = request(offset, length);
        // A 200 ignores the Range (with an empty body on_data never saw it); a 416 on the first
        // request is an empty file: both are read whole.
        if (not_partial_ || status_ == 200 || (status_ == 416 && size_ == 0)) {
            piece_.clear();
            return false;
        }
        const auto where = SourcePosition::at_byte(offset);
        if (too_long_)
            throw Error(name_, "the server sent more than the " + std::to_string(length) + " bytes asked for", where);
        if (result == CURLE_OK) break;
        const auto detail = transfer_failure(easy_.get(), result, error_buffer_);
        if (!transient_failure(easy_.get(), result) || attempt >= options_.retries)
            throw Error(name_, download_failure(detail, attempt), where);
        wait_to_retry(name_, offset, retry_reason(easy_.get(), result, error_buffer_), false, attempt + 1, options_);
    }

    const auto where = SourcePosition::at_byte(offset);
    const auto content_range = parse_content_range(response_header(easy_.get(), "Content-Range"));
    if (!content_range || content_range->first != offset)
        throw Error(name_, "the server answered a Range request with the wrong bytes (Content-Range: " +
                               response_header(easy_.get(), "Content-Range") + ")", where);
    if (size_ == 0) size_ = content_range->total;
    else if (content_range->total != size_)
        throw SourceChanged(name_, "the file changed while it was read: its size went from " + std::to_string(size_) +
                                       " to " + std::to_string(content_range->total) + " bytes", where);
    if (piece_.size() != std::min<std::uint64_t>(length, size_ - offset))
        throw Error(name_, "download failed: " + std::to_string(piece_.size()) + " of " + std::to_string(length) +
                               " bytes arrived", where);
    return true;
}

CURLcode HttpRangeReader::request(std::uint64_t offset, std::size_t length)
{
    CURL* easy = easy_.get();
    const auto range = std::to_string(offset) + "-" + std::to_string(offset + length - 1);
    set_curl_option(easy, CURLOPT_RANGE, range.c_str(), name_);
    const auto headers = request_headers(options_, name_, validator_);
    set_curl_option(easy, CURLOPT_HTTPHEADER, headers.get(), name_);

    piece_.clear();
    piece_start_ = offset;
    piece_wanted_ = length;
    not_partial_ = too_long_ = false;
    error_buffer_[0] = '\0';
    const auto result = curl_easy_perform(easy);
    set_curl_option(easy, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr), name_);
    status_ = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status_);
    return result;
}

bool HttpRangeReader::probe()
{
    if (!fetch(0, kFirstPiece)) return false;
    // What every later request must still match.
    validator_ = range_validator(easy_.get());
    return true;
}

std::span<const char> HttpRangeReader::read_at(std::uint64_t offset)
{
    if (offset >= size_) return {};
    const auto piece_end = piece_start_ + piece_.size();
    if (offset >= piece_start_ && offset < piece_end) return std::span<const char>{piece_}.subspan(offset - piece_start_);
    // Reading on in order: larger pieces, fewer requests. A jump starts small again.
    next_length_ = offset == piece_end ? std::min(next_length_ * 2, kLargestPiece) : kFirstPiece;
    const auto length = static_cast<std::size_t>(std::min<std::uint64_t>(next_length_, size_ - offset));
    if (!fetch(offset, length))
        throw SourceChanged(name_, "the file changed while it was read (the server answered a Range request "
                                   "with the whole file)", SourcePosition::at_byte(offset));
    return piece_;
}

} // namespace sluice
