#include "parse/xml_encoding.hpp"

#include <unicode/ucnv.h>

#include <algorithm>
#include <array>

namespace sluice {

namespace {

using namespace std::string_view_literals;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool named(std::string_view name, const char* expected)
{
    return ucnv_compareNames(std::string{name}.c_str(), expected) == 0;
}

// Names libxml2 would switch to a two- or four-byte decoder for.
bool is_wide(std::string_view name)
{
    constexpr std::array kWide{"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "UTF-32LE", "UTF-32BE",
                               "UCS-2",  "UCS-4",    "ISO-10646-UCS-2", "ISO-10646-UCS-4"};
    for (const char* wide : kWide)
        if (named(name, wide)) return true;
    return false;
}

} // namespace

bool is_utf8(std::string_view name) { return named(name, "UTF-8"); }

std::optional<std::pair<std::string, std::size_t>> declared_encoding(std::string_view text)
{
    if (text.size() < 6 || !text.starts_with("<?xml") || !is_space(text[5])) return std::nullopt;
    // Only the first kMaxXmlDeclaration bytes are looked at, however many were read: the answer
    // must not depend on how the text came in.
    const auto declaration = text.substr(0, std::min(text.find("?>"), kMaxXmlDeclaration));
    std::size_t at = 5;
    while ((at = declaration.find("encoding", at)) != std::string_view::npos) {
        if (is_space(declaration[at - 1])) break;
        at += 8;
    }
    if (at == std::string_view::npos) return std::nullopt;
    std::size_t i = at + 8;
    while (i < declaration.size() && is_space(declaration[i])) ++i;
    if (i == declaration.size() || declaration[i] != '=') return std::nullopt;
    ++i;
    while (i < declaration.size() && is_space(declaration[i])) ++i;
    if (i == declaration.size() || (declaration[i] != '"' && declaration[i] != '\'')) return std::nullopt;
    const char quote = declaration[i++];
    const auto end = declaration.find(quote, i);
    if (end == std::string_view::npos) return std::nullopt;
    // XML's EncName: [A-Za-z] ([A-Za-z0-9._] | '-')*. Anything else is a malformed declaration,
    // which libxml2 reports.
    const auto name = declaration.substr(i, end - i);
    const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    if (name.empty() || !letter(name.front())) return std::nullopt;
    for (const char c : name)
        if (!letter(c) && !(c >= '0' && c <= '9') && c != '.' && c != '_' && c != '-') return std::nullopt;
    return std::pair{std::string{name}, i};
}

std::optional<XmlEncoding> sniff_xml_encoding(std::string_view head, bool at_end)
{
    if (head.size() < 4 && !at_end) return std::nullopt;
    // Byte order marks, then "<?" as each wide encoding lays it out.
    constexpr std::array<std::pair<std::string_view, const char*>, 8> kMarks{{
        {"\x00\x00\xFE\xFF"sv, "UTF-32BE"},
        {"\xFF\xFE\x00\x00"sv, "UTF-32LE"},
        {"\xFE\xFF"sv, "UTF-16BE"},
        {"\xFF\xFE"sv, "UTF-16LE"},
        {"\x00\x00\x00\x3C"sv, "UTF-32BE"},
        {"\x3C\x00\x00\x00"sv, "UTF-32LE"},
        {"\x00\x3C\x00\x3F"sv, "UTF-16BE"},
        {"\x3C\x00\x3F\x00"sv, "UTF-16LE"},
    }};
    for (const auto& [mark, name] : kMarks)
        if (head.starts_with(mark)) return XmlEncoding{name, std::nullopt, false};
    if (head.starts_with("\x4C\x6F\xA7\x94"sv)) {  // "<?xm" in EBCDIC: read on to its "?>"
        if (head.find("\x6F\x6E"sv) == std::string_view::npos && !at_end && head.size() < kMaxXmlDeclaration)
            return std::nullopt;
        return XmlEncoding{"", std::nullopt, true};
    }

    const bool bom = head.starts_with("\xEF\xBB\xBF"sv);
    const std::size_t start = bom ? 3 : 0;
    const auto text = head.substr(start);
    constexpr std::string_view kOpen = "<?xml";
    // Not a declaration, or not yet known whether it is one.
    if (text.size() < kOpen.size() + 1) {
        if (!at_end && kOpen.starts_with(text)) return std::nullopt;
        return XmlEncoding{"UTF-8", std::nullopt, false};
    }
    if (!text.starts_with(kOpen) || !is_space(text[kOpen.size()])) return XmlEncoding{"UTF-8", std::nullopt, false};
    if (text.find("?>") == std::string_view::npos && !at_end && head.size() < kMaxXmlDeclaration) return std::nullopt;
    const auto declared = declared_encoding(text);
    if (!declared || bom || is_wide(declared->first) || is_utf8(declared->first))
        return XmlEncoding{"UTF-8", std::nullopt, false};
    return XmlEncoding{declared->first, start + declared->second, false};
}

} // namespace sluice
