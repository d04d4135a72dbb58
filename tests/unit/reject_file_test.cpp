#include "load/reject_file.hpp"

#include "core/error.hpp"
#include "memory_source.hpp"
#include "parse/csv_reader.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using sluice::RejectFile;
using sluice::test::read_file;
using sluice::test::ScratchDir;

TEST_CASE("reject file: a header, then line, quoted reason and quoted record")
{
    ScratchDir dir;
    const auto path = dir.file("rejects.csv");
    RejectFile rejects(path);
    CHECK(rejects.path() == path);
    rejects.add(19730, "expected 24 fields, found 13", "False,,0,[],,82663,tt0113002,en,\"Midnight Man\"");
    rejects.add(7, "", "");
    rejects.add(12, "bad \"id\"", "a\r\nb");
    rejects.close();
    CHECK(read_file(path) == "line,reason,record\n"
                             "19730,\"expected 24 fields, found 13\",\"False,,0,[],,82663,tt0113002,en,\"\"Midnight Man\"\"\"\n"
                             "7,\"\",\"\"\n"
                             "12,\"bad \"\"id\"\"\",\"a\r\nb\"\n");
    rejects.close();  // a second close is harmless
}

TEST_CASE("reject file: nothing rejected leaves just the header")
{
    ScratchDir dir;
    {
        RejectFile rejects(dir.file("rejects.csv"));
    }
    CHECK(read_file(dir.file("rejects.csv")) == "line,reason,record\n");
}

TEST_CASE("reject file: an unwritable location names the path")
{
    ScratchDir dir;
    const auto path = dir.file("missing/rejects.csv");
    CHECK_THROWS_WITH_AS(RejectFile{path}, (path + ": cannot create reject file: No such file or directory").c_str(),
                         sluice::Error);
}

namespace {

using namespace std::string_literals;

// The record field as the file holds it: what add() writes for `raw`.
std::string record_field(std::string_view raw, std::string_view reason = "r")
{
    ScratchDir dir;
    const auto path = dir.file("rejects.csv");
    RejectFile rejects(path);
    rejects.add(3, reason, raw);
    rejects.close();
    const std::string text = read_file(path);
    const std::string prefix = "line,reason,record\n3,";
    REQUIRE(text.starts_with(prefix));
    return text.substr(prefix.size());
}

// The file's escapes undone: \\ is a backslash, \xHH the byte HH. CHECKs that nothing else
// follows a backslash.
std::string unescape(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            out += text[i];
            continue;
        }
        REQUIRE(i + 1 < text.size());
        if (text[i + 1] == '\\') {
            out += '\\';
            ++i;
            continue;
        }
        REQUIRE(text[i + 1] == 'x');
        REQUIRE(i + 3 < text.size());
        out += static_cast<char>(std::stoi(std::string(text.substr(i + 2, 2)), nullptr, 16));
        i += 3;
    }
    return out;
}

// Well-formed UTF-8 with no control character but tab, LF and CR.
bool is_safe_text(std::string_view text)
{
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int32_t>(text.size());
    for (std::int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) return false;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F)) return false;
    }
    return true;
}

} // namespace

TEST_CASE("reject file: NUL bytes are written \\x00 wherever they are")
{
    CHECK(record_field("\0abc"s) == "\"r\",\"\\x00abc\"\n");                 // at the start
    CHECK(record_field("ab\0c"s) == "\"r\",\"ab\\x00c\"\n");                 // in the middle
    CHECK(record_field("abc\0"s) == "\"r\",\"abc\\x00\"\n");                 // at the end
    CHECK(record_field("\0\0a\0\0"s) == "\"r\",\"\\x00\\x00a\\x00\\x00\"\n");  // several
    CHECK(record_field("\0"s) == "\"r\",\"\\x00\"\n");                        // alone
    // Inside a quoted field of the record: the record's quotes are doubled as usual.
    CHECK(record_field("1,\"a\0b\",2"s) == "\"r\",\"1,\"\"a\\x00b\"\",2\"\n");
}

TEST_CASE("reject file: control characters other than tab, LF and CR are escaped, those three kept")
{
    // A terminal escape sequence (red text, clear screen) and a bell cannot act on a reader's terminal.
    CHECK(record_field("\x1b[31mred\x1b[0m\x1b[2J\a") == "\"r\",\"\\x1b[31mred\\x1b[0m\\x1b[2J\\x07\"\n");
    CHECK(record_field("a\bb\x7f\x01\x1f\v\f") == "\"r\",\"a\\x08b\\x7f\\x01\\x1f\\x0b\\x0c\"\n");
    // C1 controls are valid UTF-8 but act as escapes on some terminals (U+009B is CSI): both bytes.
    CHECK(record_field("a\xC2\x9B" "31mb\xC2\x80\xC2\x9F") == "\"r\",\"a\\xc2\\x9b31mb\\xc2\\x80\\xc2\\x9f\"\n");
    // Line breaks inside a record's quoted field, and tabs, are text.
    CHECK(record_field("1,\"a\r\nb\nc\rd\te\"") == "\"r\",\"1,\"\"a\r\nb\nc\rd\te\"\"\"\n");
}

TEST_CASE("reject file: ill-formed UTF-8 is escaped byte by byte, well-formed text kept")
{
    CHECK(record_field("Am\xE9lie") == "\"r\",\"Am\\xe9lie\"\n");                 // Latin-1
    CHECK(record_field("\x80x\xBF") == "\"r\",\"\\x80x\\xbf\"\n");                // lone continuation bytes
    CHECK(record_field("caf\xC3") == "\"r\",\"caf\\xc3\"\n");                      // cut short at the end
    CHECK(record_field("\xE6\x97x") == "\"r\",\"\\xe6\\x97x\"\n");                 // cut short before ASCII
    CHECK(record_field("\xC0\xAF") == "\"r\",\"\\xc0\\xaf\"\n");                   // overlong '/'
    CHECK(record_field("\xED\xA0\x80") == "\"r\",\"\\xed\\xa0\\x80\"\n");          // a surrogate
    CHECK(record_field("\xF4\x90\x80\x80") == "\"r\",\"\\xf4\\x90\\x80\\x80\"\n"); // past U+10FFFF
    CHECK(record_field("\xFF\xFE") == "\"r\",\"\\xff\\xfe\"\n");
    CHECK(record_field("Am\xC3\xA9lie \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x8E\xAC") ==
          "\"r\",\"Am\xC3\xA9lie \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x8E\xAC\"\n");
}

TEST_CASE("reject file: a backslash in the record is doubled, so the escapes are unambiguous")
{
    CHECK(record_field("a\\b") == "\"r\",\"a\\\\b\"\n");
    // The text "\x00" (four characters) and the byte NUL are written differently.
    CHECK(record_field("\\x00") == "\"r\",\"\\\\x00\"\n");
    CHECK(record_field("\0"s) == "\"r\",\"\\x00\"\n");
    CHECK(record_field("[{'name': 'a\\'b'}]") == "\"r\",\"[{'name': 'a\\\\'b'}]\"\n");
}

TEST_CASE("reject file: the reason is a message: its backslashes stay, unsafe bytes are escaped")
{
    CHECK(record_field("x", "title: not valid UTF-8 text: 'Toy\\x00Story'") ==
          "\"title: not valid UTF-8 text: 'Toy\\x00Story'\",\"x\"\n");
    CHECK(record_field("x", "bad\0\x1b[2J\n\xFF \"q\""s) == "\"bad\\x00\\x1b[2J\\x0a\\xff \"\"q\"\"\",\"x\"\n");
}

TEST_CASE("reject file: any bytes give valid UTF-8 CSV from which the record comes back exactly")
{
    // Every byte value, in runs that mix them with text, quotes, separators and line breaks.
    std::vector<std::string> raws;
    for (int b = 0; b < 256; ++b) raws.push_back("a" + std::string(1, static_cast<char>(b)) + "\"b,\r\n\\c");
    std::string all;
    for (int b = 255; b >= 0; --b) all += static_cast<char>(b);
    raws.push_back(all);
    std::uint64_t seed = 42;
    for (int n = 0; n < 200; ++n) {
        std::string random;
        for (int i = 0; i < 64; ++i) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            random += static_cast<char>(seed >> 56);
        }
        raws.push_back(random);
    }

    ScratchDir dir;
    const auto path = dir.file("rejects.csv");
    {
        RejectFile rejects(path);
        for (std::size_t i = 0; i < raws.size(); ++i) rejects.add(i + 1, "reason \x1b\xFF", raws[i]);
        rejects.close();
    }
    const std::string text = read_file(path);
    CHECK(is_safe_text(text));

    // Read back with the CSV reader: a header, then one record per add() with three fields.
    sluice::test::MemorySource source(text, 1 << 20, "rejects.csv");
    sluice::CsvReader reader(source);
    sluice::CsvRecord record;
    REQUIRE(reader.next(record));
    CHECK(record.fields == std::vector<std::string_view>{"line", "reason", "record"});
    for (std::size_t i = 0; i < raws.size(); ++i) {
        CAPTURE(i);
        REQUIRE(reader.next(record));
        CHECK_FALSE(record.error);
        REQUIRE(record.fields.size() == 3);
        CHECK(record.fields[0] == std::to_string(i + 1));
        CHECK(record.fields[1] == "reason \\x1b\\xff");
        CHECK(unescape(record.fields[2]) == raws[i]);
    }
    CHECK_FALSE(reader.next(record));
}
