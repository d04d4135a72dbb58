// libFuzzer target for the Python-literal parser (jobs/movie_report/python_literal.hpp) and the film
// parser's use of it (jobs/movie_report/film_parser.hpp).
//
// The input is the literal text. PythonLiteralError is the parser's documented failure and an
// expected outcome (so is sluice::Error); any other exception escapes and libFuzzer reports it.
// Beyond "no crash":
//   - an error's offset lies within the text;
//   - a parsed value, written back as a literal, parses to the same value (strings byte for
//     byte, floats bit for bit), so nothing is lost or invented on the way in;
//   - first_name() and dict_values() agree with the parsed value (first_name() gives the first
//     str 'name' of a list of dicts, passing over None; NUL as U+FFFD).
// Then the text goes through FilmParser twice: as the production_companies and
// production_countries of an otherwise valid row, and cut at '\x1f' into the row's fields.

#include "core/error.hpp"
#include "parse/csv_reader.hpp"
#include "jobs/movie_report/film_parser.hpp"
#include "jobs/movie_report/python_literal.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
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

void write_float(double d, std::string& out)
{
    if (std::isinf(d)) {
        out += d < 0 ? "-1e999" : "1e999";
        return;
    }
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
    const std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
    out += text;
    // "1" would come back as an int.
    if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

// A str or bytes body in single quotes: bytes a literal may not hold as they are (line breaks,
// other controls, the quote and the backslash; in bytes anything not ASCII) as \xHH.
void write_quoted(std::string_view text, bool bytes, std::string& out)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    out += bytes ? "b'" : "'";
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F || c == '\'' || c == '\\' || (bytes && u >= 0x80)) {
            out += "\\x";
            out += kDigits[u >> 4];
            out += kDigits[u & 0xF];
        } else {
            out += c;
        }
    }
    out += '\'';
}

// Writes `value` back as a literal the parser accepts. False for a value that has no such
// spelling (a complex number whose parts no `real +/- imaginary` literal makes).
bool write_literal(const PyValue& value, std::string& out)
{
    if (value.is_none()) {
        out += "None";
    } else if (value.get_if<sluice::PyEllipsis>()) {
        out += "...";
    } else if (const bool* b = value.get_if<bool>()) {
        out += *b ? "True" : "False";
    } else if (const std::int64_t* n = value.get_if<std::int64_t>()) {
        out += std::to_string(*n);
    } else if (const auto* big = value.get_if<sluice::PyBigInt>()) {
        // In hex: Python refuses decimal ints past 4300 digits.
        out += big->negative ? "-0x" : "0x";
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "%x", static_cast<unsigned>(big->magnitude.back()));
        out += buffer;
        for (std::size_t i = big->magnitude.size() - 1; i-- > 0;) {
            std::snprintf(buffer, sizeof buffer, "%08x", static_cast<unsigned>(big->magnitude[i]));
            out += buffer;
        }
    } else if (const double* d = value.get_if<double>()) {
        if (std::isnan(*d)) return false;
        write_float(*d, out);
    } else if (const auto* c = value.get_if<sluice::PyComplex>()) {
        // Literals make (r + 0.0, 0.0 + i) from `r + ij`, (r, -i) from `r - ij`, and
        // (-0.0, -i) from `-ij`: other combinations of signed zeros have no spelling.
        if (std::isnan(c->real) || std::isnan(c->imag)) return false;
        const bool real_negative_zero = c->real == 0 && std::signbit(c->real);
        if (real_negative_zero) {
            if (!std::signbit(c->imag)) return false;
            out += "-";
            write_float(-c->imag, out);
            out += "j";
        } else {
            if (c->imag == 0 && std::signbit(c->imag)) return false;
            out += "(";
            write_float(c->real, out);
            out += std::signbit(c->imag) ? " - " : " + ";
            write_float(std::fabs(c->imag), out);
            out += "j)";
        }
    } else if (const std::string* s = value.get_if<std::string>()) {
        write_quoted(*s, false, out);
    } else if (const auto* bytes = value.get_if<sluice::PyBytes>()) {
        write_quoted(bytes->bytes, true, out);
    } else if (const PyList* list = value.get_if<PyList>()) {
        out += '[';
        for (const PyValue& item : *list) {
            if (!write_literal(item, out)) return false;
            out += ", ";
        }
        out += ']';
    } else if (const auto* tuple = value.get_if<sluice::PyTuple>()) {
        out += '(';
        for (const PyValue& item : tuple->items) {
            if (!write_literal(item, out)) return false;
            out += ", ";
        }
        out += ')';
    } else if (const auto* set = value.get_if<sluice::PySet>()) {
        if (set->items.empty()) out += "set()";
        else {
            out += '{';
            for (const PyValue& item : set->items) {
                if (!write_literal(item, out)) return false;
                out += ", ";
            }
            out += '}';
        }
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

bool same(const PyValue& a, const PyValue& b);

bool same_items(const std::vector<PyValue>& x, const std::vector<PyValue>& y)
{
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!same(x[i], y[i])) return false;
    return true;
}

bool same_bits(double x, double y) { return std::bit_cast<std::uint64_t>(x) == std::bit_cast<std::uint64_t>(y); }

bool same(const PyValue& a, const PyValue& b)
{
    if (a.value.index() != b.value.index()) return false;
    if (const double* x = a.get_if<double>()) return same_bits(*x, *b.get_if<double>());
    if (const auto* x = a.get_if<sluice::PyComplex>())
        return same_bits(x->real, b.get_if<sluice::PyComplex>()->real) && same_bits(x->imag, b.get_if<sluice::PyComplex>()->imag);
    if (const PyList* x = a.get_if<PyList>()) return same_items(*x, *b.get_if<PyList>());
    if (const auto* x = a.get_if<sluice::PyTuple>()) return same_items(x->items, b.get_if<sluice::PyTuple>()->items);
    if (const auto* x = a.get_if<sluice::PySet>()) return same_items(x->items, b.get_if<sluice::PySet>()->items);
    if (const PyDict* x = a.get_if<PyDict>()) {
        const PyDict& y = *b.get_if<PyDict>();
        if (x->size() != y.size()) return false;
        for (std::size_t i = 0; i < x->size(); ++i)
            if (!same((*x)[i].first, y[i].first) || !same((*x)[i].second, y[i].second)) return false;
        return true;
    }
    if (const bool* x = a.get_if<bool>()) return *x == *b.get_if<bool>();
    if (const std::int64_t* x = a.get_if<std::int64_t>()) return *x == *b.get_if<std::int64_t>();
    if (const auto* x = a.get_if<sluice::PyBigInt>())
        return x->negative == b.get_if<sluice::PyBigInt>()->negative && x->magnitude == b.get_if<sluice::PyBigInt>()->magnitude;
    if (const std::string* x = a.get_if<std::string>()) return *x == *b.get_if<std::string>();
    if (const auto* x = a.get_if<sluice::PyBytes>()) return x->bytes == b.get_if<sluice::PyBytes>()->bytes;
    return true;  // None, Ellipsis
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
        if (std::string_view(e.what()).starts_with("more than 200 nested")) return;
        std::fprintf(stderr, "written back: %s\nerror: %s\n", written.c_str(), e.what());
        finding("a value written back does not parse");
    }
}

// The company first_name() must give for a parsed value (its documented rule): nullopt inside
// when there is none; an empty outer optional when it must throw.
std::optional<std::optional<std::string>> expected_company(const PyValue& value)
{
    const std::vector<PyValue>* companies = value.sequence();
    if (companies == nullptr) return std::nullopt;
    std::optional<std::string> name;
    for (const PyValue& company : *companies) {
        if (company.get_if<PyDict>() == nullptr) return std::nullopt;
        const PyValue* found = company.find("name");
        if (found == nullptr || found->is_none()) continue;
        const std::string* text = found->get_if<std::string>();
        if (text == nullptr) return std::nullopt;
        if (!name) {
            name.emplace();
            for (const char c : *text) *name += c == '\0' ? std::string("\xEF\xBF\xBD") : std::string(1, c);
        }
    }
    return std::optional<std::optional<std::string>>{name};
}

// first_name() and dict_values() on text that parsed: they follow the value, refusing exactly
// the shapes the rule refuses.
void check_helpers(std::string_view text, const PyValue* value)
{
    std::optional<std::optional<std::string>> got;
    try {
        got = sluice::first_name(text);
    } catch (const PythonLiteralError& e) {
        if (e.offset() > text.size()) finding("first_name() error offset past the end");
    }
    if (value != nullptr) {
        if (got != expected_company(*value)) finding("first_name() disagrees with the value");
    } else if (got && *got) {
        finding("first_name() found a name in text that does not parse");
    }
    try {
        const auto values = sluice::dict_values(text, "iso_3166_1");
        if (!values.empty() && (value == nullptr || value->sequence() == nullptr))
            finding("dict_values() found values outside a list");
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
        check_helpers(text, &value);
    } catch (const PythonLiteralError& e) {
        if (e.offset() > text.size()) finding("error offset past the end of the text");
        check_helpers(text, nullptr);
    }
    parse_films(text);
    return 0;
}
