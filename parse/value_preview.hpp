#pragma once
// A value as one short line for a human: line breaks, tabs and other control bytes written as
// escapes (\n, \t, \x01), cut to a number of characters with "..." after. A CSV overview or an
// abstract can run to pages and hold line breaks; a preview must not break the layout around it.

#include <cstddef>
#include <string>
#include <string_view>

namespace sluice {

// Cuts on a UTF-8 character boundary, never inside a sequence or an escape.
std::string preview(std::string_view value, std::size_t max_chars);

// The columns `text` takes on a terminal, for lining values up: East Asian wide and fullwidth
// characters take two (a Korean title is twice as wide as its character count), combining marks
// none. Ill-formed UTF-8 counts one column a byte.
std::size_t display_width(std::string_view text);

} // namespace sluice
