#include "parse/value_preview.hpp"

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace sluice {

namespace {

bool continues_sequence(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string escaped(char c)
{
    switch (c) {
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: return fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    }
}

} // namespace

std::string preview(std::string_view value, std::size_t max_chars)
{
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < value.size();) {
        // One character: an escape, or a UTF-8 sequence with its continuation bytes.
        std::size_t end = i + 1;
        while (end < value.size() && continues_sequence(value[end])) ++end;
        const auto byte = static_cast<unsigned char>(value[i]);
        const bool control = byte < 0x20 || byte == 0x7f;
        const std::string piece = control ? escaped(value[i]) : std::string{value.substr(i, end - i)};
        const std::size_t width = control ? piece.size() : 1;
        if (chars + width > max_chars) return out + "...";
        out += piece;
        chars += width;
        i = end;
    }
    return out;
}

std::size_t display_width(std::string_view text)
{
    std::size_t width = 0;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int32_t>(text.size());
    for (std::int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) {
            ++width;
            continue;
        }
        const auto category = u_charType(c);
        if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK) continue;
        const auto east_asian = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        width += east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH ? 2 : 1;
    }
    return width;
}

} // namespace sluice
