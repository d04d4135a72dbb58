#pragma once
// "did you mean ...?": the known word a mistyped one was most likely meant to be.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

// Single-character edits (insert, delete, replace, or swap two neighbours) from `a` to `b`,
// ignoring ASCII case: "rnu" is one from "run", "movie" one from "movies".
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate fewest edits from `word`, if it is close enough to be a typo (at most one edit
// per three characters of the word, and at least one) and no other candidate is as close: a
// guess between two is no help.
std::optional<std::string> closest_word(std::string_view word, const std::vector<std::string>& candidates);

} // namespace sluice
