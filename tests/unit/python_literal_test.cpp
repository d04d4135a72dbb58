#include "jobs/movie_report/python_literal.hpp"

#include "core/error.hpp"
#include "parse/csv_reader.hpp"
#include "scratch_dir.hpp"
#include "jobs/movie_report/film_parser.hpp"

#include <doctest/doctest.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

using sluice::first_name;
using sluice::parse_python_literal;
using sluice::PyBigInt;
using sluice::PyBytes;
using sluice::PyComplex;
using sluice::PyDict;
using sluice::PyList;
using sluice::PySet;
using sluice::PyTuple;
using sluice::PythonLiteralError;
using sluice::PyValue;

namespace {

// The message of the PythonLiteralError that parsing `text` throws, or "no error".
std::string error_of(std::string_view text)
{
    try {
        parse_python_literal(text);
    } catch (const PythonLiteralError& e) {
        return e.what();
    }
    return "no error";
}

std::string first_name_error_of(std::string_view text)
{
    try {
        first_name(text);
    } catch (const PythonLiteralError& e) {
        return e.what();
    }
    return "no error";
}

std::string string_of(std::string_view text)
{
    const PyValue value = parse_python_literal(text);
    REQUIRE(value.get_if<std::string>() != nullptr);
    return *value.get_if<std::string>();
}

std::string hex_of(std::string_view bytes)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        out += kDigits[u >> 4];
        out += kDigits[u & 0xF];
    }
    return out;
}

std::string bits_of(double d)
{
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(std::bit_cast<std::uint64_t>(d)));
    return buffer;
}

// The value in the oracle's typed notation (tests/unit/python_literal_oracle.py, dump()).
std::string dump(const PyValue& value)
{
    struct Visitor {
        std::string operator()(const sluice::PyNone&) const { return "N"; }
        std::string operator()(const sluice::PyEllipsis&) const { return "E"; }
        std::string operator()(bool b) const { return b ? "T" : "F"; }
        std::string operator()(std::int64_t n) const
        {
            char buffer[24];
            const auto magnitude = n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
            std::snprintf(buffer, sizeof buffer, "%llx", static_cast<unsigned long long>(magnitude));
            return std::string{"i"} + (n < 0 ? "-" : "") + buffer;
        }
        std::string operator()(const PyBigInt& big) const
        {
            std::string out = big.negative ? "i-" : "i";
            char buffer[16];
            std::snprintf(buffer, sizeof buffer, "%x", static_cast<unsigned>(big.magnitude.back()));
            out += buffer;
            for (std::size_t i = big.magnitude.size() - 1; i-- > 0;) {
                std::snprintf(buffer, sizeof buffer, "%08x", static_cast<unsigned>(big.magnitude[i]));
                out += buffer;
            }
            return out;
        }
        std::string operator()(double d) const { return "f" + bits_of(d); }
        std::string operator()(const PyComplex& c) const { return "c" + bits_of(c.real) + bits_of(c.imag); }
        std::string operator()(const std::string& s) const { return "s" + hex_of(s); }
        std::string operator()(const PyBytes& b) const { return "b" + hex_of(b.bytes); }
        std::string operator()(const PyList& items) const { return "L[" + join(items) + "]"; }
        std::string operator()(const PyTuple& t) const { return "U[" + join(t.items) + "]"; }
        std::string operator()(const PySet& s) const
        {
            std::vector<std::string> parts;
            for (const auto& item : s.items) parts.push_back(dump(item));
            std::sort(parts.begin(), parts.end());
            std::string out;
            for (const auto& part : parts) out += (out.empty() ? "" : ",") + part;
            return "S[" + out + "]";
        }
        std::string operator()(const PyDict& d) const
        {
            std::string out;
            for (const auto& [k, v] : d) out += (out.empty() ? "" : ",") + dump(k) + ":" + dump(v);
            return "D[" + out + "]";
        }
        static std::string join(const std::vector<PyValue>& items)
        {
            std::string out;
            for (const auto& item : items) out += (out.empty() ? "" : ",") + dump(item);
            return out;
        }
    };
    return std::visit(Visitor{}, value.value);
}

std::string sluice_value(const std::string& text)
{
    try {
        return dump(parse_python_literal(text));
    } catch (const PythonLiteralError&) {
        return "refused";
    }
}

// The film's production_company as FilmParser makes it from `text`, in the oracle's notation.
std::string sluice_company(const std::string& text)
{
    const std::vector<std::string> names = {"budget", "id", "imdb_id", "production_companies",
                                            "release_date", "revenue", "title", "vote_average"};
    const std::vector<std::string> values = {"30000000", "862", "tt0114709", text, "1995-10-30", "373554033",
                                             "Toy Story", "7.7"};
    sluice::CsvRecord header;
    for (const auto& name : names) header.fields.emplace_back(name);
    header.line = 1;
    sluice::CsvRecord row;
    for (const auto& value : values) row.fields.emplace_back(value);
    row.line = 2;
    const auto film = sluice::FilmParser("movies.csv", header).parse(row);
    if (const auto* reason = std::get_if<std::string>(&film)) {
        CHECK_MESSAGE(reason->starts_with("production_companies: "), *reason);
        return "reject";
    }
    const auto& company = std::get<sluice::Film>(film).production_company;
    return company ? "s" + hex_of(*company) : "null";
}

// Python's answers for `literals` (see python_literal_oracle.py): "<value> <company>" each.
std::vector<std::string> ask_python(const std::vector<std::string>& literals)
{
    sluice::test::ScratchDir dir;
    {
        std::ofstream in(dir.file("literals.hex"), std::ios::binary);
        for (const auto& literal : literals) in << hex_of(literal) << '\n';
    }
    const std::string command = "python3 -I " SLUICE_SOURCE_DIR "/tests/unit/python_literal_oracle.py '" +
                                dir.file("literals.hex") + "' '" + dir.file("answers.txt") + "'";
    REQUIRE_MESSAGE(std::system(command.c_str()) == 0, "python3 must be installed to run this test: " << command);
    std::ifstream answers(dir.file("answers.txt"));
    std::vector<std::string> lines;
    for (std::string line; std::getline(answers, line);) lines.push_back(line);
    REQUIRE(lines.size() == literals.size());
    return lines;
}

// Every literal through sluice and through Python: the same verdict, the same value, the same
// company.
void check_against_python(const std::vector<std::string>& literals)
{
    const auto answers = ask_python(literals);
    std::size_t accepted = 0;
    for (std::size_t i = 0; i < literals.size(); ++i) {
        const auto& text = literals[i];
        CAPTURE(text);
        const auto space = answers[i].find(' ');
        const std::string python_value = answers[i].substr(0, space);
        const std::string python_company = answers[i].substr(space + 1);
        CHECK(sluice_value(text) == python_value);
        CHECK(sluice_company(text) == python_company);
        if (python_value != "refused") ++accepted;
    }
    // The corpus must exercise both sides.
    CHECK(accepted > literals.size() / 4);
    CHECK(accepted < literals.size());
}

// A literal as a company's name, the way production_companies holds it.
std::string as_company(const std::string& literal) { return "[{'name': " + literal + ", 'id': 3}]"; }

std::vector<std::string> string_literals()
{
    const std::vector<std::string> prefixes = {"", "r", "R", "u", "U", "b", "B", "br", "rb", "Rb", "bR", "BR", "f", "rf", "ur", "x"};
    const std::vector<std::string> quotes = {"'", "\"", "'''", "\"\"\""};
    const std::vector<std::string> bodies = {
        "plain", "", "Lee's", "say \"hi\"", "a\\nb", "\\t\\r\\a\\b\\f\\v", "\\\\", "\\'", "\\\"", "\\x41\\x7e", "\\xe9",
        "\\xff", "\\x4", "\\xg0", "\\u00e9\\u65e5", "\\u12", "\\U0001F3AC", "\\U00110000", "\\U0000d800",
        "\\N{BULLET}", "\\N{bullet}", "\\N{EN DASH}", "\\N{LATIN SMALL LETTER E WITH ACUTE}", "\\N{LATIN CAPITAL LETTER GHA}",
        "\\N{CJK UNIFIED IDEOGRAPH-4E00}", "\\N{CJK UNIFIED IDEOGRAPH-4e00}", "\\N{HANGUL SYLLABLE GA}",
        "\\N{hangul syllable ga}", "\\N{NO SUCH NAME}", "\\N{ BULLET}", "\\N{}", "\\N", "\\N{BULLET", "\\101\\60",
        "\\0", "\\08", "\\777", "\\400", "\\1234", "\\d\\q\\é", "\\ud800", "\\udfff", "\\ud83c\\udfac", "a\\\nb",
        "a\\\r\nb", "a\\\rb", "a\nb", "a\r\nb", "a\rb", "é日本🎬", "tab\there", "\x7f\x01", "\\", "a\\",
        "\\x00", "x\\0y",
    };
    std::vector<std::string> out;
    for (const auto& prefix : prefixes)
        for (const auto& quote : quotes)
            for (const auto& body : bodies) out.push_back(prefix + quote + body + quote);
    // Adjacent literals, across spaces, continuations, brackets and comments.
    for (const std::string joined :
         {"'a' \"b\"", "'a''b'", "'a' r'\\n' u'c'", "b'a' b\"b\"", "'a' b'b'", "b'a' 'b'", "'a' f'b'", "'a' \\\n 'b'",
          "('a'\n'b')", "('a' # one\n 'b')", "'a' \n 'b'", "'a'#c\n'b'", "'''a''' 'b'", "'''a''''", "''''''",
          "'a' 'b' 'c' 'd'", "['a'\n'b', 'c']", "x'a'", "rr'a'", "bb'a'", "'a' 1", "'a' x"})
        out.push_back(joined);
    return out;
}

std::vector<std::string> number_literals()
{
    const std::vector<std::string> numbers = {
        "0", "7", "00", "000", "01", "09", "0_0", "00_0", "0_7", "1_000_000", "1__0", "1_", "_1",
        "123456789012345678", "9223372036854775807", "9223372036854775808", "18446744073709551615",
        "18446744073709551616", "99999999999999999999999", "123456789012345678901234567890123456789",
        "0x0", "0xff", "0XFF", "0x_f", "0x", "0x_", "0xg", "0x1_", "0x1__2", "0x7fffffffffffffff", "0x8000000000000000",
        "0xffffffffffffffffffffffffffffffff", "0o17", "0O_17", "0o8", "0o", "0b101", "0B1_0", "0b2", "0b",
        "0o1234567012345670123456701234567", "1.5", "1.", ".5", "1.e5", "1e5", "1E+3", "1e-3", "1e", "1e+", "1e_5",
        "1_000.5", "1._5", "1_.5", "1.5_5", "1e1_0", "1e1_", "1.1_", "1_e1", "09.5", "09e1", "00.5", "0e0", "0.",
        "1e308", "1.7976931348623157e308", "1.7976931348623159e308", "1e999", "1e-400", "4.9e-324",
        "2.4703282292062328e-324", "2.4703282292062327e-324", "0.1", "0.30000000000000004", "123456789.123456789e-5",
        "1j", "1J", "0j", "00j", "09j", "1.5j", ".5j", "1e3j", "1_000j", "1e999j", "1jx", "1e5x", "1.2.3", "1..2",
        "...", "....", ". . .", "1.__class__"};
    std::vector<std::string> out;
    for (const auto& n : numbers) {
        out.push_back(n);
        out.push_back("-" + n);
        out.push_back("+" + n);
        out.push_back("- " + n);
    }
    const std::vector<std::string> sums = {"1+2j", "1-2j", "-1-2j", "+1+2j", "1.5+0.5j", "1 + 2j", "1+ 2J", "(1)+2j", "1+(2j)", "(-1)+2j", "1+-2j",
          "1--2j", "1+2j+3j", "1j+2j", "1j+1", "1+2", "1-2", "1.5-2.5", "-0.0+0j", "1-0j", "-0j", "0j", "-1j", "+1j",
          "1e999-1e999j", "-1e999+1j", "99999999999999999999+1j", "0x10+1j", "1" + std::string(400, '0') + "+1j",
          "True+1j", "None+1j", "'a'+1j", "--1", "-(-1)", "+-1", "-(1)", "-((1))", "-(1,)", "-True", "-None", "-'a'",
          "-[1]", "-...", "1*2", "2**3", "1/2", "(1+2j)", "-(1+2j)", "[1+2j, 3-4j]", "{1+0j: 'a', 1: 'b'}"};
    out.insert(out.end(), sums.begin(), sums.end());
    // Python's limit on decimal int digits.
    out.push_back("1" + std::string(4299, '0'));
    out.push_back("1" + std::string(4300, '0'));
    out.push_back("-1" + std::string(4300, '0'));
    out.push_back(std::string(4301, '0'));
    out.push_back(std::string(4301, '1') + ".0");
    out.push_back(std::string(4301, '1') + "j");
    out.push_back("0x" + std::string(5000, 'f'));
    return out;
}

std::vector<std::string> container_literals()
{
    return {"[]", "[1]", "[1,]", "[1, 2,]", "[,]", "[1,,2]", "[1 2]", "()", "(1)", "(1,)", "(1, 2)", "(1, 2,)", "(,)",
            "(1,,)", "(1 2)", "{}", "{1: 2}", "{1: 2,}", "{1, 2}", "{1,}", "{,}", "{1: 2, 3}", "{1, 2: 3}", "{1:}",
            "{:1}", "{1:2,,}", "set()", "set( )", "set(\n)", "set", "set(1)", "set([])", "frozenset()", "{set()}",
            "{1: set()}", "[set()]", "1,", "1, 2", "1, 2,", ",", "1,,", "[[1, [2, (3,)]], {'a': {'b': [{}]}}]",
            "{'a': 1, 'a': 2}", "{'name': 'A', 'name': 'B'}", "{1: 'a', 1.0: 'b', True: 'c'}", "{0.0: 1, -0.0: 2}",
            "{1, 1.0, True}", "{True, 1}", "{(1, 2), (1, 2)}", "{(1,): 1, (1.0,): 2}", "{(): 1}", "{'a'}", "{b'a', 'a'}",
            "{[1]: 2}", "{(1, [2]): 3}", "{{}: 1}", "{{1}}", "[{1: 2}]", "{None: None, ...: 1}", "{1j: 2}",
            "{18446744073709551616: 1, 18446744073709551616.0: 2}", "{9007199254740993: 1, 9007199254740992.0: 2}",
            "{9223372036854775808: 1, 9223372036854775808.0: 2}", "{-9223372036854775808: 1, -9223372036854775808.0: 2}",
            "{2: 'a', 2.5: 'b', 5/2: 'c'}", "{1e999: 1, 1e999: 2}", "{0.5+0j: 1, 0.5: 2}", "[*[1]]", "{**{}}",
            "[1 for x in y]", "None", "True", "False", "Ellipsis", "[True, False, None, ...]", "(None,)", "true", "none",
            "nan", "inf", "[nan]", "x", "é", "[é]", "1 if 1 else 2", "lambda: 1", "(1).real", "None.x", "True1",
            "[" + std::string(199, '[') + std::string(200, ']'), std::string(200, '(') + std::string(200, ')'),
            std::string(201, '[') + std::string(201, ']'), "[" + std::string(150, '{') + std::string(150, '}') + "]",
            std::string(100, '{') + "'a': 1" + std::string(100, '}')};
}

// One literal with its whitespace, line breaks, comments and continuations moved about.
std::vector<std::string> layout_literals()
{
    const std::string base = "[{'name': 'A', 'id': 1}, {'name': 'B', 'id': 2}]";
    std::vector<std::string> out;
    const std::string nul(1, '\0');
    const std::vector<std::string> befores = {"", " ", "  \t ", "\t", "\n", "\r\n", "\r", "\n\n", "\f", " \f", "\f ", "\v",
                                              "# note\n", "#\n\n", "\\\n", "\\\n ", " \\\n", "\n ", "\n\t", "\t\n", " \n",
                                              "\xc2\xa0", "\xef\xbb\xbf", nul};
    for (const auto& before : befores) out.push_back(before + base);
    const std::vector<std::string> afters = {"", " ", "\n", "\r\n", "\r", "\n\n", " \n", "\n ", "\n\t", "\n \n", "\n\f",
                                             "\n\f\n", "\t\n", " # done", " # done\n", "\n# done", "\n  # done\n", "\\\n",
                                             "\\\n ", " \\\n\n", "\n\\\n", "\\ \n", ",", " ,", ", 1", "\n1", "\n,", nul,
                                             "\xc2\xa0", ";"};
    for (const auto& after : afters) out.push_back(base + after);
    for (const std::string inside :
         {"[\n{'name': 'A',\n'id': 1}\n]", "[{'name':\r\n'A', 'id': 1}]", "[{'name':\r'A', 'id': 1}]",
          "[ { 'name' : 'A' , 'id' : 1 } , ]", "[{'name': 'A', # the first\n'id': 1}]", "[{'name': 'A', 'id': 1}#]",
          "[\f{'name':\t'A'}]", "[{'name': 'A'\\\n}]", "[{'name': 'A'} \\ ]", "[{'name':\v'A'}]", "[{'name'\n:\n'A'}]",
          "[{'name': 'A'},\n\n\n]", "[\n\n]", "(\n)", "[{'name': 'A', 'id': 1}]\n[{'name': 'B'}]"})
        out.push_back(inside);
    // Ill-formed UTF-8 anywhere in the text, and text that is not ASCII outside strings.
    out.push_back("[{'name': 'Am\xe9lie'}]");
    out.push_back("[{'name': 'A'}] # \xff");
    out.push_back("[{'name': 'A', '\xc3\xa9': 1}]");
    out.push_back("[{'name': 'A'}]\xe2\x80\x83");
    return out;
}

// The shapes production_companies may take: names of every kind, companies without one.
std::vector<std::string> company_literals()
{
    std::vector<std::string> out = {
        "", " ", "\t\n", "[]", "()", "[{'name': 'Pixar Animation Studios', 'id': 3}]",
        "[{'name': \"Po' Boy Productions\", 'id': 11787}]", "[{'id': 3, 'name': 'Pixar'}]",
        "[{'name': None, 'id': 1}, {'name': 'Trimark Pictures', 'id': 4063}]", "[{'name': None}]", "[{'id': 1}]",
        "[{'id': 1}, {'name': 'B'}]", "[{'name': None}, {'id': 2}]", "[{'name': ''}]", "[{'name': 'A'}, {'name': None}]",
        "[{'name': 'A'}, {'name': 5}]", "[{'name': 5}]", "[{'name': b'A'}]", "[{'name': ['A']}]", "[{b'name': 'A'}]",
        "[{'name': 'A'}, 1]", "[1, {'name': 'A'}]", "[[{'name': 'A'}]]", "({'name': 'A'},)", "{'name': 'A'}", "'A'",
        "None", "[{'name': 'A', 'name': 'B'}]", "[{'name': None, 'name': 'B'}]", "[{'name': 'B', 'name': None}]",
        "[{'name': 'Tri\\ud800mark', 'id': 4063}]", "[{'name': 'Tri\\N{BULLET}mark', 'id': 4063}]",
        "[{'name': 'Trimark', 'id': 99999999999999999999999}]", "[{'name': 'Trimark', 'id': -99999999999999999999999}]",
        "[{'name': 'A\\x00B'}]", "[{'name': 'A\\0'}]", "[{'name': 'A\\nB'}]",
        "[{'name': 'Zesp\\xf3l'}]", "[{'name': 'Canal+', 'id': 5358}, {'name': 'Zespól Filmowy \"Tor\"', 'id': 7984}]",
        "[{'name': 'A', 'id': 1.5}]", "[{'name': 'A', 'id': 1j}]", "[{'name': 'A', 'logo': set()}]",
        "[{'name': 'A', 'id': [1]}]", "[{'name': 'A', [1]: 2}]", "[{'name': 'A'}, {'name': 'B'}, {'name': 'B'}]",
        "[{'name': 'A'}], [{'name': 'B'}]", "[{'name': r'\\d'}]", "[{'name': '''A\nB'''}]"};
    return out;
}

// Random literals from a small grammar, then mutated a byte at a time: many near misses of
// valid syntax, the places where two parsers part.
class LiteralGenerator {
public:
    explicit LiteralGenerator(std::uint64_t seed) : state_(seed) {}

    std::string literal() { return value(0); }

    std::string mutated(std::string text)
    {
        static const char* const pieces[] = {" ", "\n", "\r", "\t", ",", ":", "'", "\"", "\\", "(", ")", "[", "]", "{",
                                             "}", "-", "+", "j", "e", ".", "_", "0", "x", "#", "N", "u", "b", "r"};
        const auto edits = 1 + next(3);
        for (std::uint64_t i = 0; i < edits && !text.empty(); ++i) {
            const std::size_t at = next(text.size());
            const std::string piece = pick(pieces);
            switch (next(3)) {
            case 0: text.insert(at, piece); break;
            case 1: text.erase(at, 1); break;
            default: text.replace(at, 1, piece); break;
            }
        }
        return text;
    }

private:
    std::uint64_t next(std::uint64_t bound)
    {
        state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
        return (state_ >> 33) % bound;
    }
    template <std::size_t N>
    std::string pick(const char* const (&choices)[N])
    {
        return choices[next(N)];
    }

    std::string space()
    {
        static const char* const spaces[] = {"", "", "", " ", "  ", "\t", "\n", " \n ", "\\\n", "\f", "\r\n", " # c\n"};
        return pick(spaces);
    }

    std::string value(int depth)
    {
        switch (next(depth > 3 ? 3 : 10)) {
        case 0: {
            static const char* const scalars[] = {"None", "True", "False", "...", "set()", "0", "-1", "+2", "0x1F", "0o7",
                                                  "0b1_0", "1_0", "1.5", "-.5e-3", "1e999", "2j", "-3.5J", "1+2j", "-1-0j",
                                                  "99999999999999999999", "-0x8000000000000000", "00", "1.", "0.0", "-0.0"};
            return pick(scalars);
        }
        case 1:
        case 2: {
            static const char* const prefixes[] = {"", "", "", "r", "u", "b", "rb", "B", "R"};
            static const char* const quotes[] = {"'", "\"", "'''", "\"\"\""};
            static const char* const parts[] = {"a", "Pixar", "é", "日", " ", "\\n", "\\x41", "\\u00e9", "\\U0001F3AC",
                                                "\\N{BULLET}", "\\101", "\\0", "\\'", "\\\"", "\\\\", "\\d", "\\ud800",
                                                "\\\n", "'", "\""};
            const std::string quote = pick(quotes);
            std::string text = pick(prefixes) + quote;
            for (auto n = next(4); n > 0; --n) text += pick(parts);
            text += quote;
            if (next(5) == 0) text += space() + "'" + pick(parts) + "'";
            return text;
        }
        case 3:
        case 4: {
            std::string text = "[";
            for (auto n = next(4); n > 0; --n) text += space() + value(depth + 1) + space() + ",";
            if (next(2) == 0 && text.back() == ',') text.pop_back();
            return text + space() + "]";
        }
        case 5: {
            std::string text = "(";
            for (auto n = next(3); n > 0; --n) text += value(depth + 1) + "," + space();
            return text + ")";
        }
        case 6:
        case 7:
        case 8: {
            static const char* const keys[] = {"'name'", "'id'", "'name'", "1", "1.0", "True", "(1, 2)", "b'name'", "None"};
            std::string text = "{";
            for (auto n = next(4); n > 0; --n)
                text += space() + (next(4) == 0 ? value(depth + 1) : pick(keys)) + ":" + space() + value(depth + 1) + ",";
            if (text.back() == ',' && next(2) == 0) text.pop_back();
            return text + "}";
        }
        default: {
            std::string text = "{";
            for (auto n = 1 + next(3); n > 0; --n) text += value(depth + 1) + ", ";
            return text + "}";
        }
        }
    }

    std::uint64_t state_;
};

} // namespace

TEST_CASE("python literal: random literals and near misses, as Python reads them")
{
    // A fixed seed; SLUICE_LITERAL_SEED picks another (and SLUICE_LITERAL_COUNT more of them) to
    // hunt for differences by hand.
    const char* seed = std::getenv("SLUICE_LITERAL_SEED");
    const char* count = std::getenv("SLUICE_LITERAL_COUNT");
    LiteralGenerator generator{seed ? std::stoull(seed) : 20251203};
    std::vector<std::string> literals;
    for (int i = 0, n = count ? std::stoi(count) : 1500; i < n; ++i) {
        const std::string literal = generator.literal();
        literals.push_back(literal);
        literals.push_back("[{'name': " + literal + "}]");
        literals.push_back(generator.mutated(literal));
        literals.push_back(generator.mutated("[{'name': 'A', 'id': " + literal + "}]"));
    }
    check_against_python(literals);
}

TEST_CASE("python literal: \\N{...} finds the characters Python finds, by their names in any case")
{
    // Every 29th code point with a name in Unicode 14.0, the version CPython 3.11 knows (ICU's
    // may be newer, and names added since are not Python's), as written and in lower case.
    // Tangut ideographs are left out: CPython 3.11 does not compute their names, ICU does.
    std::vector<std::string> literals;
    for (UChar32 c = 0; c < 0x32000; c += 29) {
        UVersionInfo age;
        u_charAge(c, age);
        if (age[0] > 14 || (age[0] == 14 && age[1] > 0)) continue;
        char name[256];
        UErrorCode status = U_ZERO_ERROR;
        const int32_t length = u_charName(c, U_UNICODE_CHAR_NAME, name, sizeof name, &status);
        if (U_FAILURE(status) || length == 0 || std::string_view{name}.starts_with("TANGUT IDEOGRAPH-")) continue;
        std::string lower(name, static_cast<std::size_t>(length));
        for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        literals.push_back("'\\N{" + std::string(name, static_cast<std::size_t>(length)) + "}'");
        literals.push_back("'\\N{" + lower + "}'");
    }
    REQUIRE(literals.size() > 7000);
    check_against_python(literals);
}

TEST_CASE("python literal: strings, escapes and prefixes as Python reads them")
{
    std::vector<std::string> literals = string_literals();
    const std::size_t n = literals.size();
    for (std::size_t i = 0; i < n; ++i) literals.push_back(as_company(literals[i]));
    check_against_python(literals);
}

TEST_CASE("python literal: numbers as Python reads them")
{
    std::vector<std::string> literals = number_literals();
    const std::size_t n = literals.size();
    for (std::size_t i = 0; i < n; ++i) literals.push_back("[{'name': 'A', 'id': " + literals[i] + "}]");
    check_against_python(literals);
}

TEST_CASE("python literal: containers, names and keys as Python reads them")
{
    std::vector<std::string> literals = container_literals();
    // Past the few keys searched in order: many keys, some equal across int, float and bool.
    std::string dict = "{";
    std::string set = "{";
    for (int i = 0; i < 60; ++i) {
        const int k = i % 23;
        const std::string key = i % 3 == 0 ? std::to_string(k) : i % 3 == 1 ? std::to_string(k) + ".0" : "'" + std::to_string(k) + "'";
        dict += key + ": " + std::to_string(i) + ", ";
        set += (k == 1 && i % 2 == 0 ? std::string("True") : key) + ", ";
    }
    literals.push_back(dict + "}");
    literals.push_back(set + "}");
    literals.push_back(dict + "[1]: 2}");
    const std::size_t n = literals.size();
    for (std::size_t i = 0; i < n; ++i) literals.push_back("[{'name': 'A', 'x': " + literals[i] + "}]");
    check_against_python(literals);
}

TEST_CASE("python literal: whitespace, line breaks and comments as Python reads them")
{
    check_against_python(layout_literals());
}

TEST_CASE("python literal: production_companies values as Python reads them")
{
    check_against_python(company_literals());
}

TEST_CASE("python literal: first_name of real production_companies values")
{
    CHECK(first_name("[{'name': 'Pixar Animation Studios', 'id': 3}]") == "Pixar Animation Studios");
    CHECK(first_name("[{'name': 'TriStar Pictures', 'id': 559}, {'name': 'Teitler Film', 'id': 2550}]") ==
          "TriStar Pictures");
    // repr() switches to double quotes when the name holds an apostrophe.
    CHECK(first_name("[{'name': \"Lee's Film Co\", 'id': 7}]") == "Lee's Film Co");
    CHECK(first_name("[{'name': \"Po' Boy Productions\", 'id': 11787}]") == "Po' Boy Productions");
    CHECK(first_name("[{'name': 'Canal+', 'id': 5358}, {'name': 'Zespól Filmowy \"Tor\"', 'id': 7984}]") ==
          "Canal+");
    CHECK(first_name("[{'name': 'Sidéral Productions', 'id': 63751}]") == "Sidéral Productions");
    // The key order does not matter.
    CHECK(first_name("[{'id': 3, 'name': 'Pixar'}]") == "Pixar");
}

TEST_CASE("python literal: first_name of nothing")
{
    CHECK(first_name("[]") == std::nullopt);
    CHECK(first_name(" [ ] ") == std::nullopt);
    CHECK(first_name("") == std::nullopt);
    CHECK(first_name("  \t") == std::nullopt);
}

TEST_CASE("python literal: a company whose name is None or absent is passed over, and none named is NULL")
{
    CHECK(first_name("[{'name': None, 'id': 1}, {'name': 'Trimark Pictures', 'id': 4063}]") == "Trimark Pictures");
    CHECK(first_name("[{'id': 1}, {'name': 'B', 'id': 2}]") == "B");
    CHECK(first_name("[{'name': None, 'id': 1}]") == std::nullopt);
    CHECK(first_name("[{'id': 1}, {'name': None}]") == std::nullopt);
    CHECK(first_name("[{'name': 'A'}, {'name': None}]") == "A");
    // An empty name is a name.
    CHECK(first_name("[{'name': ''}, {'name': 'B'}]") == "");
    // A tuple of companies is read like a list.
    CHECK(first_name("({'name': 'A'},)") == "A");
}

TEST_CASE("python literal: the values issue 13 found refused are read as Python reads them")
{
    // A lone surrogate has no UTF-8 spelling: U+FFFD stands in for it.
    CHECK(first_name("[{'name': 'Tri\\ud800mark', 'id': 4063}]") == "Tri\xEF\xBF\xBDmark");
    CHECK(first_name("[{'name': '\\ud83c\\udfac', 'id': 1}]") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // two, as in Python
    CHECK(first_name("[{'name': 'Tri\\N{BULLET}mark', 'id': 4063}]") == "Tri\xE2\x80\xA2mark");
    CHECK(first_name("[{'name': 'Trimark', 'id': 99999999999999999999999}]") == "Trimark");
    // Postgres text cannot hold NUL: U+FFFD again.
    CHECK(first_name("[{'name': 'A\\x00B'}]") == "A\xEF\xBF\xBD" "B");
}

TEST_CASE("python literal: first_name refuses what is not a list of companies")
{
    CHECK(first_name_error_of("{'name': 'x'}") == "expected a list at offset 0");
    CHECK(first_name_error_of("  False") == "expected a list at offset 2");
    CHECK(first_name_error_of("[1, {'name': 'x'}]") == "expected a dict at offset 1");
    CHECK(first_name_error_of("[ 5]") == "expected a dict at offset 2");
    CHECK(first_name_error_of("[{'name': 'x'}, 5]") == "expected a dict at offset 0");
    CHECK(first_name_error_of("[{'name': 5}]") == "expected a str or None for 'name' at offset 1");
    CHECK(first_name_error_of("[{'name': b'A'}]") == "expected a str or None for 'name' at offset 1");
    // A malformed tail is an error even though the first name is readable.
    CHECK(first_name_error_of("[{'name': 'a'}, {'name': 'b'") == "expected ',' or '}' at offset 28");
}

TEST_CASE("python literal: a collection dict with None")
{
    const PyValue v =
        parse_python_literal("{'id': 10194, 'name': 'Toy Story Collection', 'poster_path': None}");
    const PyDict* dict = v.get_if<PyDict>();
    REQUIRE(dict != nullptr);
    REQUIRE(dict->size() == 3);
    CHECK(*(*dict)[0].first.get_if<std::string>() == "id");
    CHECK(*v.find("id")->get_if<std::int64_t>() == 10194);
    CHECK(*v.find("name")->get_if<std::string>() == "Toy Story Collection");
    CHECK(v.find("poster_path")->is_none());
    CHECK(v.find("backdrop_path") == nullptr);
}

TEST_CASE("python literal: scalars")
{
    CHECK(parse_python_literal("None").is_none());
    CHECK(*parse_python_literal("True").get_if<bool>() == true);
    CHECK(*parse_python_literal("False").get_if<bool>() == false);
    CHECK(*parse_python_literal("0").get_if<std::int64_t>() == 0);
    CHECK(*parse_python_literal("-5").get_if<std::int64_t>() == -5);
    CHECK(*parse_python_literal("+7").get_if<std::int64_t>() == 7);
    CHECK(*parse_python_literal("9223372036854775807").get_if<std::int64_t>() == INT64_MAX);
    CHECK(*parse_python_literal("-9223372036854775808").get_if<std::int64_t>() == INT64_MIN);
    CHECK(*parse_python_literal("-0x8000000000000000").get_if<std::int64_t>() == INT64_MIN);
    CHECK(*parse_python_literal("1_000").get_if<std::int64_t>() == 1000);
    CHECK(*parse_python_literal("0o17").get_if<std::int64_t>() == 15);
    CHECK(*parse_python_literal("0b101").get_if<std::int64_t>() == 5);
    CHECK(*parse_python_literal("3.25").get_if<double>() == 3.25);
    CHECK(*parse_python_literal("-0.5").get_if<double>() == -0.5);
    CHECK(*parse_python_literal("1e3").get_if<double>() == 1000.0);
    CHECK(*parse_python_literal("2.").get_if<double>() == 2.0);
    CHECK(*parse_python_literal(".5").get_if<double>() == 0.5);
    CHECK(*parse_python_literal("1e999").get_if<double>() == std::numeric_limits<double>::infinity());
    CHECK(*parse_python_literal("  21.946943 \n").get_if<double>() == 21.946943);
    const PyComplex c = *parse_python_literal("1.5-2j").get_if<PyComplex>();
    CHECK(c.real == 1.5);
    CHECK(c.imag == -2.0);
    CHECK(parse_python_literal("...").get_if<sluice::PyEllipsis>() != nullptr);
}

TEST_CASE("python literal: ints past int64 keep every digit")
{
    const PyValue big = parse_python_literal("99999999999999999999999");  // 0x152d_02c7e14a_f67fffff
    const PyBigInt* b = big.get_if<PyBigInt>();
    REQUIRE(b != nullptr);
    CHECK_FALSE(b->negative);
    CHECK(b->magnitude == std::vector<std::uint32_t>{0xf67fffffU, 0x02c7e14aU, 0x152dU});
    const PyValue negative = parse_python_literal("-0x152d02c7e14af67fffff");
    REQUIRE(negative.get_if<PyBigInt>() != nullptr);
    CHECK(negative.get_if<PyBigInt>()->negative);
    CHECK(negative.get_if<PyBigInt>()->magnitude == b->magnitude);
    CHECK(parse_python_literal("9223372036854775808").get_if<PyBigInt>() != nullptr);
    CHECK(parse_python_literal("-9223372036854775809").get_if<PyBigInt>() != nullptr);
}

TEST_CASE("python literal: strings and escapes")
{
    CHECK(string_of("'plain'") == "plain");
    CHECK(string_of("\"Lee's\"") == "Lee's");
    CHECK(string_of("'Lee\\'s'") == "Lee's");
    CHECK(string_of(R"('a\\b\'c\"d\ne\tf\rg')") == "a\\b'c\"d\ne\tf\rg");
    CHECK(string_of(R"('\x41\x7e')") == "A~");
    CHECK(string_of(R"('caf\xe9')") == "caf\xC3\xA9");
    CHECK(string_of(R"('\u65e5\u672c')") == "日本");
    CHECK(string_of(R"('\U0001F3AC')") == "\xF0\x9F\x8E\xAC");
    CHECK(string_of(R"('\101\0')") == std::string("A\0", 2));
    CHECK(string_of(R"('\777')") == "\xC7\xBF");  // U+01FF
    CHECK(string_of(R"('\d')") == "\\d");  // Python keeps unknown escapes
    CHECK(string_of(R"('\N{BULLET}\N{en dash}')") == "\xE2\x80\xA2\xE2\x80\x93");
    CHECK(string_of(R"(r'\n\'')") == "\\n\\'");
    CHECK(string_of("'a\\\nb'") == "ab");  // a line continuation
    CHECK(string_of("'''a\r\nb'''") == "a\nb");  // line breaks in triple quotes read as LF
    CHECK(string_of("'Français'") == "Français");
    CHECK(string_of("''") == "");
    CHECK(string_of("'a' \"b\"") == "ab");  // adjacent literals concatenate
    CHECK(string_of("u'a' R'\\b'") == "a\\b");
    const PyValue bytes = parse_python_literal(R"(b'\x00\777\u1234' B"\n")");
    REQUIRE(bytes.get_if<PyBytes>() != nullptr);
    CHECK(bytes.get_if<PyBytes>()->bytes == std::string("\0\xFF\\u1234\n", 9));
}

TEST_CASE("python literal: lists, tuples, sets, dicts and nesting")
{
    const PyValue empty = parse_python_literal("[]");
    REQUIRE(empty.get_if<PyList>() != nullptr);
    CHECK(empty.get_if<PyList>()->empty());

    const PyValue list = parse_python_literal("[1, 'two', 3.0, None, [],]");
    const PyList* items = list.get_if<PyList>();
    REQUIRE(items != nullptr);
    REQUIRE(items->size() == 5);
    CHECK(*(*items)[0].get_if<std::int64_t>() == 1);
    CHECK(*(*items)[1].get_if<std::string>() == "two");
    CHECK(*(*items)[2].get_if<double>() == 3.0);
    CHECK((*items)[3].is_none());
    CHECK((*items)[4].get_if<PyList>()->empty());

    CHECK(parse_python_literal("()").get_if<PyTuple>()->items.empty());
    CHECK(parse_python_literal("(1,)").get_if<PyTuple>()->items.size() == 1);
    CHECK(parse_python_literal("(1, 'a')").get_if<PyTuple>()->items.size() == 2);
    CHECK(*parse_python_literal("(5)").get_if<std::int64_t>() == 5);  // parentheses, not a tuple
    CHECK(parse_python_literal("1, 'a'").get_if<PyTuple>()->items.size() == 2);  // a bare tuple
    CHECK(parse_python_literal("1,").get_if<PyTuple>()->items.size() == 1);
    CHECK(parse_python_literal("set()").get_if<PySet>()->items.empty());
    CHECK(parse_python_literal("{1, 1.0, True, 2}").get_if<PySet>()->items.size() == 2);

    const PyValue nested = parse_python_literal("{'a': [1, {'b': (2, 3)}], 'c': {}}");
    const PyValue* a = nested.find("a");
    REQUIRE(a != nullptr);
    const PyList& a_items = *a->get_if<PyList>();
    REQUIRE(a_items.size() == 2);
    const PyValue* b = a_items[1].find("b");
    REQUIRE(b != nullptr);
    REQUIRE(b->get_if<PyTuple>()->items.size() == 2);
    CHECK(*b->get_if<PyTuple>()->items[1].get_if<std::int64_t>() == 3);
    CHECK(nested.find("c")->get_if<PyDict>()->empty());

    // A key again keeps its first place and takes the last value, as a Python dict does.
    const PyValue twice = parse_python_literal("{'name': 'A', 'id': 1, 'name': 'B'}");
    REQUIRE(twice.get_if<PyDict>()->size() == 2);
    CHECK(*twice.find("name")->get_if<std::string>() == "B");
    CHECK(*(*twice.get_if<PyDict>())[0].first.get_if<std::string>() == "name");
}

TEST_CASE("python literal: malformed input names what was expected and where")
{
    CHECK(error_of("") == "expected a value at offset 0");
    CHECK(error_of("   ") == "expected a value at offset 3");
    CHECK(error_of("[{'name': 'a', 'id': 3}") == "expected ',' or ']' at offset 23");
    CHECK(error_of("[1, 2 3]") == "expected ',' or ']' at offset 6");
    CHECK(error_of("[1,,2]") == "expected a value at offset 3");
    CHECK(error_of("{'a': 1 'b': 2}") == "expected ',' or '}' at offset 8");
    CHECK(error_of("{'name': 1, 'a' 'b'}") == "expected ':' at offset 19");
    CHECK(error_of("{'name': }") == "expected a value at offset 9");
    CHECK(error_of("(1 2)") == "expected ',' or ')' at offset 3");
    CHECK(error_of("1, 2 3") == "expected ',' or end of input at offset 5");
    CHECK(error_of("[{'name': 'Pixar}]") == "unterminated string at offset 10");
    CHECK(error_of("'abc\\") == "unterminated string at offset 0");
    CHECK(error_of("'a\nb'") == "unterminated string at offset 0");
    CHECK(error_of("[{'name': 'x', 'id': 3}] trailing") == "expected end of input at offset 25");
    CHECK(error_of("[nan]") == "expected a value at offset 1");
    CHECK(error_of("[-]") == "expected a value at offset 2");
    CHECK(error_of("<>") == "expected a value at offset 0");
    CHECK(error_of("01") == "leading zeros in decimal integer literals are not permitted at offset 0");
    CHECK(error_of("1" + std::string(4300, '0')) == "more than 4300 digits in a decimal int at offset 0");
    CHECK(error_of("0x1g") == "invalid hexadecimal literal at offset 0");
    CHECK(error_of("--1") == "not a literal: a sign on a sign at offset 1");
    CHECK(error_of("-True") == "not a literal: a sign on something other than a number at offset 0");
    CHECK(error_of("1+2") == "not a literal: only a real number +/- an imaginary one may be added at offset 1");
    CHECK(error_of("1" + std::string(400, '0') + "+1j") == "int too large to convert to float at offset 401");
    CHECK(error_of(R"('\x4')") == "truncated \\xXX escape at offset 1");
    CHECK(error_of(R"('ab\u12')") == "truncated \\uXXXX escape at offset 3");
    CHECK(error_of(R"('\U00110000')") == "illegal Unicode character at offset 1");
    CHECK(error_of(R"('\N{DASH}')") == "unknown Unicode character name at offset 1");
    CHECK(error_of(R"('\N{BULLET')") == "malformed \\N character escape at offset 1");
    CHECK(error_of("f'a'") == "not a literal: an f-string at offset 0");
    CHECK(error_of("'a' b'b'") == "cannot mix bytes and str literals at offset 4");
    CHECK(error_of("b'é'") == "bytes can only contain ASCII literal characters at offset 2");
    CHECK(error_of("{[1]: 2}") == "unhashable type: 'list' at offset 1");
    CHECK(error_of("{1, {}}") == "unhashable type: 'dict' at offset 4");
    CHECK(error_of("\n 1") == "unexpected indent at offset 2");
    CHECK(error_of("1\n2") == "expected end of input at offset 2");
    CHECK(error_of("1 \\ 2") == "unexpected character after line continuation character at offset 2");
    CHECK(error_of(std::string("[1,\0]", 5)) == "NUL byte at offset 3");
    CHECK(error_of("['caf\xE9']") == "not UTF-8 at offset 5");
    CHECK(error_of(std::string(201, '[')) == "more than 200 nested brackets at offset 200");
}

TEST_CASE("python literal: the error carries its offset")
{
    try {
        parse_python_literal("[1 2]");
        FAIL("expected PythonLiteralError");
    } catch (const PythonLiteralError& e) {
        CHECK(e.offset() == 3);
    }
}

TEST_CASE("python literal: where sluice and Python part, by design")
{
    // Python also knows NameAliases.txt's control and abbreviation aliases; ICU, which sluice
    // asks, carries only the corrections among them.
    CHECK(error_of(R"('\N{NBSP}')") == "unknown Unicode character name at offset 1");
    CHECK(error_of(R"('\N{NULL}')") == "unknown Unicode character name at offset 1");
    CHECK(string_of(R"('\N{LATIN CAPITAL LETTER GHA}')") == "\xC6\xA2");  // a correction alias: known
    // Names CPython 3.11 does not know but ICU does: Tangut ideographs' computed names.
    CHECK(string_of(R"('\N{TANGUT IDEOGRAPH-17000}')") == "\xF0\x97\x80\x80");
    // A lone surrogate is U+FFFD in the value (Python keeps it).
    CHECK(string_of(R"('\ud800\U0000DFFF')") == "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("python literal: one key's values across a list of dicts")
{
    using sluice::dict_values;
    CHECK(dict_values("[{'iso_3166_1': 'US', 'name': 'United States of America'}, {'iso_3166_1': 'DE', 'name': 'Germany'}]",
                      "iso_3166_1") == std::vector<std::string>{"US", "DE"});
    CHECK(dict_values("[{'name': 'x'}, {'iso_3166_1': 'GB'}, {'iso_3166_1': 5}]", "iso_3166_1") ==
          std::vector<std::string>{"GB"});
    CHECK(dict_values("[]", "iso_3166_1").empty());
    CHECK(dict_values("  ", "iso_3166_1").empty());
    CHECK(dict_values("({'iso_3166_1': 'FR'},)", "iso_3166_1") == std::vector<std::string>{"FR"});
    CHECK_THROWS_AS(dict_values("{'iso_3166_1': 'US'}", "iso_3166_1"), sluice::PythonLiteralError);
    CHECK_THROWS_AS(dict_values("[{'iso_3166_1': 'US'", "iso_3166_1"), sluice::PythonLiteralError);
}
