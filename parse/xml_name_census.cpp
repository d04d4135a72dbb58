#include "parse/xml_name_census.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sluice {

void XmlNameCensus::note(const xmlChar* local, const xmlChar* prefix)
{
    std::string name = prefix ? reinterpret_cast<const char*>(prefix) + std::string{":"} : std::string{};
    name += reinterpret_cast<const char*>(local);
    if (names_.empty() && others_ == 0) first_ = name;
    for (auto& [seen, count] : names_) {
        if (seen == name) {
            ++count;
            return;
        }
    }
    if (names_.size() < kMaxNamesShown * 4) names_.emplace_back(std::move(name), 1);
    else ++others_;
}

void XmlNameCensus::clear()
{
    names_.clear();
    others_ = 0;
    first_.clear();
}

std::string XmlNameCensus::found() const
{
    if (names_.empty()) return "it holds no elements";
    auto names = names_;
    std::stable_sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string what = "found ";
    for (std::size_t i = 0; i < names.size() && i < kMaxNamesShown; ++i)
        what += fmt::format("{}{} <{}>", i ? ", " : "", names[i].second, names[i].first);
    std::uint64_t others = others_;
    for (std::size_t i = kMaxNamesShown; i < names.size(); ++i) others += names[i].second;
    if (others > 0) what += fmt::format(" and {} other elements", others);
    return what;
}

} // namespace sluice
