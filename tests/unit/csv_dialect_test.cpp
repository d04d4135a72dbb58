// CsvDialect's validation, and CsvParser/CsvReader reading other dialects: delimiters of several
// bytes (split across reads), backslash escapes, no quoting, no escape, preamble lines skipped.
#include "parse/csv_dialect.hpp"
#include "parse/csv_reader.hpp"

#include "core/error.hpp"
#include "memory_source.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace {

using sluice::CsvDialect;
using sluice::CsvReader;
using sluice::CsvRecord;
using Escape = CsvDialect::Escape;

struct Rec {
    std::vector<std::string> fields;
    std::uint64_t line = 0;
    std::uint64_t byte = 0;
    std::string raw;
    std::optional<std::string> error;
    bool operator==(const Rec&) const = default;
};

std::vector<Rec> read_all(const std::string& text, const CsvDialect& dialect, std::size_t max_read,
                          std::size_t chunk_size, std::uint64_t skip_lines)
{
    sluice::test::MemorySource source(text, max_read, "test.csv");
    // No larger chunk than the text needs: a big buffer per read is slow under ASan.
    CsvReader reader(source, dialect, std::min(chunk_size, text.size() + 1));
    reader.skip_lines(skip_lines);
    CsvRecord record;
    std::vector<Rec> out;
    while (reader.next(record)) {
        Rec r;
        for (const auto f : record.fields) r.fields.emplace_back(f);
        r.line = record.line;
        r.byte = record.byte;
        r.raw = std::string(record.raw);
        r.error = record.error;
        out.push_back(std::move(r));
    }
    CHECK_FALSE(reader.next(record));
    return out;
}

// Whole, then one byte per read and other chunkings: all must agree.
std::vector<Rec> parse(const std::string& text, const CsvDialect& dialect, std::uint64_t skip_lines = 0)
{
    const auto whole = read_all(text, dialect, 1 << 20, 1 << 20, skip_lines);
    for (const std::size_t k : {1, 2, 3, 7}) {
        CAPTURE(k);
        CHECK(read_all(text, dialect, k, 1 << 20, skip_lines) == whole);
        CHECK(read_all(text, dialect, 1 << 20, k, skip_lines) == whole);
    }
    return whole;
}

CsvDialect dialect(std::string delimiter, std::optional<char> quote = '"', Escape escape = Escape::doubled_quote)
{
    return CsvDialect{std::move(delimiter), quote, escape};
}

std::string usage_error(const std::function<void()>& make)
{
    try {
        make();
    } catch (const sluice::UsageError& e) {
        return e.what();
    }
    return "no error";
}

using Fields = std::vector<std::string>;
const std::optional<std::string> ok;

} // namespace

TEST_CASE("csv dialect: the default is RFC 4180 and validates")
{
    const CsvDialect d;
    CHECK(d.delimiter == ",");
    CHECK(d.quote == '"');
    CHECK(d.escape == Escape::doubled_quote);
    CHECK_NOTHROW(d.validate());
    CHECK(d.describe() == R"(delimiter "," quote "\"" escape "\"")");
    CHECK(CsvDialect::from_texts(",", "\"", "\"") == d);
}

TEST_CASE("csv dialect: from the job file's texts")
{
    CHECK(CsvDialect::from_texts(";", "\"", "\\") == dialect(";", '"', Escape::backslash));
    CHECK(CsvDialect::from_texts("\t", "", "") == dialect("\t", std::nullopt, Escape::none));
    // With no quote, the default escape '"' means nothing.
    CHECK(CsvDialect::from_texts("|", "", "\"") == dialect("|", std::nullopt, Escape::none));
    CHECK(CsvDialect::from_texts(", ", "'", "'") == dialect(", ", '\'', Escape::doubled_quote));
    CHECK(CsvDialect::from_texts("||", "\"", "") == dialect("||", '"', Escape::none));
    CHECK(CsvDialect::from_texts("\t", "", "\\").describe() == R"(delimiter "\t" quote "" escape "\\")");
}

TEST_CASE("csv dialect: impossible dialects are usage errors that say why")
{
    CHECK(usage_error([] { CsvDialect::from_texts("", "\"", "\""); }) ==
          R"([csv] delimiter is empty: give one or more characters, e.g. ",")");
    CHECK(usage_error([] { dialect("").validate(); }) ==
          R"([csv] delimiter is empty: give one or more characters, e.g. ",")");
    CHECK(usage_error([] { dialect("\n").validate(); }) ==
          R"([csv] delimiter "\n" holds a line break, which always ends a record)");
    CHECK(usage_error([] { dialect(",\r").validate(); }) ==
          R"([csv] delimiter ",\r" holds a line break, which always ends a record)");
    CHECK(usage_error([] { dialect("\"").validate(); }) ==
          R"([csv] delimiter "\"" holds the quote "\"": which one would a '"' be?)");
    CHECK(usage_error([] { dialect(",'", '\'').validate(); }) ==
          R"([csv] delimiter ",'" holds the quote "'": which one would a ''' be?)");
    CHECK(usage_error([] { dialect("\\", '"', Escape::backslash).validate(); }) ==
          R"([csv] delimiter "\\" holds a backslash, the escape character)");
    CHECK(usage_error([] { dialect(",", '\n').validate(); }) == "[csv] quote cannot be a line break");
    CHECK(usage_error([] { dialect(",", '\xC3').validate(); }) == "[csv] quote \"\xC3\": expected an ASCII character");
    CHECK(usage_error([] { dialect(",", '\\', Escape::backslash).validate(); }) ==
          R"([csv] quote and escape are both "\\": pick one)");
    CHECK(usage_error([] { CsvDialect::from_texts(",", "''", "''"); }) ==
          R"([csv] quote "''": expected one character, or "" for no quoting)");
    CHECK(usage_error([] { CsvDialect::from_texts(",", "\"", "'"); }) ==
          R"([csv] escape "'": expected the quote ("\"", a doubled quote is one), "\\" (backslash escapes) or "" (none))");
    CHECK(usage_error([] { CsvDialect::from_texts(",", "\"", "\\\\"); }) ==
          R"([csv] escape "\\\\": expected the quote ("\"", a doubled quote is one), "\\" (backslash escapes) or "" (none))");
    // The parser refuses them too, so no reader runs on one.
    CHECK(usage_error([] { sluice::CsvParser parser{dialect("")}; }) ==
          R"([csv] delimiter is empty: give one or more characters, e.g. ",")");
    // A backslash delimiter is fine when backslash is not the escape, and so is any UTF-8.
    CHECK_NOTHROW(dialect("\\", '"', Escape::doubled_quote).validate());
    CHECK_NOTHROW(dialect("§").validate());
}

TEST_CASE("csv dialect: single-byte delimiters (semicolon, tab, bar)")
{
    for (const std::string d : {";", "\t", "|"}) {
        CAPTURE(d);
        const std::string text = "a" + d + "b" + d + "\"x" + d + "y\"\n1" + d + d + "3\n";
        const auto records = parse(text, dialect(d));
        REQUIRE(records.size() == 2);
        CHECK(records[0].fields == Fields{"a", "b", "x" + d + "y"});
        CHECK(records[1].fields == Fields{"1", "", "3"});
        CHECK(records[1].byte == 10);
        // A comma is data now.
        CHECK(parse("a,b" + d + "c\n", dialect(d))[0].fields == Fields{"a,b", "c"});
    }
}

TEST_CASE("csv dialect: multi-byte delimiters, split across reads")
{
    // parse() also reads every text one byte per read, so each delimiter is split.
    const auto records = parse("id, name, note\n1, Ann, \"a, b\"\n2, Bo,b, c\n", dialect(", "));
    REQUIRE(records.size() == 3);
    CHECK(records[0] == Rec{{"id", "name", "note"}, 1, 0, "id, name, note", ok});
    CHECK(records[1] == Rec{{"1", "Ann", "a, b"}, 2, 15, "1, Ann, \"a, b\"", ok});
    // A ',' not followed by ' ' is data.
    CHECK(records[2] == Rec{{"2", "Bo,b", "c"}, 3, 30, "2, Bo,b, c", ok});

    // "||": a lone '|' is data, "|||" is the delimiter then a '|' of the next field.
    CHECK(parse("a||b|c||||d|||e\n", dialect("||"))[0].fields == Fields{"a", "b|c", "", "d", "|e"});
    // Empty fields and a delimiter at the end of the record and of the input.
    CHECK(parse("||x||\n", dialect("||"))[0].fields == Fields{"", "x", ""});
    CHECK(parse("a|", dialect("||")) == std::vector<Rec>{Rec{{"a|"}, 1, 0, "a|", ok}});
    CHECK(parse("a|\nb", dialect("||")) ==
          std::vector<Rec>{Rec{{"a|"}, 1, 0, "a|", ok}, Rec{{"b"}, 2, 3, "b", ok}});
    // A failed partial match that hides the start of the real delimiter: "aab" in "xaaabz".
    CHECK(parse("xaaabz\n", dialect("aab"))[0].fields == Fields{"xa", "z"});
    CHECK(parse("1abab2ababac3\n", dialect("abac"))[0].fields == Fields{"1abab2ab", "3"});
    // Three bytes of UTF-8 as the delimiter.
    CHECK(parse("\xC3\xA9t\xC3\xA9§x§\n", dialect("§"))[0].fields == Fields{"\xC3\xA9t\xC3\xA9", "x", ""});
}

TEST_CASE("csv dialect: a multi-byte delimiter after a closing quote")
{
    CHECK(parse("\"a\", \"b\"\n", dialect(", "))[0] == Rec{{"a", "b"}, 1, 0, "\"a\", \"b\"", ok});
    // Half a delimiter after the quote is text after it.
    CHECK(parse("\"a\",b\n", dialect(", "))[0] ==
          Rec{{"a,b"}, 1, 0, "\"a\",b", std::string("unexpected character after closing quote")});
    CHECK(parse("\"a\",", dialect(", "))[0] ==
          Rec{{"a,"}, 1, 0, "\"a\",", std::string("unexpected character after closing quote")});
}

TEST_CASE("csv dialect: backslash escapes inside and outside quotes")
{
    const CsvDialect d = dialect(",", '"', Escape::backslash);
    const auto records = parse(R"(a\,b,"c\"d",e\\f,g\nh\ti\rj,\x\q,"k""l")" "\n", d);
    REQUIRE(records.size() == 1);
    CHECK(records[0].fields == Fields{"a,b", "c\"d", "e\\f", "g\nh\ti\rj", "xq", "k\"l"});
    CHECK_FALSE(records[0].error);

    // An escaped line break is data and a line; the record after it counts it.
    const auto lines = parse("a\\\nb,c\nd\\\r\ne\n", d);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == Rec{{"a\nb", "c"}, 1, 0, "a\\\nb,c", ok});
    // An escaped CR, then the LF ends the record: one CRLF, one line (as Python's csv reads it).
    CHECK(lines[1] == Rec{{"d\r"}, 3, 7, "d\\\r", ok});
    CHECK(lines[2] == Rec{{"e"}, 4, 11, "e", ok});
    // A quote escaped outside quotes, a delimiter escaped in a multi-byte delimiter.
    CHECK(parse(R"(\"a,b)" "\n", d)[0].fields == Fields{"\"a", "b"});
    // A backslash escapes one byte: "\||" is a literal '|' then a lone '|', data too.
    CHECK(parse("a\\|||b||c\n", dialect("||", '"', Escape::backslash))[0].fields == Fields{"a|", "b", "c"});
    CHECK(parse("a\\||b||c\n", dialect("||", '"', Escape::backslash))[0].fields == Fields{"a||b", "c"});
    // A backslash at the very end escapes nothing: kept, and the record flagged.
    CHECK(parse("a,b\\", d)[0] == Rec{{"a", "b\\"}, 1, 0, "a,b\\", std::string("a backslash ends the input, escaping nothing")});
    CHECK(parse("\"a\\", d)[0].error == std::string("unterminated quoted field"));
    // With the default dialect a backslash is an ordinary character.
    CHECK(parse("a\\,b\n", CsvDialect{})[0].fields == Fields{"a\\", "b"});
}

TEST_CASE("csv dialect: no quoting, and quoting with no escape")
{
    const CsvDialect bare = dialect("\t", std::nullopt, Escape::none);
    CHECK(parse("\"a\tb\"\t\"\"\n", bare)[0] == Rec{{"\"a", "b\"", "\"\""}, 1, 0, "\"a\tb\"\t\"\"", ok});
    // No escape: a quote inside a quoted field closes it; what follows is flagged and literal.
    const CsvDialect plain = dialect(",", '"', Escape::none);
    CHECK(parse("\"a\"\"b\",c\n", plain)[0] ==
          Rec{{"a\"b\"", "c"}, 1, 0, "\"a\"\"b\",c", std::string("unexpected character after closing quote")});
    CHECK(parse("\"a,b\",\"\"\n", plain)[0] == Rec{{"a,b", ""}, 1, 0, "\"a,b\",\"\"", ok});
    // Another quote character: '"' is then literal.
    CHECK(parse("'a,''b',\"c\n", dialect(",", '\''))[0].fields == Fields{"a,'b", "\"c"});
}

TEST_CASE("csv dialect: stray quotes in every dialect")
{
    for (const auto& d : {CsvDialect{}, dialect(", "), dialect(",", '"', Escape::backslash)}) {
        CAPTURE(d.describe());
        const std::string sep = d.delimiter;
        // Inside an unquoted field: literal, no error.
        const auto literal = parse("a\"b" + sep + "c\"\n", d);
        CHECK(literal[0].fields == Fields{"a\"b", "c\""});
        CHECK_FALSE(literal[0].error);
        // After a closing quote: kept, flagged; the next record is clean.
        const auto after = parse("\"ab\"cd" + sep + "e\nx" + sep + "y\n", d);
        REQUIRE(after.size() == 2);
        CHECK(after[0].fields == Fields{"abcd", "e"});
        CHECK(after[0].error == std::string("unexpected character after closing quote"));
        CHECK(after[1].fields == Fields{"x", "y"});
        CHECK_FALSE(after[1].error);
        // Never closed: the rest of the input is one record.
        const auto open = parse("1" + sep + "\"open\n2" + sep + "c\n", d);
        REQUIRE(open.size() == 1);
        CHECK(open[0].error == std::string("unterminated quoted field"));
        CHECK(open[0].fields == Fields{"1", "open\n2" + sep + "c\n"});
    }
}

TEST_CASE("csv dialect: the parser says which field an error is in")
{
    sluice::CsvParser parser;
    REQUIRE(parser.feed("a,\"b\"x,c\n").result == sluice::CsvParser::Result::Record);
    CHECK(parser.error() == std::string("unexpected character after closing quote"));
    CHECK(parser.error_field() == 1);
    REQUIRE(parser.feed("a,b,\"c").result == sluice::CsvParser::Result::InputEmpty);
    REQUIRE(parser.feed("").result == sluice::CsvParser::Result::Record);
    CHECK(parser.error() == std::string("unterminated quoted field"));
    CHECK(parser.error_field() == 2);
}

TEST_CASE("csv dialect: the parser says which fields were quoted")
{
    sluice::CsvParser parser;
    REQUIRE(parser.feed("\"\",,\"a\",b,\"\"\"\"\n").result == sluice::CsvParser::Result::Record);
    REQUIRE(parser.field_count() == 5);
    CHECK(parser.field(0) == "");
    CHECK(parser.field(2) == "a");
    CHECK(parser.field(4) == "\"");
    CHECK(parser.field_quoted(0));
    CHECK_FALSE(parser.field_quoted(1));
    CHECK(parser.field_quoted(2));
    CHECK_FALSE(parser.field_quoted(3));
    CHECK(parser.field_quoted(4));
    // A quote inside an unquoted field does not make it quoted; the next record starts afresh.
    REQUIRE(parser.feed("a\"b,\"c\"").result == sluice::CsvParser::Result::InputEmpty);
    REQUIRE(parser.feed("").result == sluice::CsvParser::Result::Record);
    CHECK_FALSE(parser.field_quoted(0));
    CHECK(parser.field_quoted(1));
    sluice::CsvParser bare{dialect(",", std::nullopt, Escape::none)};
    REQUIRE(bare.feed("\"a\"\n").result == sluice::CsvParser::Result::Record);
    CHECK_FALSE(bare.field_quoted(0));
}

TEST_CASE("csv dialect: skipped preamble lines are raw lines, still counted")
{
    // An unbalanced quote in the preamble does no harm; CRLF, CR and empty lines are one line each.
    const std::string text = "Report \"Q3\r\n\r(c) ACME\nid,name\r\n1,\"x\"\n";
    const auto records = parse(text, CsvDialect{}, 3);
    REQUIRE(records.size() == 2);
    CHECK(records[0] == Rec{{"id", "name"}, 4, 22, "id,name", ok});
    CHECK(records[1] == Rec{{"1", "x"}, 5, 31, "1,\"x\"", ok});
    // Skipping more lines than there are, or all of them: no records.
    CHECK(parse(text, CsvDialect{}, 5).empty());
    CHECK(parse(text, CsvDialect{}, 99).empty());
    CHECK(parse("", CsvDialect{}, 2).empty());
    // A preamble line ending in CR, with the LF in the next read: still one line.
    CHECK(parse("p\r\nh\n", CsvDialect{}, 1) == std::vector<Rec>{Rec{{"h"}, 2, 3, "h", ok}});
    CHECK(parse("p\r\nh\n", CsvDialect{}, 0).size() == 2);
}

TEST_CASE("csv dialect: generated texts read alike in any chunking, with raw text and lines where they are")
{
    // The fuzz target's promises over every dialect feature at once, for inputs built from the
    // bytes that matter: delimiter pieces, quotes, backslashes and the three line breaks.
    const CsvDialect dialects[] = {dialect(", "), dialect("||", '"', Escape::backslash), dialect("aba"),
                                   dialect(",", std::nullopt, Escape::backslash), dialect(";", '"', Escape::none)};
    const std::string alphabet = "ab,| ;\"\\\n\rx";
    std::uint32_t seed = 14;
    const auto next = [&] {
        seed = seed * 1664525u + 1013904223u;  // a fixed LCG: the same texts on every run
        return seed >> 8;
    };
    for (const auto& d : dialects) {
        for (int n = 0; n < 150; ++n) {
            std::string text;
            const std::size_t length = next() % 40;
            for (std::size_t i = 0; i < length; ++i) text += alphabet[next() % alphabet.size()];
            CAPTURE(d.describe());
            CAPTURE(text);
            const auto records = parse(text, d, next() % 3);
            std::uint64_t previous_end = 0;
            for (const auto& r : records) {
                CHECK(r.byte >= previous_end);
                CHECK(std::string_view(text).substr(r.byte, r.raw.size()) == r.raw);
                std::uint64_t breaks = 0;
                for (std::size_t i = 0; i < r.byte; ++i)
                    if (text[i] == '\r' || (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))) ++breaks;
                CHECK(r.line == breaks + 1);
                CHECK_FALSE(r.fields.empty());
                previous_end = r.byte + r.raw.size();
            }
        }
    }
}
