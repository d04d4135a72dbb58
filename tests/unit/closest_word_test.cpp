// "did you mean": the edit distance, and which candidate is close enough to suggest.
#include "core/closest_word.hpp"

#include <doctest/doctest.h>

using sluice::closest_word;
using sluice::edit_distance;

TEST_CASE("edit distance: inserts, deletes, replacements and swapped neighbours each count one")
{
    CHECK(edit_distance("run", "run") == 0);
    CHECK(edit_distance("rnu", "run") == 1);        // swapped neighbours
    CHECK(edit_distance("movie", "movies") == 1);   // insert
    CHECK(edit_distance("moviess", "movies") == 1); // delete
    CHECK(edit_distance("isl", "isal") == 1);
    CHECK(edit_distance("min_budget", "min-budget") == 1);  // replace
    CHECK(edit_distance("RUN", "run") == 0);        // ASCII case ignored
    CHECK(edit_distance("", "run") == 3);
    CHECK(edit_distance("run", "") == 3);
    CHECK(edit_distance("gzip", "zlib") == 3);
    CHECK(edit_distance("ca", "abc") == 3);         // the restricted swap: no edit inside a swapped pair
}

TEST_CASE("closest word: a typo's candidate, none when too far or when two are as close")
{
    const std::vector<std::string> commands{"run", "backfill", "schedule", "inspect", "status", "config"};
    CHECK(closest_word("rnu", commands) == "run");
    CHECK(closest_word("Run", commands) == "run");
    CHECK(closest_word("sttaus", commands) == "status");
    CHECK(closest_word("schedul", commands) == "schedule");
    CHECK(closest_word("backfil", commands) == "backfill");
    CHECK(closest_word("confg", commands) == "config");
    CHECK(closest_word("foo", commands) == std::nullopt);
    CHECK(closest_word("r", commands) == std::nullopt);    // two edits from "run", one allowed
    CHECK(closest_word("", commands) == std::nullopt);
    CHECK(closest_word("xyz", commands) == std::nullopt);
    CHECK(closest_word("schedule-runs", commands) == std::nullopt);  // 5 edits: more than 13 / 3
    CHECK(closest_word("runs", {"run", "rung"}) == std::nullopt);   // both one away: no guess
    CHECK(closest_word(std::string(65, 'r'), {std::string(65, 'r') + "x"}) == std::nullopt);  // not a typo
    const std::vector<std::string> options{"movies", "abstracts", "movies-member", "top", "tz", "max-rejects", "max-ratio"};
    CHECK(closest_word("movie", options) == "movies");
    CHECK(closest_word("abstract", options) == "abstracts");
    CHECK(closest_word("max-reject", options) == "max-rejects");
    CHECK(closest_word("max_ratio", options) == "max-ratio");
    CHECK(closest_word("tp", options) == std::nullopt);  // "top" and "tz" both one away
    CHECK(closest_word("max", options) == std::nullopt);
}
