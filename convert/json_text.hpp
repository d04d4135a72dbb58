#pragma once
// What Postgres takes as jsonb: one JSON text (RFC 8259: nothing before or after it but white
// space), whose strings hold no \u0000, which jsonb refuses. Checked with nlohmann-json.

#include <string_view>

namespace sluice {

enum class JsonFault {
    none,
    malformed,  // not one JSON text
    nul,        // a string or key holds \u0000
    // A number past a double's range (1e400): valid JSON, and jsonb would take it, but the
    // parser sluice checks with reads numbers as doubles and cannot see past it. Refused.
    huge_number,
};

JsonFault json_fault(std::string_view text);

} // namespace sluice
