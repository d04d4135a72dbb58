#pragma once
// UTF-8 as the XML readers need it: characters counted as libxml2 counts columns, and an
// ill-formed sequence told apart from a well-formed one (Unicode's Table 3-7: no overlongs, no
// surrogates, nothing past U+10FFFF).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sluice {

// Characters in UTF-8 text: the bytes that do not continue a sequence.
std::uint64_t utf8_characters(std::string_view text);

// How many bytes at the start of `text` are ill-formed UTF-8 (the maximal ill-formed subpart,
// at least 1), or 0 when `text` starts with a well-formed character or is empty. A sequence cut
// off by the end of `text` is ill-formed.
std::size_t ill_formed_utf8(std::string_view text);

} // namespace sluice
