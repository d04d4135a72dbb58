#include "fetch/http_range_reader.hpp"

#include "core/error.hpp"
#include "core/redact.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace sluice {

namespace {

struct SlistDeleter {
    void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

std::string header_value(CURL* easy, const char* name)
{
    curl_header* header = nullptr;
    if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK || !header) return {};
    return header->value;
}

struct ContentRange {
    std::uint64_t first = 0;
    std::uint64_t total = 0;
};

// "bytes 0-65535/228260000"; an unknown total ("/*") is no use for seeking from the end.
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

} // namespace

HttpRangeReader::HttpRangeReader(const std::string& url, const FetchOptions& options)
    : name_(redact_url(url)), easy_(new_download(url, options, name_, error_buffer_))
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
    CURL* easy = easy_.get();
    const auto range = std::to_string(offset) + "-" + std::to_string(offset + length - 1);
    set_curl_option(easy, CURLOPT_RANGE, range.c_str(), name_);
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    if (!validator_.empty()) {
        headers.reset(curl_slist_append(nullptr, ("If-Range: " + validator_).c_str()));
        if (!headers) throw Error(name_, "cannot build the request headers");
    }
    set_curl_option(easy, CURLOPT_HTTPHEADER, headers.get(), name_);

    piece_.clear();
    piece_start_ = offset;
    piece_wanted_ = length;
    not_partial_ = too_long_ = false;
    error_buffer_[0] = '\0';
    const auto result = curl_easy_perform(easy);
    set_curl_option(easy, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr), name_);
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    // A 200 ignores the Range; a 416 on the first request is an empty file: both are read whole.
    if (not_partial_ || (status == 416 && size_ == 0)) {
        piece_.clear();
        return false;
    }
    const auto where = SourcePosition::at_byte(offset);
    if (too_long_) throw Error(name_, "the server sent more than the " + std::to_string(length) + " bytes asked for", where);
    if (result != CURLE_OK) throw Error(name_, "download failed: " + transfer_failure(easy, result, error_buffer_), where);

    const auto content_range = parse_content_range(header_value(easy, "Content-Range"));
    if (!content_range || content_range->first != offset)
        throw Error(name_, "the server answered a Range request with the wrong bytes (Content-Range: " +
                               header_value(easy, "Content-Range") + ")", where);
    if (size_ == 0) size_ = content_range->total;
    else if (content_range->total != size_)
        throw Error(name_, "the file changed while it was read: its size went from " + std::to_string(size_) + " to " +
                               std::to_string(content_range->total) + " bytes", where);
    if (piece_.size() != std::min<std::uint64_t>(length, size_ - offset))
        throw Error(name_, "download failed: " + std::to_string(piece_.size()) + " of " + std::to_string(length) +
                               " bytes arrived", where);
    return true;
}

bool HttpRangeReader::probe()
{
    if (!fetch(0, kFirstPiece)) return false;
    // The validator that later requests must still match; a strong ETag is the better one.
    validator_ = header_value(easy_.get(), "ETag");
    if (validator_.empty() || validator_.starts_with("W/")) validator_ = header_value(easy_.get(), "Last-Modified");
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
        throw Error(name_, "the file changed while it was read (the server answered a Range request with "
                           "the whole file): run again", SourcePosition::at_byte(offset));
    return piece_;
}

} // namespace sluice
