#include "core/cron_schedule.hpp"

#include "core/error.hpp"

#include <unicode/basictz.h>
#include <unicode/timezone.h>
#include <unicode/ucal.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <charconv>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

namespace sluice {

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;
// Dates and weekdays repeat every 400 Gregorian years (146097 days, a whole number of weeks), so a
// day that matches at all matches within one cycle of any start.
constexpr std::int64_t kSearchDays = 146097;

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kDayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
// The longest each month can be; February counts its leap day.
constexpr std::array<int, 13> kLongestMonth = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

struct FieldSpec {
    std::string_view name;  // as the error messages call it
    int min;
    int max;
    const std::string_view* names = nullptr;  // names[i] means min + i
    std::size_t name_count = 0;
    std::string_view name_hint = {};  // what a bad name should have been
};

constexpr FieldSpec kSecond{"second", 0, 59};
constexpr FieldSpec kMinute{"minute", 0, 59};
constexpr FieldSpec kHour{"hour", 0, 23};
constexpr FieldSpec kDayOfMonth{"day-of-month", 1, 31};
constexpr FieldSpec kMonth{"month", 1, 12, kMonthNames.data(), kMonthNames.size(), "not a month (1-12 or JAN-DEC)"};
constexpr FieldSpec kDayOfWeek{"day-of-week", 0, 7, kDayNames.data(), kDayNames.size(),
                               "not a day of the week (0-7 or SUN-SAT)"};

struct Macro {
    std::string_view name;
    std::string_view fields;
};

constexpr std::array<Macro, 7> kMacros = {{
    {"@yearly", "0 0 1 1 *"},
    {"@annually", "0 0 1 1 *"},
    {"@monthly", "0 0 1 * *"},
    {"@weekly", "0 0 * * 0"},
    {"@daily", "0 0 * * *"},
    {"@midnight", "0 0 * * *"},
    {"@hourly", "0 * * * *"},
}};

[[noreturn]] void reject(const std::string& message)
{
    throw UsageError("--cron: " + message);
}

[[noreturn]] void reject_field(const FieldSpec& field, std::string_view text, std::string_view problem)
{
    reject(std::string{field.name} + " field '" + std::string{text} + "': " + std::string{problem});
}

std::string range_text(int min, int max)
{
    return std::to_string(min) + "-" + std::to_string(max);
}

std::string to_lower(std::string_view text)
{
    std::string out{text};
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_space(char c)
{
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

std::vector<std::string_view> split_words(std::string_view text)
{
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) ++i;
        const auto begin = i;
        while (i < text.size() && !is_space(text[i])) ++i;
        if (i > begin) words.push_back(text.substr(begin, i - begin));
    }
    return words;
}

std::optional<int> parse_digits(std::string_view text)
{
    if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    // Too many digits for an int is out of range, which the caller reports.
    if (error == std::errc::result_out_of_range) return std::numeric_limits<int>::max();
    return value;
}

// One value of a field: a number or, for months and days of the week, a three-letter name.
// Problems are reported against `item`, the list item the value came from.
int parse_value(const FieldSpec& field, std::string_view text, std::string_view item)
{
    if (text.empty()) reject_field(field, item, "missing value");
    if (const auto number = parse_digits(text)) {
        if (*number < field.min || *number > field.max)
            reject_field(field, item, "out of range " + range_text(field.min, field.max));
        return *number;
    }
    const auto upper_equal = [&](std::string_view name) {
        return name.size() == text.size() && std::equal(name.begin(), name.end(), text.begin(), [](char a, char b) {
                   return a == std::toupper(static_cast<unsigned char>(b));
               });
    };
    for (std::size_t i = 0; i < field.name_count; ++i) {
        if (upper_equal(field.names[i])) return field.min + static_cast<int>(i);
    }
    reject_field(field, item, field.names ? field.name_hint : "not a number");
}

// Adds one list item ("5", "1-5", "*/10", "1-30/7", "10/5") to `bits`.
void parse_item(const FieldSpec& field, std::string_view item, std::uint64_t& bits)
{
    const auto slash = item.find('/');
    const auto base = item.substr(0, slash);
    int step = 1;
    if (slash != std::string_view::npos) {
        const auto step_text = item.substr(slash + 1);
        if (step_text.empty()) reject_field(field, item, "missing step after '/'");
        const auto parsed = parse_digits(step_text);
        if (!parsed) reject_field(field, item, "step is not a number");
        // A step longer than the field's span only ever hits its start: "*/90" in minutes is more
        // likely a hope for "every 90 minutes", which cron cannot express, than a way to write "0".
        if (*parsed < 1 || *parsed > field.max - field.min)
            reject_field(field, item, "step out of range " + range_text(1, field.max - field.min));
        step = *parsed;
    }

    int low = field.min;
    int high = field.max;
    if (base != "*") {
        const auto dash = base.find('-');
        if (dash == std::string_view::npos) {
            low = parse_value(field, base, item);
            high = slash == std::string_view::npos ? low : field.max;
        } else {
            low = parse_value(field, base.substr(0, dash), item);
            high = parse_value(field, base.substr(dash + 1), item);
            if (low > high) reject_field(field, item, "reversed range (" + std::to_string(low) + " > " +
                                                          std::to_string(high) + ")");
        }
    }
    for (int value = low; value <= high; value += step) bits |= std::uint64_t{1} << value;
}

std::uint64_t parse_field(const FieldSpec& field, std::string_view text)
{
    std::uint64_t bits = 0;
    std::size_t begin = 0;
    while (true) {
        const auto comma = text.find(',', begin);
        const auto item = text.substr(begin, comma == std::string_view::npos ? std::string_view::npos : comma - begin);
        if (item.empty()) reject_field(field, text, "empty list item");
        parse_item(field, item, bits);
        if (comma == std::string_view::npos) break;
        begin = comma + 1;
    }
    return bits;
}

// The lowest set bit at or above `from`, or 64 when there is none.
int next_bit(std::uint64_t bits, int from) noexcept
{
    if (from >= 64) return 64;
    const auto rest = bits & (~std::uint64_t{0} << from);
    return rest == 0 ? 64 : std::countr_zero(rest);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);
}

std::string from_unicode(const icu::UnicodeString& text)
{
    std::string out;
    text.toUTF8String(out);
    return out;
}

} // namespace

struct CronSchedule::Zone {
    std::string name;
    std::unique_ptr<icu::BasicTimeZone> zone;

    // Local wall-clock seconds minus UTC seconds at a UTC instant.
    std::int64_t offset_at(std::int64_t utc_seconds) const
    {
        std::int32_t raw = 0;
        std::int32_t dst = 0;
        UErrorCode status = U_ZERO_ERROR;
        zone->getOffset(static_cast<UDate>(utc_seconds) * 1000.0, false, raw, dst, status);
        check(status);
        return (static_cast<std::int64_t>(raw) + dst) / 1000;
    }

    // The first UTC instant whose local time is `local_seconds`, or nothing in a spring-forward gap.
    std::optional<std::int64_t> first_instant(std::int64_t local_seconds) const
    {
        // ICU gives the reading before and after a nearby transition; each is kept only if it
        // maps back to the same local time, which a time in a gap does under neither reading.
        std::optional<std::int64_t> first;
        for (const auto option : {UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_LATTER}) {
            std::int32_t raw = 0;
            std::int32_t dst = 0;
            UErrorCode status = U_ZERO_ERROR;
            zone->getOffsetFromLocal(static_cast<UDate>(local_seconds) * 1000.0, option, option, raw, dst, status);
            check(status);
            const auto utc = local_seconds - (static_cast<std::int64_t>(raw) + dst) / 1000;
            if (utc + offset_at(utc) == local_seconds && (!first || utc < *first)) first = utc;
        }
        return first;
    }

    void check(UErrorCode status) const
    {
        if (U_FAILURE(status)) throw Error("time zone " + name, std::string{"ICU: "} + u_errorName(status));
    }
};

CronSchedule CronSchedule::parse(const std::string& expression, const std::string& time_zone)
{
    CronSchedule schedule;
    schedule.expression_ = expression;
    schedule.time_zone_ = time_zone;

    auto words = split_words(expression);
    if (words.empty()) reject("empty expression");
    if (words.front().starts_with('@')) {
        const auto name = to_lower(words.front());
        const auto macro = std::find_if(kMacros.begin(), kMacros.end(), [&](const Macro& m) { return m.name == name; });
        if (macro == kMacros.end())
            reject("unknown macro '" + std::string{words.front()} +
                   "' (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)");
        if (words.size() > 1) reject("macro '" + std::string{words.front()} + "' takes no fields");
        words = split_words(macro->fields);
    }

    // Quoted in messages with single spaces, so a tab or newline cannot break the one-line rule.
    std::string joined;
    for (const auto word : words) joined += (joined.empty() ? "" : " ") + std::string{word};
    if (words.size() != 5 && words.size() != 6) {
        reject("expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got " +
               std::to_string(words.size()) + " in '" + joined + "'");
    }
    schedule.has_seconds_ = words.size() == 6;
    const auto first = schedule.has_seconds_ ? 1 : 0;
    schedule.seconds_ = schedule.has_seconds_ ? parse_field(kSecond, words[0]) : 1;
    schedule.minutes_ = parse_field(kMinute, words[first]);
    schedule.hours_ = parse_field(kHour, words[first + 1]);
    schedule.days_of_month_ = parse_field(kDayOfMonth, words[first + 2]);
    schedule.months_ = parse_field(kMonth, words[first + 3]);
    auto days_of_week = parse_field(kDayOfWeek, words[first + 4]);
    if (days_of_week & (std::uint64_t{1} << 7)) days_of_week = (days_of_week | 1) & ~(std::uint64_t{1} << 7);
    schedule.days_of_week_ = days_of_week;
    schedule.day_of_month_star_ = words[first + 2].starts_with('*');
    schedule.day_of_week_star_ = words[first + 4].starts_with('*');

    // With the OR rule any weekday makes a match; otherwise some listed day must exist in some
    // listed month, and an existing date falls on every weekday within a 400-year cycle.
    const bool either_day = !schedule.day_of_month_star_ && !schedule.day_of_week_star_;
    bool some_date = false;
    for (int month = 1; month <= 12; ++month) {
        const auto longest = (std::uint64_t{1} << (kLongestMonth[month] + 1)) - 1;
        if ((schedule.months_ >> month & 1) && (schedule.days_of_month_ & longest)) some_date = true;
    }
    if (!either_day && !some_date)
        reject("'" + joined + "' never fires: day-of-month '" + std::string{words[first + 2]} +
               "' does not exist in month '" + std::string{words[first + 3]} + "'");

    // ICU quietly turns a name it does not know into "Etc/Unknown" (GMT), and also accepts
    // custom "GMT+05:00" IDs; only its system IDs are the tzdata names the option promises.
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString canonical;
    UBool is_system_id = false;
    const auto id = icu::UnicodeString::fromUTF8(time_zone);
    icu::TimeZone::getCanonicalID(id, canonical, is_system_id, status);
    if (U_FAILURE(status) || !is_system_id)
        throw UsageError("--tz: unknown time zone '" + time_zone + "' (expected an IANA name such as Europe/Berlin)");
    auto zone = std::make_shared<Zone>();
    zone->name = time_zone;
    std::unique_ptr<icu::TimeZone> created{icu::TimeZone::createTimeZone(id)};
    // Every system zone is an OlsonTimeZone, a BasicTimeZone; the check guards the cast only.
    if (auto* basic = dynamic_cast<icu::BasicTimeZone*>(created.get())) {
        created.release();
        zone->zone.reset(basic);
    } else {
        throw Error("time zone " + time_zone, "ICU returned '" + from_unicode(canonical) +
                                                  "' without local-time offsets");
    }
    schedule.zone_ = std::move(zone);
    return schedule;
}

bool CronSchedule::day_matches(unsigned day_of_month, unsigned day_of_week) const noexcept
{
    const bool by_month = (days_of_month_ >> day_of_month & 1) != 0;
    const bool by_week = (days_of_week_ >> day_of_week & 1) != 0;
    return day_of_month_star_ || day_of_week_star_ ? by_month && by_week : by_month || by_week;
}

int CronSchedule::next_time_of_day(int from) const noexcept
{
    const int from_hour = from / 3600;
    const int from_minute = from / 60 % 60;
    const int from_second = from % 60;
    for (int hour = next_bit(hours_, from_hour); hour < 24; hour = next_bit(hours_, hour + 1)) {
        const int minute_start = hour == from_hour ? from_minute : 0;
        for (int minute = next_bit(minutes_, minute_start); minute < 60; minute = next_bit(minutes_, minute + 1)) {
            const int second = next_bit(seconds_, hour == from_hour && minute == from_minute ? from_second : 0);
            if (second < 60) return hour * 3600 + minute * 60 + second;
        }
    }
    return -1;
}

std::chrono::system_clock::time_point CronSchedule::next_after(std::chrono::system_clock::time_point after) const
{
    using namespace std::chrono;
    const auto after_seconds = floor<seconds>(after).time_since_epoch().count();
    // Fire times are whole seconds, so "strictly after `after`" is "after its whole second".
    const auto local_start = after_seconds + zone_->offset_at(after_seconds);
    // Searching local time upward from the local time of `after` finds fire times in order: each
    // local time's first instant rises with the local time, and none below the start is later
    // than `after` (at most an earlier instant of the same local time, after a clock went back).
    std::int64_t day = floor_div(local_start, kSecondsPerDay);
    int from = static_cast<int>(local_start - day * kSecondsPerDay);
    const auto last_day = day + kSearchDays;
    while (day <= last_day) {
        const year_month_day date{sys_days{days{day}}};
        const auto month = static_cast<unsigned>(date.month());
        if ((months_ >> month & 1) == 0) {
            day = sys_days{year_month_day{date.year() / date.month() / 1} + months{1}}.time_since_epoch().count();
            from = 0;
            continue;
        }
        if (day_matches(static_cast<unsigned>(date.day()), weekday{sys_days{days{day}}}.c_encoding())) {
            for (int time = next_time_of_day(from); time >= 0; time = next_time_of_day(time + 1)) {
                const auto utc = zone_->first_instant(day * kSecondsPerDay + time);
                if (!utc || *utc <= after_seconds) continue;
                constexpr auto latest = duration_cast<seconds>(system_clock::duration::max()).count();
                if (*utc > latest)
                    throw Error("cron schedule '" + expression_ + "'",
                                "the next fire time is past the last time the system clock can represent");
                return system_clock::time_point{duration_cast<system_clock::duration>(seconds{*utc})};
            }
        }
        ++day;
        from = 0;
    }
    throw Error("cron schedule '" + expression_ + "' in " + time_zone_,
                "no local time matches within 400 years (every match falls in a daylight saving gap)");
}

} // namespace sluice
