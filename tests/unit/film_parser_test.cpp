#include "jobs/movie_report/film_parser.hpp"

#include "core/error.hpp"
#include "core/byte_source.hpp"
#include "memory_source.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace {

using sluice::CsvReader;
using sluice::CsvRecord;
using sluice::Film;
using sluice::FilmParser;

// Verbatim lines of /work/shared/data/real/movies_metadata.csv (the first records of Kaggle's
// file): the header (line 1), Toy Story (line 2), Jupiter's Wife (lines 128-129: a quoted
// overview holding a line break), War Stories Our Mother Never Told Us (line 714: blank
// release_date and poster_path) and Original Gangstas (line 718: a company name with an
// apostrophe, so repr() double-quoted it and CSV doubled those quotes).
const std::string header_line =
    R"csv(adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,original_language,original_title,overview,popularity,poster_path,production_companies,production_countries,release_date,revenue,runtime,spoken_languages,status,tagline,title,video,vote_average,vote_count)csv";
const std::string toy_story =
    R"csv(False,"{'id': 10194, 'name': 'Toy Story Collection', 'poster_path': '/7G9915LfUQ2lVfwMEEhDsn3kT4B.jpg', 'backdrop_path': '/9FBwqcd9IRruEDUrTdcaafOMKUq.jpg'}",30000000,"[{'id': 16, 'name': 'Animation'}, {'id': 35, 'name': 'Comedy'}, {'id': 10751, 'name': 'Family'}]",http://toystory.disney.com/toy-story,862,tt0114709,en,Toy Story,"Led by Woody, Andy's toys live happily in his room until Andy's birthday brings Buzz Lightyear onto the scene. Afraid of losing his place in Andy's heart, Woody plots against Buzz. But when circumstances separate Buzz and Woody from their owner, the duo eventually learns to put aside their differences.",21.946943,/rhIRbceoE9lR4veEXuwCC2wARtG.jpg,"[{'name': 'Pixar Animation Studios', 'id': 3}]","[{'iso_3166_1': 'US', 'name': 'United States of America'}]",1995-10-30,373554033,81.0,"[{'iso_639_1': 'en', 'name': 'English'}]",Released,,Toy Story,False,7.7,5415)csv";
const std::string jupiters_wife =
    R"csv(False,,0,[],,290157,tt0110217,en,Jupiter's Wife,"Michel Negroponte, a documentary filmmaker, meets Maggie one day in Central Park. Maggie claims to be married to the god Jupiter and the daughter of actor Robert Ryan. Michel gets to know Maggie over the next couple of years, and attempts to use her often outlandish stories as clues to reconstruct her past.
 - Written by James Meek",0.001178,/uUi23HjvDFYGfuVlCBGozUY1Ab4.jpg,[],[],1995-01-01,0,87.0,[],Released,A Haunting Real Life Mystery,Jupiter's Wife,False,0.0,0)csv";
const std::string war_stories =
    R"csv(False,,0,[],,365371,tt0114894,en,War Stories Our Mother Never Told Us,"Seven New Zealand women speak about their lives during World War II: some lost husbands, some got married, some went into service themselves. The director lets the women tell their stories simply, alternating between them talking and archival footage of the war years.",0.005625,,[],[],,0,95.0,[],Released,,War Stories Our Mother Never Told Us,False,0.0,0)csv";
const std::string original_gangstas =
    R"csv(False,,4800000,"[{'id': 28, 'name': 'Action'}, {'id': 18, 'name': 'Drama'}, {'id': 80, 'name': 'Crime'}, {'id': 53, 'name': 'Thriller'}]",,40507,tt0117260,en,Original Gangstas,"A violent street gang, the Rebels, rule the streets of Gary, Indiana. The Rebels shoot Marvin Bookman, a store-keeper, for giving the police information about a drive-by shooting they committed. Marvin's son, former NFL star John who created the Rebels, returns to Gary to be with his father and, with a little help from his friends, to destroy the Rebels his way.",0.343579,/fhTctx0RXY51rtLTcglwvhU1106.jpg,"[{'name': ""Po' Boy Productions"", 'id': 11787}]","[{'iso_3166_1': 'US', 'name': 'United States of America'}]",1996-05-10,3014000,99.0,"[{'iso_639_1': 'es', 'name': 'Español'}, {'iso_639_1': 'en', 'name': 'English'}]",Released,The original bad boys are stepping up in '96!,Original Gangstas,False,5.5,5)csv";

// The shape of the three broken records in the full Kaggle file (near rows 19,730, 29,503 and
// 35,587, not in our sample): an overview with a line break but without quotes. Made here from
// Jupiter's Wife by dropping its overview's quotes, the record splits into a first half of 13
// fields (the overview's commas add 3) and a second half of 15 that starts mid-overview.
const std::string jupiters_wife_unquoted =
    R"csv(False,,0,[],,290157,tt0110217,en,Jupiter's Wife,Michel Negroponte, a documentary filmmaker, meets Maggie one day in Central Park. Maggie claims to be married to the god Jupiter and the daughter of actor Robert Ryan. Michel gets to know Maggie over the next couple of years, and attempts to use her often outlandish stories as clues to reconstruct her past.
 - Written by James Meek,0.001178,/uUi23HjvDFYGfuVlCBGozUY1Ab4.jpg,[],[],1995-01-01,0,87.0,[],Released,A Haunting Real Life Mystery,Jupiter's Wife,False,0.0,0)csv";

// Named like the real file, so messages read as they do in a run.
struct StringSource : sluice::test::MemorySource {
    StringSource(std::string data, std::size_t max_read)
        : MemorySource(std::move(data), max_read, "movies_metadata.csv")
    {
    }
};

// Every record of `csv` after its header, parsed: a Film or the reason for rejecting it.
std::vector<std::variant<Film, std::string>> parse_all(const std::string& csv, std::size_t max_read = 64 * 1024)
{
    StringSource source(csv, max_read);
    CsvReader reader(source);
    CsvRecord record;
    REQUIRE(reader.next(record));
    const FilmParser parser(source.name(), record);
    std::vector<std::variant<Film, std::string>> out;
    while (reader.next(record)) out.push_back(parser.parse(record));
    return out;
}

const Film& film(const std::variant<Film, std::string>& result)
{
    if (const auto* reason = std::get_if<std::string>(&result)) FAIL("rejected: " << *reason);
    return std::get<Film>(result);
}

std::string reason(const std::variant<Film, std::string>& result)
{
    if (const auto* r = std::get_if<std::string>(&result)) return *r;
    return "accepted";
}

// Toy Story's fields with one of them replaced, parsed by a parser built on the real header.
class OneField {
public:
    OneField()
    {
        StringSource source(header_line + "\n" + toy_story + "\n", 1 << 16);
        CsvReader reader(source);
        CsvRecord record;
        REQUIRE(reader.next(record));
        header_ = copy(record);
        REQUIRE(reader.next(record));
        fields_ = copy(record);
    }

    std::variant<Film, std::string> with(std::string_view column, std::string value) const
    {
        const auto at = std::find(header_.begin(), header_.end(), column);
        REQUIRE(at != header_.end());
        std::vector<std::string> fields = fields_;
        fields[static_cast<std::size_t>(at - header_.begin())] = std::move(value);
        return FilmParser("movies_metadata.csv", record_of(header_)).parse(record_of(fields, 7));
    }

    static CsvRecord record_of(const std::vector<std::string>& fields, std::uint64_t line = 1)
    {
        CsvRecord record;
        for (const auto& f : fields) record.fields.emplace_back(f);
        record.line = line;
        return record;
    }

    const std::vector<std::string>& header() const { return header_; }

private:
    static std::vector<std::string> copy(const CsvRecord& record)
    {
        return {record.fields.begin(), record.fields.end()};
    }

    std::vector<std::string> header_;
    std::vector<std::string> fields_;
};

} // namespace

TEST_CASE("film parser: real records")
{
    const std::string csv = header_line + "\n" + toy_story + "\n" + jupiters_wife + "\n" + war_stories +
                            "\n" + original_gangstas + "\n";
    for (const std::size_t k : {1, 7, 64 * 1024}) {
        CAPTURE(k);
        const auto results = parse_all(csv, k);
        REQUIRE(results.size() == 4);

        const Film& toy = film(results[0]);
        CHECK(toy.id == 862);
        CHECK(toy.imdb_id == "tt0114709");
        CHECK(toy.title == "Toy Story");
        CHECK(toy.year == 1995);
        CHECK(toy.budget == 30000000);
        CHECK(toy.revenue == 373554033);
        CHECK(toy.rating == 7.7);
        CHECK(toy.production_company == "Pixar Animation Studios");
        CHECK(toy.country_codes == std::vector<std::string>{"US"});
        CHECK(toy.language == "en");
        CHECK(toy.line == 2);

        const Film& jupiter = film(results[1]);
        CHECK(jupiter.id == 290157);
        CHECK(jupiter.imdb_id == "tt0110217");
        CHECK(jupiter.title == "Jupiter's Wife");
        CHECK(jupiter.year == 1995);
        CHECK(jupiter.budget == 0);
        CHECK(jupiter.revenue == 0);
        CHECK(jupiter.rating == 0.0);
        CHECK(jupiter.production_company == std::nullopt);
        CHECK(jupiter.line == 3);

        const Film& war = film(results[2]);
        CHECK(war.id == 365371);
        CHECK(war.title == "War Stories Our Mother Never Told Us");
        CHECK(war.year == std::nullopt);
        CHECK(war.production_company == std::nullopt);
        CHECK(war.line == 5);  // Jupiter's Wife took two lines

        const Film& gangstas = film(results[3]);
        CHECK(gangstas.id == 40507);
        CHECK(gangstas.imdb_id == "tt0117260");
        CHECK(gangstas.title == "Original Gangstas");
        CHECK(gangstas.year == 1996);
        CHECK(gangstas.budget == 4800000);
        CHECK(gangstas.revenue == 3014000);
        CHECK(gangstas.rating == 5.5);
        CHECK(gangstas.production_company == "Po' Boy Productions");
        CHECK(gangstas.line == 6);
    }
}

TEST_CASE("film parser: a record broken by an unquoted overview is rejected in both halves")
{
    const std::string csv = header_line + "\n" + jupiters_wife_unquoted + "\n" + toy_story;
    const auto results = parse_all(csv);
    REQUIRE(results.size() == 3);
    CHECK(reason(results[0]) == "expected 24 fields, found 13");
    CHECK(reason(results[1]) == "expected 24 fields, found 15");
    CHECK(film(results[2]).id == 862);
    CHECK(film(results[2]).line == 4);
}

TEST_CASE("film parser: header")
{
    const OneField toy;
    const FilmParser parser("movies_metadata.csv", OneField::record_of(toy.header()));
    CHECK(parser.expected_fields() == 24);

    std::vector<std::string> without_budget = toy.header();
    without_budget.erase(std::find(without_budget.begin(), without_budget.end(), "budget"));
    try {
        FilmParser("movies_metadata.csv", OneField::record_of(without_budget));
        FAIL("expected sluice::Error");
    } catch (const sluice::Error& e) {
        CHECK(std::string(e.what()) == "movies_metadata.csv: line 1: missing column 'budget'");
        CHECK(e.detail() == "missing column 'budget'");
        CHECK(e.where().line == 1);
    }

    // Columns are found by name, wherever they are; a byte order mark is not part of a name.
    std::vector<std::string> reordered = {"\xEF\xBB\xBFtitle", "vote_average", "revenue", "release_date",
                                          "production_companies", "imdb_id", "id", "budget"};
    const FilmParser short_parser("x.csv", OneField::record_of(reordered));
    CHECK(short_parser.expected_fields() == 8);
    const std::vector<std::string> values = {" Heat ", "7.7", "187436818", "1995-12-15",
                                             "[{'name': 'Regency Enterprises', 'id': 508}]", "tt0113277",
                                             "949", "60000000"};
    const auto result = short_parser.parse(OneField::record_of(values, 9));
    const Film& heat = film(result);
    CHECK(heat.id == 949);
    CHECK(heat.title == "Heat");
    CHECK(heat.budget == 60000000);
    CHECK(heat.revenue == 187436818);
    CHECK(heat.year == 1995);
    CHECK(heat.rating == 7.7);
    CHECK(heat.production_company == "Regency Enterprises");
    CHECK(heat.imdb_id == "tt0113277");
    CHECK(heat.line == 9);
}

namespace {

// The message FilmParser throws for `header`, or "no error".
std::string header_error(const std::vector<std::string>& header, std::uint64_t line = 1)
{
    try {
        FilmParser("movies_metadata.csv", OneField::record_of(header, line));
    } catch (const sluice::Error& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("film parser: a column it reads, named twice, is refused with both positions")
{
    const OneField toy;
    const std::vector<std::string> real = toy.header();
    REQUIRE(header_error(real) == "no error");

    // Kaggle's header with `title` (column 21) named again at the end: the first must not win silently.
    std::vector<std::string> doubled = real;
    doubled.push_back("title");
    CHECK(header_error(doubled) == "movies_metadata.csv: line 1: duplicate column 'title' in the header: columns 21 and 25");

    // Every column it reads, the two hint columns too, anywhere in the header.
    for (const std::string name : {"budget", "id", "imdb_id", "production_companies", "release_date", "revenue", "title",
                                   "vote_average", "production_countries", "original_language"}) {
        CAPTURE(name);
        const auto at = static_cast<std::size_t>(std::find(real.begin(), real.end(), name) - real.begin()) + 1;
        std::vector<std::string> first = real;
        first.insert(first.begin(), name);  // before the original, which moves one place on
        CHECK(header_error(first) == "movies_metadata.csv: line 1: duplicate column '" + name +
                                         "' in the header: columns 1 and " + std::to_string(at + 1));
        std::vector<std::string> last = real;
        last.push_back(name);
        CHECK(header_error(last) == "movies_metadata.csv: line 1: duplicate column '" + name + "' in the header: columns " +
                                        std::to_string(at) + " and 25");
    }

    // Three copies; a byte order mark on the first does not hide it; the header's own line.
    std::vector<std::string> three = real;
    three.push_back("id");
    three.push_back("id");
    CHECK(header_error(three) == "movies_metadata.csv: line 1: duplicate column 'id' in the header: columns 6 and 25 (and 1 more)");
    std::vector<std::string> bom = {"\xEF\xBB\xBF" "budget"};
    bom.insert(bom.end(), real.begin(), real.end());
    CHECK(header_error(bom) == "movies_metadata.csv: line 1: duplicate column 'budget' in the header: columns 1 and 4");
    CHECK(header_error(doubled, 3) == "movies_metadata.csv: line 3: duplicate column 'title' in the header: columns 21 and 25");

    // Columns are checked in the real header's order: a missing budget is named before a doubled title.
    std::vector<std::string> both = doubled;
    both.erase(std::find(both.begin(), both.end(), "budget"));
    CHECK(header_error(both) == "movies_metadata.csv: line 1: missing column 'budget'");
}

TEST_CASE("film parser: doubled names of columns it does not read, and near-duplicates, are fine")
{
    const OneField toy;
    std::vector<std::string> header = toy.header();
    header.push_back("genres");
    header.push_back("overview");
    header.push_back("overview");
    header.push_back("Title");   // names are compared exactly
    header.push_back("title ");
    header.push_back("");
    header.push_back("");
    const FilmParser parser("movies_metadata.csv", OneField::record_of(header));
    CHECK(parser.expected_fields() == 31);

    StringSource source(toy_story + ",x,y,z,Wrong,Wrong too,,\n", 1 << 16);
    CsvReader reader(source);
    CsvRecord record;
    REQUIRE(reader.next(record));
    const auto parsed = parser.parse(record);
    const Film& toy_story_film = film(parsed);
    CHECK(toy_story_film.title == "Toy Story");
    CHECK(toy_story_film.id == 862);
}

TEST_CASE("film parser: accepted variations")
{
    const OneField toy;
    CHECK(film(toy.with("budget", "30000000.0")).budget == 30000000);
    CHECK(film(toy.with("revenue", "373554033.00")).revenue == 373554033);
    CHECK(film(toy.with("budget", "")).budget == 0);
    CHECK(film(toy.with("revenue", "")).revenue == 0);
    CHECK(film(toy.with("release_date", "")).year == std::nullopt);
    CHECK(film(toy.with("release_date", "2000-02-29")).year == 2000);
    CHECK(film(toy.with("vote_average", "")).rating == std::nullopt);
    CHECK(film(toy.with("vote_average", "10")).rating == 10.0);
    CHECK(film(toy.with("imdb_id", "")).imdb_id == "");
    CHECK(film(toy.with("title", "  Toy Story \t")).title == "Toy Story");
    CHECK(film(toy.with("production_companies", "[]")).production_company == std::nullopt);
    CHECK(film(toy.with("production_companies", "")).production_company == std::nullopt);
    CHECK(film(toy.with("production_companies", "[{'name': \"Lee's Film Co\", 'id': 7}]")).production_company ==
          "Lee's Film Co");
    CHECK(film(toy.with("id", "862")).line == 7);
}

TEST_CASE("film parser: rejection reasons")
{
    const OneField toy;
    CHECK(reason(toy.with("id", "abc")) == "id: not an integer: 'abc'");
    CHECK(reason(toy.with("id", "")) == "id: not an integer: ''");
    CHECK(reason(toy.with("id", "1997-08-20")) == "id: not an integer: '1997-08-20'");
    CHECK(reason(toy.with("id", "862.0")) == "id: not an integer: '862.0'");
    // A poster path in the budget column: what the shifted halves of a broken record look like.
    CHECK(reason(toy.with("budget", "/ff9qCepilowshEtG2GYWwzt2bs4.jpg")) ==
          "budget: not a number: '/ff9qCepilowshEtG2GYWwzt2bs4.jpg'");
    CHECK(reason(toy.with("budget", "12abc")) == "budget: not a number: '12abc'");
    CHECK(reason(toy.with("budget", "1.5")) == "budget: not a whole number: '1.5'");
    CHECK(reason(toy.with("budget", "1.0x")) == "budget: not a number: '1.0x'");
    CHECK(reason(toy.with("budget", " 5")) == "budget: not a number: ' 5'");
    CHECK(reason(toy.with("revenue", "x")) == "revenue: not a number: 'x'");
    CHECK(reason(toy.with("release_date", "1995-13-01")) == "release_date: not a date: '1995-13-01'");
    CHECK(reason(toy.with("release_date", "1995-02-29")) == "release_date: not a date: '1995-02-29'");
    CHECK(reason(toy.with("release_date", "95-10-30")) == "release_date: not a date: '95-10-30'");
    CHECK(reason(toy.with("release_date", "1995-10-30T00:00")) == "release_date: not a date: '1995-10-30T00:00'");
    CHECK(reason(toy.with("vote_average", "abc")) == "vote_average: not a number: 'abc'");
    CHECK(reason(toy.with("vote_average", "nan")) == "vote_average: not a number: 'nan'");
    CHECK(reason(toy.with("vote_average", "7.7\n")) == "vote_average: not a number: '7.7\\n'");
    CHECK(reason(toy.with("production_companies", "[{'name': 'Pixar'")) ==
          "production_companies: expected ',' or '}' at offset 17");
    CHECK(reason(toy.with("production_companies", "False")) == "production_companies: expected a list at offset 0");
    CHECK(reason(toy.with("title", "")) == "title: empty");
    CHECK(reason(toy.with("title", " \t ")) == "title: empty");
}

TEST_CASE("film parser: long values are cut to 40 bytes on a character boundary")
{
    const OneField toy;
    CHECK(reason(toy.with("budget", std::string(50, 'x'))) ==
          "budget: not a number: '" + std::string(40, 'x') + "...'");
    CHECK(reason(toy.with("budget", std::string(40, 'x'))) ==
          "budget: not a number: '" + std::string(40, 'x') + "'");
    // 39 ASCII bytes, then a 2-byte 'é' straddling the limit: the cut keeps 39 bytes.
    CHECK(reason(toy.with("budget", std::string(39, 'a') + "\xC3\xA9" + "zzz")) ==
          "budget: not a number: '" + std::string(39, 'a') + "...'");
    // Escapes do not count: the cut is on the value's bytes.
    CHECK(reason(toy.with("budget", std::string(39, 'a') + "\xFF" + "zzz")) ==
          "budget: not a number: '" + std::string(39, 'a') + "\\xff...'");
}

TEST_CASE("film parser: a quoted value shows control characters and bytes that are not UTF-8 as escapes")
{
    const OneField toy;
    CHECK(reason(toy.with("budget", "1\x1b[2J\a")) == "budget: not a number: '1\\x1b[2J\\x07'");
    CHECK(reason(toy.with("budget", std::string("1\0" "2", 3))) == "budget: not a number: '1\\x002'");
    CHECK(reason(toy.with("budget", "1\xC2\x9B" "2")) == "budget: not a number: '1\\xc2\\x9b2'");  // C1 CSI
    CHECK(reason(toy.with("budget", "a\tb\r\n\x7f")) == "budget: not a number: 'a\\tb\\r\\n\\x7f'");
    CHECK(reason(toy.with("title", "Am\xE9lie")) == "title: not valid UTF-8 text: 'Am\\xe9lie'");
    CHECK(reason(toy.with("title", "\xED\xA0\x80!")) == "title: not valid UTF-8 text: '\\xed\\xa0\\x80!'");
    CHECK(reason(toy.with("imdb_id", "tt\xC0\xAF")) == "imdb_id: not valid UTF-8 text: 'tt\\xc0\\xaf'");
    // Well-formed text is shown as it is.
    CHECK(reason(toy.with("budget", "Am\xC3\xA9lie")) == "budget: not a number: 'Am\xC3\xA9lie'");
}

TEST_CASE("film parser: malformed CSV records and wrong field counts")
{
    const OneField toy;
    const FilmParser parser("movies_metadata.csv", OneField::record_of(toy.header()));

    CsvRecord bad = OneField::record_of(std::vector<std::string>(24, "x"));
    bad.error = "unterminated quoted field";
    CHECK(reason(parser.parse(bad)) == "unterminated quoted field");

    CHECK(reason(parser.parse(OneField::record_of(std::vector<std::string>(22, "x")))) ==
          "expected 24 fields, found 22");
    CHECK(reason(parser.parse(OneField::record_of(std::vector<std::string>(25, "x")))) ==
          "expected 24 fields, found 25");
}

TEST_CASE("film parser: values Postgres would refuse are rejected with the record")
{
    const OneField toy;
    CHECK(reason(toy.with("vote_average", "100")) == "vote_average: not between 0 and 10: '100'");
    CHECK(reason(toy.with("vote_average", "-1")) == "vote_average: not between 0 and 10: '-1'");
    CHECK(std::holds_alternative<Film>(toy.with("vote_average", "10")));
    CHECK(std::holds_alternative<Film>(toy.with("vote_average", "0")));
    CHECK(reason(toy.with("title", std::string("Toy\0Story", 9))) == "title: not valid UTF-8 text: 'Toy\\x00Story'");
    CHECK(reason(toy.with("title", "Am\xE9lie")).starts_with("title: not valid UTF-8 text"));  // Latin-1
    CHECK(reason(toy.with("title", "\xC0\xAF")).starts_with("title: not valid UTF-8 text"));      // overlong
    CHECK(reason(toy.with("title", "\xED\xA0\x80")).starts_with("title: not valid UTF-8 text"));  // surrogate
    // A NUL escaped in the literal is text Python reads: it becomes U+FFFD, which Postgres takes.
    CHECK(film(toy.with("production_companies", "[{'name': 'Bad\\x00Co', 'id': 1}]")).production_company ==
          "Bad\xEF\xBF\xBD" "Co");
    // A raw NUL byte in the text is refused, as Python refuses it.
    CHECK(reason(toy.with("production_companies", std::string("[{'name': 'Bad\0Co'}]", 20))) ==
          "production_companies: NUL byte at offset 14");
    // Real multi-byte text is fine.
    CHECK(std::get<Film>(toy.with("title", "Am\xC3\xA9lie")).title == "Am\xC3\xA9lie");
}
