#pragma once
// Randomness that gives the same bytes everywhere: a fixed PRNG (xoshiro256**) and fixed
// reductions, never std::*_distribution, whose output differs between standard libraries.

#include <array>
#include <cstdint>
#include <iterator>
#include <string_view>

namespace sluice_gen {

inline std::uint64_t splitmix64(std::uint64_t& state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// One splitmix64 step as a pure function: a good 64-bit mixer.
inline std::uint64_t mix64(std::uint64_t x) { return splitmix64(x); }

// xoshiro256**: fast, good enough for text, and fully specified so output is reproducible.
class Rng {
public:
    explicit Rng(std::uint64_t seed)
    {
        for (auto& word : s_) word = splitmix64(seed);
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, n) by multiply-shift; the bias (n / 2^32) is irrelevant for test data.
    std::uint32_t below(std::uint32_t n)
    {
        return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32);
    }
    // Uniform in [lo, hi].
    std::int64_t between(std::int64_t lo, std::int64_t hi)
    {
        return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    bool percent(std::uint32_t p) { return below(100) < p; }
    bool permille(std::uint32_t p) { return below(1000) < p; }
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    template <typename List>
    std::string_view pick(const List& list)
    {
        return list[below(static_cast<std::uint32_t>(std::size(list)))];
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<std::uint64_t, 4> s_{};
};

// FNV-1a, mixed through splitmix64: a stable per-title hash, so which CSV films get pages does
// not depend on the order they are read in or on anything else the generator does.
inline std::uint64_t stable_hash(std::string_view text, std::uint64_t salt)
{
    std::uint64_t h = 0xcbf29ce484222325ULL ^ salt;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return mix64(h);
}

} // namespace sluice_gen
