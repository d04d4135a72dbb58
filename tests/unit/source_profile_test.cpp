// The pieces of `sluice inspect` that learn what a source holds: the CSV and <doc> profiles, the
// format sniffer and the value previews.
#include "parse/csv_profile.hpp"
#include "parse/doc_profile.hpp"
#include "parse/text_format.hpp"
#include "parse/value_preview.hpp"

#include "memory_source.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using sluice::CsvProfile;
using sluice::CsvReader;
using sluice::CsvRecord;
using sluice::DocProfile;
using sluice::TextFormat;

namespace {

CsvProfile profile_csv(const std::string& text, std::size_t shown = 2, std::size_t max_read = 7)
{
    sluice::test::MemorySource source{text, max_read, "test.csv"};
    CsvReader reader{source, 5};
    CsvProfile profile{shown, 10};
    CsvRecord record;
    while (reader.next(record)) profile.add(record);
    return profile;
}

} // namespace

TEST_CASE("csv profile: header, records, columns and the first records")
{
    const auto profile = profile_csv("\xef\xbb\xbfid,title,budget\n"
                                     "862,Toy Story,30000000\n"
                                     "8844,\"Jumanji, the film\",\n"
                                     "949,\"Heat\nwith a line break\",60000000");
    REQUIRE(profile.has_header());
    CHECK(profile.header() == std::vector<std::string>{"id", "title", "budget"});
    CHECK(profile.records() == 3);
    CHECK(profile.malformed() == 0);
    REQUIRE(profile.columns().size() == 3);
    CHECK(profile.columns()[0].numeric());
    CHECK(profile.columns()[0].min() == "862");
    CHECK(profile.columns()[0].max() == "8844");
    CHECK_FALSE(profile.columns()[1].numeric());
    CHECK(profile.columns()[1].max() == "Toy Story");
    CHECK(profile.columns()[2].empty() == 1);
    CHECK(profile.columns()[2].max() == "60000000");
    // Two kept, values cut to 10 characters.
    REQUIRE(profile.first_records().size() == 2);
    CHECK(profile.first_records()[0] == std::vector<std::string>{"862", "Toy Story", "30000000"});
    CHECK(profile.first_records()[1] == std::vector<std::string>{"8844", "Jumanji, t...", ""});
}

TEST_CASE("csv profile: records that do not fit the header are malformed, counted, and left out of the columns")
{
    std::string text = "id,title\n1,A\n2,B,extra\n3\n\"4\"x,D\n5,E\n6\n7\n";
    const auto profile = profile_csv(text, 0);
    CHECK(profile.records() == 7);
    CHECK(profile.malformed() == 5);
    // The first three described, as the run's rejects word them.
    CHECK(profile.malformed_described() ==
          std::vector<std::string>{"line 3: expected 2 fields, found 3", "line 4: expected 2 fields, found 1",
                                   "line 5: unexpected character after closing quote"});
    CHECK(profile.columns()[0].count() == 2);
    CHECK(profile.columns()[0].max() == "5");
    CHECK(profile.first_records().empty());
}

TEST_CASE("csv profile: a header alone")
{
    const auto profile = profile_csv("a,b\n");
    CHECK(profile.has_header());
    CHECK(profile.records() == 0);
    CHECK(profile.columns()[0].count() == 0);
}

TEST_CASE("doc profile: counts, field stats and the first docs")
{
    DocProfile profile{1, 12};
    profile.add({"Toy Story", "https://en.wikipedia.org/wiki/Toy_Story", "Toy Story is a 1995 film.", {"Plot", "Cast"}});
    profile.add({"Heat", "https://en.wikipedia.org/wiki/Heat", "", {}});
    CHECK(profile.docs() == 2);
    const auto& title = profile.fields()[0];
    CHECK(title.min() == "Heat");
    CHECK(title.max() == "Toy Story");
    CHECK(profile.fields()[2].empty() == 1);
    const auto& sections = profile.fields()[3];
    CHECK(sections.numeric());
    CHECK(sections.empty() == 1);
    CHECK(sections.max() == "2");
    REQUIRE(profile.first_docs().size() == 1);
    CHECK(profile.first_docs()[0].title == "Toy Story");
    CHECK(profile.first_docs()[0].url == "https://en.w...");
    CHECK(profile.first_docs()[0].abstract == "Toy Story is...");
    CHECK(profile.first_docs()[0].sections == 2);
}

TEST_CASE("text format: XML, CSV or binary from the first bytes")
{
    CHECK(sluice::sniff_text_format("<feed>\n<doc>") == TextFormat::xml);
    CHECK(sluice::sniff_text_format("\xef\xbb\xbf \n<?xml version=\"1.0\"?><feed>") == TextFormat::xml);
    CHECK(sluice::sniff_text_format("adult,belongs_to_collection\n") == TextFormat::csv);
    CHECK(sluice::sniff_text_format(std::string_view{"PK\x03\x04\0\0", 6}) == TextFormat::binary);
    CHECK(sluice::sniff_text_format("") == TextFormat::csv);
}

TEST_CASE("text format: the XML root element after the prolog")
{
    CHECK(sluice::xml_root_element("<feed>\n<doc>") == "feed");
    CHECK(sluice::xml_root_element("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- dump -->\n<root attr=\"1\">") == "root");
    CHECK(sluice::xml_root_element("<mediawiki/>") == "mediawiki");
    CHECK(sluice::xml_root_element("<!DOCTYPE feed [ ]><feed>") == std::nullopt);
    CHECK(sluice::xml_root_element("<?xml version=\"1.0\"") == std::nullopt);
    CHECK(sluice::xml_root_element("<fe") == std::nullopt);
}

TEST_CASE("value preview: escapes control bytes and cuts on a character boundary")
{
    CHECK(sluice::preview("Toy Story", 20) == "Toy Story");
    CHECK(sluice::preview("Toy Story", 9) == "Toy Story");
    CHECK(sluice::preview("Toy Story", 3) == "Toy...");
    CHECK(sluice::preview("a\nb\tc\rd", 20) == "a\\nb\\tc\\rd");
    CHECK(sluice::preview(std::string_view{"a\x01" "b", 3}, 20) == "a\\x01b");
    // An escape is not cut in half, nor is a UTF-8 sequence.
    CHECK(sluice::preview("ab\ncd", 3) == "ab...");
    CHECK(sluice::preview("Amélie", 3) == "Amé...");
    CHECK(sluice::preview("", 0) == "");
    CHECK(sluice::preview("x", 0) == "...");
}
