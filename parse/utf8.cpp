#include "parse/utf8.hpp"

namespace sluice {

std::uint64_t utf8_characters(std::string_view text)
{
    std::uint64_t characters = 0;
    for (const char c : text) characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return characters;
}

std::size_t ill_formed_utf8(std::string_view text)
{
    if (text.empty()) return 0;
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80) return 0;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the second byte's range
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 1;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if (i >= text.size()) return i;
        const unsigned char b = byte(i);
        if (i == 1 ? (b < low || b > high) : (b < 0x80 || b > 0xBF)) return i;
    }
    return 0;
}

} // namespace sluice
