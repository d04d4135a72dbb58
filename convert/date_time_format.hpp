#pragma once
// A strptime-like pattern a date or timestamp column declares for text that is not ISO 8601
// ("%d/%m/%Y", "%d %b %Y %H:%M"), compiled once when the job is read.
//
//   %Y  year, exactly four digits         %y  year, two digits: 69-99 are 19xx, 00-68 20xx (POSIX)
//   %m  month, 1 or 2 digits              %b  English month name, abbreviated or full, any case
//   %d  day of the month, 1 or 2 digits
//   %H  hour 0-23, 1 or 2 digits          %M  minute, 1 or 2 digits      %S  second, 1 or 2 digits
//   %f  fraction of a second, 1 or more digits (to the microsecond; finer must be zeros)
//   %z  offset: Z, +hh, +hh:mm or +hhmm    %%  a '%'
// Every other character matches itself exactly, a space included (unlike strptime, where a
// space matches any run of blanks: a clean = ["squeeze"] does that where it is wanted). Fields
// left out are zero (a time of 00:00:00); year, month and day must be there.

#include "convert/date_time.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sluice {

class DateTimeFormat {
public:
    // Throws UsageError naming the directive: an unknown one, one given twice, a '%' at the
    // end, or a pattern without a year, a month or a day.
    explicit DateTimeFormat(std::string_view pattern);

    const std::string& pattern() const { return pattern_; }
    bool has_time() const { return has_time_; }      // %H, %M, %S or %f
    bool has_offset() const { return has_offset_; }  // %z

    // Only the shape and the fraction's precision: check() (date_time.hpp) does the calendar.
    DateTimeFault parse(std::string_view text, DateTime& out) const;

private:
    enum class Field : char { literal, year4, year2, month, month_name, day, hour, minute, second, fraction, offset };
    struct Piece {
        Field field;
        std::string literal;
    };
    std::string pattern_;
    std::vector<Piece> pieces_;
    bool has_time_ = false;
    bool has_offset_ = false;
};

} // namespace sluice
