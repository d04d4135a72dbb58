#include "parse/type_guess.hpp"

namespace sluice {

TypeCandidates::TypeCandidates()
{
    const auto add = [this](std::string type, std::optional<std::string> format = {}) {
        ColumnRule rule;
        rule.format = format;
        auto converter = ValueConverter("sample", *parse_value_type(type), rule);
        candidates_.push_back({std::move(type), std::move(format), std::move(converter)});
    };
    add("boolean");
    add("integer");
    add("bigint");
    add("numeric");
    add("double precision");
    add("date");
    // A dotted date is European; with slashes the day-first reading comes before the month-first
    // one (a sample whose days are all 12 or less fits both, and is read day first).
    add("date", "%d.%m.%Y");
    add("date", "%d/%m/%Y");
    add("date", "%m/%d/%Y");
    add("timestamp");
    add("timestamptz");
}

void TypeGuess::see(std::string_view value, TypeCandidates& candidates)
{
    if (value.empty()) return;
    ++values_;
    if (value.size() > kMaxValueBytes) {
        alive_ = 0;
        return;
    }
    auto& all = candidates.candidates_;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const std::uint32_t bit = std::uint32_t{1} << i;
        if ((alive_ & bit) == 0) continue;
        if (!all[i].converter.convert(value).is_value()) alive_ &= ~bit;
        else if (i == 0 && value != "0" && value != "1") boolean_word_ = true;
    }
}

std::optional<std::size_t> TypeGuess::winner(const TypeCandidates& candidates) const
{
    if (values_ == 0) return std::nullopt;
    for (std::size_t i = 0; i < candidates.candidates_.size(); ++i) {
        if ((alive_ & (std::uint32_t{1} << i)) == 0) continue;
        if (i == 0 && !boolean_word_) continue;
        return i;
    }
    return std::nullopt;
}

std::string TypeGuess::type(const TypeCandidates& candidates) const
{
    const auto i = winner(candidates);
    return i ? candidates.candidates_[*i].type : "text";
}

std::optional<std::string> TypeGuess::format(const TypeCandidates& candidates) const
{
    const auto i = winner(candidates);
    return i ? candidates.candidates_[*i].format : std::nullopt;
}

} // namespace sluice
