#pragma once
// Which encoding an XML document is in, from its first bytes (XML 1.0 appendix F): a byte order
// mark, the layout of "<?xml" in UTF-16, UTF-32 or EBCDIC, else the encoding its XML declaration
// names, else UTF-8. A byte order mark wins over a declaration that disagrees; a document
// labelled UTF-16 or UTF-32 whose bytes are single-byte text is read as UTF-8, as libxml2 does.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sluice {

struct XmlEncoding {
    std::string name;  // for ICU: "UTF-8", "UTF-16LE", ..., or the declared name as written
    // Where the declaration names it (byte offset of the name), if it does.
    std::optional<std::size_t> declared_at;
    // EBCDIC: the declaration must be read in EBCDIC first to learn which code page `name` is.
    bool ebcdic = false;
};

// A declaration longer than this is not read for its encoding (libxml2 then reports it).
inline constexpr std::size_t kMaxXmlDeclaration = 1024;

// nullopt while `head` ends before the answer and more bytes may come (`at_end` says none will).
std::optional<XmlEncoding> sniff_xml_encoding(std::string_view head, bool at_end);

// The encoding an XML declaration at the start of `text` names, and the name's offset.
std::optional<std::pair<std::string, std::size_t>> declared_encoding(std::string_view text);

// Whether ICU knows `name` as UTF-8.
bool is_utf8(std::string_view name);

} // namespace sluice
