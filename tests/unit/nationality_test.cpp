#include "transform/nationality.hpp"

#include <doctest/doctest.h>

using sluice::Nationality;
using sluice::nationality_of;

TEST_CASE("nationality: a qualifier's country or language against the film's")
{
    const std::vector<std::string> us_de{"US", "DE"};
    const std::vector<std::string> india{"IN"};
    const std::vector<std::string> none;
    CHECK(nationality_of("American", us_de, "en") == Nationality::matches);
    CHECK(nationality_of("german", us_de, "en") == Nationality::matches);
    CHECK(nationality_of("West German", us_de, "de") == Nationality::matches);
    CHECK(nationality_of("British", us_de, "en") == Nationality::differs);
    CHECK(nationality_of("Indian", india, "ta") == Nationality::matches);
    CHECK(nationality_of("Tamil", india, "ta") == Nationality::matches);
    CHECK(nationality_of("Telugu", india, "ta") == Nationality::differs);
    CHECK(nationality_of("South Korean", {"KR"}, "ko") == Nationality::matches);
    // Nothing to compare: no descriptor, a descriptor that is no nationality, no countries.
    CHECK(nationality_of("", us_de, "en") == Nationality::unknown);
    CHECK(nationality_of("TV", us_de, "en") == Nationality::unknown);
    CHECK(nationality_of("animated", us_de, "en") == Nationality::unknown);
    CHECK(nationality_of("British", none, "en") == Nationality::unknown);
    // A language descriptor matches on the language even with no countries.
    CHECK(nationality_of("Hindi", none, "hi") == Nationality::matches);
}
