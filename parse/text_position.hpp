#pragma once
// Where a place in UTF-8 text is, counted as libxml2 counts it in its messages: the line is one
// more than the '\n' bytes before it (a lone '\r' does not end a line), the column one more than
// the characters (not bytes) between the line's start and the place. Errors found outside
// libxml2 (a limit passed, a block's first line) are placed with it, so they read alike.
//
// Newlines are found with memchr, characters counted only after the last newline: advancing over
// text costs little more than reading it.

#include <cstdint>
#include <string_view>

namespace sluice {

class TextPosition {
public:
    // Moves past `text`, which starts at the current place.
    void advance(std::string_view text);

    std::uint64_t line() const { return line_; }      // 1-based
    std::uint64_t column() const { return column_ + 1; }  // 1-based
    // Characters between the line's start and the place.
    std::uint64_t characters_into_line() const { return column_; }

private:
    std::uint64_t line_ = 1;
    std::uint64_t column_ = 0;
};

} // namespace sluice
