#pragma once

#include <string>
#include <string_view>

namespace sluice_gen {

// Text content and attribute values: & < > and " escaped, as the Wikipedia dump does
// (htmlspecialchars).
void append_xml_escaped(std::string& out, std::string_view text);

// An attribute value as StackExchange's dumps write it: the above, and line breaks as character
// references (`&#xA;`, `&#xD;`), so a record stays on one line.
void append_xml_attribute(std::string& out, std::string_view text);

} // namespace sluice_gen
