#pragma once
// What Postgres stores as text: well-formed UTF-8 (the database encoding sluice requires) and
// no NUL byte, which no Postgres string type can hold. Checked in sluice, so one bad value is
// one rejected record, not a COPY that fails the whole load.

#include <string_view>

namespace sluice {

enum class TextFault {
    none,
    nul,         // a NUL byte
    ill_formed,  // not UTF-8 by Unicode's Table 3-7: overlongs, surrogates, past U+10FFFF, cut short
};

// ASCII is checked a byte at a time without decoding; only other bytes are decoded.
TextFault postgres_text_fault(std::string_view text);

} // namespace sluice
