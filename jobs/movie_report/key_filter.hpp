#pragma once
// An approximate set of strings, small enough to stay in a core's cache while megabytes of XML
// stream past it: the readers ask it, for every doc of the dump, whether the title could name a
// film. A "no" is certain; a "yes" is wrong for about one absent key in a thousand, which costs
// only a doc copied and checked again against the exact index.
//
// A Bloom filter whose bits for a key all lie in one 64-bit word ("register-blocked"): one
// memory access per lookup. Read-only after build(), so any number of threads may ask.

#include <cstdint>
#include <string_view>
#include <vector>

namespace sluice {

class KeyFilter {
public:
    // Sized for `keys` keys (call add() for each afterwards).
    explicit KeyFilter(std::size_t keys = 0);

    void add(std::string_view key);
    bool may_contain(std::string_view key) const;

    bool empty() const { return words_.empty(); }
    std::size_t bytes() const { return words_.size() * sizeof(std::uint64_t); }

private:
    std::uint64_t mask_of(std::uint64_t hash) const;
    std::size_t word_of(std::uint64_t hash) const { return hash & (words_.size() - 1); }

    std::vector<std::uint64_t> words_;
};

} // namespace sluice
