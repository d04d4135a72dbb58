#include "parse/text_position.hpp"

#include "parse/utf8.hpp"

#include <cstring>

namespace sluice {

void TextPosition::advance(std::string_view text)
{
    const char* p = text.data();
    const char* const end = p + text.size();
    const char* line_start = nullptr;
    while (const void* newline = std::memchr(p, '\n', static_cast<std::size_t>(end - p))) {
        ++line_;
        p = static_cast<const char*>(newline) + 1;
        line_start = p;
    }
    if (line_start) column_ = 0;
    else line_start = text.data();
    column_ += utf8_characters({line_start, static_cast<std::size_t>(end - line_start)});
}

} // namespace sluice
