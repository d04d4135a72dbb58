// libFuzzer target for the Python-literal parser (transform/python_literal.hpp) and the film
// parser's use of it (transform/film_parser.hpp).
//
// The input is the literal text. PythonLiteralError is the parser's documented failure and an
// expected outcome (so is sluice::Error); any other exception escapes and libFuzzer reports it.
// Beyond "no crash":
//   - an error's offset lies within the text;
//   - a parsed value, written back as a literal, parses to the same value (strings byte for
//     byte, floats bit for bit), so nothing is lost or invented on the way in;
//   - first_name() and dict_values() agree with the parsed value.
// Then the text goes through FilmParser twice: as the production_companies and
// production_countries of an otherwise valid row, and cut at '\x1f' into the row's fields.

#include "core/error.hpp"
#include "parse/csv_reader.hpp"
#include "transform/film_parser.hpp"
#include "transform/python_literal.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

using sluice::PyDict;
using sluice::PyList;
using sluice::PyNone;
using sluice::PythonLiteralError;
using sluice::PyValue;

[[noreturn]] void finding(const char* what)
{
    std::fprintf(stderr, "fuzz_python_literal: %s\n", what);
    std::abort();
}

// Writes `value` back as a literal the parser accepts. False for a value that has no such
// spelling (a float that is not finite: the parser should never make one, but that is not
// this check's business).
bool write_literal(const PyValue& value, std::string& out)
{
    if (value.is_none()) {
        out += "None";
    } else if (const bool* b = value.get_if<bool>()) {
        out += *b ? "True" : "False";
    } else if (const std::int64_t* n = value.get_if<std::int64_t>()) {
        out += std::to_string(*n);
    } else if (const double* d = value.get_if<double>()) {
        if (!std::isfinite(*d)) return false;
        char buffer[64];
        const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *d);
        if (ec != std::errc{}) return false;
        const std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
        out += text;
        // "1" would come back as an int.
        if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
    } else if (const std::string* s = value.get_if<std::string>()) {
        // Every byte but the quote and the backslash may stand as it is.
        out += '\'';
        for (const char c : *s) {
            if (c == '\'' || c == '\\') out += '\\';
            out += c;
        }
        out += '\'';
    } else if (const PyList* list = value.get_if<PyList>()) {
        out += '[';
        for (const PyValue& item : *list) {
            if (!write_literal(item, out)) return false;
            out += ", ";
        }
        out += ']';
    } else if (const PyDict* dict = value.get_if<PyDict>()) {
        out += '{';
        for (const auto& [k, v] : *dict) {
            if (!write_literal(k, out)) return false;
            out += ": ";
            if (!write_literal(v, out)) return false;
            out += ", ";
        }
        out += '}';
    }
    return true;
}

bool same(const PyValue& a, const PyValue& b)
{
    if (a.value.index() != b.value.index()) return false;
    if (const double* x = a.get_if<double>()) return std::bit_cast<std::uint64_t>(*x) == std::bit_cast<std::uint64_t>(*b.get_if<double>());
    if (const PyList* x = a.get_if<PyList>()) {
        const PyList& y = *b.get_if<PyList>();
        if (x->size() != y.size()) return false;
        for (std::size_t i = 0; i < x->size(); ++i)
            if (!same((*x)[i], y[i])) return false;
        return true;
    }
    if (const PyDict* x = a.get_if<PyDict>()) {
        const PyDict& y = *b.get_if<PyDict>();
        if (x->size() != y.size()) return false;
        for (std::size_t i = 0; i < x->size(); ++i)
            if (!same((*x)[i].first, y[i].first) || !same((*x)[i].second, y[i].second)) return false;
        return true;
    }
    if (const bool* x = a.get_if<bool>()) return *x == *b.get_if<bool>();
    if (const std::int64_t* x = a.get_if<std::int64_t>()) return *x == *b.get_if<std::int64_t>();
    if (const std::string* x = a.get_if<std::string>()) return *x == *b.get_if<std::string>();
    return a.is_none();
}

void check_round_trip(const PyValue& value)
{
    std::string written;
    if (!write_literal(value, written)) return;
    try {
        if (!same(sluice::parse_python_literal(written), value)) finding("a value written back parses differently");
    } catch (const PythonLiteralError& e) {
        // "[[...]], 1" holds its first element one level shallower than "[[[...]], 1]" does, so
        // a value nested right at the limit cannot always be written back inside brackets.
        if (std::string_view(e.what()).starts_with("nesting deeper")) return;
        std::fprintf(stderr, "written back: %s\nerror: %s\n", written.c_str(), e.what());
        finding("a value written back does not parse");
    }
}

// first_name() and dict_values() on text that parsed: they may refuse the shape, never disagree
// with the value.
void check_helpers(std::string_view text, const PyValue& value)
{
    const PyList* list = value.get_if<PyList>();
    try {
        const auto name = sluice::first_name(text);
        if (name) {
            const std::string* expected = list && !list->empty() && list->front().find("name")
                                              ? list->front().find("name")->get_if<std::string>()
                                              : nullptr;
            if (expected == nullptr || *expected != *name) finding("first_name() disagrees with the value");
        }
    } catch (const PythonLiteralError& e) {
        if (e.offset() > text.size()) finding("first_name() error offset past the end");
    }
    try {
        const auto values = sluice::dict_values(text, "iso_3166_1");
        if (!values.empty() && list == nullptr) finding("dict_values() found values outside a list");
    } catch (const PythonLiteralError& e) {
        if (e.offset() > text.size()) finding("dict_values() error offset past the end");
    }
}

void parse_films(std::string_view text)
{
    static const std::vector<std::string_view> header_fields = {
        "budget", "id", "imdb_id", "production_companies", "production_countries",
        "release_date", "revenue", "title", "vote_average", "original_language"};
    static const std::vector<std::string_view> valid_row = {
        "30000000", "862", "tt0114709", "[{'name': 'Pixar Animation Studios', 'id': 3}]",
        "[{'iso_3166_1': 'US', 'name': 'United States of America'}]", "1995-10-30", "373554033",
        "Toy Story", "7.7", "en"};

    sluice::CsvRecord header;
    header.fields = header_fields;
    header.line = 1;
    try {
        const sluice::FilmParser parser("fuzz.csv", header);

        sluice::CsvRecord row;
        row.line = 2;
        row.fields = valid_row;
        row.fields[3] = text;
        row.fields[4] = text;
        (void)parser.parse(row);

        // The text cut into fields; a short row keeps the valid values for the rest, a long one
        // is rejected on its count.
        row.fields = valid_row;
        std::size_t i = 0;
        std::string_view rest = text;
        for (;; ++i) {
            const std::size_t cut = rest.find('\x1f');
            const std::string_view field = rest.substr(0, cut);
            if (i < row.fields.size()) row.fields[i] = field;
            else row.fields.push_back(field);
            if (cut == std::string_view::npos) break;
            rest.remove_prefix(cut + 1);
        }
        (void)parser.parse(row);
    } catch (const sluice::Error&) {
        finding("FilmParser refused a complete header");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const PyValue value = sluice::parse_python_literal(text);
        check_round_trip(value);
        check_helpers(text, value);
    } catch (const PythonLiteralError& e) {
        if (e.offset() > text.size()) finding("error offset past the end of the text");
        check_helpers(text, PyValue{});
    }
    parse_films(text);
    return 0;
}
