#include "bench/gen/calendar.hpp"

namespace sluice_gen {
namespace {

// Howard Hinnant's civil_from_days and days_from_civil ("chrono-Compatible Low-Level Date
// Algorithms"): exact for every day of the proleptic Gregorian calendar.
struct CivilDate {
    std::int64_t year;
    int month;
    int day;
};

CivilDate civil_from_days(std::int64_t z)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

std::int64_t days_from_civil(std::int64_t y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void append_digits(std::string& out, std::int64_t value, int width)
{
    char buf[20];
    int n = 0;
    for (; n < width || value > 0; ++n, value /= 10) buf[n] = static_cast<char>('0' + value % 10);
    while (n > 0) out += buf[--n];
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

} // namespace

void append_iso_date(std::string& out, std::int64_t days_since_epoch)
{
    const CivilDate date = civil_from_days(days_since_epoch);
    append_digits(out, date.year, 4);
    out += '-';
    append_digits(out, date.month, 2);
    out += '-';
    append_digits(out, date.day, 2);
}

void append_iso_date_time(std::string& out, std::int64_t us_since_epoch, char separator, int fraction_digits)
{
    const std::int64_t days = floor_div(us_since_epoch, kUsPerDay);
    const std::int64_t us = us_since_epoch - days * kUsPerDay;
    const std::int64_t seconds = us / kUsPerSecond;
    append_iso_date(out, days);
    out += separator;
    append_digits(out, seconds / 3600, 2);
    out += ':';
    append_digits(out, seconds / 60 % 60, 2);
    out += ':';
    append_digits(out, seconds % 60, 2);
    if (fraction_digits > 0) {
        std::int64_t fraction = us % kUsPerSecond;
        for (int i = fraction_digits; i < 6; ++i) fraction /= 10;
        out += '.';
        append_digits(out, fraction, fraction_digits);
    }
}

std::int64_t epoch_us(int year, int month, int day, int hour, int minute, int second)
{
    return days_from_civil(year, month, day) * kUsPerDay + ((hour * 60 + minute) * 60 + second) * kUsPerSecond;
}

} // namespace sluice_gen
