#include "jobs/movie_report/report_format.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::format_rating;
using sluice::format_ratio;

TEST_CASE("report format: ratio is the shortest text that reads back as the same double")
{
    CHECK(format_ratio(0.5) == "0.5");
    CHECK(format_ratio(2.0) == "2");
    CHECK(format_ratio(12.5) == "12.5");
    CHECK(format_ratio(1.0 / 3.0) == "0.3333333333333333");
    CHECK(format_ratio(30000000.0 / 373554033.0) == "0.08030966700873499");
    CHECK(format_ratio(65000.0) == "65000");
    for (const double ratio : {0.1, 1.0 / 7.0, 30000000.0 / 373554033.0, 1916666.6666666667, 1e-7})
        CHECK(std::stod(format_ratio(ratio)) == ratio);
}

TEST_CASE("report format: rating has one decimal")
{
    CHECK(format_rating(7.7) == "7.7");
    CHECK(format_rating(7.0) == "7.0");
    CHECK(format_rating(10.0) == "10.0");
    CHECK(format_rating(0.0) == "0.0");
    CHECK(format_rating(6.84) == "6.8");
}
