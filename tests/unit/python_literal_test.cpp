#include "transform/python_literal.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::first_name;
using sluice::parse_python_literal;
using sluice::PyDict;
using sluice::PyList;
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

} // namespace

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

TEST_CASE("python literal: first_name refuses what is not a list of named dicts")
{
    CHECK(first_name_error_of("{'name': 'x'}") == "expected a list at offset 0");
    CHECK(first_name_error_of("  False") == "expected a list at offset 2");
    CHECK(first_name_error_of("[1, {'name': 'x'}]") == "expected a dict at offset 1");
    CHECK(first_name_error_of("[ {'id': 1}]") == "expected a dict with a string 'name' at offset 2");
    CHECK(first_name_error_of("[{'name': None}]") == "expected a dict with a string 'name' at offset 1");
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
    CHECK(*parse_python_literal("3.25").get_if<double>() == 3.25);
    CHECK(*parse_python_literal("-0.5").get_if<double>() == -0.5);
    CHECK(*parse_python_literal("1e3").get_if<double>() == 1000.0);
    CHECK(*parse_python_literal("2.").get_if<double>() == 2.0);
    CHECK(*parse_python_literal(".5").get_if<double>() == 0.5);
    CHECK(*parse_python_literal("  21.946943 \n").get_if<double>() == 21.946943);
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
    CHECK(string_of(R"('\d')") == "\\d");  // Python keeps unknown escapes
    CHECK(string_of("'Français'") == "Français");
    CHECK(string_of("''") == "");
    CHECK(string_of("'a' \"b\"") == "ab");  // adjacent literals concatenate
}

TEST_CASE("python literal: lists, tuples and nesting")
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

    CHECK(parse_python_literal("()").get_if<PyList>()->empty());
    CHECK(parse_python_literal("(1,)").get_if<PyList>()->size() == 1);
    CHECK(parse_python_literal("(1, 'a')").get_if<PyList>()->size() == 2);
    CHECK(*parse_python_literal("(5)").get_if<std::int64_t>() == 5);  // parentheses, not a tuple
    CHECK(parse_python_literal("1, 'a'").get_if<PyList>()->size() == 2);  // a bare tuple
    CHECK(parse_python_literal("1,").get_if<PyList>()->size() == 1);

    const PyValue nested = parse_python_literal("{'a': [1, {'b': (2, 3)}], 'c': {}}");
    const PyValue* a = nested.find("a");
    REQUIRE(a != nullptr);
    const PyList& a_items = *a->get_if<PyList>();
    REQUIRE(a_items.size() == 2);
    const PyValue* b = a_items[1].find("b");
    REQUIRE(b != nullptr);
    REQUIRE(b->get_if<PyList>()->size() == 2);
    CHECK(*(*b->get_if<PyList>())[1].get_if<std::int64_t>() == 3);
    CHECK(nested.find("c")->get_if<PyDict>()->empty());
}

TEST_CASE("python literal: malformed input names what was expected and where")
{
    CHECK(error_of("") == "expected a value at offset 0");
    CHECK(error_of("   ") == "expected a value at offset 3");
    CHECK(error_of("[{'name': 'a', 'id': 3}") == "expected ',' or ']' at offset 23");
    CHECK(error_of("[1, 2 3]") == "expected ',' or ']' at offset 6");
    CHECK(error_of("[1,,2]") == "expected a value at offset 3");
    CHECK(error_of("{'a': 1 'b': 2}") == "expected ',' or '}' at offset 8");
    CHECK(error_of("{'name' 'a'}") == "expected ':' at offset 11");
    CHECK(error_of("{'name': }") == "expected a value at offset 9");
    CHECK(error_of("(1 2)") == "expected ',' or ')' at offset 3");
    CHECK(error_of("1, 2 3") == "expected ',' or end of input at offset 5");
    CHECK(error_of("[{'name': 'Pixar}]") == "unterminated string opened at offset 10");
    CHECK(error_of("'abc\\") == "unterminated string opened at offset 0");
    CHECK(error_of("[{'name': 'x', 'id': 3}] trailing") == "expected end of input at offset 25");
    CHECK(error_of("[nan]") == "expected a value at offset 1");
    CHECK(error_of("[-]") == "expected a number at offset 1");
    CHECK(error_of("<>") == "expected a value at offset 0");
    CHECK(error_of("99999999999999999999") == "integer out of range at offset 0");
    CHECK(error_of(R"('\x4')") == "truncated \\x escape at offset 1");
    CHECK(error_of(R"('ab\u12')") == "truncated \\u escape at offset 3");
    CHECK(error_of(R"('\ud800')") == "invalid code point U+D800 at offset 1");
    CHECK(error_of(R"('\U00110000')") == "invalid code point U+110000 at offset 1");
    CHECK(error_of(R"('\N{DASH}')") == "unsupported \\N{...} escape at offset 1");
    CHECK(error_of(std::string(200, '[')) == "nesting deeper than 100 levels at offset 101");
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

TEST_CASE("python literal: one key's values across a list of dicts")
{
    using sluice::dict_values;
    CHECK(dict_values("[{'iso_3166_1': 'US', 'name': 'United States of America'}, {'iso_3166_1': 'DE', 'name': 'Germany'}]",
                      "iso_3166_1") == std::vector<std::string>{"US", "DE"});
    CHECK(dict_values("[{'name': 'x'}, {'iso_3166_1': 'GB'}, {'iso_3166_1': 5}]", "iso_3166_1") ==
          std::vector<std::string>{"GB"});
    CHECK(dict_values("[]", "iso_3166_1").empty());
    CHECK(dict_values("  ", "iso_3166_1").empty());
    CHECK_THROWS_AS(dict_values("{'iso_3166_1': 'US'}", "iso_3166_1"), sluice::PythonLiteralError);
    CHECK_THROWS_AS(dict_values("[{'iso_3166_1': 'US'", "iso_3166_1"), sluice::PythonLiteralError);
}
