#include "core/cron_schedule.hpp"

#include "core/error.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using sluice::CronSchedule;
using Clock = std::chrono::system_clock;

namespace {

// "2026-03-08T07:00:00Z", optionally with up to nine fraction digits before the Z.
Clock::time_point at(const std::string& iso)
{
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int consumed = 0;
    REQUIRE(std::sscanf(iso.c_str(), "%d-%u-%uT%d:%d:%d%n", &year, &month, &day, &hour, &minute, &second,
                        &consumed) == 6);
    std::chrono::nanoseconds fraction{0};
    std::size_t i = static_cast<std::size_t>(consumed);
    if (i < iso.size() && iso[i] == '.') {
        long long scale = 100'000'000;
        for (++i; i < iso.size() && iso[i] >= '0' && iso[i] <= '9'; ++i, scale /= 10)
            fraction += std::chrono::nanoseconds{(iso[i] - '0') * scale};
    }
    REQUIRE(iso.substr(i) == "Z");
    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    REQUIRE(date.ok());
    return Clock::time_point{std::chrono::duration_cast<Clock::duration>(
        std::chrono::sys_days{date}.time_since_epoch() + std::chrono::hours{hour} + std::chrono::minutes{minute} +
        std::chrono::seconds{second} + fraction)};
}

// The inverse of at(); a fraction is shown only when there is one, so a fire time that is not a
// whole second cannot compare equal to an expected "...:00Z".
std::string iso(Clock::time_point time)
{
    using namespace std::chrono;
    const auto day = floor<days>(time);
    const year_month_day date{day};
    const hh_mm_ss clock{duration_cast<nanoseconds>(time - day)};
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02lld:%02lld:%02lld", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<long long>(clock.hours().count()), static_cast<long long>(clock.minutes().count()),
                  static_cast<long long>(clock.seconds().count()));
    std::string out = text;
    if (clock.subseconds().count() != 0) {
        std::snprintf(text, sizeof text, ".%09lld", static_cast<long long>(clock.subseconds().count()));
        out += text;
    }
    return out + "Z";
}

// The next `count` fire times strictly after `from`, each found from the one before.
std::vector<std::string> fires(const CronSchedule& schedule, const std::string& from, int count)
{
    std::vector<std::string> out;
    auto time = at(from);
    for (int i = 0; i < count; ++i) {
        time = schedule.next_after(time);
        out.push_back(iso(time));
    }
    return out;
}

std::vector<std::string> fires(const std::string& expression, const std::string& from, int count,
                               const std::string& zone = "UTC")
{
    return fires(CronSchedule::parse(expression, zone), from, count);
}

std::string next(const std::string& expression, const std::string& from, const std::string& zone = "UTC")
{
    return iso(CronSchedule::parse(expression, zone).next_after(at(from)));
}

// The UsageError message parse() throws, or "(accepted)".
std::string rejection(const std::string& expression, const std::string& zone = "UTC")
{
    try {
        (void)CronSchedule::parse(expression, zone);
    } catch (const sluice::UsageError& error) {
        return error.what();
    }
    return "(accepted)";
}

using Strings = std::vector<std::string>;

// An oracle that shares no code with the engine: glibc's localtime_r over the system tzdata
// (the engine uses ICU's own copy), scanning every `step` seconds in UTC. A local time fires at
// its first occurrence only, so an instant is skipped when the same local time was already shown
// by an instant up to two hours earlier (clocks go back by 30 minutes to 2 hours).
class LocalClock {
public:
    explicit LocalClock(const char* zone)
    {
        if (const char* old = std::getenv("TZ")) saved_ = old;
        ::setenv("TZ", zone, 1);
        ::tzset();
    }
    ~LocalClock()
    {
        if (saved_) ::setenv("TZ", saved_->c_str(), 1);
        else ::unsetenv("TZ");
        ::tzset();
    }
    LocalClock(const LocalClock&) = delete;
    LocalClock& operator=(const LocalClock&) = delete;

    static std::tm local(long long utc_seconds)
    {
        const std::time_t time = static_cast<std::time_t>(utc_seconds);
        std::tm out{};
        // Not REQUIRE: this runs a million times per test, and each would count as an assertion.
        if (::localtime_r(&time, &out) == nullptr) throw std::runtime_error("localtime_r failed");
        return out;
    }

private:
    std::optional<std::string> saved_;
};

bool same_wall_clock(const std::tm& a, const std::tm& b)
{
    return a.tm_year == b.tm_year && a.tm_mon == b.tm_mon && a.tm_mday == b.tm_mday && a.tm_hour == b.tm_hour &&
           a.tm_min == b.tm_min && a.tm_sec == b.tm_sec;
}

long long seconds_of(const std::string& iso_time)
{
    return std::chrono::duration_cast<std::chrono::seconds>(at(iso_time).time_since_epoch()).count();
}

using Predicate = bool (*)(const std::tm&);

Strings brute_force(Predicate matches, const char* zone, const std::string& from, const std::string& to, int step)
{
    const LocalClock clock(zone);
    Strings out;
    const auto end = seconds_of(to);
    for (auto utc = seconds_of(from) + step; utc <= end; utc += step) {
        const auto local = LocalClock::local(utc);
        if (!matches(local)) continue;
        bool first = true;
        for (int back = 1800; back <= 7200; back += 1800)
            if (same_wall_clock(LocalClock::local(utc - back), local)) first = false;
        if (first) out.push_back(iso(Clock::time_point{std::chrono::seconds{utc}}));
    }
    return out;
}

Strings engine(const std::string& expression, const char* zone, const std::string& from, const std::string& to)
{
    const auto schedule = CronSchedule::parse(expression, zone);
    Strings out;
    const auto end = at(to);
    for (auto time = schedule.next_after(at(from)); time <= end; time = schedule.next_after(time))
        out.push_back(iso(time));
    return out;
}

bool in(int value, std::initializer_list<int> values)
{
    for (const int v : values)
        if (v == value) return true;
    return false;
}

} // namespace

TEST_CASE("cron: the test's time helpers agree with known epoch seconds")
{
    CHECK(seconds_of("1970-01-01T00:00:00Z") == 0);
    CHECK(seconds_of("2026-03-08T07:00:00Z") == 1772953200);
    CHECK(seconds_of("2028-02-29T00:00:00Z") == 1835395200);
    CHECK(seconds_of("1969-12-31T23:59:59Z") == -1);
    CHECK(at("1969-12-31T23:59:59.5Z").time_since_epoch() == std::chrono::milliseconds{-500});
    CHECK(iso(at("2028-02-29T23:59:58Z")) == "2028-02-29T23:59:58Z");
    CHECK(iso(at("1969-12-31T23:59:59.25Z")) == "1969-12-31T23:59:59.250000000Z");
    CHECK(iso(Clock::time_point{std::chrono::seconds{1772953200}}) == "2026-03-08T07:00:00Z");
}

TEST_CASE("cron: every field form")
{
    CHECK(fires("* * * * *", "2026-01-01T00:00:00Z", 3) ==
          Strings{"2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z", "2026-01-01T00:03:00Z"});
    CHECK(fires("5 * * * *", "2026-01-01T00:00:00Z", 2) == Strings{"2026-01-01T00:05:00Z", "2026-01-01T01:05:00Z"});
    CHECK(fires("5,35 * * * *", "2026-01-01T00:00:00Z", 3) ==
          Strings{"2026-01-01T00:05:00Z", "2026-01-01T00:35:00Z", "2026-01-01T01:05:00Z"});
    CHECK(fires("10-12 * * * *", "2026-01-01T00:00:00Z", 4) ==
          Strings{"2026-01-01T00:10:00Z", "2026-01-01T00:11:00Z", "2026-01-01T00:12:00Z", "2026-01-01T01:10:00Z"});
    CHECK(fires("*/20 * * * *", "2026-01-01T00:00:00Z", 3) ==
          Strings{"2026-01-01T00:20:00Z", "2026-01-01T00:40:00Z", "2026-01-01T01:00:00Z"});
    CHECK(fires("10-30/10 * * * *", "2026-01-01T00:00:00Z", 4) ==
          Strings{"2026-01-01T00:10:00Z", "2026-01-01T00:20:00Z", "2026-01-01T00:30:00Z", "2026-01-01T01:10:00Z"});
    // A/S runs from A to the field's end.
    CHECK(fires("50/5 * * * *", "2026-01-01T00:00:00Z", 3) ==
          Strings{"2026-01-01T00:50:00Z", "2026-01-01T00:55:00Z", "2026-01-01T01:50:00Z"});
    // A step that does not divide the range stops before its end: 9, 13, 17 (not 21).
    CHECK(fires("0 9-20/4 * * *", "2026-01-01T00:00:00Z", 4) ==
          Strings{"2026-01-01T09:00:00Z", "2026-01-01T13:00:00Z", "2026-01-01T17:00:00Z", "2026-01-02T09:00:00Z"});
    // A list mixes every item form; overlapping items (0 in "*/50" and "0") count once.
    CHECK(fires("0,15-17,*/50 * * * *", "2026-01-01T00:00:00Z", 6) ==
          Strings{"2026-01-01T00:15:00Z", "2026-01-01T00:16:00Z", "2026-01-01T00:17:00Z", "2026-01-01T00:50:00Z",
                  "2026-01-01T01:00:00Z", "2026-01-01T01:15:00Z"});
    CHECK(fires("0 0 1 */3 *", "2026-01-15T00:00:00Z", 4) ==
          Strings{"2026-04-01T00:00:00Z", "2026-07-01T00:00:00Z", "2026-10-01T00:00:00Z", "2027-01-01T00:00:00Z"});
    CHECK(fires("30 12 10-11 * *", "2026-01-01T00:00:00Z", 3) ==
          Strings{"2026-01-10T12:30:00Z", "2026-01-11T12:30:00Z", "2026-02-10T12:30:00Z"});
    // Field edges: the largest value of every field.
    CHECK(fires("59 23 31 12 *", "2026-01-01T00:00:00Z", 2) == Strings{"2026-12-31T23:59:00Z", "2027-12-31T23:59:00Z"});
    // Leading zeros are numbers like any other.
    CHECK(next("05 007 * * *", "2026-01-01T00:00:00Z") == "2026-01-01T07:05:00Z");
}

TEST_CASE("cron: month and day names, in any case")
{
    CHECK(fires("0 0 1 jan,Jul *", "2026-01-01T00:00:00Z", 3) ==
          Strings{"2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z", "2027-07-01T00:00:00Z"});
    CHECK(fires("0 0 1 MAR-may *", "2026-01-01T00:00:00Z", 4) ==
          Strings{"2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", "2027-03-01T00:00:00Z"});
    // 2026-01-01 is a Thursday.
    CHECK(fires("0 0 * * mon-FRI", "2026-01-01T00:00:00Z", 3) ==
          Strings{"2026-01-02T00:00:00Z", "2026-01-05T00:00:00Z", "2026-01-06T00:00:00Z"});
    CHECK(fires("0 0 * * Tue,thu", "2026-01-01T00:00:00Z", 3) ==
          Strings{"2026-01-06T00:00:00Z", "2026-01-08T00:00:00Z", "2026-01-13T00:00:00Z"});
    CHECK(fires("0 0 * dec sat", "2026-01-01T00:00:00Z", 2) == Strings{"2026-12-05T00:00:00Z", "2026-12-12T00:00:00Z"});
    // A name and its number are the same value, in lists, ranges and before a step.
    CHECK(fires("0 0 * * SAT", "2026-01-01T00:00:00Z", 3) == fires("0 0 * * 6", "2026-01-01T00:00:00Z", 3));
    CHECK(fires("0 0 1 FEB/5 *", "2026-01-01T00:00:00Z", 3) ==
          Strings{"2026-02-01T00:00:00Z", "2026-07-01T00:00:00Z", "2026-12-01T00:00:00Z"});
}

TEST_CASE("cron: Sunday is both 0 and 7")
{
    // 2026-01-04 is a Sunday.
    const Strings sundays{"2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z"};
    CHECK(fires("0 0 * * 0", "2026-01-01T00:00:00Z", 2) == sundays);
    CHECK(fires("0 0 * * 7", "2026-01-01T00:00:00Z", 2) == sundays);
    CHECK(fires("0 0 * * SUN", "2026-01-01T00:00:00Z", 2) == sundays);
    CHECK(fires("0 0 * * 0,7", "2026-01-01T00:00:00Z", 2) == sundays);
    // 5-7 is Friday to Sunday; 6-7 Saturday and Sunday.
    CHECK(fires("0 0 * * 5-7", "2026-01-01T00:00:00Z", 4) ==
          Strings{"2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z", "2026-01-09T00:00:00Z"});
    CHECK(fires("0 0 * * 6-7", "2026-01-05T00:00:00Z", 2) == Strings{"2026-01-10T00:00:00Z", "2026-01-11T00:00:00Z"});
    // 0-7 is every day.
    CHECK(fires("0 0 * * 0-7", "2026-01-01T00:00:00Z", 2) == Strings{"2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"});
}

TEST_CASE("cron: day-of-month and day-of-week both restricted match either (Vixie cron)")
{
    // Fridays 2, 9, 16 and Tuesday the 13th.
    CHECK(fires("0 0 13 * FRI", "2026-01-01T00:00:00Z", 4) ==
          Strings{"2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-13T00:00:00Z", "2026-01-16T00:00:00Z"});
    CHECK(fires("0 0 13 * *", "2026-01-01T00:00:00Z", 2) == Strings{"2026-01-13T00:00:00Z", "2026-02-13T00:00:00Z"});
    CHECK(fires("0 0 * * FRI", "2026-01-01T00:00:00Z", 3) ==
          Strings{"2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-16T00:00:00Z"});
    // Either rule still needs the month: February's 14th (a Saturday) and its Fridays only.
    CHECK(fires("0 0 14 FEB FRI", "2026-01-01T00:00:00Z", 5) ==
          Strings{"2026-02-06T00:00:00Z", "2026-02-13T00:00:00Z", "2026-02-14T00:00:00Z", "2026-02-20T00:00:00Z",
                  "2026-02-27T00:00:00Z"});
    // A field starting with '*' counts as unrestricted, so the two combine with AND: the 1st,
    // 11th, 21st or 31st when it is a Monday.
    CHECK(fires("0 0 */10 * MON", "2026-01-01T00:00:00Z", 4) ==
          Strings{"2026-05-11T00:00:00Z", "2026-06-01T00:00:00Z", "2026-08-31T00:00:00Z", "2026-09-21T00:00:00Z"});
    CHECK(fires("0 0 1,15 * */7", "2026-01-01T00:00:00Z", 2) ==
          Strings{"2026-02-01T00:00:00Z", "2026-02-15T00:00:00Z"});  // the 1st or 15th on a Sunday
}

TEST_CASE("cron: a sixth field is seconds, first")
{
    const auto every_15s = CronSchedule::parse("*/15 * * * * *");
    CHECK(every_15s.has_seconds());
    CHECK(fires(every_15s, "2026-01-01T12:00:00Z", 5) ==
          Strings{"2026-01-01T12:00:15Z", "2026-01-01T12:00:30Z", "2026-01-01T12:00:45Z", "2026-01-01T12:01:00Z",
                  "2026-01-01T12:01:15Z"});
    CHECK(fires("30 0 12 * * *", "2026-01-01T00:00:00Z", 2) == Strings{"2026-01-01T12:00:30Z", "2026-01-02T12:00:30Z"});
    CHECK(fires("58-59,1 59 23 31 12 *", "2026-12-31T23:58:00Z", 4) ==
          Strings{"2026-12-31T23:59:01Z", "2026-12-31T23:59:58Z", "2026-12-31T23:59:59Z", "2027-12-31T23:59:01Z"});
    CHECK(next("* * * * * *", "2026-01-01T00:00:00.999999999Z") == "2026-01-01T00:00:01Z");

    // Five fields fire on the minute.
    const auto every_minute = CronSchedule::parse("* * * * *");
    CHECK_FALSE(every_minute.has_seconds());
    CHECK(next("* * * * *", "2026-01-01T00:00:01Z") == "2026-01-01T00:01:00Z");
}

TEST_CASE("cron: macros")
{
    // 2026-05-15 is a Friday.
    const std::string from = "2026-05-15T10:20:30Z";
    CHECK(next("@yearly", from) == "2027-01-01T00:00:00Z");
    CHECK(next("@annually", from) == "2027-01-01T00:00:00Z");
    CHECK(next("@monthly", from) == "2026-06-01T00:00:00Z");
    CHECK(next("@weekly", from) == "2026-05-17T00:00:00Z");
    CHECK(next("@daily", from) == "2026-05-16T00:00:00Z");
    CHECK(next("@midnight", from) == "2026-05-16T00:00:00Z");
    CHECK(next("@hourly", from) == "2026-05-15T11:00:00Z");
    CHECK(fires("@hourly", from, 2) == Strings{"2026-05-15T11:00:00Z", "2026-05-15T12:00:00Z"});
    CHECK(next("@Daily", from) == "2026-05-16T00:00:00Z");
    CHECK(next("  @weekly\t", from) == "2026-05-17T00:00:00Z");
    // In a zone, a macro means local midnight.
    CHECK(next("@daily", from, "Europe/Berlin") == "2026-05-15T22:00:00Z");

    const auto daily = CronSchedule::parse("@daily");
    CHECK(daily.expression() == "@daily");
    CHECK_FALSE(daily.has_seconds());
}

TEST_CASE("cron: month ends skip the months too short for the day")
{
    CHECK(fires("0 0 31 * *", "2026-01-31T00:00:00Z", 7) ==
          Strings{"2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z", "2026-08-31T00:00:00Z",
                  "2026-10-31T00:00:00Z", "2026-12-31T00:00:00Z", "2027-01-31T00:00:00Z"});
    CHECK(fires("0 0 30 * *", "2026-01-30T00:00:00Z", 3) ==
          Strings{"2026-03-30T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-30T00:00:00Z"});
    CHECK(fires("0 0 31 1-4 *", "2026-01-31T00:00:00Z", 2) == Strings{"2026-03-31T00:00:00Z", "2027-01-31T00:00:00Z"});
    CHECK(fires("0 0 28-31 2 *", "2027-01-01T00:00:00Z", 3) ==
          Strings{"2027-02-28T00:00:00Z", "2028-02-28T00:00:00Z", "2028-02-29T00:00:00Z"});
}

TEST_CASE("cron: leap days")
{
    CHECK(next("0 0 29 2 *", "2025-03-01T00:00:00Z") == "2028-02-29T00:00:00Z");
    CHECK(fires("0 0 29 2 *", "2028-02-29T00:00:00Z", 2) == Strings{"2032-02-29T00:00:00Z", "2036-02-29T00:00:00Z"});
    // 2100 is not a leap year; 2000 was.
    CHECK(next("0 0 29 2 *", "2096-03-01T00:00:00Z") == "2104-02-29T00:00:00Z");
    CHECK(next("0 0 29 2 *", "1997-01-01T00:00:00Z") == "2000-02-29T00:00:00Z");
    // February 29th on a Sunday (AND, since the day-of-week field starts with '*'): 28 years
    // apart, then 40 across 2100, so the search must look further than a few years.
    CHECK(fires("0 0 29 2 */7", "2026-01-01T00:00:00Z", 4) ==
          Strings{"2032-02-29T00:00:00Z", "2060-02-29T00:00:00Z", "2088-02-29T00:00:00Z", "2128-02-29T00:00:00Z"});
}

TEST_CASE("cron: year rollover")
{
    CHECK(next("0 0 * * *", "2026-12-31T00:00:00Z") == "2027-01-01T00:00:00Z");
    CHECK(next("0 0 1 1 *", "2026-12-31T23:59:59.999Z") == "2027-01-01T00:00:00Z");
    CHECK(next("59 23 31 12 *", "2026-12-31T23:59:00Z") == "2027-12-31T23:59:00Z");
    CHECK(fires("0 12 * 12,1 *", "2026-12-30T13:00:00Z", 3) ==
          Strings{"2026-12-31T12:00:00Z", "2027-01-01T12:00:00Z", "2027-01-02T12:00:00Z"});
}

TEST_CASE("cron: next_after is strictly after")
{
    CHECK(next("0 10 * * *", "2026-06-01T10:00:00Z") == "2026-06-02T10:00:00Z");
    CHECK(next("0 10 * * *", "2026-06-01T09:59:59.999999999Z") == "2026-06-01T10:00:00Z");
    CHECK(next("0 10 * * *", "2026-06-01T10:00:00.000000001Z") == "2026-06-02T10:00:00Z");
    CHECK(next("*/5 * * * * *", "2026-06-01T10:00:05Z") == "2026-06-01T10:00:10Z");
    // Before 1970, where whole seconds round toward minus infinity.
    CHECK(next("* * * * * *", "1969-12-31T23:59:59.5Z") == "1970-01-01T00:00:00Z");
    CHECK(next("0 0 * * *", "1969-12-31T12:00:00Z") == "1970-01-01T00:00:00Z");
    // From the fire time in a zone too.
    CHECK(next("0 1 * * *", "2026-01-10T00:00:00Z", "Europe/Berlin") == "2026-01-11T00:00:00Z");
}

TEST_CASE("cron: Europe/Berlin matches local time, winter and summer")
{
    CHECK(next("0 1 * * *", "2026-01-10T12:00:00Z", "Europe/Berlin") == "2026-01-11T00:00:00Z");
    CHECK(next("0 1 * * *", "2026-07-10T00:00:00Z", "Europe/Berlin") == "2026-07-10T23:00:00Z");
    // Clocks go forward at 02:00 CET on 2026-03-29: 01:00 that day is still CET.
    CHECK(fires("0 1 * * *", "2026-03-27T12:00:00Z", 3, "Europe/Berlin") ==
          Strings{"2026-03-28T00:00:00Z", "2026-03-29T00:00:00Z", "2026-03-29T23:00:00Z"});
    // 02:30 does not exist on 2026-03-29: skipped, no catch-up.
    CHECK(fires("30 2 * * *", "2026-03-27T12:00:00Z", 2, "Europe/Berlin") ==
          Strings{"2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z"});
    // 02:30 happens twice on 2026-10-25 (CEST, then CET): the first only.
    CHECK(fires("30 2 * * *", "2026-10-24T12:00:00Z", 2, "Europe/Berlin") ==
          Strings{"2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"});
    // The day-of-week is the local one: Monday 00:30 in Berlin is Sunday 22:30 UTC in summer.
    CHECK(next("30 0 * * MON", "2026-07-01T00:00:00Z", "Europe/Berlin") == "2026-07-05T22:30:00Z");
    // The month too: local New Year comes an hour before UTC's.
    CHECK(next("0 0 1 1 *", "2026-06-01T00:00:00Z", "Europe/Berlin") == "2026-12-31T23:00:00Z");
}

TEST_CASE("cron: America/New_York across the 2026 daylight saving changes")
{
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist that day.
    CHECK(fires("30 2 * * *", "2026-03-07T00:00:00Z", 3, "America/New_York") ==
          Strings{"2026-03-07T07:30:00Z", "2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z"});
    // Times either side of the gap are unaffected.
    CHECK(fires("*/30 * * * *", "2026-03-08T06:15:00Z", 3, "America/New_York") ==
          Strings{"2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z"});
    // Every second of the gap is skipped: from 01:59:59 EST straight to 03:00:00 EDT.
    CHECK(fires("* * * * * *", "2026-03-08T06:59:58Z", 2, "America/New_York") ==
          Strings{"2026-03-08T06:59:59Z", "2026-03-08T07:00:00Z"});
    CHECK(next("0 2 8 3 *", "2026-01-01T00:00:00Z", "America/New_York") == "2027-03-08T07:00:00Z");

    // 2026-11-01: 02:00 EDT goes back to 01:00 EST, so 01:30 happens at 05:30Z and 06:30Z; it fires once.
    CHECK(fires("30 1 * * *", "2026-10-31T00:00:00Z", 3, "America/New_York") ==
          Strings{"2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"});
    // From between the two occurrences, the second is not a fire time.
    CHECK(next("30 1 * * *", "2026-11-01T06:00:00Z", "America/New_York") == "2026-11-02T06:30:00Z");
    CHECK(next("30 1 * * *", "2026-11-01T05:30:00Z", "America/New_York") == "2026-11-02T06:30:00Z");
    // Frequent schedules pause for the repeated hour: 01:00 and 01:30 EDT, then 02:00 EST.
    CHECK(fires("*/30 * * * *", "2026-11-01T04:45:00Z", 4, "America/New_York") ==
          Strings{"2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T07:00:00Z", "2026-11-01T07:30:00Z"});
    // From inside the second pass (01:10 EST): nothing until 02:00 EST.
    CHECK(next("0 * * * *", "2026-11-01T06:10:00Z", "America/New_York") == "2026-11-01T07:00:00Z");
    CHECK(next("* * * * * *", "2026-11-01T06:59:59Z", "America/New_York") == "2026-11-01T07:00:00Z");
    // The last second before the clocks go back, then 02:00 EST an hour later.
    CHECK(fires("* * * * * *", "2026-11-01T05:59:58Z", 2, "America/New_York") ==
          Strings{"2026-11-01T05:59:59Z", "2026-11-01T07:00:00Z"});
}

TEST_CASE("cron: every fire time agrees with a brute-force scan in UTC")
{
    struct Case {
        const char* expression;
        Predicate matches;
    };
    const Case cases[] = {
        {"*/7 3-5 */10 * MON-FRI",
         [](const std::tm& t) {
             return t.tm_min % 7 == 0 && in(t.tm_hour, {3, 4, 5}) && (t.tm_mday - 1) % 10 == 0 &&
                    in(t.tm_wday, {1, 2, 3, 4, 5});
         }},
        {"0,30 */6 13 * FRI",
         [](const std::tm& t) {
             return in(t.tm_min, {0, 30}) && t.tm_hour % 6 == 0 && (t.tm_mday == 13 || t.tm_wday == 5);
         }},
        {"59 23 28-31 * *", [](const std::tm& t) { return t.tm_min == 59 && t.tm_hour == 23 && t.tm_mday >= 28; }},
        {"0 0 29 2 *", [](const std::tm& t) { return t.tm_min == 0 && t.tm_hour == 0 && t.tm_mday == 29 && t.tm_mon == 1; }},
        {"10-20/5 1,13 * JAN,FEB,dec SUN,6",
         [](const std::tm& t) {
             return in(t.tm_min, {10, 15, 20}) && in(t.tm_hour, {1, 13}) && in(t.tm_mon, {0, 1, 11}) &&
                    in(t.tm_wday, {0, 6});
         }},
        {"0 12 1,15 * 7",
         [](const std::tm& t) {
             return t.tm_min == 0 && t.tm_hour == 12 && (in(t.tm_mday, {1, 15}) || t.tm_wday == 0);
         }},
        {"*/30 * 31 * *", [](const std::tm& t) { return t.tm_min % 30 == 0 && t.tm_mday == 31; }},
        {"5 4 * */5 *", [](const std::tm& t) { return t.tm_min == 5 && t.tm_hour == 4 && in(t.tm_mon, {0, 5, 10}); }},
    };
    // A plain February, then December to March across a new year and a leap day.
    const std::pair<const char*, const char*> windows[] = {{"2026-01-25T00:00:00Z", "2026-03-05T00:00:00Z"},
                                                           {"2027-12-25T00:00:00Z", "2028-03-05T00:00:00Z"}};
    for (const auto& [expression, matches] : cases) {
        CAPTURE(expression);
        std::size_t fire_count = 0;
        for (const auto& [from, to] : windows) {
            CAPTURE(from);
            const auto expected = brute_force(matches, "UTC", from, to, 60);
            CHECK(engine(expression, "UTC", from, to) == expected);
            fire_count += expected.size();
        }
        CHECK(fire_count > 0);  // an oracle that never fires would agree with a broken engine
    }

    const auto seconds = brute_force([](const std::tm& t) { return t.tm_sec % 20 == 0 && t.tm_min == 5; }, "UTC",
                                     "2026-01-01T00:00:00Z", "2026-01-01T03:00:00Z", 1);
    CHECK(engine("*/20 5 * * * *", "UTC", "2026-01-01T00:00:00Z", "2026-01-01T03:00:00Z") == seconds);
    CHECK(seconds.size() == 9);
}

TEST_CASE("cron: every fire time agrees with a brute-force scan across daylight saving changes")
{
    struct Case {
        const char* expression;
        Predicate matches;
    };
    const Case cases[] = {
        {"*/15 * * * *", [](const std::tm& t) { return t.tm_min % 15 == 0; }},
        {"30 1 * * *", [](const std::tm& t) { return t.tm_min == 30 && t.tm_hour == 1; }},
        {"30 2 * * *", [](const std::tm& t) { return t.tm_min == 30 && t.tm_hour == 2; }},
        {"0,45 1-3 * * *", [](const std::tm& t) { return in(t.tm_min, {0, 45}) && in(t.tm_hour, {1, 2, 3}); }},
    };
    struct Window {
        const char* zone;
        const char* from;
        const char* to;
    };
    // Three days either side of each 2026 change; Lord Howe Island moves its clocks by 30 minutes.
    const Window windows[] = {
        {"America/New_York", "2026-03-05T00:00:00Z", "2026-03-11T00:00:00Z"},
        {"America/New_York", "2026-10-29T00:00:00Z", "2026-11-04T00:00:00Z"},
        {"Europe/Berlin", "2026-03-26T00:00:00Z", "2026-04-01T00:00:00Z"},
        {"Europe/Berlin", "2026-10-22T00:00:00Z", "2026-10-28T00:00:00Z"},
        {"Australia/Lord_Howe", "2026-04-02T00:00:00Z", "2026-04-08T00:00:00Z"},
        {"Australia/Lord_Howe", "2026-10-01T00:00:00Z", "2026-10-07T00:00:00Z"},
    };
    for (const auto& [expression, matches] : cases) {
        for (const auto& [zone, from, to] : windows) {
            CAPTURE(expression);
            CAPTURE(zone);
            CAPTURE(from);
            const auto expected = brute_force(matches, zone, from, to, 60);
            CHECK(engine(expression, zone, from, to) == expected);
            CHECK(expected.size() >= 5);
        }
    }
}

TEST_CASE("cron: accessors and copies")
{
    const auto schedule = CronSchedule::parse("0 1 * * *", "Europe/Berlin");
    CHECK(schedule.expression() == "0 1 * * *");
    CHECK(schedule.time_zone() == "Europe/Berlin");
    CHECK_FALSE(schedule.has_seconds());
    CHECK(CronSchedule::parse("* * * * *").time_zone() == "UTC");

    auto copy = schedule;
    CHECK(copy.time_zone() == "Europe/Berlin");
    CHECK(iso(copy.next_after(at("2026-07-10T00:00:00Z"))) == "2026-07-10T23:00:00Z");
    copy = CronSchedule::parse("*/10 * * * * *", "America/New_York");
    CHECK(copy.has_seconds());
    CHECK(copy.expression() == "*/10 * * * * *");
    CHECK(iso(schedule.next_after(at("2026-07-10T00:00:00Z"))) == "2026-07-10T23:00:00Z");
}

TEST_CASE("cron: fields are separated by any run of spaces and tabs")
{
    CHECK(next("  0\t12   * *\t* ", "2026-01-01T00:00:00Z") == "2026-01-01T12:00:00Z");
    CHECK(next("0 12 * * *\n", "2026-01-01T00:00:00Z") == "2026-01-01T12:00:00Z");
}

TEST_CASE("cron: time zone names")
{
    CHECK(next("0 0 * * *", "2026-01-01T12:00:00Z", "America/New_York") == "2026-01-02T05:00:00Z");
    // Aliases and fixed-offset zones from tzdata are names too (Etc/GMT+5 is UTC-5).
    CHECK(next("0 0 * * *", "2026-01-01T12:00:00Z", "US/Eastern") == "2026-01-02T05:00:00Z");
    CHECK(next("0 0 * * *", "2026-07-01T12:00:00Z", "Etc/GMT+5") == "2026-07-02T05:00:00Z");
    CHECK(next("0 0 * * *", "2026-01-01T12:00:00Z", "Asia/Kolkata") == "2026-01-01T18:30:00Z");

    const std::string hint = "' (expected an IANA name such as Europe/Berlin)";
    for (const std::string zone : {"Mars/Olympus", "europe/berlin", "utc", "", "Etc/Unknown", "GMT+05:00", "CET/"}) {
        CAPTURE(zone);
        CHECK(rejection("0 0 * * *", zone) == "--tz: unknown time zone '" + zone + hint);
    }
    // The expression is checked first: --cron comes before --tz.
    CHECK(rejection("61 * * * *", "Mars/Olympus") == "--cron: minute field '61': out of range 0-59");
}

TEST_CASE("cron: rejected expressions name the field and the bad text")
{
    // Field count.
    CHECK(rejection("") == "--cron: empty expression");
    CHECK(rejection(" \t ") == "--cron: empty expression");
    CHECK(rejection("0 0 * *") ==
          "--cron: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 4 in "
          "'0 0 * *'");
    CHECK(rejection("0 0 * * * * *") ==
          "--cron: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 7 in "
          "'0 0 * * * * *'");
    CHECK(rejection("0\t0\n*") ==
          "--cron: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 3 in "
          "'0 0 *'");

    // Out of range, in every field, at both ends.
    CHECK(rejection("61 * * * *") == "--cron: minute field '61': out of range 0-59");
    CHECK(rejection("60 * * * *") == "--cron: minute field '60': out of range 0-59");
    CHECK(rejection("60 * * * * *") == "--cron: second field '60': out of range 0-59");
    CHECK(rejection("0 24 * * *") == "--cron: hour field '24': out of range 0-23");
    CHECK(rejection("0 0 0 * *") == "--cron: day-of-month field '0': out of range 1-31");
    CHECK(rejection("0 0 32 * *") == "--cron: day-of-month field '32': out of range 1-31");
    CHECK(rejection("0 0 * 0 *") == "--cron: month field '0': out of range 1-12");
    CHECK(rejection("0 0 * 13 *") == "--cron: month field '13': out of range 1-12");
    CHECK(rejection("0 0 * * 8") == "--cron: day-of-week field '8': out of range 0-7");
    CHECK(rejection("99999999999999999999 * * * *") == "--cron: minute field '99999999999999999999': out of range 0-59");
    // In a list or a range, the message quotes the item at fault.
    CHECK(rejection("1,61 * * * *") == "--cron: minute field '61': out of range 0-59");
    CHECK(rejection("0 1-24 * * *") == "--cron: hour field '1-24': out of range 0-23");

    // Reversed ranges, with numbers and names.
    CHECK(rejection("0 5-2 * * *") == "--cron: hour field '5-2': reversed range (5 > 2)");
    CHECK(rejection("0 0 * * FRI-MON") == "--cron: day-of-week field 'FRI-MON': reversed range (5 > 1)");
    CHECK(rejection("0 0 * DEC-JAN *") == "--cron: month field 'DEC-JAN': reversed range (12 > 1)");

    // Steps.
    CHECK(rejection("*/0 * * * *") == "--cron: minute field '*/0': step out of range 1-59");
    CHECK(rejection("0 1-5/0 * * *") == "--cron: hour field '1-5/0': step out of range 1-23");
    CHECK(rejection("*/60 * * * *") == "--cron: minute field '*/60': step out of range 1-59");
    CHECK(rejection("0 0 * */12 *") == "--cron: month field '*/12': step out of range 1-11");
    CHECK(rejection("*/ * * * *") == "--cron: minute field '*/': missing step after '/'");
    CHECK(rejection("*/x * * * *") == "--cron: minute field '*/x': step is not a number");
    CHECK(rejection("*/5/2 * * * *") == "--cron: minute field '*/5/2': step is not a number");
    CHECK(rejection("*/-5 * * * *") == "--cron: minute field '*/-5': step is not a number");

    // Empty list items.
    CHECK(rejection("1,,2 * * * *") == "--cron: minute field '1,,2': empty list item");
    CHECK(rejection("1, * * * *") == "--cron: minute field '1,': empty list item");
    CHECK(rejection("0 ,3 * * *") == "--cron: hour field ',3': empty list item");
    CHECK(rejection(", * * * *") == "--cron: minute field ',': empty list item");

    // Junk and half-written items.
    CHECK(rejection("1x * * * *") == "--cron: minute field '1x': not a number");
    CHECK(rejection("MON * * * *") == "--cron: minute field 'MON': not a number");
    CHECK(rejection("0 0 JAN * *") == "--cron: day-of-month field 'JAN': not a number");
    CHECK(rejection("0 0 * JANUARY *") == "--cron: month field 'JANUARY': not a month (1-12 or JAN-DEC)");
    CHECK(rejection("0 0 * MON *") == "--cron: month field 'MON': not a month (1-12 or JAN-DEC)");
    CHECK(rejection("0 0 * * SUNDAY") == "--cron: day-of-week field 'SUNDAY': not a day of the week (0-7 or SUN-SAT)");
    CHECK(rejection("0 0 * * 1/MON") == "--cron: day-of-week field '1/MON': step is not a number");
    CHECK(rejection("-5 * * * *") == "--cron: minute field '-5': missing value");
    CHECK(rejection("5- * * * *") == "--cron: minute field '5-': missing value");
    CHECK(rejection("/5 * * * *") == "--cron: minute field '/5': missing value");
    CHECK(rejection("1-2-3 * * * *") == "--cron: minute field '1-2-3': not a number");
    CHECK(rejection("*-5 * * * *") == "--cron: minute field '*-5': not a number");
    CHECK(rejection("** * * * *") == "--cron: minute field '**': not a number");
    CHECK(rejection("+5 * * * *") == "--cron: minute field '+5': not a number");
    CHECK(rejection("? * * * *") == "--cron: minute field '?': not a number");
    CHECK(rejection("0 0 L * *") == "--cron: day-of-month field 'L': not a number");

    // Macros.
    CHECK(rejection("@reboot") ==
          "--cron: unknown macro '@reboot' (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)");
    CHECK(rejection("@") ==
          "--cron: unknown macro '@' (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)");
    CHECK(rejection("@daily 0") == "--cron: macro '@daily' takes no fields");

    // Schedules that can never fire.
    CHECK(rejection("0 0 30 2 *") == "--cron: '0 0 30 2 *' never fires: day-of-month '30' does not exist in month '2'");
    CHECK(rejection("0 0 31 4,6,9,11 *") ==
          "--cron: '0 0 31 4,6,9,11 *' never fires: day-of-month '31' does not exist in month '4,6,9,11'");
    CHECK(rejection("0 0 30-31 FEB *") ==
          "--cron: '0 0 30-31 FEB *' never fires: day-of-month '30-31' does not exist in month 'FEB'");
    CHECK(rejection("0 0 0 30 2 *") ==
          "--cron: '0 0 0 30 2 *' never fires: day-of-month '30' does not exist in month '2'");
    // AND with a '*' day-of-week cannot rescue it; OR with a restricted one can.
    CHECK(rejection("0 0 30 2 */2") ==
          "--cron: '0 0 30 2 */2' never fires: day-of-month '30' does not exist in month '2'");
    CHECK(rejection("0 0 30 2 MON") == "(accepted)");
    CHECK(next("0 0 30 2 MON", "2026-01-01T00:00:00Z") == "2026-02-02T00:00:00Z");
    CHECK(rejection("0 0 29 2 *") == "(accepted)");
    CHECK(rejection("0 0 31 1,4 *") == "(accepted)");

    // Every message is one line.
    CHECK(rejection("0\n0\n30\n2\n*") == "--cron: '0 0 30 2 *' never fires: day-of-month '30' does not exist in month '2'");
}

TEST_CASE("cron: a fire time past the clock's range is an Error, not a wrapped time point")
{
    // system_clock counts nanoseconds in 64 bits, which ends on 2262-04-11.
    const auto schedule = CronSchedule::parse("0 0 1 1 *");
    CHECK(iso(schedule.next_after(at("2261-06-01T00:00:00Z"))) == "2262-01-01T00:00:00Z");
    CHECK_THROWS_WITH_AS(schedule.next_after(at("2262-02-01T00:00:00Z")),
                         "cron schedule '0 0 1 1 *': the next fire time is past the last time the system clock "
                         "can represent",
                         sluice::Error);
}
