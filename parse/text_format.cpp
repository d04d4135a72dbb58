#include "parse/text_format.hpp"

namespace sluice {

namespace {

constexpr std::string_view kByteOrderMark = "\xef\xbb\xbf";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view skip_blanks(std::string_view text)
{
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    return text;
}

} // namespace

TextFormat sniff_text_format(std::string_view head)
{
    if (head.find('\0') != std::string_view::npos) return TextFormat::binary;
    if (head.starts_with(kByteOrderMark)) head.remove_prefix(kByteOrderMark.size());
    head = skip_blanks(head);
    return head.starts_with('<') ? TextFormat::xml : TextFormat::csv;
}

std::optional<std::string> xml_root_element(std::string_view head)
{
    if (head.starts_with(kByteOrderMark)) head.remove_prefix(kByteOrderMark.size());
    for (;;) {
        head = skip_blanks(head);
        std::string_view close;
        if (head.starts_with("<?")) close = "?>";
        else if (head.starts_with("<!--")) close = "-->";
        else break;
        const auto end = head.find(close);
        if (end == std::string_view::npos) return std::nullopt;
        head.remove_prefix(end + close.size());
    }
    if (!head.starts_with('<') || head.starts_with("<!")) return std::nullopt;
    head.remove_prefix(1);
    const auto end = head.find_first_of(" \t\r\n/>");
    if (end == 0 || end == std::string_view::npos) return std::nullopt;
    return std::string{head.substr(0, end)};
}

} // namespace sluice
