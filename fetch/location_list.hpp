#pragma once
// The parts of a source given as several (the abstracts dump came in 27): a location pattern
// expanded into the ordered list of locations it names.
//  - "{1..27}" and "{01..27}" expand to 1, 2, ... 27 and 01, 02, ... 27 (zero-padded to the
//    wider bound when a bound has a leading zero, as bash does; a range may count down, and
//    several ranges expand left to right, the last one fastest), in paths and URLs alike.
//  - "*", "?", "[...]" and "**" (any number of folders) match local paths: files only (not
//    folders), and not names starting with '.' unless the pattern spells the dot. file:// globs
//    come back as paths. Over http(s) nothing can be listed, so a '*' there is a UsageError
//    ('?' in a URL starts its query, and '[' is an IPv6 host: neither is read as a glob there).
// Matches are in natural order (part2 before part10: runs of digits compare as numbers, the
// rest byte by byte), so a load reads its parts in the same order on every machine.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

// A pattern naming more locations than this is refused: a typo like {1..100000000} must not
// build a list that fills the memory.
constexpr std::size_t kMaxLocations = 100'000;

// The locations `pattern` names, in order. Throws UsageError for a glob over http(s), a glob that
// matches no file (naming the pattern), a malformed or too long range.
std::vector<std::string> expand_location(const std::string& pattern);

// Each pattern expanded in turn, in the order given (a list is taken as is).
std::vector<std::string> expand_locations(const std::vector<std::string>& patterns);

// Natural order: "part2" < "part10", "a01" < "a2"; equal numbers with more leading zeros first.
bool natural_less(std::string_view a, std::string_view b);

} // namespace sluice
