#pragma once
// When a parser fails on a compressed source, the compressed data may be what is wrong: deflate
// data corrupt mid-file can inflate into garbage for a while before a bad code, or the member's
// CRC at its end, gives it away, and the parser meets the garbage first ("malformed XML: expected
// '>'" at the byte where it began). So after such a failure the stream is read on, discarding,
// until its end, the decoder's own error, or a time limit; a decoder's error found is what the
// run reports, with the parser's failure after it.

#include "core/byte_source.hpp"
#include "core/error.hpp"

#include <chrono>
#include <optional>

namespace sluice {

class DecodeCheck {
public:
    // Past the failure, reading on is bounded in time: a dump of many GB may be mostly unread.
    static constexpr std::chrono::seconds kLimit{60};

    explicit DecodeCheck(std::chrono::steady_clock::duration limit = kLimit);

    bool done() const { return decode_.has_value() || reached_end_ || stopped_ || expired(); }
    bool expired() const { return std::chrono::steady_clock::now() >= deadline_; }

    // A decoder's error seen on the way (from a reader that read on), or the end reached.
    void found(const DecodeError& error) { decode_ = error; }
    void reached_end() { reached_end_ = true; }

    // Reads `stream` on, discarding, until done(); a failure other than the decoder's (a limit
    // such as a bomb's ratio, the transfer) ends the check with nothing found.
    void read_on(ByteSource& stream);

    // Throws the decoder's error with `parse_failure` after it, if one was found; else
    // `parse_failure` as it was (saying so when the check ran out of time before the end).
    [[noreturn]] void rethrow(const Error& parse_failure) const;

private:
    std::chrono::steady_clock::time_point deadline_;
    std::chrono::steady_clock::duration limit_;
    std::optional<DecodeError> decode_;
    bool reached_end_ = false;
    bool stopped_ = false;  // reading on failed for another reason (a limit, the transfer)
};

} // namespace sluice
