#pragma once
// Tells the decoded bytes of a source apart from their first bytes: XML (the abstracts dump), CSV
// (anything textual that is not XML), or binary data. As with containers, the name is not
// trusted: a zip member or a download URL may be called anything.

#include <optional>
#include <string>
#include <string_view>

namespace sluice {

enum class TextFormat { csv, xml, binary };

// From the first bytes (a few KiB is plenty): XML when the first thing after a byte order mark
// and blanks is '<'; binary when there is a NUL byte (no CSV or UTF-8 XML holds one).
TextFormat sniff_text_format(std::string_view head);

// The root element's name, after the XML declaration, comments and processing instructions;
// nullopt when `head` ends before it (or holds a DOCTYPE first, which the XML reader refuses).
std::optional<std::string> xml_root_element(std::string_view head);

} // namespace sluice
