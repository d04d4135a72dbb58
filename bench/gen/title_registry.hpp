#pragma once
// Page titles are unique in a real dump, and sluice may rely on it. Every title that a CSV film
// could match (`T`, `T (film)`, `T (YEAR film)`) is reserved for the film pages, so the only
// pages a CSV film can match are the ones written for it. Titles are kept as 64-bit hashes: a
// false collision just gives a page a disambiguator. Costs about 40 bytes a page.

#include <cstdint>
#include <string_view>
#include <unordered_set>

namespace sluice_gen {

class TitleRegistry {
public:
    void reserve(std::string_view title);
    // For film pages and their decoys: only other film pages compete.
    bool claim_film(std::string_view title);
    // For everything else: reserved titles are off limits too.
    bool claim(std::string_view title);

private:
    std::unordered_set<std::uint64_t> reserved_;
    std::unordered_set<std::uint64_t> taken_;
};

} // namespace sluice_gen
