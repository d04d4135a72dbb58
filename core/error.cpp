#include "core/error.hpp"

namespace sluice {

std::string describe(const SourcePosition& where)
{
    std::string out;
    if (where.line) {
        out = "line " + std::to_string(*where.line);
        if (where.column) out += ", column " + std::to_string(*where.column);
        if (where.byte) out += " (byte " + std::to_string(*where.byte) + ")";
    } else if (where.byte) {
        out = "byte " + std::to_string(*where.byte);
    }
    return out;
}

std::string one_line(std::string message)
{
    const auto breaks = [](char c) { return c == '\n' || c == '\r' || c == '\t'; };
    while (!message.empty() && (breaks(message.back()) || message.back() == ' ')) message.pop_back();
    // A run of blanks holding a line break or a tab (libpq ends a line with "\n\t") is one space.
    std::string out;
    for (std::size_t i = 0; i < message.size();) {
        if (message[i] != ' ' && !breaks(message[i])) {
            out += message[i++];
            continue;
        }
        auto end = i;
        bool broke = false;
        while (end < message.size() && (message[end] == ' ' || breaks(message[end]))) broke |= breaks(message[end++]);
        out += broke ? std::string{" "} : message.substr(i, end - i);
        i = end;
    }
    return out;
}

namespace {

std::string render(const std::string& source, const std::string& detail, const SourcePosition& where)
{
    std::string out = source;
    const std::string position = describe(where);
    if (!position.empty()) out += ": " + position;
    out += ": " + detail;
    return out;
}

} // namespace

Error::Error(std::string source, std::string detail, SourcePosition where)
    : std::runtime_error(render(source, detail, where)),
      source_(std::move(source)),
      detail_(std::move(detail)),
      where_(where)
{
}

} // namespace sluice
