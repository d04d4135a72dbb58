#pragma once
// Python literals as Kaggle's movies_metadata.csv stores its nested columns: the repr() of lists
// of dicts, e.g. [{'name': 'Pixar Animation Studios', 'id': 3}]. repr() picks single quotes and
// switches to double quotes when the text holds an apostrophe ("Lee's Film Co"), so this is not
// JSON. The grammar is what ast.literal_eval accepts for these columns: lists, tuples, dicts,
// strings with Python escapes, ints, floats, True/False/None. Not supported, because repr()
// never writes them there: sets, bytes and prefixed strings (b'', r'', f''), triple quotes,
// complex numbers, hex/octal/underscored ints, \N{...} escapes. More lenient than Python: line
// breaks anywhere between tokens and inside strings, leading zeros, unhashable dict keys.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace sluice {

struct PyValue;
struct PyDictEntry;
using PyList = std::vector<PyValue>;      // a list or a tuple
using PyDict = std::vector<PyDictEntry>;  // in source order, keys as written

struct PyNone {
    bool operator==(const PyNone&) const = default;
};

struct PyValue {
    std::variant<PyNone, bool, std::int64_t, double, std::string, PyList, PyDict> value;

    template <typename T>
    const T* get_if() const { return std::get_if<T>(&value); }
    bool is_none() const { return std::holds_alternative<PyNone>(value); }

    // For a dict: the value of the first key equal to the string `key`; nullptr when absent or
    // when this is not a dict.
    const PyValue* find(std::string_view key) const;
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

// Parses one literal; surrounding whitespace is allowed, anything else after it is an error.
PyValue parse_python_literal(std::string_view text);

// The 'name' of the first dict in a list literal, as in production_companies. nullopt for an
// empty list or blank text. Throws PythonLiteralError on malformed input, on a value that is not
// a list, or when the first element is not a dict with a string 'name'.
std::optional<std::string> first_name(std::string_view literal);

// The string value of `key` in each dict of a list literal, in order, as the iso_3166_1 codes of
// production_countries; dicts without it are skipped. Blank text is an empty list. Throws
// PythonLiteralError on malformed input or a value that is not a list.
std::vector<std::string> dict_values(std::string_view literal, std::string_view key);

} // namespace sluice
