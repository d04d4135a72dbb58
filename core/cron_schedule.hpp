#pragma once
// A cron expression for `sluice schedule --cron EXPR --tz ZONE`: when the next run is due.
//
// Syntax: five fields "minute hour day-of-month month day-of-week", or six with a seconds field
// first (tests use it to fire every few seconds). A field is `*` or a comma list of `N`, `A-B`,
// `*/S`, `A-B/S` and `A/S` (A to the field's end, step S). Months take JAN-DEC and days of the
// week SUN-SAT, in any case; day-of-week 0 and 7 are both Sunday. Whole-expression macros:
// @yearly (= @annually), @monthly, @weekly (Sunday), @daily (= @midnight), @hourly.
//
// Day matching follows Vixie cron, which most crontabs were written for: when day-of-month and
// day-of-week are both restricted, a day matches if EITHER does ("0 0 13 * FRI" runs on every 13th
// and every Friday). As in Vixie cron, a field counts as unrestricted when its text starts with
// '*', so "*/2" there makes the two fields combine with AND ("0 0 */10 * MON" runs on the 1st,
// 11th, 21st and 31st only when they are Mondays).
//
// The fields are matched against local wall-clock time in an IANA time zone. Where daylight
// saving time makes local time jump, one rule covers every field: a schedule fires only at a local
// time it names, and at most once per local time.
//   - A local time that does not exist (skipped when clocks go forward) does not fire that day,
//     and there is no catch-up run (some crons run skipped jobs right after the jump, but a run at
//     03:00 for "30 2 * * *" is a time the schedule never named). "30 2 * * *" in
//     America/New_York skips 2026-03-08.
//   - A local time that happens twice (when clocks go back) fires once, at its first occurrence,
//     so a daily job never runs twice in a day. "30 1 * * *" in America/New_York fires at
//     2026-11-01 01:30 EDT (05:30Z), not again at 01:30 EST (06:30Z). The cost: "*/15 * * * *"
//     does not fire during the repeated hour's second pass, an hour without runs. Use --tz UTC
//     for a schedule that must keep its interval.
//
// Never-firing schedules ("0 0 30 2 *") are rejected when parsed, so next_after() always finds a
// day; its search is still bounded (one 400-year Gregorian cycle, after which dates and weekdays
// repeat) in case time zone gaps swallow every matching time.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace sluice {

class CronSchedule {
public:
    // Throws UsageError with a one-line message naming the field and the bad text, e.g.
    // "--cron: minute field '61': out of range 0-59" or "--tz: unknown time zone 'Mars/Base' ...".
    // `time_zone` is an IANA name as tzdata spells it (case matters): "UTC", "Europe/Berlin".
    static CronSchedule parse(const std::string& expression, const std::string& time_zone = "UTC");

    // The first fire time strictly after `after`; fire times are whole seconds. Throws Error if
    // there is none within 400 years or it is past what system_clock can represent (year 2262).
    std::chrono::system_clock::time_point next_after(std::chrono::system_clock::time_point after) const;

    const std::string& expression() const noexcept { return expression_; }
    const std::string& time_zone() const noexcept { return time_zone_; }
    // True for a six-field expression, whose first field is seconds.
    bool has_seconds() const noexcept { return has_seconds_; }

private:
    // The ICU time zone, kept out of this header; shared because it is immutable once created.
    struct Zone;

    CronSchedule() = default;

    bool day_matches(unsigned day_of_month, unsigned day_of_week) const noexcept;
    // The first matching second of a day at or after `from` (seconds since midnight), or -1.
    int next_time_of_day(int from) const noexcept;

    std::string expression_;
    std::string time_zone_;
    bool has_seconds_ = false;
    // Bit N set = value N matches. Days of the week are 0-6 (7 is folded into 0).
    std::uint64_t seconds_ = 0;
    std::uint64_t minutes_ = 0;
    std::uint64_t hours_ = 0;
    std::uint64_t days_of_month_ = 0;
    std::uint64_t months_ = 0;
    std::uint64_t days_of_week_ = 0;
    bool day_of_month_star_ = false;
    bool day_of_week_star_ = false;
    std::shared_ptr<const Zone> zone_;
};

} // namespace sluice
