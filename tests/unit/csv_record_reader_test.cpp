// CsvRecordReader: the polluted CSV cases of issue 14, each read whole and one byte per read.
#include "parse/csv_record_reader.hpp"

#include "core/error.hpp"
#include "encoded_text.hpp"
#include "memory_source.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace {

using sluice::CsvReadOptions;
using sluice::CsvRecordReader;
using sluice::CsvSelector;
using sluice::Record;
using Values = std::vector<std::optional<std::string>>;  // per field: its one value, or NULL
using ShortRows = CsvReadOptions::ShortRows;
using LongRows = CsvReadOptions::LongRows;

struct Rec {
    std::uint64_t number = 0;
    std::uint64_t line = 0;
    std::uint64_t byte = 0;
    Values values;
    std::optional<std::string> error;
    std::string raw;
    bool operator==(const Rec&) const = default;
};

std::string show(const Rec& r)
{
    std::string out = "{#" + std::to_string(r.number) + " line " + std::to_string(r.line) + " byte " +
                      std::to_string(r.byte) + " [";
    for (const auto& v : r.values) out += (v ? "'" + *v + "'" : "NULL") + " ";
    return out + "] error " + r.error.value_or("-") + " raw '" + r.raw + "'}";
}

struct Outcome {
    std::vector<Rec> records;
    std::vector<bool> matched;
    std::string error;  // what() of a sluice::Error or UsageError, after the records
    bool operator==(const Outcome&) const = default;
};

Outcome read_with(const std::string& text, const CsvReadOptions& options, const std::vector<CsvSelector>& fields,
                  std::size_t max_read)
{
    Outcome out;
    try {
        CsvRecordReader reader(sluice::test::memory_source(text, max_read, "data.csv"), options, fields);
        Record record;
        while (reader.next(record)) {
            Rec r{record.number, record.line, record.byte, {}, record.error, record.raw};
            REQUIRE(record.fields() == fields.size());
            for (std::size_t f = 0; f < fields.size(); ++f) {
                // A rejected record carries no values at all.
                if (record.error) {
                    CHECK(record.count(f) == 0);
                    continue;
                }
                REQUIRE(record.count(f) <= 1);
                r.values.push_back(record.count(f) ? std::optional<std::string>(record.value(f)) : std::nullopt);
            }
            out.records.push_back(std::move(r));
            CHECK(reader.records_read() == out.records.size());
        }
        CHECK_FALSE(reader.next(record));
        for (std::size_t f = 0; f < fields.size(); ++f) out.matched.push_back(reader.field_ever_matched(f));
    } catch (const sluice::Error& e) {
        out.error = e.what();
    } catch (const sluice::UsageError& e) {
        out.error = "usage: " + std::string(e.what());
    }
    return out;
}

// Read whole, then one byte per read and through 3-byte chunks: all must agree.
Outcome read(const std::string& text, CsvReadOptions options, const std::vector<CsvSelector>& fields)
{
    const Outcome whole = read_with(text, options, fields, 1 << 20);
    CHECK(read_with(text, options, fields, 1) == whole);
    options.chunk_size = 3;
    CHECK(read_with(text, options, fields, 1 << 20) == whole);
    return whole;
}

std::vector<CsvSelector> named(std::initializer_list<const char*> names)
{
    std::vector<CsvSelector> out;
    for (const auto* n : names) out.push_back(CsvSelector::named(n));
    return out;
}

// The message when reading fails (with its "usage: " mark for a UsageError), "" when it does not.
std::string failure(const std::string& text, const CsvReadOptions& options, const std::vector<CsvSelector>& fields)
{
    return read(text, options, fields).error;
}

const std::optional<std::string> ok;
const std::optional<std::string> null;

std::optional<std::string> v(const char* text)
{
    return std::string(text);
}

std::optional<std::string> reason(const char* text)
{
    return std::string(text);
}

} // namespace

namespace doctest {
template <>
struct StringMaker<std::vector<Rec>> {
    static String convert(const std::vector<Rec>& records)
    {
        std::string out;
        for (const auto& r : records) out += show(r) + "\n";
        return out.c_str();
    }
};
} // namespace doctest

TEST_CASE("csv record reader: fields by name and by position, with exact numbers, lines, bytes and raw text")
{
    const std::string text = "id,title,year\r\n"                 // line 1, byte 0
                             "1,\"Heat\",1995\r\n"               // line 2, byte 15
                             "2,\"Two\r\nlines\",2001\r\n"       // lines 3-4, byte 30
                             "\r\n"                               // line 5, empty: no record
                             "3,Up,2009";                         // line 6, byte 53
    const auto out = read(text, {}, {CsvSelector::named("year"), CsvSelector::at(2), CsvSelector::named("id")});
    CHECK(out.error.empty());
    CHECK(out.records == std::vector<Rec>{
                             {1, 2, 15, {v("1995"), v("Heat"), v("1")}, ok, "1,\"Heat\",1995"},
                             {2, 3, 30, {v("2001"), v("Two\r\nlines"), v("2")}, ok, "2,\"Two\r\nlines\",2001"},
                             {3, 6, 53, {v("2009"), v("Up"), v("3")}, ok, "3,Up,2009"},
                         });
    CHECK(out.matched == std::vector<bool>{true, true, true});
}

TEST_CASE("csv record reader: a name matches exactly first, then the one name equal ignoring case and spaces")
{
    const std::string text = "Id, Note ,title,YEAR\n1,a,b,2000\n";
    CHECK(read(text, {}, named({"title", "year", "ID", "note"})).records ==
          std::vector<Rec>{{1, 2, 21, {v("b"), v("2000"), v("1"), v("a")}, ok, "1,a,b,2000"}});
    // Two names equal to it ignoring case: no guess.
    CHECK(failure("Name,NAME\nx,y\n", {}, named({"name"})) ==
          "usage: data.csv: no column 'name' in the header (line 1), and 'Name' and 'NAME' (positions 1 and 2) "
          "differ from it only in case or spaces: write the name exactly, or select by position");
    CHECK(failure("a, b ,B\nx,y,z\n", {}, named({"b"})) ==
          "usage: data.csv: no column 'b' in the header (line 1), and ' b ' and 'B' (positions 2 and 3) "
          "differ from it only in case or spaces: write the name exactly, or select by position");
}

TEST_CASE("csv record reader: a missing column names the source, the header and the closest name")
{
    CHECK(failure("id,title,year\n1,a,2\n", {}, named({"titel"})) ==
          "usage: data.csv: no column 'titel' in the header (line 1): 'id', 'title', 'year'; did you mean 'title'?");
    CHECK(failure("id,title,year\n1,a,2\n", {}, named({"budget"})) ==
          "usage: data.csv: no column 'budget' in the header (line 1): 'id', 'title', 'year'");
    // After a preamble the header's line is the real one; a header alone still resolves.
    CsvReadOptions preamble;
    preamble.skip_lines = 2;
    CHECK(failure("Export\n\nid,name\n", preamble, named({"nmae"})) ==
          "usage: data.csv: no column 'nmae' in the header (line 3): 'id', 'name'; did you mean 'name'?");
    // A wide header is cut short in the message.
    std::string wide;
    for (int c = 1; c <= 20; ++c) wide += (c > 1 ? "," : "") + std::string("c") + std::to_string(c);
    CHECK(failure(wide + "\n", {}, named({"x"})) ==
          "usage: data.csv: no column 'x' in the header (line 1): 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', "
          "'c9', 'c10', 'c11', 'c12' and 8 more");
    // Against named columns, from the constructor.
    CsvReadOptions columns;
    columns.columns = {"id", "name"};
    CHECK(failure("", columns, named({"nam"})) ==
          "usage: data.csv: no column 'nam' in [csv] columns: 'id', 'name'; did you mean 'name'?");
}

TEST_CASE("csv record reader: a position past the width, position 0, a name without a header")
{
    CHECK(failure("a,b\n1,2\n", {}, {CsvSelector::at(3)}) ==
          "usage: data.csv: column 3 is past the 2 columns in the header (line 1): 'a', 'b'");
    CHECK(failure("a\n1\n", {}, {CsvSelector::at(2)}) ==
          "usage: data.csv: column 2 is past the 1 column in the header (line 1): 'a'");
    CsvReadOptions columns;
    columns.columns = {"x", "y"};
    CHECK(failure("1,2\n", columns, {CsvSelector::at(5)}) ==
          "usage: data.csv: column 5 is past the 2 columns in [csv] columns: 'x', 'y'");
    CsvReadOptions bare;
    bare.header_lines = 0;
    CHECK(failure("\n1,2\n", bare, {CsvSelector::at(4)}) ==
          "usage: data.csv: column 4 is past the 2 columns of the first record (line 2)");
    CHECK(failure("1,2\n", {}, {CsvSelector::at(0)}) == "usage: data.csv: column 0: positions count from 1");
    CHECK(failure("1,2\n", bare, named({"id"})) ==
          "usage: data.csv: column 'id' is selected by name, but the source has no header (header_lines = 0) and "
          "no columns are named: name them with [csv] columns, or select by position");
    // Without a header, positions select; the first record is data.
    CHECK(read("1,2\n3,4\n", bare, {CsvSelector::at(2)}).records ==
          std::vector<Rec>{{1, 1, 0, {v("2")}, ok, "1,2"}, {2, 2, 4, {v("4")}, ok, "3,4"}});
}

TEST_CASE("csv record reader: a duplicated header name is refused only when selected")
{
    const std::string text = "id,name,x,name\n1,a,b,c\n";
    CHECK(failure(text, {}, named({"name"})) ==
          "usage: data.csv: column 'name' appears 2 times in the header (line 1), at positions 2 and 4: select it by "
          "position");
    CHECK(failure("n,n,n\n1,2,3\n", {}, named({"n"})) ==
          "usage: data.csv: column 'n' appears 3 times in the header (line 1), at positions 1, 2 and 3: select it by "
          "position");
    CHECK(read(text, {}, {CsvSelector::named("id"), CsvSelector::at(4)}).records ==
          std::vector<Rec>{{1, 2, 15, {v("1"), v("c")}, ok, "1,a,b,c"}});
    CsvReadOptions columns;
    columns.columns = {"a", "a"};
    CHECK(failure("", columns, named({"a"})) ==
          "usage: data.csv: column 'a' appears 2 times in [csv] columns, at positions 1 and 2: select it by position");
}

TEST_CASE("csv record reader: named columns replace the header, which is skipped unread")
{
    CsvReadOptions options;
    options.columns = {"id", "name"};
    // The header's own names do not matter, nor does its width.
    CHECK(read("ID,NAME,EXTRA\n1,Ann\n", options, named({"name", "id"})).records ==
          std::vector<Rec>{{1, 2, 14, {v("Ann"), v("1")}, ok, "1,Ann"}});
    options.header_lines = 0;
    CHECK(read("1,Ann\n2,Bo\n", options, named({"name"})).records ==
          std::vector<Rec>{{1, 1, 0, {v("Ann")}, ok, "1,Ann"}, {2, 2, 6, {v("Bo")}, ok, "2,Bo"}});
    options.header_lines = 2;
    CHECK(read("h1\nh2\n1,Ann\n", options, named({"name"})).records ==
          std::vector<Rec>{{1, 3, 6, {v("Ann")}, ok, "1,Ann"}});
}

TEST_CASE("csv record reader: short rows rejected or padded, a lone field never padded")
{
    const std::string text = "a,b,c,d,e\n1,2,3\n1,2,3,4,5\n1,2\nTotal: 2 rows\n";
    const auto fields = named({"a", "c", "e"});
    CHECK(read(text, {}, fields).records == std::vector<Rec>{
                                                {1, 2, 10, {}, reason("3 fields, expected 5"), "1,2,3"},
                                                {2, 3, 16, {v("1"), v("3"), v("5")}, ok, "1,2,3,4,5"},
                                                {3, 4, 26, {}, reason("2 fields, expected 5"), "1,2"},
                                                {4, 5, 30, {}, reason("1 field, expected 5"), "Total: 2 rows"},
                                            });
    CsvReadOptions pad;
    pad.short_rows = ShortRows::pad;
    const auto padded = read(text, pad, fields);
    CHECK(padded.records == std::vector<Rec>{
                                {1, 2, 10, {v("1"), v("3"), null}, ok, "1,2,3"},
                                {2, 3, 16, {v("1"), v("3"), v("5")}, ok, "1,2,3,4,5"},
                                {3, 4, 26, {v("1"), null, null}, ok, "1,2"},
                                // A footnote is never loaded as data.
                                {4, 5, 30, {}, reason("1 field, expected 5"), "Total: 2 rows"},
                            });
    CHECK(padded.matched == std::vector<bool>{true, true, true});
}

TEST_CASE("csv record reader: long rows rejected or truncated")
{
    const std::string text = "a,b,c\n1,2,3,4\n1,2,3\n1,2,3,,\n1,2,3,4,5,6,7\n";
    const auto fields = std::vector<CsvSelector>{CsvSelector::at(1), CsvSelector::at(3)};
    CHECK(read(text, {}, fields).records == std::vector<Rec>{
                                                {1, 2, 6, {}, reason("4 fields, expected 3"), "1,2,3,4"},
                                                {2, 3, 14, {v("1"), v("3")}, ok, "1,2,3"},
                                                {3, 4, 20, {}, reason("5 fields, expected 3"), "1,2,3,,"},
                                                {4, 5, 28, {}, reason("7 fields, expected 3"), "1,2,3,4,5,6,7"},
                                            });
    CsvReadOptions truncate;
    truncate.long_rows = LongRows::truncate;
    CHECK(read(text, truncate, fields).records == std::vector<Rec>{
                                                     {1, 2, 6, {v("1"), v("3")}, ok, "1,2,3,4"},
                                                     {2, 3, 14, {v("1"), v("3")}, ok, "1,2,3"},
                                                     {3, 4, 20, {v("1"), v("3")}, ok, "1,2,3,,"},
                                                     {4, 5, 28, {v("1"), v("3")}, ok, "1,2,3,4,5,6,7"},
                                                 });
    // Truncating does not pad.
    CHECK(read("a,b,c\n1,2\n", truncate, fields).records ==
          std::vector<Rec>{{1, 2, 6, {}, reason("2 fields, expected 3"), "1,2"}});
}

TEST_CASE("csv record reader: null texts add no value, and a field never non-null is reported")
{
    const std::string text = "a,b,c\n,x,\n\"\",NA,\\N\nN/A,,z\n";
    const auto fields = named({"a", "b", "c"});
    const auto plain = read(text, {}, fields);
    // By default an empty field is NULL, and a quoted "" an empty string, as COPY CSV reads them.
    CHECK(plain.records == std::vector<Rec>{{1, 2, 6, {null, v("x"), null}, ok, ",x,"},
                                            {2, 3, 10, {v(""), v("NA"), v("\\N")}, ok, "\"\",NA,\\N"},
                                            {3, 4, 19, {v("N/A"), null, v("z")}, ok, "N/A,,z"}});
    CsvReadOptions options;
    options.null = {"NA", "\\N", "N/A"};
    const auto custom = read(text, options, fields);
    CHECK(custom.records == std::vector<Rec>{{1, 2, 6, {v(""), v("x"), v("")}, ok, ",x,"},
                                             {2, 3, 10, {v(""), null, null}, ok, "\"\",NA,\\N"},
                                             {3, 4, 19, {null, v(""), v("z")}, ok, "N/A,,z"}});
    options.null = {"", "x", "z", "NA", "N/A", "\\N"};
    CHECK(read(text, options, fields).matched == std::vector<bool>{true, false, false});
    // A quoted null text is not NULL either.
    options.null = {"NA"};
    CHECK(read("a\n\"NA\"\nNA\n", options, named({"a"})).records ==
          std::vector<Rec>{{1, 2, 2, {v("NA")}, ok, "\"NA\""}, {2, 3, 7, {null}, ok, "NA"}});
    options.null = {"", "NA", "x", "N/A"};
    CHECK(read("a,b,c\n,x,\nN/A,NA,z\n", options, fields).matched == std::vector<bool>{false, false, true});
    options.null = {"", "NA"};
    CHECK(read(text, options, fields).matched == std::vector<bool>{true, true, true});
}

TEST_CASE("csv record reader: a header of several lines joins each column's non-empty cells")
{
    CsvReadOptions options;
    options.header_lines = 2;
    const std::string text = ",Unit,Unit, \n id ,price,count,note\n1,2.5,3,x\n";
    const auto out = read(text, options, named({"id", "Unit price", "unit count", "note"}));
    CHECK(out.records == std::vector<Rec>{{1, 3, 35, {v("1"), v("2.5"), v("3"), v("x")}, ok, "1,2.5,3,x"}});
    // Three lines, a quoted cell with a line break, header rows of different widths.
    options.header_lines = 3;
    const std::string three = "Sales\n\"Q1\nEU\",,\nnet,gross,tax\n1,2,3\n";
    CHECK(read(three, options, named({"Sales Q1\nEU net", "gross", "tax"})).records ==
          std::vector<Rec>{{1, 5, 30, {v("1"), v("2"), v("3")}, ok, "1,2,3"}});
    CHECK(failure(three, options, named({"net"})) ==
          "usage: data.csv: no column 'net' in the header (line 1): 'Sales Q1\nEU net', 'gross', 'tax'");
    // A header cut short by the end: what there is names the columns, no records.
    CHECK(read("a,b\n", options, named({"b"})).records.empty());
}

TEST_CASE("csv record reader: preambles, footnotes, empty files and a header alone")
{
    CsvReadOptions options;
    options.skip_lines = 3;
    const std::string text = "\"Sales export\n"       // an unbalanced quote in the preamble
                             "generated 2024-01-02\r\n"
                             "\n"
                             "id,amount\n"             // line 4, byte 37
                             "1,10\n"                  // line 5, byte 47
                             "2,20\n"
                             "\n"
                             "Total,30,EUR\n"          // line 8: long
                             "(c) ACME\n";             // line 9: a footnote
    const auto out = read(text, options, named({"amount"}));
    CHECK(out.error.empty());
    CHECK(out.records == std::vector<Rec>{{1, 5, 47, {v("10")}, ok, "1,10"},
                                          {2, 6, 52, {v("20")}, ok, "2,20"},
                                          {3, 8, 58, {}, reason("3 fields, expected 2"), "Total,30,EUR"},
                                          {4, 9, 71, {}, reason("1 field, expected 2"), "(c) ACME"}});
    // Nothing at all, blank lines only, a header alone, a preamble alone: no records, no error.
    for (const std::string empty : {"", "\n\r\n", "id,amount", "id,amount\r\n\r\n"}) {
        CAPTURE(empty);
        const auto none = read(empty, {}, named({"amount"}));
        CHECK(none.records.empty());
        CHECK(none.error.empty());
        CHECK(none.matched == std::vector<bool>{false});
    }
    CHECK(read("a\nb\n", options, named({"amount"})).records.empty());
    CHECK(read("a\nb\n", options, named({"amount"})).error.empty());
}

TEST_CASE("csv record reader: a semicolon-delimited Latin-1 file with a preamble")
{
    CsvReadOptions options;
    options.dialect.delimiter = ";";
    options.encoding = "ISO-8859-1";
    options.skip_lines = 1;
    const std::string utf8 = "Übersicht der Städte\nStadt;Einwohner;Fläche\n\"Köln\";1084831;405,02\nMünchen;1512491;310,7\n";
    const std::string latin1 = sluice::test::converted(utf8, "ISO-8859-1");
    REQUIRE(latin1.size() < utf8.size());
    const auto out = read(latin1, options, named({"Stadt", "fläche"}));
    CHECK(out.error.empty());
    // Lines and bytes are those of the decoded UTF-8 text.
    CHECK(out.records == std::vector<Rec>{{1, 3, 47, {v("Köln"), v("405,02")}, ok, "\"Köln\";1084831;405,02"},
                                          {2, 4, 70, {v("München"), v("310,7")}, ok, "München;1512491;310,7"}});
    CHECK(std::string_view(utf8).substr(47, 6) == "\"Köln");
}

TEST_CASE("csv record reader: bytes not valid in the encoding are refused or replaced")
{
    const std::string text = "a,b\n1,x\n2,\xFF\n3,y\n";
    const auto refused = read(text, {}, named({"b"}));
    CHECK(refused.records == std::vector<Rec>{{1, 2, 4, {v("x")}, ok, "1,x"}});
    CHECK(refused.error == "data.csv: byte 10: not valid UTF-8: 0xFF (--invalid-utf8 replace puts U+FFFD in its place)");
    CsvReadOptions options;
    options.invalid = sluice::TranscodingSource::Invalid::replace;
    CHECK(read(text, options, named({"b"})).records == std::vector<Rec>{{1, 2, 4, {v("x")}, ok, "1,x"},
                                                                        {2, 3, 8, {v("\xEF\xBF\xBD")}, ok, "2,\xEF\xBF\xBD"},
                                                                        {3, 4, 14, {v("y")}, ok, "3,y"}});
    CsvRecordReader reader(sluice::test::memory_source(text), options, named({"b"}));
    Record record;
    while (reader.next(record)) {
    }
    CHECK(reader.replaced() == 1);
    CHECK(failure("", [] {
        CsvReadOptions o;
        o.encoding = "no-such-encoding";
        return o;
    }(), named({"b"})) == "data.csv: unknown encoding 'no-such-encoding'");
}

TEST_CASE("csv record reader: a byte order mark is not part of the first name or value")
{
    CHECK(read("\xEF\xBB\xBFid,name\n1,a\n", {}, named({"id"})).records ==
          std::vector<Rec>{{1, 2, 11, {v("1")}, ok, "1,a"}});
    CsvReadOptions bare;
    bare.header_lines = 0;
    CHECK(read("\xEF\xBB\xBF" "1,a\n", bare, {CsvSelector::at(1)}).records ==
          std::vector<Rec>{{1, 1, 0, {v("1")}, ok, "\xEF\xBB\xBF" "1,a"}});
    CsvReadOptions named_columns;
    named_columns.columns = {"id", "name"};
    named_columns.header_lines = 0;
    CHECK(read("\xEF\xBB\xBF" "1,a\n", named_columns, named({"id"})).records ==
          std::vector<Rec>{{1, 1, 0, {v("1")}, ok, "\xEF\xBB\xBF" "1,a"}});
    // Only at the very start.
    CHECK(read("id\n\xEF\xBB\xBFx\n", {}, named({"id"})).records ==
          std::vector<Rec>{{1, 2, 3, {v("\xEF\xBB\xBFx")}, ok, "\xEF\xBB\xBFx"}});
}

TEST_CASE("csv record reader: the parser's errors name the field, and the record is not converted")
{
    const std::string text = "a,b,c\n1,\"x\"y,3\n4,5,6\n7,8,\"open\n9,9,9\n";
    CHECK(read(text, {}, named({"a", "c"})).records ==
          std::vector<Rec>{{1, 2, 6, {}, reason("field 2: unexpected character after closing quote"), "1,\"x\"y,3"},
                           {2, 3, 15, {v("4"), v("6")}, ok, "4,5,6"},
                           {3, 4, 21, {}, reason("field 3: unterminated quoted field"), "7,8,\"open\n9,9,9\n"}});
    // A malformed header stops the read.
    CHECK(failure("a,\"b\"x\n1,2\n", {}, named({"a"})) ==
          "data.csv: line 1 (byte 0): the header is malformed: unexpected character after closing quote");
}

TEST_CASE("csv record reader: polluted dialects, \\r record ends, multi-byte delimiters and backslashes")
{
    CsvReadOptions options;
    options.dialect = sluice::CsvDialect::from_texts(", ", "\"", "\\");
    const std::string text = "id, note\r1, a\\, b\r2, \"say \\\"hi\\\"\"\r3, x,y\r";
    CHECK(read(text, options, named({"note"})).records ==
          std::vector<Rec>{{1, 2, 9, {v("a, b")}, ok, "1, a\\, b"},
                           {2, 3, 18, {v("say \"hi\"")}, ok, "2, \"say \\\"hi\\\"\""},
                           {3, 4, 34, {v("x,y")}, ok, "3, x,y"}});
    options.dialect = sluice::CsvDialect::from_texts("||", "", "");
    CHECK(read("a||b\n\"1||2\"\n", options, named({"b"})).records ==
          std::vector<Rec>{{1, 2, 5, {v("2\"")}, ok, "\"1||2\""}});
}

TEST_CASE("csv record reader: raw text is capped at 4096 bytes, at a character boundary")
{
    const std::string big(5000, 'x');
    const auto out = read("a,b\n1," + big + "\n", {}, named({"b"}));
    REQUIRE(out.records.size() == 1);
    CHECK(out.records[0].values == Values{big});
    CHECK(out.records[0].raw == "1," + std::string(Record::kMaxRawBytes - 2, 'x'));
    // A 2-byte character across the cap is left out whole.
    std::string accents = "1,";
    while (accents.size() < 5000) accents += "\xC3\xA9";
    const auto cut = read("a,b\n" + accents + "\n", {}, named({"a"}));
    REQUIRE(cut.records.size() == 1);
    CHECK(cut.records[0].raw == accents.substr(0, Record::kMaxRawBytes));
    accents.insert(0, "0");
    const auto odd = read("a,b\n" + accents + "\n", {}, named({"a"}));
    REQUIRE(odd.records.size() == 1);
    CHECK(odd.records[0].raw == accents.substr(0, Record::kMaxRawBytes - 1));
}

TEST_CASE("csv record reader: a record past the size limit stops the read with a clear error")
{
    CsvReadOptions options;
    options.max_record_bytes = 64;
    const std::string text = "a,b\n1,2\n3,\"" + std::string(200, 'q') + "\n";
    const auto out = read(text, options, named({"b"}));
    CHECK(out.records == std::vector<Rec>{{1, 2, 4, {v("2")}, ok, "1,2"}});
    CHECK(out.error == "data.csv: line 3 (byte 8): record longer than 64 bytes: is a quote never closed?");
}

TEST_CASE("csv record reader: one Record reused gives the same as fresh ones")
{
    // The values of a record must not leak into the next, NULLs and rejects included.
    CsvRecordReader reader(sluice::test::memory_source("a,b\n1,2\n,\n3\n4,5\n"), {}, named({"a", "b"}));
    Record record;
    REQUIRE(reader.next(record));
    CHECK(record.value(1) == "2");
    REQUIRE(reader.next(record));
    CHECK(record.count(0) == 0);
    CHECK(record.count(1) == 0);
    REQUIRE(reader.next(record));
    CHECK(record.error == std::string("1 field, expected 2"));
    CHECK(record.count(0) == 0);
    REQUIRE(reader.next(record));
    CHECK_FALSE(record.error);
    CHECK(record.value(0) == "4");
    CHECK(record.number == 4);
    CHECK(reader.names() == std::vector<std::string>{"a", "b"});
    CHECK(reader.columns() == std::vector<std::size_t>{0, 1});
}
