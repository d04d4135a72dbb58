#pragma once
// Python literals as Kaggle's movies_metadata.csv stores its nested columns: the repr() of lists
// of dicts, e.g. [{'name': 'Pixar Animation Studios', 'id': 3}]. repr() picks single quotes and
// switches to double quotes when the text holds an apostrophe ("Lee's Film Co"), so this is not
// JSON.
//
// The grammar is exactly what Python's ast.literal_eval accepts (CPython 3.11), checked against
// python3 itself by tests/unit/python_literal_test.cpp: str and bytes literals with every prefix
// (r, u, b, rb...; not f), escape (\x \u \U \N{...} octal, line continuation) and quoting
// (triple quotes, adjacent literals joined); ints of any size in any base, with underscores;
// floats; imaginary numbers and `real +/- imaginary`; a sign on a number; True, False, None and
// `...`; tuples, lists, dicts, sets and `set()`, with trailing commas; comments, line breaks and
// line continuations where Python's tokenizer allows them. Duplicate dict keys keep the first
// key and the last value, as Python's dict does; equal set elements keep the first; an
// unhashable key or element (a list, dict or set) is an error, as in Python.
//
// Where a Python value has no UTF-8 spelling, the parsed value differs, by design:
//  - a lone surrogate (\ud800, or two \u escapes that Python keeps as two code points) becomes
//    U+FFFD REPLACEMENT CHARACTER, so strings are always well-formed UTF-8;
//  - \N{...} names are looked up in ICU's tables (u_charFromName: names and their corrections).
//    Python also knows the control and abbreviation aliases of NameAliases.txt (\N{NULL},
//    \N{NBSP}, \N{ZWJ}...): ICU does not carry them, so they are refused here. ICU's Unicode
//    version (15.0 in Debian 12, 14.0 in CPython 3.11) may know names the Python does not, and
//    ICU computes TANGUT IDEOGRAPH-17000 and the like, which CPython 3.11 does not: accepted.
// Limits, as Python has them: 200 levels of brackets, 4300 digits in a decimal int.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sluice {

struct PyValue;
struct PyDictEntry;
using PyList = std::vector<PyValue>;  // a list
using PyDict = std::vector<PyDictEntry>;  // in insertion order, one entry per distinct key

struct PyNone {
    bool operator==(const PyNone&) const = default;
};
struct PyEllipsis {
    bool operator==(const PyEllipsis&) const = default;
};
// An int outside int64's range (ints inside it are always std::int64_t).
struct PyBigInt {
    bool negative = false;
    std::vector<std::uint32_t> magnitude;  // little-endian 32-bit limbs, no high zero limb
};
struct PyComplex {
    double real = 0;
    double imag = 0;
};
struct PyBytes {
    std::string bytes;
};
struct PyTuple {
    std::vector<PyValue> items;
};
struct PySet {
    std::vector<PyValue> items;  // in insertion order, one per distinct value
};

struct PyValue {
    std::variant<PyNone, bool, std::int64_t, PyBigInt, double, PyComplex, std::string, PyBytes, PyList, PyTuple,
                 PySet, PyDict, PyEllipsis>
        value;

    template <typename T>
    const T* get_if() const { return std::get_if<T>(&value); }
    bool is_none() const { return std::holds_alternative<PyNone>(value); }

    // For a dict: the value of the key equal to the string `key`; nullptr when absent or when
    // this is not a dict.
    const PyValue* find(std::string_view key) const;
    // The items of a list or a tuple; nullptr for anything else.
    const std::vector<PyValue>* sequence() const;
};

// A key and its value. Not a std::pair: with clang, libstdc++'s pair<PyValue, PyValue> asks
// whether PyValue is default-constructible while PyValue's variant is still being completed,
// and the build fails.
struct PyDictEntry {
    PyValue first;   // the key
    PyValue second;  // the value
};

// Malformed input. The message names what was expected and the byte offset into the text:
// "expected ',' or ']' at offset 17".
class PythonLiteralError : public std::runtime_error {
public:
    // `problem` is the message without its position: "expected ',' or ']'".
    PythonLiteralError(const std::string& problem, std::size_t offset);
    std::size_t offset() const noexcept { return offset_; }

private:
    std::size_t offset_;
};

// Parses one literal as ast.literal_eval(text) would; throws PythonLiteralError where it raises.
PyValue parse_python_literal(std::string_view text);

// The film's production company from production_companies: a list (or tuple) of dicts, the
// 'name' of the first one whose 'name' is a str. A company whose 'name' is None or absent has
// no name and is passed over (TMDB lists such companies); no company with a name, an empty
// list or blank text give nullopt (NULL in the table). A NUL in the name becomes U+FFFD, as a
// lone surrogate does, since a Postgres text value cannot hold it. Throws PythonLiteralError on
// text literal_eval refuses, on a value that is not a list or tuple, on an element that is not
// a dict, or on a 'name' that is neither a str nor None.
std::optional<std::string> first_name(std::string_view literal);

// The str value of `key` in each dict of a list (or tuple) literal, in order, as the iso_3166_1
// codes of production_countries; elements without one are skipped. Blank text is an empty list.
// Throws PythonLiteralError on malformed input or a value that is not a list or tuple.
std::vector<std::string> dict_values(std::string_view literal, std::string_view key);

} // namespace sluice
