// CsvSniffer on clean and polluted samples: the dialect, the preamble, the header.
#include "parse/csv_sniffer.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

using sluice::CsvDialect;
using sluice::CsvGuess;
using sluice::CsvSniffer;
using Escape = CsvDialect::Escape;

CsvDialect dialect(std::string delimiter, std::optional<char> quote = '"', Escape escape = Escape::doubled_quote)
{
    return CsvDialect{std::move(delimiter), quote, escape};
}

} // namespace

TEST_CASE("csv sniffer: the delimiter among comma, semicolon, tab, bar and two-character ones")
{
    struct Case {
        std::string sample;
        std::string delimiter;
        std::size_t fields;
    };
    const Case cases[] = {
        {"id,name,price\n1,Ann,2.5\n2,Bo,3\n", ",", 3},
        {"id;name;price\n1;Ann;2,5\n2;Bo;3,0\n", ";", 3},
        {"id\tname\tprice\n1\tAnn, Jr\t2.5\n2\tBo\t3\n", "\t", 3},
        {"id|name|price\n1|Ann|2.5\n2|Bo|3\n", "|", 3},
        {"id, name, price\n1, Ann, 2.5\n2, Bo, 3\n", ", ", 3},
        {"id||name||price\n1||A|nn||2.5\n2||Bo||3\n", "||", 3},
        {"id | name | price\n1 | Ann | 2.5\n2 | Bo | 3\n", " | ", 3},
        // More commas than semicolons in the text, but only ';' is consistent.
        {"a;b\nx, y, z;1\nw;2\nq, r;3\n", ";", 2},
    };
    for (const auto& c : cases) {
        CAPTURE(c.sample);
        const CsvGuess g = CsvSniffer::guess(c.sample);
        CHECK(g.dialect == dialect(c.delimiter));
        CHECK(g.fields == c.fields);
        CHECK(g.header);
        CHECK(g.skip_lines == 0);
    }
}

TEST_CASE("csv sniffer: quotes and escapes")
{
    // Quoted delimiters make '"' the quote.
    CHECK(CsvSniffer::guess("a,b\n\"x,y\",1\n\"z,w\",2\n").dialect == dialect(","));
    // Backslash-escaped quotes inside quotes.
    CHECK(CsvSniffer::guess("a,b\n\"say \\\"hi\\\", ok\",1\n\"x\",2\n").dialect == dialect(",", '"', Escape::backslash));
    // A backslash before a delimiter outside quotes.
    CHECK(CsvSniffer::guess("a,b\nx\\,y,1\nz,2\nw\\,v,3\n").dialect == dialect(",", '"', Escape::backslash));
    // Backslashes that escape nothing (Windows paths) keep the default.
    CHECK(CsvSniffer::guess("path,n\nC:\\dir\\f,1\nD:\\x,2\n").dialect == dialect(","));
    // Inch marks that never close a quote: no quoting.
    CHECK(CsvSniffer::guess("item,size\n\"big TV,55\"\nlamp,12\"\nrug,80\"\n").dialect ==
          dialect(",", std::nullopt, Escape::none));
}

TEST_CASE("csv sniffer: a preamble before the first consistent rows is skipped")
{
    const CsvGuess g = CsvSniffer::guess("Sales export\ngenerated 2024-01-02, by admin\n\nid;amount;city\n1;10;Köln\n2;20;Bonn\n");
    CHECK(g.dialect == dialect(";"));
    CHECK(g.skip_lines == 3);
    CHECK(g.header);
    CHECK(g.fields == 3);
    CHECK(g.records == 3);
    // A preamble with an unbalanced quote, CRLF lines.
    const CsvGuess quoted = CsvSniffer::guess("\"Report Q3\r\n(c) ACME\r\nid,name\r\n1,\"a,b\"\r\n2,c\r\n");
    CHECK(quoted.dialect == dialect(","));
    CHECK(quoted.skip_lines == 2);
    CHECK(quoted.header);
    // A footnote at the end changes nothing.
    const CsvGuess footnote = CsvSniffer::guess("id,n\n1,2\n3,4\nTotal 2 rows\n");
    CHECK(footnote.skip_lines == 0);
    CHECK(footnote.fields == 2);
}

TEST_CASE("csv sniffer: a header, or data from the first row")
{
    CHECK(CsvSniffer::guess("id,name\n1,Ann\n2,Bo\n").header);
    CHECK_FALSE(CsvSniffer::guess("1,Ann\n2,Bo\n").header);
    CHECK(CsvSniffer::guess("day,n\n2024-01-01,x\n2024-01-02,y\n").header);
    CHECK_FALSE(CsvSniffer::guess("2024-01-01,x\n2024-01-02,y\n").header);
    // All text: a header when its cells are non-empty and distinct.
    CHECK(CsvSniffer::guess("name,city\nAnn,Paris\nBo,Rome\n").header);
    CHECK_FALSE(CsvSniffer::guess("name,name\nAnn,Paris\nBo,Rome\n").header);
    CHECK_FALSE(CsvSniffer::guess(",city\nAnn,Paris\nBo,Rome\n").header);
    // Years as names over numbers: taken for data (documented).
    CHECK_FALSE(CsvSniffer::guess("2019,2020\n1,2\n3,4\n").header);
}

TEST_CASE("csv sniffer: empty, one column, a cut last line")
{
    const CsvGuess empty = CsvSniffer::guess("");
    CHECK(empty.dialect == CsvDialect{});
    CHECK(empty.records == 0);
    CHECK_FALSE(empty.header);
    const CsvGuess one = CsvSniffer::guess("name\nAnn\nBo\n");
    CHECK(one.dialect == CsvDialect{});
    CHECK(one.fields == 1);
    CHECK(one.header);
    // The last line, cut short by the sample's end, is not counted.
    CHECK(CsvSniffer::guess("a,b\n1,2\n3,4\n5").records == 3);
    // Unless it is the only line.
    CHECK(CsvSniffer::guess("a,b").records == 1);
    CHECK(CsvSniffer::guess("a,b").fields == 2);
}

TEST_CASE("csv sniffer: numbers and dates")
{
    for (const char* yes : {"0", "-12", "+3.5", "405,02", "1e6", "2.5E-3", ".5", "2024-01-31", "2024-01-31T10:00:00Z",
                            "31/01/2024", "1.2.24", "12-31-2024"})
        CHECK_MESSAGE(sluice::looks_like_number_or_date(yes), yes);
    for (const char* no : {"", "-", "id", "1a", "1e", "1.2.3.4", "2024/01-31", "Q3", "12345/1/1", "1,2,3"})
        CHECK_FALSE_MESSAGE(sluice::looks_like_number_or_date(no), no);
}
