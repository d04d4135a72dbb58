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

TEST_CASE("csv: a CR not followed by LF is data, and one just before the end is a line break")
{
    const auto records = parse("a\rb,c\nd,e\r");
    REQUIRE(records.size() == 2);
    CHECK(records[0] == Rec{{"a\rb", "c"}, 1, 0, "a\rb,c", std::nullopt});
    CHECK(records[1] == Rec{{"d", "e"}, 2, 6, "d,e", std::nullopt});
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
    const auto records = parse("\"ab\"cd,e\nx,y\n\"q\"\rz\n");
    REQUIRE(records.size() == 3);
    CHECK(records[0] == Rec{{"abcd", "e"}, 1, 0, "\"ab\"cd,e",
                            std::string("unexpected character after closing quote")});
    CHECK(records[1] == Rec{{"x", "y"}, 2, 9, "x,y", std::nullopt});
    CHECK(records[2] == Rec{{"q\rz"}, 3, 13, "\"q\"\rz",
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
