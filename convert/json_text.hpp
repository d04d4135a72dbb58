#pragma once
// What Postgres takes as jsonb: one JSON text (RFC 8259: nothing before or after it but white
// space), whose strings hold no \u0000, which jsonb refuses. Checked with nlohmann-json.

#include <string_view>

namespace sluice {

enum class JsonFault {
    none,
    malformed,  // not one JSON text
    nul,        // a string or key holds \u0000
};

JsonFault json_fault(std::string_view text);

} // namespace sluice
