#pragma once
// One column's conversion: the texts a record matched for it (convert/column_rule.hpp says what
// is done to them) become NULL, one canonical value text for Postgres, or a reject reason such as
//   column "budget": "12x" is not a bigint
//   column "id": missing (required)
//   column "score": 150 is above max 100
// Nothing is coerced: a value is taken as its type spells it, or refused with a reason.
//
// The rule of each type (after clean; Postgres would take more, sluice takes what is unambiguous):
//   text              well-formed UTF-8 without NUL bytes; kept as it is
//   integer, bigint   [+-]digits, range-checked; written without sign or leading zeros
//   numeric           [+-]digits[.digits][e[+-]digits] (".5" and "1." too), NaN, [+-]Infinity,
//                     [+-]inf (any case); kept as given, digit for digit, never through a double;
//                     refused past Postgres's limits (131072 digits before the point, 16383 after)
//   double precision  the same decimal text, NaN, [+-]Infinity, [+-]inf (any case); written in
//                     the shortest text that reads back as the same double ("0.1", "1e+300");
//                     beyond a double's range (1e400, 1e-400) refused
//   boolean           t f true false yes no y n on off 1 0, any case -> "t" / "f" (Postgres's
//                     unique prefixes such as "tr" are not taken: more often a cut value)
//   date              YYYY-MM-DD, or `format`; a real day from 0001-01-01 to 9999-12-31
//   timestamp         YYYY-MM-DD HH:MM[:SS[.ffffff]] ('T' or ' '), or `format`; an offset is refused
//   timestamptz       the same with an offset (Z, +hh, +hh:mm, +hhmm), or `timezone` for values
//                     without one; written "YYYY-MM-DD HH:MM:SS[.ffffff]+hh:mm", the offset as given
//   jsonb             one JSON text, without \u0000 in its strings; kept as given
//   arrays            each matched value by the scalar rule (each may be NULL by null_if), as a
//                     Postgres array literal {"a","b\"c",NULL}; no match at all is NULL (or
//                     "missing (required)"), never {}; elements are never refused for being NULL
// A scalar column that matched more than once is refused ("2 values for a scalar column"): a
// silent pick would load the wrong one.
//
// One converter per column and per thread (it holds buffers and a regex matcher): convert()
// allocates nothing in the common case once the longest value has been seen (only a reject's
// reason is built), and calls ICU only for non-ASCII case mapping and a check. A result is a
// view into the converter's buffers or into the texts given: valid until the next convert()
// and as long as those texts.

#include "convert/column_rule.hpp"
#include "convert/date_time_format.hpp"
#include "convert/text_cleaner.hpp"
#include "convert/value_type.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

struct Conversion {
    enum class Kind { null, value, reject };
    Kind kind = Kind::null;
    // The value's text for Kind::value, the reason for Kind::reject; empty for null.
    std::string_view text;

    bool is_null() const { return kind == Kind::null; }
    bool is_value() const { return kind == Kind::value; }
    bool is_reject() const { return kind == Kind::reject; }
};

class ValueConverter {
public:
    // Compiles the rule for the type, or throws UsageError saying what is wrong, prefixed with
    // `column "NAME": `: an unknown clean operation (with the nearest known one), a check that
    // is not a regular expression (ICU's reason and offset), min/max on a type without an
    // order or not a value of the type, min above max, a format on a type that has none or
    // that does not fit it (a time in a date's), a timezone off a timestamptz.
    ValueConverter(std::string column, ValueType type, const ColumnRule& rule);
    ValueConverter(ValueConverter&&) noexcept;
    ValueConverter& operator=(ValueConverter&&) noexcept;
    ~ValueConverter();

    const std::string& column() const { return column_; }
    const ValueType& type() const { return type_; }
    bool required() const { return required_; }

    // `matched`: the texts the record held for the column (Record::values), in document order.
    Conversion convert(std::span<const std::string_view> matched);
    Conversion convert(std::string_view one) { return convert(std::span<const std::string_view>(&one, 1)); }

private:
    // A scalar's ordering key for min/max: which member counts depends on the type.
    struct Key {
        std::int64_t whole = 0;  // integer, bigint; days (date); microseconds (timestamp, timestamptz)
        double real = 0;         // double precision
        int special = 0;         // numeric and double: -1 -Infinity, 1 Infinity, 2 NaN, 0 a number
    };
    struct Bound {
        std::string text;  // as declared, for the reason
        std::string value; // canonical, for a numeric's exact comparison
        Key key;
    };
    struct Scalar {
        Conversion::Kind kind;
        std::string_view text;
    };

    Scalar scalar(std::string_view text);
    // The type's rule alone (ISO 8601 for dates and times when `iso`, as bounds are written):
    // result_ becomes the canonical text (in value_, or `text` itself), key_ its order; false,
    // with detail_ saying why, when refused.
    bool apply_type(std::string_view text, bool iso);
    int compare(const Key& value, std::string_view value_text, const Bound& bound) const;
    Bound bound(std::string_view text, const char* which);
    Scalar reject(std::string_view detail);
    Conversion finish(Scalar result);

    std::string column_;
    std::string prefix_;  // `column "NAME": ` before every reason
    ValueType type_;
    bool required_ = false;
    TextCleaner cleaner_;
    std::vector<std::string> null_if_;
    struct Check;  // the compiled pattern and this converter's matcher (ICU, in the .cpp)
    std::unique_ptr<Check> check_;
    std::optional<DateTimeFormat> format_;
    std::optional<int> timezone_minutes_;
    std::optional<Bound> min_;
    std::optional<Bound> max_;

    Key key_;
    std::string_view result_;
    std::string_view last_cleaned_;
    std::string value_;   // a scalar's canonical text, when it is not a view of the input
    std::string detail_;  // why apply_type() refused
    std::string array_;   // an array literal being built
    std::string reason_;  // the last reject's reason
};

} // namespace sluice
