// The readers' title filter: never a false "no", rarely a false "yes", and small.
#include "jobs/movie_report/key_filter.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::KeyFilter;

TEST_CASE("key filter: every added key is found, few absent ones are, and it stays small")
{
    constexpr std::size_t kKeys = 45'000;  // Kaggle's films
    KeyFilter filter{kKeys};
    for (std::size_t i = 0; i < kKeys; ++i) filter.add("film title " + std::to_string(i));
    // At least 24 bits a key, rounded up to a power of two words: 256 KiB here, which a core's L2
    // holds beside the blocks streaming past.
    CHECK(filter.bytes() == 256 * 1024);

    for (std::size_t i = 0; i < kKeys; ++i) {
        if (!filter.may_contain("film title " + std::to_string(i))) FAIL("lost key " << i);
    }
    std::size_t false_yes = 0;
    constexpr std::size_t kAbsent = 200'000;
    for (std::size_t i = 0; i < kAbsent; ++i) false_yes += filter.may_contain("page " + std::to_string(i)) ? 1 : 0;
    // ~24 bits a key, 4 bits in one word: well under one in a thousand.
    CHECK(false_yes < kAbsent / 1000);
}

TEST_CASE("key filter: an empty filter holds nothing")
{
    const KeyFilter none;
    CHECK(none.empty());
    CHECK_FALSE(none.may_contain(""));
    CHECK_FALSE(none.may_contain("toy story"));
    KeyFilter one{1};
    one.add("toy story");
    CHECK(one.may_contain("toy story"));
    CHECK_FALSE(one.empty());
}
