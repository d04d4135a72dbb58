#include "jobs/movie_report/nationality.hpp"

#include <doctest/doctest.h>

using sluice::Nationality;
using sluice::nationality_of;

TEST_CASE("nationality: a qualifier's country or language against the film's")
{
    const std::string us_de = sluice::packed_countries({"US", "DE"});
    const std::string india = sluice::packed_countries({"IN"});
    const std::string none;
    CHECK(us_de == "USDE");
    CHECK(sluice::packed_countries({"US", "", "XYZ", "GB"}) == "USGB");
    CHECK(nationality_of("American", us_de, "en") == Nationality::matches);
    CHECK(nationality_of("german", us_de, "en") == Nationality::matches);
    CHECK(nationality_of("West German", us_de, "de") == Nationality::matches);
    CHECK(nationality_of("British", us_de, "en") == Nationality::differs);
    CHECK(nationality_of("Indian", india, "ta") == Nationality::matches);
    CHECK(nationality_of("Tamil", india, "ta") == Nationality::matches);
    CHECK(nationality_of("Telugu", india, "ta") == Nationality::differs);
    CHECK(nationality_of("South Korean", "KR", "ko") == Nationality::matches);
    // Nothing to compare: no descriptor, a descriptor that is no nationality, no countries.
    CHECK(nationality_of("", us_de, "en") == Nationality::unknown);
    CHECK(nationality_of("TV", us_de, "en") == Nationality::unknown);
    CHECK(nationality_of("animated", us_de, "en") == Nationality::unknown);
    CHECK(nationality_of("British", none, "en") == Nationality::unknown);
    // A language descriptor matches on the language even with no countries.
    CHECK(nationality_of("Hindi", none, "hi") == Nationality::matches);
    // Codes are compared on their two-letter boundaries only.
    CHECK(nationality_of("Spanish", "USES", "en") == Nationality::matches);
    CHECK(nationality_of("Spanish", "SUSE", "en") == Nationality::differs);
}
