// backfill's dates: the step's number is a whole number from 1 to 10000, so no step wraps the
// date arithmetic (4294967295d was taken, wrapped, and reported as "more than 100000 dates").
#include "cli/backfill_command.hpp"
#include "core/error.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

std::string dates(const std::string& from, const std::string& to, const std::string& every)
{
    std::string out;
    for (const auto date : sluice::backfill_dates(from, to, every))
        out += (out.empty() ? "" : ",") + sluice::fill_date("{date}", date);
    return out;
}

std::string refusal(const std::string& every)
{
    try {
        sluice::backfill_dates("2024-01-01", "2024-03-01", every);
    } catch (const sluice::UsageError& error) {
        return error.what();
    }
    return "";
}

} // namespace

TEST_CASE("backfill dates: steps of days, weeks and months up to 10000")
{
    CHECK(dates("2024-01-31", "2024-05-01", "1m") == "2024-01-31,2024-02-29,2024-03-31,2024-04-30");
    CHECK(dates("2024-01-01", "2024-01-15", "1w") == "2024-01-01,2024-01-08,2024-01-15");
    CHECK(dates("2024-01-01", "2024-01-03", "01d") == "2024-01-01,2024-01-02,2024-01-03");
    // The longest step across the longest range: 2,921,939 days, 293 steps of 10000 days.
    const auto longest = sluice::backfill_dates("2000-01-01", "9999-12-31", "10000d");
    CHECK(longest.size() == 293);
    CHECK(dates("2000-01-01", "2054-10-04", "10000d") == "2000-01-01,2027-05-19,2054-10-04");
    CHECK(sluice::fill_date("{date}", longest.back()) == "9994-09-09");
    CHECK(dates("2000-01-31", "9999-12-31", "10000m") == "2000-01-31,2833-05-31,3666-09-30,4500-01-31,5333-05-31,"
                                                         "6166-09-30,7000-01-31,7833-05-31,8666-09-30,9500-01-31");
}

TEST_CASE("backfill dates: a step past 10000 or malformed is refused with the range")
{
    for (const auto* every : {"10001d", "4294967295d", "4294967296w", "18446744073709551616m", "0d", "-1d", "+1d",
                              "1.5d", "1", "d", "1y", "1dd", ""}) {
        CAPTURE(every);
        CHECK(refusal(every) == std::string{"--every: expected a whole number from 1 to 10000 and d, w or m (1d, 2w, 1m), "
                                            "got '"} + every + "'");
    }
}

TEST_CASE("backfill dates: past 2262 too, each placeholder filled from the date's own fields")
{
    // fmt's chrono formatting goes through nanoseconds since 1970, which end in April 2262.
    CHECK(dates("2262-04-10", "2262-04-13", "1d") == "2262-04-10,2262-04-11,2262-04-12,2262-04-13");
    CHECK(dates("2300-01-01", "2300-03-01", "1m") == "2300-01-01,2300-02-01,2300-03-01");
    const std::chrono::year_month_day day{std::chrono::year{9999}, std::chrono::month{12}, std::chrono::day{31}};
    CHECK(sluice::fill_date("d/{yyyymmdd}/x-{yyyy}-{mm}-{dd}-{date}", day) == "d/99991231/x-9999-12-31-9999-12-31");
    const std::chrono::year_month_day early{std::chrono::year{1}, std::chrono::month{2}, std::chrono::day{3}};
    CHECK(sluice::fill_date("{yyyymmdd} {date}", early) == "00010203 0001-02-03");
}
