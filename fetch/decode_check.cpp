#include "fetch/decode_check.hpp"

#include <fmt/format.h>

#include <vector>

namespace sluice {

DecodeCheck::DecodeCheck(std::chrono::steady_clock::duration limit)
    : deadline_(std::chrono::steady_clock::now() + limit), limit_(limit)
{
}

void DecodeCheck::read_on(ByteSource& stream)
{
    std::vector<char> scratch(256 * 1024);
    try {
        while (!done()) {
            if (stream.read(scratch) == 0) reached_end_ = true;
        }
    } catch (const DecodeError& error) {
        decode_ = error;
    } catch (const Error&) {
        // Not the data: a limit (a bomb's ratio) or the transfer. Nothing more can be said.
        stopped_ = true;
    }
}

void DecodeCheck::rethrow(const Error& parse_failure) const
{
    if (decode_) {
        const auto where = describe(parse_failure.where());
        throw DecodeError(decode_->source(),
                          fmt::format("{}; the parser had failed first, on the data it inflated to{}: {}", decode_->detail(),
                                      where.empty() ? "" : ", at " + where, parse_failure.detail()),
                          decode_->where());
    }
    if (!reached_end_ && !stopped_)
        throw Error(parse_failure.source(),
                    fmt::format("{} (the compressed data after it decoded cleanly for the {} s it was checked)",
                                parse_failure.detail(),
                                std::chrono::duration_cast<std::chrono::seconds>(limit_).count()),
                    parse_failure.where());
    throw parse_failure;
}

} // namespace sluice
