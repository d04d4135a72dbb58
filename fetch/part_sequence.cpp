#include "fetch/part_sequence.hpp"

#include "fetch/prefix_source.hpp"

#include <algorithm>

namespace sluice {

PartSequence::PartSequence(std::vector<std::string> locations, OpenOptions options, std::size_t prefetch_bytes)
    : PartSequence(std::move(locations),
                   [options = std::move(options)](const std::string& location) { return open_decoded(location, options); },
                   prefetch_bytes)
{
}

PartSequence::PartSequence(std::vector<std::string> locations, Opener opener, std::size_t prefetch_bytes)
    : locations_(std::move(locations)), opener_(std::move(opener)), prefetch_bytes_(prefetch_bytes)
{
}

PartSequence::~PartSequence()
{
    stopping_.store(true);
    if (ahead_.valid()) ahead_.wait();
}

void PartSequence::start(std::size_t index, std::size_t prefetch_bytes)
{
    ahead_ = std::async(std::launch::async, [this, prefetch_bytes, location = locations_[index]] {
        Ahead ahead{opener_(location), {}};
        // Read in pieces so a stop is seen between them; the bytes held never pass prefetch_bytes.
        constexpr std::size_t kPiece = 64 * 1024;
        while (ahead.held.size() < prefetch_bytes && !stopping_.load()) {
            const auto filled = ahead.held.size();
            ahead.held.resize(filled + std::min(kPiece, prefetch_bytes - filled));
            const auto n = ahead.opened.stream->read(std::span<char>{ahead.held}.subspan(filled));
            ahead.held.resize(filled + n);
            if (n == 0) break;
        }
        ahead.held.shrink_to_fit();
        return ahead;
    });
}

std::optional<Part> PartSequence::next()
{
    if (next_ >= locations_.size()) return std::nullopt;
    // The first part is read at once: held bytes would only delay it and take memory.
    if (!ahead_.valid()) start(next_, 0);
    const auto index = next_++;
    auto ahead = ahead_.get();  // rethrows the part's failure
    if (next_ < locations_.size()) start(next_, prefetch_bytes_);
    auto opened = std::move(ahead.opened);
    opened.stream = std::make_unique<PrefixSource>(std::move(ahead.held), std::move(opened.stream));
    return Part{index, locations_[index], std::move(opened)};
}

} // namespace sluice
