#pragma once
// Dates and times as the date, timestamp and timestamptz columns hold them: read from ISO 8601
// text (or a DateTimeFormat, convert/date_time_format.hpp), checked against the calendar, and
// written back in the one canonical form Postgres reads without a DateStyle guess.
//
// Years run from 1 to 9999 (four digits); a fraction is kept to the microsecond, Postgres's
// resolution, and a finer one that is not zero is refused rather than rounded.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice {

struct DateTime {
    std::chrono::year_month_day date{};
    int hour = 0;
    int minute = 0;
    int second = 0;
    int microsecond = 0;
    std::optional<int> offset_minutes;  // east of UTC, when the text gave one
};

enum class DateTimeFault {
    none,
    malformed,          // not the expected shape
    no_such_day,        // 2023-02-29, month 13, year 0
    no_such_time,       // 24:00, 12:60, 23:59:60 (a leap second Postgres would move to the next day)
    no_such_offset,     // past +-15:59, as Postgres
    too_precise,        // a non-zero digit past the microsecond
    unexpected_offset,  // an offset given to a timestamp without time zone, which would drop it
    no_offset,          // a timestamptz without an offset, and no column time zone to read it in
};

// YYYY-MM-DD, exactly: only the shape is checked here (malformed or none).
DateTimeFault parse_iso_date(std::string_view text, DateTime& out);

// YYYY-MM-DD, exactly, for a day in the proleptic Gregorian calendar (0000 included: the film
// parser takes it; check() refuses it for a column).
std::optional<std::chrono::year_month_day> parse_iso_date(std::string_view text);

// "YYYY-MM-DD HH:MM[:SS[.f...]]", 'T' or ' ' between date and time, then an optional offset:
// Z, +hh, +hh:mm or +hhmm. Only the shape and the fraction's precision are checked here.
DateTimeFault parse_iso_date_time(std::string_view text, DateTime& out);

// Digits of a fraction ("5", "123456", "250000000") as microseconds; too_precise past them.
DateTimeFault parse_fraction(std::string_view digits, int& microsecond);

// An offset "Z", "+hh", "+hh:mm" or "+hhmm" (also "-"), in minutes east of UTC.
DateTimeFault parse_offset(std::string_view text, int& minutes);

// Whether the fields name a real moment: a day in the calendar from 0001-01-01 to 9999-12-31,
// a time from 00:00:00 to 23:59:59.999999, an offset within +-15:59.
DateTimeFault check(const DateTime& value);

// "2023-01-31"; "2023-01-31 09:05:00.25"; "2023-01-31 09:05:00.25+02:00" (with_offset: the
// offset as given, +00:00 for Z). Appended to `out`.
void append_date(std::string& out, const DateTime& value);
void append_timestamp(std::string& out, const DateTime& value, bool with_offset);

// For ordering: days since 1970-01-01, and microseconds since 1970-01-01 00:00 of the local
// time (instant() moves by the offset, for a timestamptz).
std::int64_t day_number(const DateTime& value);
std::int64_t local_microseconds(const DateTime& value);
std::int64_t instant(const DateTime& value);

} // namespace sluice
