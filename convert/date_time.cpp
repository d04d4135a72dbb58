#include "convert/date_time.hpp"

namespace sluice {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// `length` digits at `at`, or -1.
int number(std::string_view text, std::size_t at, std::size_t length)
{
    if (at + length > text.size()) return -1;
    int value = 0;
    for (std::size_t i = at; i < at + length; ++i) {
        if (!is_digit(text[i])) return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

void append_digits(std::string& out, int value, int width)
{
    char digits[8];
    for (int i = width - 1; i >= 0; --i) {
        digits[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out.append(digits, static_cast<std::size_t>(width));
}

} // namespace

DateTimeFault parse_iso_date(std::string_view text, DateTime& out)
{
    out = DateTime{};
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return DateTimeFault::malformed;
    const int y = number(text, 0, 4), m = number(text, 5, 2), d = number(text, 8, 2);
    if (y < 0 || m < 0 || d < 0) return DateTimeFault::malformed;
    out.date = std::chrono::year_month_day{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                           std::chrono::day(static_cast<unsigned>(d))};
    return DateTimeFault::none;
}

std::optional<std::chrono::year_month_day> parse_iso_date(std::string_view text)
{
    DateTime value;
    if (parse_iso_date(text, value) != DateTimeFault::none || !value.date.ok()) return std::nullopt;
    return value.date;
}

DateTimeFault parse_fraction(std::string_view digits, int& microsecond)
{
    if (digits.empty()) return DateTimeFault::malformed;
    microsecond = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (!is_digit(digits[i])) return DateTimeFault::malformed;
        if (i < 6) microsecond = microsecond * 10 + (digits[i] - '0');
        else if (digits[i] != '0') return DateTimeFault::too_precise;
    }
    for (std::size_t i = digits.size(); i < 6; ++i) microsecond *= 10;
    return DateTimeFault::none;
}

DateTimeFault parse_offset(std::string_view text, int& minutes)
{
    if (text == "Z" || text == "z") {
        minutes = 0;
        return DateTimeFault::none;
    }
    if (text.size() < 3 || (text[0] != '+' && text[0] != '-')) return DateTimeFault::malformed;
    const int hours = number(text, 1, 2);
    int mins = 0;
    if (text.size() == 6 && text[3] == ':') mins = number(text, 4, 2);
    else if (text.size() == 5) mins = number(text, 3, 2);
    else if (text.size() != 3) return DateTimeFault::malformed;
    if (hours < 0 || mins < 0) return DateTimeFault::malformed;
    if (hours > 15 || mins > 59) return DateTimeFault::no_such_offset;
    minutes = (text[0] == '-' ? -1 : 1) * (hours * 60 + mins);
    return DateTimeFault::none;
}

DateTimeFault parse_iso_date_time(std::string_view text, DateTime& out)
{
    out = DateTime{};
    // The date's shape first, the calendar in check(): "2023-02-29 10:00" is a timestamp's
    // shape, of a day that does not exist.
    if (text.size() < 16 || text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T') ||
        text[13] != ':')
        return DateTimeFault::malformed;
    const int y = number(text, 0, 4), m = number(text, 5, 2), d = number(text, 8, 2);
    out.hour = number(text, 11, 2);
    out.minute = number(text, 14, 2);
    if (y < 0 || m < 0 || d < 0 || out.hour < 0 || out.minute < 0) return DateTimeFault::malformed;
    out.date = std::chrono::year_month_day{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                           std::chrono::day(static_cast<unsigned>(d))};
    std::size_t i = 16;
    if (i < text.size() && text[i] == ':') {
        out.second = number(text, i + 1, 2);
        if (out.second < 0) return DateTimeFault::malformed;
        i += 3;
        if (i < text.size() && text[i] == '.') {
            std::size_t end = ++i;
            while (end < text.size() && is_digit(text[end])) ++end;
            if (const auto fault = parse_fraction(text.substr(i, end - i), out.microsecond); fault != DateTimeFault::none)
                return fault;
            i = end;
        }
    }
    if (i == text.size()) return DateTimeFault::none;
    int offset = 0;
    if (const auto fault = parse_offset(text.substr(i), offset); fault != DateTimeFault::none) return fault;
    out.offset_minutes = offset;
    return DateTimeFault::none;
}

DateTimeFault check(const DateTime& value)
{
    const int year = static_cast<int>(value.date.year());
    // Year 0 is not in the calendar Postgres counts (1 BC comes before AD 1); past 9999 the
    // four-digit forms this module reads and writes end.
    if (!value.date.ok() || year < 1 || year > 9999) return DateTimeFault::no_such_day;
    if (value.hour < 0 || value.hour > 23 || value.minute < 0 || value.minute > 59 || value.second < 0 ||
        value.second > 59 || value.microsecond < 0 || value.microsecond > 999'999)
        return DateTimeFault::no_such_time;
    if (value.offset_minutes && (*value.offset_minutes < -(15 * 60 + 59) || *value.offset_minutes > 15 * 60 + 59))
        return DateTimeFault::no_such_offset;
    return DateTimeFault::none;
}

void append_date(std::string& out, const DateTime& value)
{
    append_digits(out, static_cast<int>(value.date.year()), 4);
    out += '-';
    append_digits(out, static_cast<int>(static_cast<unsigned>(value.date.month())), 2);
    out += '-';
    append_digits(out, static_cast<int>(static_cast<unsigned>(value.date.day())), 2);
}

void append_timestamp(std::string& out, const DateTime& value, bool with_offset)
{
    append_date(out, value);
    out += ' ';
    append_digits(out, value.hour, 2);
    out += ':';
    append_digits(out, value.minute, 2);
    out += ':';
    append_digits(out, value.second, 2);
    if (value.microsecond != 0) {
        int digits = 6, fraction = value.microsecond;
        while (fraction % 10 == 0) {
            fraction /= 10;
            --digits;
        }
        out += '.';
        append_digits(out, fraction, digits);
    }
    if (with_offset) {
        const int offset = value.offset_minutes.value_or(0);
        out += offset < 0 ? '-' : '+';
        append_digits(out, (offset < 0 ? -offset : offset) / 60, 2);
        out += ':';
        append_digits(out, (offset < 0 ? -offset : offset) % 60, 2);
    }
}

std::int64_t day_number(const DateTime& value)
{
    return std::chrono::sys_days(value.date).time_since_epoch().count();
}

std::int64_t local_microseconds(const DateTime& value)
{
    const std::int64_t seconds = day_number(value) * 86'400 + value.hour * 3'600 + value.minute * 60 + value.second;
    return seconds * 1'000'000 + value.microsecond;
}

std::int64_t instant(const DateTime& value)
{
    return local_microseconds(value) - std::int64_t{value.offset_minutes.value_or(0)} * 60 * 1'000'000;
}

} // namespace sluice
