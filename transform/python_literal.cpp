#include "transform/python_literal.hpp"

#include <charconv>
#include <cstdio>

namespace sluice {

PythonLiteralError::PythonLiteralError(const std::string& problem, std::size_t offset)
    : std::runtime_error(problem + " at offset " + std::to_string(offset)), offset_(offset)
{
}

const PyValue* PyValue::find(std::string_view key) const
{
    const PyDict* dict = get_if<PyDict>();
    if (dict == nullptr) return nullptr;
    for (const auto& [k, v] : *dict) {
        const std::string* name = k.get_if<std::string>();
        if (name != nullptr && *name == key) return &v;
    }
    return nullptr;
}

namespace {

// Deep enough for any real column, shallow enough that hostile input ("[[[[...") cannot
// overflow the stack of a worker thread.
constexpr int max_depth = 100;

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void append_utf8(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    PyValue parse_document()
    {
        PyValue value = parse_value(0);
        skip_space();
        if (!at_end() && peek() == ',') {
            // A bare tuple: "1, 2" is (1, 2) in Python, and "1," is (1,).
            PyList items;
            items.push_back(std::move(value));
            for (;;) {
                ++pos_;  // ','
                skip_space();
                if (at_end()) break;
                items.push_back(parse_value(1));
                skip_space();
                if (at_end()) break;
                if (peek() != ',') fail("expected ',' or end of input", pos_);
            }
            return PyValue{std::move(items)};
        }
        if (!at_end()) fail("expected end of input", pos_);
        return value;
    }

private:
    [[noreturn]] static void fail(const std::string& problem, std::size_t offset)
    {
        throw PythonLiteralError(problem, offset);
    }

    bool at_end() const { return pos_ == text_.size(); }
    char peek() const { return text_[pos_]; }

    void skip_space()
    {
        while (!at_end() && is_space(peek())) ++pos_;
    }

    PyValue parse_value(int depth)
    {
        skip_space();
        if (at_end()) fail("expected a value", pos_);
        if (depth > max_depth) fail("nesting deeper than " + std::to_string(max_depth) + " levels", pos_);
        const char c = peek();
        switch (c) {
        case '[': return parse_list(depth);
        case '(': return parse_tuple(depth);
        case '{': return parse_dict(depth);
        case '\'':
        case '"': return parse_strings();
        default: break;
        }
        if (is_digit(c) || c == '-' || c == '+' || c == '.') return parse_number();
        if (is_name_start(c)) return parse_name();
        fail("expected a value", pos_);
    }

    // After the opening bracket: elements up to `close`, a trailing comma allowed.
    void parse_elements(PyList& items, char close, const char* problem, int depth)
    {
        for (;;) {
            items.push_back(parse_value(depth + 1));
            skip_space();
            if (!at_end() && peek() == ',') {
                ++pos_;
                skip_space();
                if (!at_end() && peek() == close) {
                    ++pos_;
                    return;
                }
                continue;
            }
            if (!at_end() && peek() == close) {
                ++pos_;
                return;
            }
            fail(problem, pos_);
        }
    }

    PyValue parse_list(int depth)
    {
        ++pos_;  // '['
        PyList items;
        skip_space();
        if (!at_end() && peek() == ']') {
            ++pos_;
        } else {
            parse_elements(items, ']', "expected ',' or ']'", depth);
        }
        return PyValue{std::move(items)};
    }

    // "()" is an empty tuple, "(x)" is just x, "(x,)" and "(x, y)" are tuples.
    PyValue parse_tuple(int depth)
    {
        ++pos_;  // '('
        skip_space();
        if (!at_end() && peek() == ')') {
            ++pos_;
            return PyValue{PyList{}};
        }
        PyValue first = parse_value(depth + 1);
        skip_space();
        if (!at_end() && peek() == ')') {
            ++pos_;
            return first;
        }
        if (at_end() || peek() != ',') fail("expected ',' or ')'", pos_);
        ++pos_;
        PyList items;
        items.push_back(std::move(first));
        skip_space();
        if (!at_end() && peek() == ')') {
            ++pos_;
        } else {
            parse_elements(items, ')', "expected ',' or ')'", depth);
        }
        return PyValue{std::move(items)};
    }

    PyValue parse_dict(int depth)
    {
        ++pos_;  // '{'
        PyDict entries;
        skip_space();
        if (!at_end() && peek() == '}') {
            ++pos_;
            return PyValue{std::move(entries)};
        }
        for (;;) {
            PyValue key = parse_value(depth + 1);
            skip_space();
            if (at_end() || peek() != ':') fail("expected ':'", pos_);
            ++pos_;
            PyValue value = parse_value(depth + 1);
            entries.push_back({std::move(key), std::move(value)});
            skip_space();
            if (!at_end() && peek() == ',') {
                ++pos_;
                skip_space();
                if (!at_end() && peek() == '}') {
                    ++pos_;
                    break;
                }
                continue;
            }
            if (!at_end() && peek() == '}') {
                ++pos_;
                break;
            }
            fail("expected ',' or '}'", pos_);
        }
        return PyValue{std::move(entries)};
    }

    // One string literal, or several written side by side ('a' "b" is 'ab' in Python).
    PyValue parse_strings()
    {
        std::string out;
        parse_string(out);
        for (;;) {
            const std::size_t after = pos_;
            skip_space();
            if (at_end() || (peek() != '\'' && peek() != '"')) {
                pos_ = after;
                break;
            }
            parse_string(out);
        }
        return PyValue{std::move(out)};
    }

    void parse_string(std::string& out)
    {
        const std::size_t start = pos_;
        const char quote = text_[pos_++];
        for (;;) {
            if (at_end()) fail("unterminated string opened", start);
            const char c = text_[pos_];
            if (c == quote) {
                ++pos_;
                return;
            }
            if (c != '\\') {
                // Raw line breaks are not valid Python here, but repr() never writes them and
                // refusing them would only lose a record; UTF-8 bytes pass through as they are.
                out.push_back(c);
                ++pos_;
                continue;
            }
            parse_escape(out, start);
        }
    }

    void parse_escape(std::string& out, std::size_t string_start)
    {
        const std::size_t escape = pos_;
        ++pos_;  // '\'
        if (at_end()) fail("unterminated string opened", string_start);
        const char c = text_[pos_++];
        switch (c) {
        case '\n': return;  // a backslash-newline continues the string
        case '\\': out.push_back('\\'); return;
        case '\'': out.push_back('\''); return;
        case '"': out.push_back('"'); return;
        case 'n': out.push_back('\n'); return;
        case 't': out.push_back('\t'); return;
        case 'r': out.push_back('\r'); return;
        case 'a': out.push_back('\a'); return;
        case 'b': out.push_back('\b'); return;
        case 'f': out.push_back('\f'); return;
        case 'v': out.push_back('\v'); return;
        case 'x': append_code_point(out, parse_hex(2, "\\x", escape), escape); return;
        case 'u': append_code_point(out, parse_hex(4, "\\u", escape), escape); return;
        case 'U': append_code_point(out, parse_hex(8, "\\U", escape), escape); return;
        case 'N': fail("unsupported \\N{...} escape", escape);
        default: break;
        }
        if (c >= '0' && c <= '7') {  // up to three octal digits
            char32_t cp = static_cast<char32_t>(c - '0');
            for (int n = 1; n < 3 && !at_end() && peek() >= '0' && peek() <= '7'; ++n) {
                cp = cp * 8 + static_cast<char32_t>(peek() - '0');
                ++pos_;
            }
            append_code_point(out, cp, escape);
            return;
        }
        // Python keeps an unknown escape as written: '\d' is a backslash and a 'd'.
        out.push_back('\\');
        out.push_back(c);
    }

    char32_t parse_hex(int digits, const char* name, std::size_t escape)
    {
        char32_t cp = 0;
        for (int n = 0; n < digits; ++n) {
            const int v = at_end() ? -1 : hex_value(peek());
            if (v < 0) fail(std::string("truncated ") + name + " escape", escape);
            cp = cp * 16 + static_cast<char32_t>(v);
            ++pos_;
        }
        return cp;
    }

    // Python strings may hold lone surrogates; UTF-8 cannot, so they are refused.
    static void append_code_point(std::string& out, char32_t cp, std::size_t escape)
    {
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            char hex[16];
            std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
            fail(std::string("invalid code point ") + hex, escape);
        }
        append_utf8(out, cp);
    }

    PyValue parse_number()
    {
        const std::size_t start = pos_;
        std::size_t i = pos_;
        if (text_[i] == '-' || text_[i] == '+') ++i;
        const std::size_t body = i;
        std::size_t digits = 0;
        bool is_float = false;
        while (i < text_.size() && is_digit(text_[i])) ++i, ++digits;
        if (i < text_.size() && text_[i] == '.') {
            is_float = true;
            ++i;
            while (i < text_.size() && is_digit(text_[i])) ++i, ++digits;
        }
        if (digits == 0) fail("expected a number", start);
        if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
            std::size_t j = i + 1;
            if (j < text_.size() && (text_[j] == '-' || text_[j] == '+')) ++j;
            if (j < text_.size() && is_digit(text_[j])) {
                is_float = true;
                while (j < text_.size() && is_digit(text_[j])) ++j;
                i = j;
            }
        }
        pos_ = i;

        // from_chars takes a '-' but not a '+'.
        const char* first = text_.data() + (text_[start] == '+' ? body : start);
        const char* last = text_.data() + i;
        if (is_float) {
            double d = 0;
            const auto [end, ec] = std::from_chars(first, last, d);
            if (ec == std::errc::result_out_of_range) fail("float out of range", start);
            if (ec != std::errc{} || end != last) fail("expected a number", start);
            return PyValue{d};
        }
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(first, last, n);
        if (ec == std::errc::result_out_of_range) fail("integer out of range", start);
        if (ec != std::errc{} || end != last) fail("expected a number", start);
        return PyValue{n};
    }

    PyValue parse_name()
    {
        const std::size_t start = pos_;
        while (!at_end() && (is_name_start(peek()) || is_digit(peek()))) ++pos_;
        const std::string_view name = text_.substr(start, pos_ - start);
        if (name == "None") return PyValue{PyNone{}};
        if (name == "True") return PyValue{true};
        if (name == "False") return PyValue{false};
        fail("expected a value", start);
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

std::size_t skip_space_from(std::string_view text, std::size_t pos)
{
    while (pos < text.size() && is_space(text[pos])) ++pos;
    return pos;
}

} // namespace

PyValue parse_python_literal(std::string_view text)
{
    return Parser(text).parse_document();
}

std::optional<std::string> first_name(std::string_view literal)
{
    const std::size_t start = skip_space_from(literal, 0);
    if (start == literal.size()) return std::nullopt;

    // Parse everything first: a malformed tail is an error even when the first name is fine.
    const PyValue value = parse_python_literal(literal);
    const PyList* list = value.get_if<PyList>();
    if (list == nullptr) throw PythonLiteralError("expected a list", start);
    if (list->empty()) return std::nullopt;

    // The list parsed, so its first element starts at the first non-space after the bracket.
    const std::size_t element = skip_space_from(literal, start + 1);
    const PyValue& first = list->front();
    if (first.get_if<PyDict>() == nullptr) throw PythonLiteralError("expected a dict", element);
    const PyValue* name = first.find("name");
    const std::string* text = name == nullptr ? nullptr : name->get_if<std::string>();
    if (text == nullptr) throw PythonLiteralError("expected a dict with a string 'name'", element);
    return *text;
}

std::vector<std::string> dict_values(std::string_view literal, std::string_view key)
{
    std::vector<std::string> values;
    const std::size_t start = skip_space_from(literal, 0);
    if (start == literal.size()) return values;
    const PyValue value = parse_python_literal(literal);
    const PyList* list = value.get_if<PyList>();
    if (list == nullptr) throw PythonLiteralError("expected a list", start);
    for (const auto& element : *list) {
        const PyValue* found = element.find(key);
        if (const std::string* text = found == nullptr ? nullptr : found->get_if<std::string>()) values.push_back(*text);
    }
    return values;
}

} // namespace sluice
