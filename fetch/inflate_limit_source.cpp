#include "fetch/inflate_limit_source.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace sluice {

InflateLimitSource::InflateLimitSource(ByteSourcePtr inflated, std::function<std::uint64_t()> downloaded,
                                       InflateLimits limits)
    : inflated_(std::move(inflated)), downloaded_(std::move(downloaded)), limits_(limits)
{
}

std::size_t InflateLimitSource::read(std::span<char> out)
{
    const auto n = inflated_->read(out);
    const auto inflated = inflated_->position();
    const auto downloaded = downloaded_();
    if (inflated > limits_.max_bytes)
        throw Error(name(), fmt::format("refused: it inflates to more than {} bytes (--max-inflated), "
                                        "from {} bytes downloaded: a decompression bomb?",
                                        limits_.max_bytes, downloaded),
                    SourcePosition::at_byte(downloaded));
    if (inflated > limits_.ratio_grace &&
        static_cast<double>(inflated) > limits_.max_ratio * static_cast<double>(std::max<std::uint64_t>(downloaded, 1)))
        throw Error(name(), fmt::format("refused: {} bytes inflated from {} downloaded, a ratio over {:g} "
                                        "(--max-ratio): a decompression bomb?",
                                        inflated, downloaded, limits_.max_ratio),
                    SourcePosition::at_byte(downloaded));
    return n;
}

} // namespace sluice
