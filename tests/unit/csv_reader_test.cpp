#include "parse/csv_reader.hpp"

#include "core/error.hpp"
#include "memory_source.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace {

using sluice::ByteSource;
using sluice::CsvReader;
using sluice::CsvRecord;

// Hands out at most `max_read` bytes per read(), then optionally fails at the end, so the parser
// sees every possible chunk boundary and a source error after the last byte.
struct ChunkedSource : sluice::test::MemorySource {
    ChunkedSource(std::string data, std::size_t max_read, bool fail_at_end = false)
        : MemorySource(data, max_read, "test.csv")
    {
        if (fail_at_end) fail_at(data.size());
    }
};

// A record copied out of the reader's buffers, comparable with ==.
struct Rec {
    std::vector<std::string> fields;
    std::uint64_t line = 0;
    std::uint64_t byte = 0;
    std::string raw;
    std::optional<std::string> error;
    bool operator==(const Rec&) const = default;
};

std::vector<Rec> read_all(const std::string& text, std::size_t max_read, std::size_t chunk_size)
{
    ChunkedSource source(text, max_read);
    CsvReader reader(source, chunk_size);
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
    CHECK_FALSE(reader.next(record));  // stays at the end
    return out;
}

// Reads `text` whole, then again through every chunking, and checks they all agree.
std::vector<Rec> parse(const std::string& text)
{
    const std::vector<Rec> whole = read_all(text, 64 * 1024, 64 * 1024);
    for (const std::size_t k : {1, 2, 7, 64 * 1024}) {
        for (const std::size_t chunk : {1, 3, 64 * 1024}) {
            CAPTURE(k);
            CAPTURE(chunk);
            CHECK(read_all(text, k, chunk) == whole);
        }
    }
    return whole;
}

using Fields = std::vector<std::string>;

} // namespace

TEST_CASE("csv: plain records with line, byte and raw text")
{
    const auto records = parse("a,b,c\n1,22,333\n");
    REQUIRE(records.size() == 2);
    CHECK(records[0] == Rec{{"a", "b", "c"}, 1, 0, "a,b,c", std::nullopt});
    CHECK(records[1] == Rec{{"1", "22", "333"}, 2, 6, "1,22,333", std::nullopt});
}

TEST_CASE("csv: quoted fields with commas, doubled quotes and embedded newlines")
{
    const std::string text =
        "id,text\n"                              // line 1, byte 0
        "1,\"hello, \"\"world\"\"\"\n"           // line 2, byte 8
        "2,\"line one\nline two\nline three\"\n" // lines 3-5, byte 29
        "3,after";                               // line 6, byte 62, no final newline
    const auto records = parse(text);
    REQUIRE(records.size() == 4);
    CHECK(records[0] == Rec{{"id", "text"}, 1, 0, "id,text", std::nullopt});
    CHECK(records[1] == Rec{{"1", "hello, \"world\""}, 2, 8, "1,\"hello, \"\"world\"\"\"", std::nullopt});
    CHECK(records[2] == Rec{{"2", "line one\nline two\nline three"}, 3, 29,
                            "2,\"line one\nline two\nline three\"", std::nullopt});
    CHECK(records[3] == Rec{{"3", "after"}, 6, 62, "3,after", std::nullopt});
}

TEST_CASE("csv: CRLF line endings, inside and outside quotes")
{
    const auto records = parse("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n");
    REQUIRE(records.size() == 3);
    CHECK(records[0] == Rec{{"a", "b"}, 1, 0, "a,b", std::nullopt});
    CHECK(records[1] == Rec{{"1", "x\r\ny"}, 2, 5, "1,\"x\r\ny\"", std::nullopt});
    CHECK(records[2] == Rec{{"2", "z"}, 4, 15, "2,z", std::nullopt});
}

TEST_CASE("csv: a lone CR ends a record, as LF and CRLF do")
{
    // Old Mac exports end every line with CR alone.
    const auto records = parse("a,b\r1,\"x\"\r2,z\r");
    REQUIRE(records.size() == 3);
    CHECK(records[0] == Rec{{"a", "b"}, 1, 0, "a,b", std::nullopt});
    CHECK(records[1] == Rec{{"1", "x"}, 2, 4, "1,\"x\"", std::nullopt});
    CHECK(records[2] == Rec{{"2", "z"}, 3, 10, "2,z", std::nullopt});

    // One CR at the very end, or none.
    CHECK(parse("a\rb") == std::vector<Rec>{Rec{{"a"}, 1, 0, "a", std::nullopt}, Rec{{"b"}, 2, 2, "b", std::nullopt}});
    CHECK(parse("d,e\r") == std::vector<Rec>{Rec{{"d", "e"}, 1, 0, "d,e", std::nullopt}});
    // After an empty field, and right after a closing quote.
    CHECK(parse("a,\rb") == std::vector<Rec>{Rec{{"a", ""}, 1, 0, "a,", std::nullopt}, Rec{{"b"}, 2, 3, "b", std::nullopt}});
    CHECK(parse("\"q\"\rz\r") == std::vector<Rec>{Rec{{"q"}, 1, 0, "\"q\"", std::nullopt}, Rec{{"z"}, 2, 4, "z", std::nullopt}});
}

TEST_CASE("csv: LF, CRLF and CR mixed in one file, each one line")
{
    const auto records = parse("h1,h2\na,1\r\nb,2\rc,3\n\rd,4\r\r\ne,5");
    REQUIRE(records.size() == 6);
    CHECK(records[0] == Rec{{"h1", "h2"}, 1, 0, "h1,h2", std::nullopt});
    CHECK(records[1] == Rec{{"a", "1"}, 2, 6, "a,1", std::nullopt});
    CHECK(records[2] == Rec{{"b", "2"}, 3, 11, "b,2", std::nullopt});
    CHECK(records[3] == Rec{{"c", "3"}, 4, 15, "c,3", std::nullopt});
    // "\n\r" is two line breaks (LF, then CR): an empty line 5 between them.
    CHECK(records[4] == Rec{{"d", "4"}, 6, 20, "d,4", std::nullopt});
    // "\r\r\n" is CR, then CRLF: an empty line 7.
    CHECK(records[5] == Rec{{"e", "5"}, 8, 26, "e,5", std::nullopt});
}

TEST_CASE("csv: empty lines of any ending are skipped and counted")
{
    CHECK(parse("\r\r\r").empty());
    CHECK(parse("\r\n\r\n").empty());
    CHECK(parse("\n\r\r\n\n\r").empty());
    CHECK(parse("\r\ra\r") == std::vector<Rec>{Rec{{"a"}, 3, 2, "a", std::nullopt}});
    CHECK(parse("\r\n\r\na") == std::vector<Rec>{Rec{{"a"}, 3, 4, "a", std::nullopt}});
    CHECK(parse("\n\r\na") == std::vector<Rec>{Rec{{"a"}, 3, 3, "a", std::nullopt}});
}

TEST_CASE("csv: line breaks inside quotes are data, and count as lines whatever their ending")
{
    const std::string text = "id,text\r"            // line 1, byte 0
                             "1,\"one\rtwo\r\nthree\nfour\n\rfive\"\r"  // lines 2-7, byte 8
                             "2,\"\r\"\r"              // lines 8-9, byte 38
                             "3,after";                 // line 10, byte 44
    const auto records = parse(text);
    REQUIRE(records.size() == 4);
    CHECK(records[0] == Rec{{"id", "text"}, 1, 0, "id,text", std::nullopt});
    CHECK(records[1] == Rec{{"1", "one\rtwo\r\nthree\nfour\n\rfive"}, 2, 8,
                            "1,\"one\rtwo\r\nthree\nfour\n\rfive\"", std::nullopt});
    CHECK(records[2] == Rec{{"2", "\r"}, 8, 38, "2,\"\r\"", std::nullopt});
    CHECK(records[3] == Rec{{"3", "after"}, 10, 44, "3,after", std::nullopt});
}

TEST_CASE("csv: a CRLF split across two reads is one line break")
{
    // parse() already reads every text in pieces of 1, 2 and 7 bytes; here the cut is placed
    // between CR and LF on purpose, outside and inside quotes, and fed to the push parser.
    using sluice::CsvParser;
    const std::string text = "a,b\r\n\"x\r\ny\"\r\nc\r\n";
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        CAPTURE(cut);
        CsvParser parser;
        std::vector<Rec> records;
        const auto collect = [&] {
            Rec r;
            for (std::size_t f = 0; f < parser.field_count(); ++f) r.fields.emplace_back(parser.field(f));
            r.line = parser.record_line();
            r.byte = parser.record_byte();
            r.raw = std::string(parser.raw());
            records.push_back(std::move(r));
        };
        for (std::string_view piece : {std::string_view(text).substr(0, cut), std::string_view(text).substr(cut)}) {
            while (!piece.empty()) {
                const auto step = parser.feed(piece);
                piece.remove_prefix(step.consumed);
                if (step.result == CsvParser::Result::Record) collect();
            }
        }
        while (parser.feed({}).result == CsvParser::Result::Record) collect();
        CHECK(records == std::vector<Rec>{Rec{{"a", "b"}, 1, 0, "a,b", std::nullopt},
                                          Rec{{"x\r\ny"}, 2, 5, "\"x\r\ny\"", std::nullopt},
                                          Rec{{"c"}, 4, 13, "c", std::nullopt}});
    }
}

TEST_CASE("csv: empty fields")
{
    const auto records = parse(",,\n,\"\",x\n\"\"\na,b,\n");
    REQUIRE(records.size() == 4);
    CHECK(records[0].fields == Fields{"", "", ""});
    CHECK(records[1].fields == Fields{"", "", "x"});
    CHECK(records[2].fields == Fields{""});
    CHECK(records[3].fields == Fields{"a", "b", ""});
    CHECK(records[3].raw == "a,b,");
    CHECK(records[3].line == 4);
}

TEST_CASE("csv: the last record may lack a newline, and empty lines are not records")
{
    CHECK(parse("a\nb").size() == 2);
    CHECK(parse("a\nb").back() == Rec{{"b"}, 2, 2, "b", std::nullopt});
    CHECK(parse("a\n\n") == std::vector<Rec>{Rec{{"a"}, 1, 0, "a", std::nullopt}});
    CHECK(parse("a\r\n\r\n") == std::vector<Rec>{Rec{{"a"}, 1, 0, "a", std::nullopt}});
    CHECK(parse("").empty());
    CHECK(parse("\n\r\n\n").empty());
    // A blank line in the middle is skipped, and still counted as a line.
    const auto records = parse("a\n\nb\n");
    REQUIRE(records.size() == 2);
    CHECK(records[1] == Rec{{"b"}, 3, 3, "b", std::nullopt});
}

TEST_CASE("csv: unterminated quote makes the rest of the input one malformed record")
{
    const auto records = parse("a,b\n1,\"open\n2,c\n");
    REQUIRE(records.size() == 2);
    CHECK(records[0] == Rec{{"a", "b"}, 1, 0, "a,b", std::nullopt});
    CHECK(records[1] == Rec{{"1", "open\n2,c\n"}, 2, 4, "1,\"open\n2,c\n",
                            std::string("unterminated quoted field")});
}

TEST_CASE("csv: text after a closing quote flags the record and parsing continues")
{
    const auto records = parse("\"ab\"cd,e\nx,y\n\"q\" z\n");
    REQUIRE(records.size() == 3);
    CHECK(records[0] == Rec{{"abcd", "e"}, 1, 0, "\"ab\"cd,e",
                            std::string("unexpected character after closing quote")});
    CHECK(records[1] == Rec{{"x", "y"}, 2, 9, "x,y", std::nullopt});
    CHECK(records[2] == Rec{{"q z"}, 3, 13, "\"q\" z",
                            std::string("unexpected character after closing quote")});
}

TEST_CASE("csv: a quote inside an unquoted field is literal")
{
    const auto records = parse("a\"b,c\"\n");
    REQUIRE(records.size() == 1);
    CHECK(records[0].fields == Fields{"a\"b", "c\""});
    CHECK_FALSE(records[0].error);
}

TEST_CASE("csv: UTF-8 passes through and byte offsets count bytes")
{
    const auto records = parse("Français,ü\n\"日本\",x\n");
    REQUIRE(records.size() == 2);
    CHECK(records[0].fields == Fields{"Français", "ü"});
    CHECK(records[1] == Rec{{"日本", "x"}, 2, 13, "\"日本\",x", std::nullopt});
}

TEST_CASE("csv: fields of a record are views into one buffer")
{
    ChunkedSource source("one,two,three\n", 2);
    CsvReader reader(source, 4);
    CsvRecord record;
    REQUIRE(reader.next(record));
    REQUIRE(record.fields.size() == 3);
    CHECK(record.fields[1].data() == record.fields[0].data() + 3);
    CHECK(record.fields[2].data() == record.fields[1].data() + 3);
}

TEST_CASE("csv: errors from the source propagate")
{
    ChunkedSource source("a,b\n1,", 64, /*fail_at_end=*/true);
    CsvReader reader(source);
    CsvRecord record;
    REQUIRE(reader.next(record));
    CHECK(record.fields.size() == 2);
    try {
        reader.next(record);
        FAIL("expected sluice::Error");
    } catch (const sluice::Error& e) {
        CHECK(std::string(e.what()) == "test.csv: byte 6: connection reset");
    }
}

TEST_CASE("csv: push parser reports consumed bytes and stops after each record")
{
    using sluice::CsvParser;
    CsvParser parser;
    auto step = parser.feed("a,b\nc");
    CHECK(step.result == CsvParser::Result::Record);
    CHECK(step.consumed == 4);
    REQUIRE(parser.field_count() == 2);
    CHECK(parser.field(0) == "a");
    CHECK(parser.field(1) == "b");

    step = parser.feed("c");
    CHECK(step.result == CsvParser::Result::InputEmpty);
    CHECK(step.consumed == 1);
    step = parser.feed("");
    CHECK(step.result == CsvParser::Result::Record);
    REQUIRE(parser.field_count() == 1);
    CHECK(parser.field(0) == "c");
    CHECK(parser.record_line() == 2);
    CHECK(parser.record_byte() == 4);
    CHECK(parser.feed("").result == CsvParser::Result::End);
}

TEST_CASE("csv: a quote that never closes is an error once the record passes the size limit")
{
    std::string text = "a,b\n1,2\n3,\"open";
    for (int i = 0; i < 200; ++i) text += "\nline " + std::to_string(i) + ",x,y";
    ChunkedSource source(text, 7);
    sluice::CsvReader reader(source, 16, 256);
    sluice::CsvRecord record;
    REQUIRE(reader.next(record));
    REQUIRE(reader.next(record));
    try {
        reader.next(record);
        FAIL("expected an error");
    } catch (const sluice::Error& error) {
        CHECK(std::string{error.what()} == "test.csv: line 3 (byte 8): record longer than 256 bytes: is a quote never closed?");
    }
}
