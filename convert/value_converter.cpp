#include "convert/value_converter.hpp"

#include "convert/date_time.hpp"
#include "convert/json_text.hpp"
#include "convert/number_text.hpp"
#include "convert/postgres_text.hpp"
#include "core/closest_word.hpp"
#include "core/error.hpp"
#include "core/printable.hpp"

#include <fmt/format.h>

#include <unicode/regex.h>
#include <unicode/utext.h>

#include <array>
#include <charconv>
#include <cstdint>

namespace sluice {

namespace {

// Long enough to recognise a value, short enough to keep a reject on one readable line.
constexpr std::size_t kShownBytes = 64;

// The value as a reason shows it: cut on a UTF-8 boundary, control characters escaped.
std::string shown(std::string_view text)
{
    if (text.size() <= kShownBytes) return printable(text);
    std::size_t cut = kShownBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return printable(text.substr(0, cut)) + "...";
}

std::string quoted(std::string_view text) { return '"' + shown(text) + '"'; }

bool equal_ignoring_case(std::string_view text, std::string_view lower_word)
{
    if (text.size() != lower_word.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
        if (c != lower_word[i]) return false;
    }
    return true;
}

// NaN and the infinities as numeric and double precision take them (Postgres's spellings, any
// case): 2 NaN, 1 Infinity, -1 -Infinity, 0 none of them.
int special_number(std::string_view text)
{
    if (equal_ignoring_case(text, "nan")) return 2;
    int sign = 1;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        sign = text[0] == '-' ? -1 : 1;
        text.remove_prefix(1);
    }
    if (equal_ignoring_case(text, "infinity") || equal_ignoring_case(text, "inf")) return sign;
    return 0;
}

std::string_view special_text(int special)
{
    return special == 2 ? "NaN" : special == 1 ? "Infinity" : "-Infinity";
}

// Postgres's numeric limits (numeric.c): a weight of at most 32767 base-10000 digits before the
// point, a display scale of at most 16383 digits after it. Past them COPY fails the whole load
// with "value overflows numeric format".
constexpr std::int64_t kNumericMaxMagnitude = 131'071;
constexpr std::int64_t kNumericMaxScale = 16'383;

// The article for a type's name in "is not a ...".
std::string a_type(ScalarType scalar)
{
    const std::string name = sql_type(ValueType{scalar, false});
    return (name[0] == 'i' ? "an " : "a ") + name;
}

bool orders(ScalarType scalar)
{
    switch (scalar) {
    case ScalarType::integer:
    case ScalarType::bigint:
    case ScalarType::numeric:
    case ScalarType::double_precision:
    case ScalarType::date:
    case ScalarType::timestamp:
    case ScalarType::timestamptz: return true;
    default: return false;
    }
}

bool is_date_time(ScalarType scalar)
{
    return scalar == ScalarType::date || scalar == ScalarType::timestamp || scalar == ScalarType::timestamptz;
}

constexpr std::int32_t kCheckTimeLimit = 200;  // ICU match steps, "on the order of milliseconds" each

} // namespace

struct ValueConverter::Check {
    std::string pattern_text;
    std::unique_ptr<icu::RegexPattern> pattern;
    std::unique_ptr<icu::RegexMatcher> matcher;
    UText text = UTEXT_INITIALIZER;  // re-pointed at each value: utext_openUTF8 reuses it

    Check() = default;
    Check(const Check&) = delete;
    Check& operator=(const Check&) = delete;
    ~Check() { utext_close(&text); }
};

ValueConverter::ValueConverter(std::string column, ValueType type, const ColumnRule& rule)
    : column_(std::move(column)), type_(type), required_(rule.required), cleaner_({}), null_if_(rule.null_if)
{
    prefix_ = "column \"" + printable(column_) + "\": ";
    const auto refuse = [&](const std::string& what) { throw UsageError(prefix_ + what); };
    const ScalarType scalar = type_.scalar;

    std::vector<CleanOp> ops;
    for (const auto& name : rule.clean) {
        if (const auto op = parse_clean_op(name)) {
            ops.push_back(*op);
            continue;
        }
        const auto near = closest_word(name, clean_op_names());
        refuse("unknown clean operation \"" + printable(name) + "\"" +
               (near ? " (did you mean \"" + *near + "\"?)" : std::string(" (known: trim, squeeze, lower, upper)")));
    }
    cleaner_ = TextCleaner(std::move(ops));

    if (rule.check) {
        check_ = std::make_unique<Check>();
        check_->pattern_text = *rule.check;
        UErrorCode status = U_ZERO_ERROR;
        UText pattern = UTEXT_INITIALIZER;
        utext_openUTF8(&pattern, rule.check->data(), static_cast<std::int64_t>(rule.check->size()), &status);
        UParseError where{};
        check_->pattern.reset(icu::RegexPattern::compile(&pattern, 0, where, status));
        utext_close(&pattern);
        if (U_FAILURE(status))
            refuse("check \"" + printable(*rule.check) + "\" is not a regular expression: " + u_errorName(status) +
                   " at offset " + std::to_string(where.offset));
        check_->matcher.reset(check_->pattern->matcher(status));
        // A pattern that backtracks without end on some value must cost a reject, not the run.
        if (U_SUCCESS(status)) check_->matcher->setTimeLimit(kCheckTimeLimit, status);
        if (U_FAILURE(status)) refuse(std::string("check: ") + u_errorName(status));
    }

    if (rule.format) {
        if (!is_date_time(scalar))
            refuse("format applies to date, timestamp and timestamptz columns, not " + sql_type(type_));
        try {
            format_.emplace(*rule.format);
        } catch (const UsageError& e) {
            refuse(e.what());
        }
        if (scalar == ScalarType::date && (format_->has_time() || format_->has_offset()))
            refuse("format \"" + printable(*rule.format) + "\" holds a time, which a date would drop: declare a timestamp");
        if (scalar == ScalarType::timestamp && format_->has_offset())
            refuse("format \"" + printable(*rule.format) +
                   "\" holds an offset (%z), which a timestamp (without time zone) would drop: declare a timestamptz");
    }

    if (rule.timezone) {
        if (scalar != ScalarType::timestamptz) refuse("timezone applies to timestamptz columns, not " + sql_type(type_));
        int minutes = 0;
        if (equal_ignoring_case(*rule.timezone, "utc")) minutes = 0;
        else if (parse_offset(*rule.timezone, minutes) != DateTimeFault::none)
            refuse("timezone \"" + printable(*rule.timezone) + "\" is neither UTC nor an offset such as +02:00");
        timezone_minutes_ = minutes;
    }

    if ((rule.min || rule.max) && !orders(scalar))
        refuse(fmt::format("{} applies to numbers, dates and timestamps, not {}", rule.min ? "min" : "max", sql_type(type_)));
    if (rule.min) min_ = bound(*rule.min, "min");
    if (rule.max) max_ = bound(*rule.max, "max");
    if (min_ && max_ && compare(min_->key, min_->value, *max_) > 0)
        refuse("min " + shown(min_->text) + " is above max " + shown(max_->text));
}

ValueConverter::ValueConverter(ValueConverter&&) noexcept = default;
ValueConverter& ValueConverter::operator=(ValueConverter&&) noexcept = default;
ValueConverter::~ValueConverter() = default;

ValueConverter::Bound ValueConverter::bound(std::string_view text, const char* which)
{
    // Bounds are read as ISO 8601 whatever the column's format: they are the job file's own
    // text, not the data's.
    if (!apply_type(text, true)) throw UsageError(prefix_ + which + " " + detail_);
    return Bound{std::string(text), std::string(result_), key_};
}

Conversion ValueConverter::convert(std::span<const std::string_view> matched)
{
    if (matched.empty()) {
        if (required_) return finish(reject("missing (required)"));
        return {};
    }
    if (!type_.array) {
        if (matched.size() > 1) return finish(reject(std::to_string(matched.size()) + " values for a scalar column"));
        return finish(scalar(matched[0]));
    }
    array_.clear();
    array_ += '{';
    for (std::size_t i = 0; i < matched.size(); ++i) {
        const auto element = scalar(matched[i]);
        if (element.kind == Conversion::Kind::reject) {
            reason_ += " (element " + std::to_string(i + 1) + " of " + std::to_string(matched.size()) + ")";
            return {Conversion::Kind::reject, reason_};
        }
        if (i > 0) array_ += ',';
        if (element.kind == Conversion::Kind::null) {
            array_ += "NULL";
            continue;
        }
        // Every element quoted, so "NULL", "" and "a,b" stay texts; inside quotes only '"' and
        // '\' are special to Postgres's array parser.
        array_ += '"';
        for (const char c : element.text) {
            if (c == '"' || c == '\\') array_ += '\\';
            array_ += c;
        }
        array_ += '"';
    }
    array_ += '}';
    return {Conversion::Kind::value, array_};
}

Conversion ValueConverter::finish(Scalar result)
{
    if (result.kind == Conversion::Kind::null && required_)
        result = reject(quoted(last_cleaned_) + " is NULL by null_if, and the column is required");
    return {result.kind, result.text};
}

ValueConverter::Scalar ValueConverter::reject(std::string_view detail)
{
    reason_.assign(prefix_);
    reason_.append(detail);
    return {Conversion::Kind::reject, reason_};
}

ValueConverter::Scalar ValueConverter::scalar(std::string_view text)
{
    const std::string_view cleaned = cleaner_.clean(text);
    last_cleaned_ = cleaned;
    for (const auto& null : null_if_)
        if (cleaned == null) return {Conversion::Kind::null, {}};
    if (!apply_type(cleaned, false)) return reject(detail_);
    if (check_) {
        UErrorCode status = U_ZERO_ERROR;
        utext_openUTF8(&check_->text, cleaned.data(), static_cast<std::int64_t>(cleaned.size()), &status);
        check_->matcher->reset(&check_->text);
        const bool matches = U_SUCCESS(status) && check_->matcher->matches(status);
        if (status == U_REGEX_TIME_OUT)
            return reject(quoted(cleaned) + ": check " + printable(check_->pattern_text) + " took too long");
        if (!matches) return reject(quoted(cleaned) + " does not match check " + printable(check_->pattern_text));
    }
    if (min_ && compare(key_, result_, *min_) < 0)
        return reject(shown(result_) + " is below min " + shown(min_->text));
    if (max_ && compare(key_, result_, *max_) > 0)
        return reject(shown(result_) + " is above max " + shown(max_->text));
    return {Conversion::Kind::value, result_};
}

int ValueConverter::compare(const Key& value, std::string_view value_text, const Bound& bound) const
{
    const auto order = [](auto a, auto b) { return a < b ? -1 : a > b ? 1 : 0; };
    switch (type_.scalar) {
    case ScalarType::numeric:
    case ScalarType::double_precision:
        // Postgres's order: -Infinity, the numbers, Infinity, NaN (NaN equal to itself).
        if (value.special != 0 || bound.key.special != 0) return order(value.special, bound.key.special);
        if (type_.scalar == ScalarType::double_precision) return order(value.real, bound.key.real);
        return compare_decimal(*parse_decimal_text(value_text), *parse_decimal_text(bound.value));
    default: return order(value.whole, bound.key.whole);
    }
}

bool ValueConverter::apply_type(std::string_view text, bool iso)
{
    key_ = Key{};
    result_ = text;
    detail_.clear();
    const ScalarType scalar = type_.scalar;
    switch (scalar) {
    case ScalarType::text:
        switch (postgres_text_fault(text)) {
        case TextFault::none: return true;
        case TextFault::nul: detail_ = quoted(text) + " holds a NUL byte, which Postgres text cannot"; return false;
        case TextFault::ill_formed: detail_ = quoted(text) + " is not valid UTF-8"; return false;
        }
        return false;

    case ScalarType::integer:
    case ScalarType::bigint: {
        // Blanks, a fraction ("1.0") or an exponent ("1e3") are refused, not read: Postgres
        // refuses the last two for integers too, and a blank usually means a field cut in the
        // wrong place. clean = ["trim"] is there for data known to be padded.
        std::int64_t value = 0;
        const auto parsed = parse_integer(text, value);
        if (parsed == IntegerText::malformed) {
            detail_ = quoted(text) + " is not " + a_type(scalar);
            return false;
        }
        if (parsed == IntegerText::out_of_range ||
            (scalar == ScalarType::integer && (value < INT32_MIN || value > INT32_MAX))) {
            detail_ = shown(text) + " is out of range for " + sql_type(ValueType{scalar, false});
            return false;
        }
        key_.whole = value;
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        value_.assign(digits, end);
        result_ = value_;
        return true;
    }

    case ScalarType::numeric:
    case ScalarType::double_precision: {
        if (const int special = special_number(text); special != 0) {
            key_.special = special;
            result_ = special_text(special);
            return true;
        }
        const auto decimal = parse_decimal_text(text);
        if (!decimal) {
            detail_ = quoted(text) + " is not " + a_type(scalar);
            return false;
        }
        const auto out_of_range = [&] {
            detail_ = shown(text) + " is out of range for " + sql_type(ValueType{scalar, false});
            return false;
        };
        if (scalar == ScalarType::numeric) {
            // The digits after the point once the exponent has moved it, as Postgres counts them.
            const auto scale = static_cast<std::int64_t>(decimal->fraction.size()) - decimal->exponent;
            if (scale > kNumericMaxScale || decimal->magnitude() > kNumericMaxMagnitude) return out_of_range();
            return true;  // as given: the text is Postgres's own numeric syntax
        }
        const auto value = decimal_to_double(text);
        if (!value) return out_of_range();
        key_.real = *value;
        char digits[32];
        const auto end = std::to_chars(digits, digits + sizeof digits, *value).ptr;
        value_.assign(digits, end);
        result_ = value_;
        return true;
    }

    case ScalarType::boolean: {
        static constexpr std::array<std::string_view, 6> kTrue{"t", "true", "yes", "y", "on", "1"};
        static constexpr std::array<std::string_view, 6> kFalse{"f", "false", "no", "n", "off", "0"};
        for (const auto word : kTrue)
            if (equal_ignoring_case(text, word)) return result_ = "t", true;
        for (const auto word : kFalse)
            if (equal_ignoring_case(text, word)) return result_ = "f", true;
        detail_ = quoted(text) + " is not a boolean";
        return false;
    }

    case ScalarType::date:
    case ScalarType::timestamp:
    case ScalarType::timestamptz: {
        DateTime value;
        const bool formatted = format_ && !iso;
        DateTimeFault fault = formatted                     ? format_->parse(text, value)
                              : scalar == ScalarType::date ? parse_iso_date(text, value)
                                                            : parse_iso_date_time(text, value);
        if (fault == DateTimeFault::none && scalar == ScalarType::timestamp && value.offset_minutes)
            fault = DateTimeFault::unexpected_offset;
        if (fault == DateTimeFault::none && scalar == ScalarType::timestamptz && !value.offset_minutes) {
            if (timezone_minutes_) value.offset_minutes = timezone_minutes_;
            else fault = DateTimeFault::no_offset;
        }
        if (fault == DateTimeFault::none) fault = check(value);
        switch (fault) {
        case DateTimeFault::none: break;
        case DateTimeFault::malformed:
            detail_ = quoted(text) + " is not " + a_type(scalar) + " (expected " +
                      (formatted                      ? printable(format_->pattern())
                       : scalar == ScalarType::date ? std::string("YYYY-MM-DD")
                                                     : std::string("YYYY-MM-DD HH:MM:SS")) +
                      ")";
            return false;
        case DateTimeFault::no_such_day: detail_ = quoted(text) + " is not " + a_type(scalar) + ": no such day"; return false;
        case DateTimeFault::no_such_time: detail_ = quoted(text) + " is not " + a_type(scalar) + ": no such time of day"; return false;
        case DateTimeFault::no_such_offset: detail_ = quoted(text) + " is not " + a_type(scalar) + ": no such UTC offset"; return false;
        case DateTimeFault::too_precise: detail_ = quoted(text) + " is more precise than a microsecond"; return false;
        case DateTimeFault::unexpected_offset:
            detail_ = quoted(text) + " has a UTC offset, which a timestamp (without time zone) would drop";
            return false;
        case DateTimeFault::no_offset:
            detail_ = quoted(text) + " has no UTC offset (the column may declare a timezone for such values)";
            return false;
        }
        value_.clear();
        if (scalar == ScalarType::date) {
            append_date(value_, value);
            key_.whole = day_number(value);
        } else {
            append_timestamp(value_, value, scalar == ScalarType::timestamptz);
            key_.whole = scalar == ScalarType::timestamptz ? instant(value) : local_microseconds(value);
        }
        result_ = value_;
        return true;
    }

    case ScalarType::jsonb:
        switch (json_fault(text)) {
        case JsonFault::none: return true;
        case JsonFault::malformed: detail_ = quoted(text) + " is not valid JSON"; return false;
        case JsonFault::nul: detail_ = quoted(text) + " holds \\u0000, which jsonb cannot"; return false;
        case JsonFault::huge_number:
            detail_ = quoted(text) + " holds a number past a double's range, which sluice cannot check";
            return false;
        }
        return false;
    }
    return false;
}

} // namespace sluice
