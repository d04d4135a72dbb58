#include "jobs/movie_report/python_literal.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <unordered_map>
#include <utility>

namespace sluice {

PythonLiteralError::PythonLiteralError(const std::string& problem, std::size_t offset)
    : std::runtime_error(problem + " at offset " + std::to_string(offset)), offset_(offset)
{
}

const PyValue* PyValue::find(std::string_view key) const
{
    const PyDict* dict = get_if<PyDict>();
    if (dict == nullptr) return nullptr;
    // Keys are distinct (duplicates were merged as Python merges them): at most one matches.
    for (const auto& [k, v] : *dict) {
        const std::string* name = k.get_if<std::string>();
        if (name != nullptr && *name == key) return &v;
    }
    return nullptr;
}

const std::vector<PyValue>* PyValue::sequence() const
{
    if (const PyList* list = get_if<PyList>()) return list;
    if (const PyTuple* tuple = get_if<PyTuple>()) return &tuple->items;
    return nullptr;
}

namespace {

// CPython's tokenizer refuses a 201st level of brackets ("too many nested parentheses"); the
// same limit keeps hostile input ("[[[[...") from overflowing the stack of a worker thread.
constexpr int kMaxBrackets = 200;
// CPython 3.11 refuses decimal int literals of more significant digits (sys.int_info
// default_max_str_digits): converting them costs quadratic time.
constexpr std::size_t kMaxDecimalDigits = 4300;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }
bool is_newline(char c) { return c == '\n' || c == '\r'; }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

int digit_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
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

// A Python str code point in UTF-8: a lone surrogate has no UTF-8 spelling, so it becomes U+FFFD.
void append_code_point(std::string& out, char32_t cp)
{
    append_utf8(out, cp >= 0xD800 && cp <= 0xDFFF ? char32_t{0xFFFD} : cp);
}

// ---- ints beyond int64 ------------------------------------------------------------------------

using Limbs = std::vector<std::uint32_t>;

void trim(Limbs& limbs)
{
    while (!limbs.empty() && limbs.back() == 0) limbs.pop_back();
}

// magnitude = magnitude * factor + addend
void multiply_add(Limbs& magnitude, std::uint32_t factor, std::uint32_t addend)
{
    std::uint64_t carry = addend;
    for (auto& limb : magnitude) {
        const std::uint64_t v = std::uint64_t{limb} * factor + carry;
        limb = static_cast<std::uint32_t>(v);
        carry = v >> 32;
    }
    if (carry != 0) magnitude.push_back(static_cast<std::uint32_t>(carry));
}

// An int from its sign and magnitude: std::int64_t when it fits, PyBigInt otherwise.
PyValue make_int(bool negative, Limbs magnitude)
{
    trim(magnitude);
    if (magnitude.size() <= 2) {
        std::uint64_t v = 0;
        if (!magnitude.empty()) v = magnitude[0];
        if (magnitude.size() == 2) v |= std::uint64_t{magnitude[1]} << 32;
        constexpr std::uint64_t kMax = std::numeric_limits<std::int64_t>::max();
        if (!negative && v <= kMax) return PyValue{static_cast<std::int64_t>(v)};
        if (negative && v <= kMax + 1) return PyValue{static_cast<std::int64_t>(0 - v)};  // two's complement
    }
    return PyValue{PyBigInt{negative, std::move(magnitude)}};
}

Limbs limbs_of(std::uint64_t v)
{
    Limbs limbs{static_cast<std::uint32_t>(v), static_cast<std::uint32_t>(v >> 32)};
    trim(limbs);
    return limbs;
}

// The magnitude of an integral double (|d| >= 1).
Limbs limbs_of_integral(double d)
{
    int exponent = 0;
    const double fraction = std::frexp(std::fabs(d), &exponent);  // |d| = fraction * 2^exponent
    const auto mantissa = static_cast<std::uint64_t>(std::ldexp(fraction, 53));
    Limbs limbs = limbs_of(mantissa);
    for (int shift = exponent - 53; shift > 0; --shift) multiply_add(limbs, 2, 0);  // rare: |d| >= 2^63 keys only
    return limbs;
}

std::string hex_of(const Limbs& magnitude)
{
    if (magnitude.empty()) return "0";
    std::string out;
    char buffer[16];
    const int n = std::snprintf(buffer, sizeof buffer, "%x", static_cast<unsigned>(magnitude.back()));
    out.append(buffer, static_cast<std::size_t>(n));
    for (std::size_t i = magnitude.size() - 1; i-- > 0;) {
        std::snprintf(buffer, sizeof buffer, "%08x", static_cast<unsigned>(magnitude[i]));
        out.append(buffer, 8);
    }
    return out;
}

// float(int), correctly rounded as Python's is; nullopt when it overflows (Python raises
// OverflowError).
std::optional<double> to_double(const PyBigInt& big)
{
    const auto& m = big.magnitude;
    const std::size_t bits = 32 * (m.size() - 1) + static_cast<std::size_t>(std::bit_width(m.back()));
    // The top 64 bits, with every bit below them folded into the lowest (a sticky bit): far
    // below the 53 bits a double keeps, so the hardware conversion rounds as the whole would.
    std::uint64_t top = 0;
    bool sticky = false;
    for (std::size_t bit = bits; bit-- > 0;) {
        const bool set = (m[bit / 32] >> (bit % 32)) & 1U;
        if (bits - bit <= 64) top = top << 1 | (set ? 1U : 0U);
        else sticky = sticky || set;
    }
    if (sticky) top |= 1;
    const int shift = bits > 64 ? static_cast<int>(bits - 64) : 0;
    const double value = std::ldexp(static_cast<double>(top), shift);
    if (!std::isfinite(value)) return std::nullopt;
    return big.negative ? -value : value;
}

// ---- equality, for dict keys and set elements -------------------------------------------------

std::string integer_key(bool negative, const Limbs& magnitude)
{
    return std::string{"I"} + (negative && !magnitude.empty() ? "-" : "") + hex_of(magnitude);
}

std::string bits_of(double d)
{
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(std::bit_cast<std::uint64_t>(d)));
    return buffer;
}

// Python compares numbers by value across int, float and complex (1 == 1.0 == True == 1+0j,
// 0.0 == -0.0): an integral double gets the key of that int.
std::string number_key(double d)
{
    if (std::isfinite(d) && d == std::trunc(d)) {
        if (std::fabs(d) < 9.2233720368547758e18)
            return integer_key(d < 0, limbs_of(static_cast<std::uint64_t>(std::fabs(d))));
        return integer_key(d < 0, limbs_of_integral(d));
    }
    return "F" + bits_of(d);
}

// A string equal for equal hashable values and different otherwise; nullopt for an unhashable
// value (a list, dict or set, or a tuple holding one), which Python refuses as a key.
std::optional<std::string> equality_key(const PyValue& value)
{
    struct Visitor {
        std::optional<std::string> operator()(const PyNone&) const { return "N"; }
        std::optional<std::string> operator()(const PyEllipsis&) const { return "E"; }
        std::optional<std::string> operator()(bool b) const { return integer_key(false, limbs_of(b ? 1 : 0)); }
        std::optional<std::string> operator()(std::int64_t n) const
        {
            const auto magnitude = n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
            return integer_key(n < 0, limbs_of(magnitude));
        }
        std::optional<std::string> operator()(const PyBigInt& big) const { return integer_key(big.negative, big.magnitude); }
        std::optional<std::string> operator()(double d) const { return number_key(d); }
        std::optional<std::string> operator()(const PyComplex& c) const
        {
            if (c.imag == 0) return number_key(c.real);
            return "C" + bits_of(c.imag) + number_key(c.real);
        }
        std::optional<std::string> operator()(const std::string& s) const { return "S" + s; }
        std::optional<std::string> operator()(const PyBytes& b) const { return "B" + b.bytes; }
        std::optional<std::string> operator()(const PyTuple& t) const
        {
            std::string key = "T" + std::to_string(t.items.size());
            for (const auto& item : t.items) {
                const auto part = equality_key(item);
                if (!part) return std::nullopt;
                key += ":" + std::to_string(part->size()) + ":" + *part;
            }
            return key;
        }
        std::optional<std::string> operator()(const PyList&) const { return std::nullopt; }
        std::optional<std::string> operator()(const PySet&) const { return std::nullopt; }
        std::optional<std::string> operator()(const PyDict&) const { return std::nullopt; }
    };
    return std::visit(Visitor{}, value.value);
}

// Where each distinct key sits: a short list searched in order (the dicts of real columns have
// two or three keys), a hash map once there are many (hostile input may have 100,000).
class KeyIndex {
public:
    // The position of an equal key seen before; nullopt after recording `key` at `position`.
    std::optional<std::size_t> find_or_add(std::string key, std::size_t position)
    {
        if (many_.empty()) {
            for (const auto& [k, p] : few_)
                if (k == key) return p;
            if (few_.size() < kFew) {
                few_.emplace_back(std::move(key), position);
                return std::nullopt;
            }
            for (auto& [k, p] : few_) many_.emplace(std::move(k), p);
            few_.clear();
        }
        const auto [slot, inserted] = many_.try_emplace(std::move(key), position);
        if (inserted) return std::nullopt;
        return slot->second;
    }

private:
    static constexpr std::size_t kFew = 16;
    std::vector<std::pair<std::string, std::size_t>> few_;
    std::unordered_map<std::string, std::size_t> many_;
};

const char* type_name(const PyValue& value)
{
    if (value.get_if<PyList>()) return "list";
    if (value.get_if<PySet>()) return "set";
    if (value.get_if<PyDict>()) return "dict";
    return "tuple";  // a tuple holding one of those
}

// ---- the parser -------------------------------------------------------------------------------

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    PyValue parse_document()
    {
        check_text();
        // ast.literal_eval strips leading spaces and tabs, so an indented value parses.
        while (!at_end() && (peek() == ' ' || peek() == '\t')) ++pos_;
        skip_blank_lines(false);
        if (at_end()) fail("expected a value", pos_);
        Node first = parse_expression();
        skip_space();
        PyValue value = std::move(first.value);
        if (!at_end() && peek() == ',') {
            // A bare tuple: "1, 2" is (1, 2) in Python, and "1," is (1,).
            PyTuple tuple;
            tuple.items.push_back(std::move(value));
            for (;;) {
                ++pos_;  // ','
                skip_space();
                if (at_line_end()) break;
                tuple.items.push_back(parse_expression().value);
                skip_space();
                if (at_line_end()) break;
                if (peek() != ',') fail("expected ',' or end of input", pos_);
            }
            value = PyValue{std::move(tuple)};
        }
        if (!at_line_end()) fail("expected end of input", pos_);
        skip_blank_lines(true);
        return value;
    }

private:
    // What a parsed expression was, for the few places ast.literal_eval looks at the syntax
    // rather than the value: a sign applies to a number literal only, and only
    // `real +/- imaginary` may be added.
    enum class Kind { number, signed_number, complex_sum, other };
    struct Node {
        PyValue value;
        Kind kind = Kind::other;
    };

    [[noreturn]] static void fail(const std::string& problem, std::size_t offset)
    {
        throw PythonLiteralError(problem, offset);
    }

    bool at_end() const { return pos_ == text_.size(); }
    char peek() const { return text_[pos_]; }
    char peek_at(std::size_t offset) const { return pos_ + offset < text_.size() ? text_[pos_ + offset] : '\0'; }

    // Python refuses source text holding NUL or ill-formed UTF-8 before it tokenizes anything.
    void check_text() const
    {
        // ICU walks UTF-8 with 32-bit offsets; a CSV field is at most 1 MiB anyway.
        if (text_.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) fail("text too long", 0);
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(text_.data());
        const auto length = static_cast<std::int32_t>(text_.size());
        for (std::int32_t i = 0; i < length;) {
            const std::int32_t start = i;
            UChar32 c = 0;
            U8_NEXT(bytes, i, length, c);
            if (c < 0) fail("not UTF-8", static_cast<std::size_t>(start));
            if (c == 0) fail("NUL byte", static_cast<std::size_t>(start));
        }
    }

    // LF, CRLF and CR are each one line break, as Python reads source text.
    void take_newline()
    {
        if (peek() == '\r' && peek_at(1) == '\n') ++pos_;
        ++pos_;
    }

    // A backslash at pos_: a line continuation when a line break follows.
    void take_continuation()
    {
        const std::size_t at = pos_;
        ++pos_;
        if (at_end() || !is_newline(peek())) fail("unexpected character after line continuation character", at);
        take_newline();
        if (at_end()) fail("unexpected end of input after a line continuation", at);
    }

    // Between tokens: spaces, tabs, form feeds, line continuations; inside brackets also line
    // breaks and comments (Python's implicit line joining). Outside brackets a line break or a
    // comment ends the logical line, and with it the literal.
    void skip_space()
    {
        while (!at_end()) {
            const char c = peek();
            if (c == ' ' || c == '\t' || c == '\f') {
                ++pos_;
            } else if (c == '\\') {
                take_continuation();
            } else if (brackets_ > 0 && is_newline(c)) {
                take_newline();
            } else if (brackets_ > 0 && c == '#') {
                while (!at_end() && !is_newline(peek())) ++pos_;
            } else {
                break;
            }
        }
    }

    bool at_line_end() const { return at_end() || is_newline(peek()) || peek() == '#'; }

    // Whole lines outside the literal: blank lines and comment lines before it, and after it
    // nothing else. A line's indentation counts as Python's tokenizer counts it (a tab to the
    // next multiple of 8, a form feed back to 0): the literal's line must not be indented, and
    // an indented last line without a line break is an "unexpected indent", as in Python.
    void skip_blank_lines(bool after)
    {
        // Where the previous line ended: the rest of the literal's own line, comment included.
        while (!at_end() && peek() == '#') {
            while (!at_end() && !is_newline(peek())) ++pos_;
        }
        if (after && !at_end()) take_newline();
        for (;;) {
            std::size_t column = 0;
            while (!at_end()) {
                const char c = peek();
                if (c == ' ') ++column;
                else if (c == '\t') column = (column / 8 + 1) * 8;
                else if (c == '\f') column = 0;
                else if (c == '\\') {
                    take_continuation();
                    continue;
                } else break;
                ++pos_;
            }
            if (at_end()) {
                if (column > 0) fail("unexpected indent", pos_);
                return;
            }
            if (peek() == '#') {
                while (!at_end() && !is_newline(peek())) ++pos_;
                if (at_end()) return;
            }
            if (is_newline(peek())) {
                take_newline();
                continue;
            }
            if (after) fail("expected end of input", pos_);
            if (column > 0) fail("unexpected indent", pos_);
            return;
        }
    }

    void open_bracket()
    {
        if (++brackets_ > kMaxBrackets) fail("more than " + std::to_string(kMaxBrackets) + " nested brackets", pos_);
        ++pos_;
    }

    // expression: unary, or `unary +/- unary` where literal_eval allows it (a real number and an
    // imaginary literal).
    Node parse_expression()
    {
        Node left = parse_unary();
        skip_space();
        if (at_end() || (peek() != '+' && peek() != '-')) return left;
        const std::size_t op = pos_;
        const bool subtract = peek() == '-';
        ++pos_;
        Node right = parse_unary();
        const bool real_left = (left.kind == Kind::number || left.kind == Kind::signed_number) &&
                               (left.value.get_if<std::int64_t>() || left.value.get_if<PyBigInt>() ||
                                left.value.get_if<double>());
        const PyComplex* imaginary = right.kind == Kind::number ? right.value.get_if<PyComplex>() : nullptr;
        if (!real_left || imaginary == nullptr) fail("not a literal: only a real number +/- an imaginary one may be added", op);
        double real = 0;
        if (const auto* n = left.value.get_if<std::int64_t>()) real = static_cast<double>(*n);
        else if (const auto* d = left.value.get_if<double>()) real = *d;
        else if (const auto converted = to_double(*left.value.get_if<PyBigInt>())) real = *converted;
        else fail("int too large to convert to float", op);
        // Python turns the real number into complex(real, 0.0) and adds part by part.
        const PyComplex sum = subtract ? PyComplex{real - imaginary->real, 0.0 - imaginary->imag}
                                       : PyComplex{real + imaginary->real, 0.0 + imaginary->imag};
        return {PyValue{sum}, Kind::complex_sum};
    }

    Node parse_unary()
    {
        skip_space();
        if (at_end()) fail("expected a value", pos_);
        if (peek() != '-' && peek() != '+') return parse_primary();
        const std::size_t op = pos_;
        const bool negate = peek() == '-';
        ++pos_;
        skip_space();
        if (!at_end() && (peek() == '-' || peek() == '+')) fail("not a literal: a sign on a sign", pos_);
        Node operand = parse_primary();
        if (operand.kind != Kind::number) fail("not a literal: a sign on something other than a number", op);
        if (negate) operand.value = negated(operand.value);
        return {std::move(operand.value), Kind::signed_number};
    }

    static PyValue negated(const PyValue& value)
    {
        if (const auto* n = value.get_if<std::int64_t>()) {
            if (*n == std::numeric_limits<std::int64_t>::min()) return make_int(false, limbs_of(std::uint64_t{1} << 63));
            return PyValue{-*n};
        }
        if (const auto* big = value.get_if<PyBigInt>()) return make_int(!big->negative, big->magnitude);
        if (const auto* d = value.get_if<double>()) return PyValue{-*d};
        const auto& c = *value.get_if<PyComplex>();
        return PyValue{PyComplex{-c.real, -c.imag}};
    }

    Node parse_primary()
    {
        skip_space();
        if (at_end()) fail("expected a value", pos_);
        const char c = peek();
        switch (c) {
        case '[': return {parse_list(), Kind::other};
        case '(': return parse_parenthesized();
        case '{': return {parse_braces(), Kind::other};
        case '\'':
        case '"': return {parse_strings(), Kind::other};
        default: break;
        }
        if (is_digit(c) || (c == '.' && is_digit(peek_at(1)))) return {parse_number(), Kind::number};
        if (c == '.' && peek_at(1) == '.' && peek_at(2) == '.') {
            pos_ += 3;
            return {PyValue{PyEllipsis{}}, Kind::other};
        }
        if (is_name_start(c)) {
            if (string_prefix_length() > 0) return {parse_strings(), Kind::other};
            return {parse_name(), Kind::other};
        }
        fail("expected a value", pos_);
    }

    // After the opening bracket: values up to `close`, a trailing comma allowed.
    void parse_elements(std::vector<PyValue>& items, char close, const char* problem)
    {
        for (;;) {
            items.push_back(parse_expression().value);
            skip_space();
            if (!at_end() && peek() == ',') {
                ++pos_;
                skip_space();
                if (!at_end() && peek() == close) break;
                continue;
            }
            if (!at_end() && peek() == close) break;
            fail(problem, pos_);
        }
        ++pos_;
        --brackets_;
    }

    PyValue parse_list()
    {
        open_bracket();
        PyList items;
        skip_space();
        if (!at_end() && peek() == ']') {
            ++pos_;
            --brackets_;
        } else {
            parse_elements(items, ']', "expected ',' or ']'");
        }
        return PyValue{std::move(items)};
    }

    // "()" is an empty tuple, "(x)" is x itself (the same syntax node, sign and all), "(x,)" and
    // "(x, y)" are tuples.
    Node parse_parenthesized()
    {
        open_bracket();
        skip_space();
        if (!at_end() && peek() == ')') {
            ++pos_;
            --brackets_;
            return {PyValue{PyTuple{}}, Kind::other};
        }
        Node first = parse_expression();
        skip_space();
        if (!at_end() && peek() == ')') {
            ++pos_;
            --brackets_;
            return first;
        }
        if (at_end() || peek() != ',') fail("expected ',' or ')'", pos_);
        ++pos_;
        PyTuple tuple;
        tuple.items.push_back(std::move(first.value));
        skip_space();
        if (!at_end() && peek() == ')') {
            ++pos_;
            --brackets_;
        } else {
            parse_elements(tuple.items, ')', "expected ',' or ')'");
        }
        return {PyValue{std::move(tuple)}, Kind::other};
    }

    static std::string key_or_fail(const PyValue& value, std::size_t at)
    {
        auto key = equality_key(value);
        if (!key) fail(std::string("unhashable type: '") + type_name(value) + "'", at);
        return std::move(*key);
    }

    // A dict ({} or {k: v, ...}) or a set ({x, ...}). Like Python's dict and set: an equal key
    // again keeps the first key and takes the new value; an equal element again is dropped.
    PyValue parse_braces()
    {
        open_bracket();
        skip_space();
        if (!at_end() && peek() == '}') {
            ++pos_;
            --brackets_;
            return PyValue{PyDict{}};
        }
        KeyIndex index;
        std::size_t at = pos_;
        PyValue first = parse_expression().value;
        skip_space();
        if (!at_end() && peek() == ':') {
            PyDict dict;
            PyValue key = std::move(first);
            for (;;) {
                ++pos_;  // ':'
                PyValue value = parse_expression().value;
                if (const auto seen = index.find_or_add(key_or_fail(key, at), dict.size())) dict[*seen].second = std::move(value);
                else dict.push_back({std::move(key), std::move(value)});
                skip_space();
                if (!at_end() && peek() == ',') {
                    ++pos_;
                    skip_space();
                    if (!at_end() && peek() == '}') break;
                } else if (!at_end() && peek() == '}') {
                    break;
                } else {
                    fail("expected ',' or '}'", pos_);
                }
                at = pos_;
                key = parse_expression().value;
                skip_space();
                if (at_end() || peek() != ':') fail("expected ':'", pos_);
            }
            ++pos_;
            --brackets_;
            return PyValue{std::move(dict)};
        }
        PySet set;
        for (PyValue element = std::move(first);;) {
            if (!index.find_or_add(key_or_fail(element, at), set.items.size())) set.items.push_back(std::move(element));
            skip_space();
            if (!at_end() && peek() == ',') {
                ++pos_;
                skip_space();
                if (!at_end() && peek() == '}') break;
            } else if (!at_end() && peek() == '}') {
                break;
            } else {
                fail("expected ',' or '}'", pos_);
            }
            at = pos_;
            element = parse_expression().value;
        }
        ++pos_;
        --brackets_;
        return PyValue{std::move(set)};
    }

    PyValue parse_name()
    {
        const std::size_t start = pos_;
        while (!at_end() && is_name_char(peek())) ++pos_;
        const std::string_view name = text_.substr(start, pos_ - start);
        // A letter that is not ASCII makes a longer Python name, never a literal.
        if (!at_end() && static_cast<unsigned char>(peek()) >= 0x80) fail("expected a value", start);
        if (name == "None") return PyValue{PyNone{}};
        if (name == "True") return PyValue{true};
        if (name == "False") return PyValue{false};
        if (name == "set") {  // set() is the empty set's only spelling
            skip_space();
            if (!at_end() && peek() == '(') {
                open_bracket();
                skip_space();
                if (!at_end() && peek() == ')') {
                    ++pos_;
                    --brackets_;
                    return PyValue{PySet{}};
                }
            }
        }
        fail("expected a value", start);
    }

    // ---- strings ----

    // The length of a string prefix at pos_ (r, u, b, f and their pairs, any case) followed by a
    // quote; 0 when there is none.
    std::size_t string_prefix_length() const
    {
        std::size_t n = 0;
        while (n < 3 && is_name_char(peek_at(n))) ++n;
        if (n == 0 || n > 2 || (peek_at(n) != '\'' && peek_at(n) != '"')) return 0;
        std::string prefix;
        for (std::size_t i = 0; i < n; ++i) prefix += ascii_lower(peek_at(i));
        for (const char* valid : {"r", "u", "b", "f", "br", "rb", "fr", "rf"})
            if (prefix == valid) return n;
        return 0;
    }

    bool at_string_start() const
    {
        return !at_end() && (peek() == '\'' || peek() == '"' || (is_name_start(peek()) && string_prefix_length() > 0));
    }

    // One string literal, or several side by side ('a' "b" is 'ab'; bytes join bytes only).
    PyValue parse_strings()
    {
        std::string out;
        const bool bytes = parse_string(out);
        for (;;) {
            const std::size_t after = pos_;
            skip_space();
            if (!at_string_start()) {
                pos_ = after;
                break;
            }
            const std::size_t next = pos_;
            std::string more;
            if (parse_string(more) != bytes) fail("cannot mix bytes and str literals", next);
            out += more;
        }
        if (bytes) return PyValue{PyBytes{std::move(out)}};
        return PyValue{std::move(out)};
    }

    // Appends the literal's value to `out`; true for a bytes literal.
    bool parse_string(std::string& out)
    {
        const std::size_t start = pos_;
        bool raw = false;
        bool bytes = false;
        while (peek() != '\'' && peek() != '"') {
            const char p = ascii_lower(peek());
            if (p == 'r') raw = true;
            if (p == 'b') bytes = true;
            if (p == 'f') fail("not a literal: an f-string", start);
            ++pos_;
        }
        const char quote = peek();
        const bool triple = peek_at(1) == quote && peek_at(2) == quote;
        pos_ += triple ? 3 : 1;
        for (;;) {
            if (at_end()) fail("unterminated string", start);
            const char c = peek();
            if (c == quote && (!triple || (peek_at(1) == quote && peek_at(2) == quote))) {
                pos_ += triple ? 3 : 1;
                return bytes;
            }
            if (is_newline(c)) {
                if (!triple) fail("unterminated string", start);
                take_newline();
                out.push_back('\n');
                continue;
            }
            if (bytes && static_cast<unsigned char>(c) >= 0x80) fail("bytes can only contain ASCII literal characters", pos_);
            if (c != '\\') {
                out.push_back(c);
                ++pos_;
                continue;
            }
            if (pos_ + 1 == text_.size()) fail("unterminated string", start);
            if (raw) {
                // A backslash escapes nothing but still keeps the next character (a quote, a
                // backslash, a line break) inside the literal, both as written.
                out.push_back('\\');
                ++pos_;
                if (is_newline(peek())) {
                    take_newline();
                    out.push_back('\n');
                    continue;
                }
                if (bytes && static_cast<unsigned char>(peek()) >= 0x80) fail("bytes can only contain ASCII literal characters", pos_);
                out.push_back(peek());
                ++pos_;
                continue;
            }
            parse_escape(out, bytes, quote);
        }
    }

    void parse_escape(std::string& out, bool bytes, char quote)
    {
        const std::size_t escape = pos_;
        ++pos_;  // '\'
        const char c = peek();
        if (is_newline(c)) {  // a backslash and a line break continue the string
            take_newline();
            return;
        }
        ++pos_;
        switch (c) {
        case '\\': out.push_back('\\'); return;
        case '\'': out.push_back('\''); return;
        case '"': out.push_back('"'); return;
        case 'a': out.push_back('\a'); return;
        case 'b': out.push_back('\b'); return;
        case 'f': out.push_back('\f'); return;
        case 'n': out.push_back('\n'); return;
        case 'r': out.push_back('\r'); return;
        case 't': out.push_back('\t'); return;
        case 'v': out.push_back('\v'); return;
        case 'x': {
            const char32_t v = parse_hex(2, "truncated \\xXX escape", escape);
            if (bytes) out.push_back(static_cast<char>(v));
            else append_code_point(out, v);
            return;
        }
        default: break;
        }
        if (c >= '0' && c <= '7') {  // one to three octal digits
            char32_t v = static_cast<char32_t>(c - '0');
            for (int n = 1; n < 3 && !at_end() && peek() >= '0' && peek() <= '7'; ++n) {
                v = v * 8 + static_cast<char32_t>(peek() - '0');
                ++pos_;
            }
            if (bytes) out.push_back(static_cast<char>(v & 0xFF));  // b'\777' is b'\xff', as in Python
            else append_code_point(out, v);
            return;
        }
        if (!bytes) {
            if (c == 'u' || c == 'U') {
                const char32_t v = parse_hex(c == 'u' ? 4 : 8, c == 'u' ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape", escape);
                if (v > 0x10FFFF) fail("illegal Unicode character", escape);
                append_code_point(out, v);
                return;
            }
            if (c == 'N') {
                append_code_point(out, parse_character_name(escape, quote));
                return;
            }
        }
        // Python keeps an unknown escape as written: '\d' is a backslash and a 'd'.
        out.push_back('\\');
        --pos_;
    }

    char32_t parse_hex(int digits, const char* problem, std::size_t escape)
    {
        char32_t v = 0;
        for (int n = 0; n < digits; ++n) {
            const int d = at_end() ? 99 : digit_value(peek());
            if (d >= 16) fail(problem, escape);
            v = v * 16 + static_cast<char32_t>(d);
            ++pos_;
        }
        return v;
    }

    // \N{NAME}: the character of that Unicode name, found by ICU.
    char32_t parse_character_name(std::size_t escape, char quote)
    {
        if (at_end() || peek() != '{') fail("malformed \\N character escape", escape);
        ++pos_;
        const std::size_t start = pos_;
        while (!at_end() && peek() != '}' && peek() != quote && peek() != '\\' && !is_newline(peek())) ++pos_;
        if (at_end() || peek() != '}' || pos_ == start) fail("malformed \\N character escape", escape);
        const std::string_view name = text_.substr(start, pos_ - start);
        ++pos_;
        const auto code = character_named(name);
        if (!code) fail("unknown Unicode character name", escape);
        return *code;
    }

    static std::optional<char32_t> character_named(std::string_view name)
    {
        // ICU wants invariant characters; a Unicode name is printable ASCII anyway.
        std::string upper;
        for (const char c : name) {
            if (c < ' ' || c > '~') return std::nullopt;
            upper += ascii_upper(c);
        }
        // Python matches names in any case, except the two it computes rather than looks up:
        // "CJK UNIFIED IDEOGRAPH-4E00" and "HANGUL SYLLABLE GA" must be written in capitals.
        if ((upper.starts_with("CJK UNIFIED IDEOGRAPH-") || upper.starts_with("HANGUL SYLLABLE ")) && name != upper)
            return std::nullopt;
        for (const UCharNameChoice choice : {U_UNICODE_CHAR_NAME, U_CHAR_NAME_ALIAS}) {
            UErrorCode status = U_ZERO_ERROR;
            const UChar32 c = u_charFromName(choice, upper.c_str(), &status);
            if (U_SUCCESS(status) && c >= 0) return static_cast<char32_t>(c);
        }
        return std::nullopt;
    }

    // ---- numbers ----

    // Digits of `radix` with single underscores between them (Python's "1_000"); at least one.
    // Returns the digits without the underscores.
    std::string parse_digits(int radix, const char* problem, std::size_t start)
    {
        std::string digits;
        for (;;) {
            if (at_end() || digit_value(peek()) >= radix) fail(problem, start);
            digits += peek();
            ++pos_;
            if (!at_end() && peek() == '_') {
                ++pos_;
                continue;
            }
            if (!at_end() && digit_value(peek()) < radix) continue;
            return digits;
        }
    }

    void refuse_name_after_number(std::size_t start, const char* problem)
    {
        if (!at_end() && (is_name_char(peek()) || static_cast<unsigned char>(peek()) >= 0x80)) fail(problem, start);
    }

    PyValue parse_number()
    {
        const std::size_t start = pos_;
        if (peek() == '0' && peek_at(1) != '\0' && std::string_view{"xXoObB"}.find(peek_at(1)) != std::string_view::npos) {
            const char kind = ascii_lower(peek_at(1));
            const int radix = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
            const char* problem = kind == 'x' ? "invalid hexadecimal literal" : kind == 'o' ? "invalid octal literal" : "invalid binary literal";
            pos_ += 2;
            if (!at_end() && peek() == '_') ++pos_;
            const std::string digits = parse_digits(radix, problem, start);
            refuse_name_after_number(start, problem);
            const int bits = radix == 16 ? 4 : radix == 8 ? 3 : 1;
            Limbs magnitude((digits.size() * static_cast<std::size_t>(bits) + 31) / 32, 0);
            std::size_t bit = 0;
            for (std::size_t i = digits.size(); i-- > 0; bit += static_cast<std::size_t>(bits)) {
                const auto v = static_cast<std::uint64_t>(digit_value(digits[i])) << (bit % 32);
                magnitude[bit / 32] |= static_cast<std::uint32_t>(v);
                if ((v >> 32) != 0) magnitude[bit / 32 + 1] |= static_cast<std::uint32_t>(v >> 32);
            }
            return make_int(false, std::move(magnitude));
        }

        std::string number;  // without underscores, for the conversions
        bool is_float = false;
        if (peek() != '.') number = parse_digits(10, "invalid decimal literal", start);
        if (!at_end() && peek() == '.') {
            is_float = true;
            number += '.';
            ++pos_;
            if (!at_end() && is_digit(peek())) number += parse_digits(10, "invalid decimal literal", start);
        }
        if (!at_end() && (peek() == 'e' || peek() == 'E')) {
            is_float = true;
            number += 'e';
            ++pos_;
            if (!at_end() && (peek() == '+' || peek() == '-')) number += text_[pos_++];
            number += parse_digits(10, "invalid decimal literal", start);
        }
        if (!at_end() && (peek() == 'j' || peek() == 'J')) {
            ++pos_;
            refuse_name_after_number(start, "invalid imaginary literal");
            return PyValue{PyComplex{0.0, to_float(number)}};
        }
        refuse_name_after_number(start, "invalid decimal literal");
        if (is_float) return PyValue{to_float(number)};

        const std::size_t first_significant = number.find_first_not_of('0');
        if (first_significant == std::string::npos) return PyValue{std::int64_t{0}};
        if (first_significant > 0)
            fail("leading zeros in decimal integer literals are not permitted", start);
        if (number.size() > kMaxDecimalDigits)
            fail("more than " + std::to_string(kMaxDecimalDigits) + " digits in a decimal int", start);
        Limbs magnitude;
        for (std::size_t i = 0; i < number.size(); i += 9) {
            const std::size_t n = std::min<std::size_t>(9, number.size() - i);
            std::uint32_t chunk = 0;
            std::uint32_t scale = 1;
            for (std::size_t k = 0; k < n; ++k) {
                chunk = chunk * 10 + static_cast<std::uint32_t>(number[i + k] - '0');
                scale *= 10;
            }
            multiply_add(magnitude, scale, chunk);
        }
        return make_int(false, std::move(magnitude));
    }

    // A decimal float, correctly rounded; past the largest double it is inf and below the
    // smallest it is 0, as Python's float() makes it.
    static double to_float(const std::string& number)
    {
        double value = 0;
        const char* first = number.data();
        const char* last = first + number.size();
        const auto [end, ec] = std::from_chars(first, last, value);
        if (ec == std::errc{} && end == last) return value;
        // Out of range: which way depends on where the first significant digit sits.
        const std::size_t e = number.find('e');
        const std::string mantissa = number.substr(0, e);
        const std::size_t point = std::min(mantissa.find('.'), mantissa.size());
        const std::size_t significant = mantissa.find_first_of("123456789");
        long long exponent = 0;
        if (e != std::string::npos) {
            const std::string_view digits = std::string_view{number}.substr(e + 1);
            for (const char c : digits) {
                if (is_digit(c)) exponent = std::min<long long>(exponent * 10 + (c - '0'), 1'000'000'000);
            }
            if (!digits.empty() && digits.front() == '-') exponent = -exponent;
        }
        if (significant == std::string::npos) return 0.0;
        const long long position = significant < point ? static_cast<long long>(point - significant)
                                                       : -static_cast<long long>(significant - point) + 1;
        return position + exponent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    int brackets_ = 0;  // open brackets around pos_: line breaks between tokens are allowed in them
};

std::size_t skip_space_from(std::string_view text, std::size_t pos)
{
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    while (pos < text.size() && space(text[pos])) ++pos;
    return pos;
}

// The offset of the `index`-th element of the list or tuple the text holds, for error messages:
// the first non-space byte after the bracket for the first element, else the bracket.
std::size_t element_offset(std::string_view literal, std::size_t start, std::size_t index)
{
    return index == 0 ? skip_space_from(literal, start + 1) : start;
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

    const PyValue value = parse_python_literal(literal);
    const std::vector<PyValue>* companies = value.sequence();
    if (companies == nullptr) throw PythonLiteralError("expected a list", start);
    const std::string* name = nullptr;
    for (std::size_t i = 0; i < companies->size(); ++i) {
        const PyValue& company = (*companies)[i];
        if (company.get_if<PyDict>() == nullptr) throw PythonLiteralError("expected a dict", element_offset(literal, start, i));
        const PyValue* found = company.find("name");
        if (found == nullptr || found->is_none()) continue;  // a company without a name
        const std::string* text = found->get_if<std::string>();
        if (text == nullptr)
            throw PythonLiteralError("expected a str or None for 'name'", element_offset(literal, start, i));
        if (name == nullptr) name = text;
    }
    if (name == nullptr) return std::nullopt;
    // Postgres text cannot hold NUL; a surrogate already became U+FFFD.
    std::string out;
    for (const char c : *name) {
        if (c == '\0') append_utf8(out, 0xFFFD);
        else out.push_back(c);
    }
    return out;
}

std::vector<std::string> dict_values(std::string_view literal, std::string_view key)
{
    std::vector<std::string> values;
    const std::size_t start = skip_space_from(literal, 0);
    if (start == literal.size()) return values;
    const PyValue value = parse_python_literal(literal);
    const std::vector<PyValue>* items = value.sequence();
    if (items == nullptr) throw PythonLiteralError("expected a list", start);
    for (const auto& element : *items) {
        const PyValue* found = element.find(key);
        if (const std::string* text = found == nullptr ? nullptr : found->get_if<std::string>()) values.push_back(*text);
    }
    return values;
}

} // namespace sluice
