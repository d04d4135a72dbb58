#include "convert/postgres_text.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>

namespace sluice {

TextFault postgres_text_fault(std::string_view text)
{
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    const std::size_t size = text.size();
    for (std::size_t i = 0; i < size;) {
        if (bytes[i] == 0) return TextFault::nul;
        if (bytes[i] < 0x80) {
            ++i;
            continue;
        }
        // U8_NEXT counts in int32_t: decode from here, over at most the 4 bytes a character takes.
        const auto length = static_cast<std::int32_t>(std::min<std::size_t>(size - i, 4));
        std::int32_t next = 0;
        UChar32 c = 0;
        U8_NEXT(bytes + i, next, length, c);
        if (c < 0) return TextFault::ill_formed;
        i += static_cast<std::size_t>(next);
    }
    return TextFault::none;
}

} // namespace sluice
