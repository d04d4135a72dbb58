#include "convert/date_time_format.hpp"

#include "core/error.hpp"

#include <array>

namespace sluice {

namespace {

constexpr std::array<std::string_view, 12> kMonths{"january", "february", "march",     "april",   "may",      "june",
                                                   "july",    "august",   "september", "october", "november", "december"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix)
{
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (lower(text[i]) != prefix[i]) return false;
    return true;
}

// At least `min` and at most `max` digits at `i` (as many as there are), or -1.
int digits(std::string_view text, std::size_t& i, std::size_t min, std::size_t max)
{
    int value = 0;
    std::size_t n = 0;
    while (n < max && i + n < text.size() && is_digit(text[i + n])) value = value * 10 + (text[i + n++] - '0');
    if (n < min) return -1;
    i += n;
    return value;
}

} // namespace

DateTimeFormat::DateTimeFormat(std::string_view pattern) : pattern_(pattern)
{
    bool year = false, month = false, day = false;
    std::string seen;  // the directives met, to refuse one given twice
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '%' || (i + 1 < pattern.size() && pattern[i + 1] == '%')) {
            if (pattern[i] == '%') ++i;
            if (pieces_.empty() || pieces_.back().field != Field::literal) pieces_.push_back({Field::literal, {}});
            pieces_.back().literal += pattern[i];
            continue;
        }
        if (i + 1 == pattern.size())
            throw UsageError("format \"" + pattern_ + "\" ends in a lone '%' (write %% for a '%')");
        const char directive = pattern[++i];
        Field field{};
        switch (directive) {
        case 'Y': field = Field::year4; year = true; break;
        case 'y': field = Field::year2; year = true; break;
        case 'm': field = Field::month; month = true; break;
        case 'b': field = Field::month_name; month = true; break;
        case 'd': field = Field::day; day = true; break;
        case 'H': field = Field::hour; has_time_ = true; break;
        case 'M': field = Field::minute; has_time_ = true; break;
        case 'S': field = Field::second; has_time_ = true; break;
        case 'f': field = Field::fraction; has_time_ = true; break;
        case 'z': field = Field::offset; has_offset_ = true; break;
        default:
            throw UsageError("format \"" + pattern_ + "\": unknown directive %" + std::string(1, directive) +
                             " (known: %Y %y %m %b %d %H %M %S %f %z %%)");
        }
        // %Y and %y, %m and %b name the same field: either given twice is one field read twice.
        const char slot = field == Field::year2 ? 'Y' : field == Field::month_name ? 'm' : directive;
        if (seen.find(slot) != std::string::npos)
            throw UsageError("format \"" + pattern_ + "\" gives %" + std::string(1, directive) + "'s field twice");
        seen += slot;
        pieces_.push_back({field, {}});
    }
    if (!year || !month || !day)
        throw UsageError("format \"" + pattern_ + "\" needs a year (%Y or %y), a month (%m or %b) and a day (%d)");
}

DateTimeFault DateTimeFormat::parse(std::string_view text, DateTime& out) const
{
    out = DateTime{};
    int year = 0, month = 0, day = 0;
    std::size_t i = 0;
    for (const auto& piece : pieces_) {
        int value = 0;
        switch (piece.field) {
        case Field::literal:
            if (text.substr(i, piece.literal.size()) != piece.literal) return DateTimeFault::malformed;
            i += piece.literal.size();
            continue;
        case Field::year4: value = year = digits(text, i, 4, 4); break;
        case Field::year2:
            value = digits(text, i, 2, 2);
            year = value < 0 ? -1 : value + (value >= 69 ? 1900 : 2000);
            break;
        case Field::month: value = month = digits(text, i, 1, 2); break;
        case Field::month_name: {
            value = -1;
            // Full names first: "May" is both, and "March" must not stop at "Mar".
            for (std::size_t m = 0; m < kMonths.size() && value < 0; ++m) {
                for (const auto name : {kMonths[m], kMonths[m].substr(0, 3)}) {
                    if (!starts_with_ignoring_case(text.substr(i), name)) continue;
                    i += name.size();
                    value = month = static_cast<int>(m) + 1;
                    break;
                }
            }
            break;
        }
        case Field::day: value = day = digits(text, i, 1, 2); break;
        case Field::hour: value = out.hour = digits(text, i, 1, 2); break;
        case Field::minute: value = out.minute = digits(text, i, 1, 2); break;
        case Field::second: value = out.second = digits(text, i, 1, 2); break;
        case Field::fraction: {
            std::size_t end = i;
            while (end < text.size() && is_digit(text[end])) ++end;
            if (const auto fault = parse_fraction(text.substr(i, end - i), out.microsecond); fault != DateTimeFault::none)
                return fault;
            i = end;
            break;
        }
        case Field::offset: {
            std::size_t end = i;
            if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
                end = i + 1;
            } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
                end = i + 1;
                while (end < text.size() && end < i + 6 && (is_digit(text[end]) || (text[end] == ':' && end == i + 3)))
                    ++end;
            }
            int minutes = 0;
            if (const auto fault = parse_offset(text.substr(i, end - i), minutes); fault != DateTimeFault::none)
                return fault;
            out.offset_minutes = minutes;
            i = end;
            break;
        }
        }
        if (value < 0) return DateTimeFault::malformed;
    }
    if (i != text.size()) return DateTimeFault::malformed;
    out.date = std::chrono::year_month_day{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                           std::chrono::day(static_cast<unsigned>(day))};
    return DateTimeFault::none;
}

} // namespace sluice
