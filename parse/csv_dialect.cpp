#include "parse/csv_dialect.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace sluice {

namespace {

// A job-file string: quoted, with the characters TOML would escape written as escapes.
std::string quoted(std::string_view text)
{
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
                out += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
            else
                out += c;
        }
    }
    return out + "\"";
}

bool is_line_break(char c)
{
    return c == '\n' || c == '\r';
}

} // namespace

CsvDialect CsvDialect::from_texts(std::string_view delimiter, std::string_view quote, std::string_view escape)
{
    CsvDialect dialect;
    dialect.delimiter = std::string(delimiter);
    if (quote.size() > 1)
        throw UsageError("[csv] quote " + quoted(quote) + ": expected one character, or \"\" for no quoting");
    dialect.quote = quote.empty() ? std::nullopt : std::optional<char>(quote[0]);
    if (escape.empty() || (quote.empty() && escape == "\""))
        dialect.escape = Escape::none;
    else if (escape == "\\")
        dialect.escape = Escape::backslash;
    else if (escape == quote)
        dialect.escape = Escape::doubled_quote;
    else
        throw UsageError("[csv] escape " + quoted(escape) + ": expected the quote (" + quoted(quote) +
                         ", a doubled quote is one), \"\\\\\" (backslash escapes) or \"\" (none)");
    dialect.validate();
    return dialect;
}

void CsvDialect::validate() const
{
    if (delimiter.empty()) throw UsageError("[csv] delimiter is empty: give one or more characters, e.g. \",\"");
    const auto bad_delimiter = [&](const std::string& why) {
        throw UsageError("[csv] delimiter " + quoted(delimiter) + " " + why);
    };
    for (const char c : delimiter)
        if (is_line_break(c)) bad_delimiter("holds a line break, which always ends a record");
    if (quote) {
        if (is_line_break(*quote)) throw UsageError("[csv] quote cannot be a line break");
        if (static_cast<unsigned char>(*quote) >= 0x80)
            throw UsageError("[csv] quote " + quoted(std::string(1, *quote)) + ": expected an ASCII character");
        if (delimiter.find(*quote) != std::string::npos)
            bad_delimiter("holds the quote " + quoted(std::string(1, *quote)) + ": which one would a '" +
                          std::string(1, *quote) + "' be?");
        if (escape == Escape::backslash && *quote == '\\')
            throw UsageError("[csv] quote and escape are both \"\\\\\": pick one");
    }
    if (escape == Escape::backslash && delimiter.find('\\') != std::string::npos)
        bad_delimiter("holds a backslash, the escape character");
}

std::string CsvDialect::describe() const
{
    const std::string quote_text = quote ? std::string(1, *quote) : std::string();
    std::string escape_text;
    switch (escape) {
    case Escape::doubled_quote: escape_text = quote_text; break;
    case Escape::backslash: escape_text = "\\"; break;
    case Escape::none: break;
    }
    return "delimiter " + quoted(delimiter) + " quote " + quoted(quote_text) + " escape " + quoted(escape_text);
}

} // namespace sluice
