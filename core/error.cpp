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
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r' || message.back() == ' '))
        message.pop_back();
    for (auto& c : message) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    return message;
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
