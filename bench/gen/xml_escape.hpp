#pragma once

#include <string>
#include <string_view>

namespace sluice_gen {

// Text content and attribute values: & < > and " escaped, as PHP's htmlspecialchars does for
// the Wikipedia dump and .NET's XmlWriter for StackExchange's (the line breaks inside an
// attribute value, which XmlWriter also escapes, are the caller's).
void append_xml_escaped(std::string& out, std::string_view text);

} // namespace sluice_gen
