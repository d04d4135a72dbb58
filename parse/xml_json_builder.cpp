#include "parse/xml_json_builder.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sluice {

std::string_view xml_attribute_value(const xmlChar* begin, const xmlChar* end, std::string& scratch)
{
    constexpr std::string_view kAmpersand = "&#38;";
    std::string_view value{reinterpret_cast<const char*>(begin), static_cast<std::size_t>(end - begin)};
    auto at = value.find(kAmpersand);
    if (at == std::string_view::npos) return value;
    scratch.clear();
    while (at != std::string_view::npos) {
        scratch.append(value.substr(0, at));
        scratch += '&';
        value.remove_prefix(at + kAmpersand.size());
        at = value.find(kAmpersand);
    }
    scratch.append(value);
    return scratch;
}

void append_json_string(std::string_view text, std::string& out)
{
    out += '"';
    std::size_t plain = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.substr(plain, i - plain));
        plain = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: out += fmt::format("\\u{:04x}", c);
        }
    }
    out.append(text.substr(plain));
    out += '"';
}

XmlJsonBuilder::Range XmlJsonBuilder::keep(std::string_view bytes)
{
    const auto begin = static_cast<std::uint32_t>(chars_.size());
    chars_.append(bytes);
    return {begin, static_cast<std::uint32_t>(chars_.size())};
}

void XmlJsonBuilder::start(const xmlChar* local, const xmlChar* prefix, int attribute_count, const xmlChar** attributes)
{
    if (open_ < 0) {
        chars_.clear();
        nodes_.clear();
        attributes_.clear();
        texts_.clear();
    }
    const auto qualified = [&](const xmlChar* name, const xmlChar* name_prefix) {
        const auto begin = static_cast<std::uint32_t>(chars_.size());
        if (name_prefix) {
            chars_ += reinterpret_cast<const char*>(name_prefix);
            chars_ += ':';
        }
        chars_ += reinterpret_cast<const char*>(name);
        return Range{begin, static_cast<std::uint32_t>(chars_.size())};
    };
    Node node;
    node.name = qualified(local, prefix);
    node.parent = open_;
    node.first_attribute = static_cast<std::uint32_t>(attributes_.size());
    for (int i = 0; i < attribute_count; ++i) {
        const xmlChar** a = attributes + 5 * i;
        Attribute attribute;
        attribute.name = qualified(a[0], a[1]);
        attribute.value = keep(xml_attribute_value(a[3], a[4], scratch_));
        attributes_.push_back(attribute);
    }
    node.attributes = static_cast<std::uint32_t>(attribute_count);
    const auto index = static_cast<std::int32_t>(nodes_.size());
    nodes_.push_back(node);
    if (open_ >= 0) {
        auto& parent = nodes_[static_cast<std::size_t>(open_)];
        if (parent.last_child >= 0) nodes_[static_cast<std::size_t>(parent.last_child)].next_sibling = index;
        else parent.first_child = index;
        parent.last_child = index;
    }
    open_ = index;
}

void XmlJsonBuilder::text(std::string_view text)
{
    if (open_ < 0) return;
    auto& node = nodes_[static_cast<std::size_t>(open_)];
    const auto index = static_cast<std::int32_t>(texts_.size());
    texts_.push_back({keep(text), -1});
    if (node.last_text >= 0) texts_[static_cast<std::size_t>(node.last_text)].next = index;
    else node.first_text = index;
    node.last_text = index;
}

bool XmlJsonBuilder::end(std::string& out)
{
    const auto ended = open_;
    open_ = nodes_[static_cast<std::size_t>(ended)].parent;
    if (open_ >= 0) return false;
    out.clear();
    write(ended, out);
    return true;
}

void XmlJsonBuilder::write_text(const Node& node, std::string& out) const
{
    std::string text;
    for (auto t = node.first_text; t >= 0; t = texts_[static_cast<std::size_t>(t)].next)
        text += view(texts_[static_cast<std::size_t>(t)].range);
    append_json_string(text, out);
}

void XmlJsonBuilder::write(std::int32_t index, std::string& out) const
{
    const auto& node = nodes_[static_cast<std::size_t>(index)];
    if (node.attributes == 0 && node.first_child < 0) return write_text(node, out);
    out += '{';
    bool first = true;
    const auto key = [&](std::string_view prefix, std::string_view name) {
        if (!first) out += ',';
        first = false;
        append_json_string(std::string{prefix} + std::string{name}, out);
        out += ':';
    };
    for (std::uint32_t i = 0; i < node.attributes; ++i) {
        const auto& attribute = attributes_[node.first_attribute + i];
        key("@", view(attribute.name));
        append_json_string(view(attribute.value), out);
    }
    // Children by name, each name where it first occurs: sorted by (name, position), a stable
    // order that groups them, then the groups by their first position.
    std::vector<std::int32_t> children;
    for (auto c = node.first_child; c >= 0; c = nodes_[static_cast<std::size_t>(c)].next_sibling) children.push_back(c);
    const auto name_of = [&](std::int32_t c) { return view(nodes_[static_cast<std::size_t>(c)].name); };
    std::stable_sort(children.begin(), children.end(), [&](auto a, auto b) { return name_of(a) < name_of(b); });
    std::vector<std::pair<std::size_t, std::size_t>> groups;  // [begin, end) in `children`
    for (std::size_t i = 0; i < children.size();) {
        std::size_t j = i + 1;
        while (j < children.size() && name_of(children[j]) == name_of(children[i])) ++j;
        groups.emplace_back(i, j);
        i = j;
    }
    std::sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) { return children[a.first] < children[b.first]; });
    for (const auto& [begin, end] : groups) {
        key("", name_of(children[begin]));
        if (end - begin > 1) out += '[';
        for (auto i = begin; i < end; ++i) {
            if (i > begin) out += ',';
            write(children[i], out);
        }
        if (end - begin > 1) out += ']';
    }
    bool blank = true;
    for (auto t = node.first_text; t >= 0 && blank; t = texts_[static_cast<std::size_t>(t)].next)
        blank = view(texts_[static_cast<std::size_t>(t)].range).find_first_not_of(" \t\r\n") == std::string_view::npos;
    if (!blank) {
        key("", "#text");
        write_text(node, out);
    }
    out += '}';
}

} // namespace sluice
