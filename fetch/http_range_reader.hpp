#pragma once
// An http(s) resource read at random offsets with Range requests, on one kept-alive connection.
//
// Pieces are fetched on demand: 64 KiB after a jump, doubling to 512 KiB while reads go on in
// order, so a reader that ends somewhere in the middle has fetched at most half a MiB it did not
// use. Every request after the first carries If-Range with the first answer's ETag (or
// Last-Modified): if the resource changes under the reader, the server answers 200 and the read
// fails instead of splicing two versions together.

#include "fetch/curl_download.hpp"
#include "fetch/fetch_options.hpp"
#include "fetch/random_access_input.hpp"

#include <vector>

namespace sluice {

class HttpRangeReader final : public RandomAccessInput {
public:
    static constexpr std::size_t kFirstPiece = 64 * 1024;
    static constexpr std::size_t kLargestPiece = 512 * 1024;

    HttpRangeReader(const std::string& url, const FetchOptions& options);
    HttpRangeReader(const HttpRangeReader&) = delete;
    HttpRangeReader& operator=(const HttpRangeReader&) = delete;

    // Asks for the first kFirstPiece bytes. True when the server honours Range (206, with the
    // resource's size); false when it answers 200, after taking no more of that body than one
    // piece. Throws sluice::Error when the request fails.
    bool probe();

    std::uint64_t size() const override { return size_; }
    std::span<const char> read_at(std::uint64_t offset) override;
    const std::string& name() const override { return name_; }
    std::uint64_t bytes_fetched() const override { return fetched_; }

    // The first piece (after probe()): enough to tell the format.
    std::span<const char> head() const { return piece_; }

private:
    static std::size_t on_data(char* data, std::size_t size, std::size_t count, void* self);
    // One Range request for [offset, offset + length) into piece_. False when the answer is not
    // a 206 (the body is then dropped).
    // Transient failures are retried as FetchOptions says.
    bool fetch(std::uint64_t offset, std::size_t length);
    CURLcode request(std::uint64_t offset, std::size_t length);  // one attempt

    std::string name_;
    FetchOptions options_;
    long status_ = 0;  // of the last answer
    char error_buffer_[CURL_ERROR_SIZE] = {};
    CurlEasy easy_;
    std::vector<char> piece_;
    std::uint64_t piece_start_ = 0;
    std::size_t piece_wanted_ = 0;
    std::size_t next_length_ = kFirstPiece;
    bool not_partial_ = false;  // the answer in progress is not a 206
    bool too_long_ = false;     // the server sent more than was asked
    std::string validator_;     // for If-Range
    std::uint64_t size_ = 0;
    std::uint64_t fetched_ = 0;
};

} // namespace sluice
