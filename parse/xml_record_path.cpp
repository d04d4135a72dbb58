#include "parse/xml_record_path.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace sluice {

namespace {

bool name_start(unsigned char c) { return c >= 0x80 || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool name_char(unsigned char c) { return name_start(c) || c == '-' || c == '.' || (c >= '0' && c <= '9'); }

[[noreturn]] void refuse(std::string_view kind, std::string_view path, std::string_view why)
{
    throw UsageError(fmt::format("bad XML {} path \"{}\": {}", kind, path, why));
}

// One step's name, "local" or "prefix:local", each part an XML name (NCName).
XmlName parse_name(std::string_view kind, std::string_view path, std::string_view step)
{
    const auto is_ncname = [](std::string_view part) {
        if (part.empty() || !name_start(static_cast<unsigned char>(part[0]))) return false;
        for (const char c : part)
            if (!name_char(static_cast<unsigned char>(c))) return false;
        return true;
    };
    if (step == "..") refuse(kind, path, "\"..\" is not supported: a path goes down from the record only");
    if (step == ".") refuse(kind, path, "\".\" is a path of its own (the record's text), not a step");
    if (step.find_first_of("*") != std::string_view::npos) refuse(kind, path, fmt::format("wildcards (\"{}\") are not supported; name the element", step));
    if (step.find_first_of("[]") != std::string_view::npos)
        refuse(kind, path, fmt::format("predicates (\"{}\") are not supported; every match is a value", step));
    if (step.find_first_of("()") != std::string_view::npos)
        refuse(kind, path, fmt::format("functions (\"{}\") are not supported; an element's text is its value", step));
    const auto colon = step.find(':');
    XmlName name;
    if (colon == std::string_view::npos) {
        name.local = step;
    } else {
        name.prefix = step.substr(0, colon);
        name.local = step.substr(colon + 1);
    }
    if ((colon != std::string_view::npos && !is_ncname(name.prefix)) || !is_ncname(name.local))
        refuse(kind, path, fmt::format("\"{}\" is not an XML name", step));
    return name;
}

// The steps of `path` between '/' (a part of the path `written`, named in messages).
std::vector<std::string_view> split(std::string_view kind, std::string_view written, std::string_view path)
{
    std::vector<std::string_view> steps;
    std::size_t from = 0;
    while (true) {
        const auto slash = path.find('/', from);
        const auto step = path.substr(from, slash == std::string_view::npos ? std::string_view::npos : slash - from);
        if (step.empty()) {
            // Between two slashes: "a//b".
            if (slash != std::string_view::npos && from > 0)
                refuse(kind, written, "\"//\" (descendants at any depth) is not supported; write each step");
            refuse(kind, written, "an empty step");
        }
        steps.push_back(step);
        if (slash == std::string_view::npos) return steps;
        from = slash + 1;
    }
}

} // namespace

XmlRecordPath XmlRecordPath::parse(std::string_view text)
{
    constexpr std::string_view kind = "record";
    if (text.empty()) refuse(kind, text, "it is empty; write the element path of one record, e.g. \"/posts/row\"");
    if (text.starts_with("//")) refuse(kind, text, "\"//\" (descendants at any depth) is not supported; write each step from the root");
    if (text[0] != '/') refuse(kind, text, fmt::format("it starts at the root: \"/{}\"", text));
    if (text == "/") refuse(kind, text, "it names no element; write the element path of one record, e.g. \"/posts/row\"");
    XmlRecordPath path;
    path.text = text;
    for (const auto step : split(kind, text, text.substr(1))) {
        if (step.starts_with('@')) refuse(kind, text, "a record is an element, not an attribute");
        path.steps.push_back(parse_name(kind, text, step));
    }
    return path;
}

XmlFieldPath XmlFieldPath::parse(std::string_view text)
{
    constexpr std::string_view kind = "field";
    XmlFieldPath path;
    path.text = text;
    if (text.empty()) refuse(kind, text, "it is empty; write \".\" for the record's own text");
    if (text == ".") return path;
    if (text.starts_with('/')) refuse(kind, text, "a field path is relative to the record: no leading '/'");
    const auto steps = split(kind, text, text);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto step = steps[i];
        if (step.starts_with('@')) {
            if (i + 1 != steps.size()) refuse(kind, text, "an attribute (\"@...\") can only be the last step");
            path.attribute = parse_name(kind, text, step.substr(1));
        } else {
            if (step.find('@') != std::string_view::npos) refuse(kind, text, fmt::format("\"{}\": write an attribute as its own step, \"a/@b\"", step));
            path.elements.push_back(parse_name(kind, text, step));
        }
    }
    return path;
}

} // namespace sluice
