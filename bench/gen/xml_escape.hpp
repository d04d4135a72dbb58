#pragma once

#include <string>
#include <string_view>

namespace sluice_gen {

// Text content and attribute values: & < > and " escaped, as PHP's htmlspecialchars does for
// the Wikipedia dump and .NET's XmlWriter for StackExchange's (the line breaks inside an
// attribute value, which XmlWriter also escapes, are the caller's).
void append_xml_escaped(std::string& out, std::string_view text);

// An attribute value as .NET's XmlWriter writes it in StackExchange's dumps: the above, and line
// breaks as character references (`&#xA;`, `&#xD;`), so a record stays on one line.
void append_xml_attribute(std::string& out, std::string_view text);

} // namespace sluice_gen
