#pragma once
// Dates and times as the generators write them, from a count of days or microseconds since
// 1970-01-01 (UTC, proleptic Gregorian): integer arithmetic only, so the text is the same on
// every platform and no time zone database is consulted.

#include <cstdint>
#include <string>

namespace sluice_gen {

// "2010-07-19"
void append_iso_date(std::string& out, std::int64_t days_since_epoch);

// "2010-07-19T19:12:12.510" (separator 'T', 3 fraction digits), "2010-07-19 19:12:12" (' ', 0)
// or "2010-07-19 19:12:12.510123" (' ', 6): the fraction truncated to `fraction_digits`.
void append_iso_date_time(std::string& out, std::int64_t us_since_epoch, char separator, int fraction_digits);

// Microseconds since the epoch of a UTC date and time, for fixed starting points.
std::int64_t epoch_us(int year, int month, int day, int hour, int minute, int second);

constexpr std::int64_t kUsPerSecond = 1'000'000;
constexpr std::int64_t kUsPerDay = 86'400 * kUsPerSecond;

} // namespace sluice_gen
