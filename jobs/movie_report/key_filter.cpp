#include "jobs/movie_report/key_filter.hpp"

#include <bit>
#include <functional>

namespace sluice {

namespace {

// ~24 bits per key and 4 bits set in one word: one false positive in ~1,500 absent keys.
constexpr std::size_t kBitsPerKey = 24;
constexpr int kBitsSet = 4;

std::uint64_t hash_of(std::string_view key) { return std::hash<std::string_view>{}(key); }

} // namespace

KeyFilter::KeyFilter(std::size_t keys)
{
    if (keys == 0) return;
    words_.assign(std::bit_ceil(std::max<std::size_t>(keys * kBitsPerKey / 64, 64)), 0);
}

std::uint64_t KeyFilter::mask_of(std::uint64_t hash) const
{
    // The word comes from the low bits; the bit positions from the high ones, six bits each.
    std::uint64_t mask = 0;
    for (int i = 0; i < kBitsSet; ++i) mask |= std::uint64_t{1} << ((hash >> (64 - 6 * (i + 1))) & 63);
    return mask;
}

void KeyFilter::add(std::string_view key)
{
    const auto h = hash_of(key);
    words_[word_of(h)] |= mask_of(h);
}

bool KeyFilter::may_contain(std::string_view key) const
{
    if (words_.empty()) return false;
    const auto h = hash_of(key);
    const auto mask = mask_of(h);
    return (words_[word_of(h)] & mask) == mask;
}

} // namespace sluice
