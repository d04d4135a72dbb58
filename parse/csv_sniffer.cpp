#include "parse/csv_sniffer.hpp"

#include "parse/csv_reader.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace sluice {

namespace {

struct Row {
    std::uint64_t line = 0;
    bool malformed = false;
    std::vector<std::string> fields;
};

// Every record of `sample`, read in `dialect` after `skip` lines.
std::vector<Row> rows_of(std::string_view sample, const CsvDialect& dialect, std::uint64_t skip)
{
    std::vector<Row> rows;
    CsvParser parser(dialect);
    parser.skip_lines(skip);
    std::string_view rest = sample;
    for (;;) {
        const auto step = parser.feed(rest);
        rest.remove_prefix(step.consumed);
        if (step.result == CsvParser::Result::End) break;
        if (step.result == CsvParser::Result::InputEmpty) continue;
        Row row{parser.record_line(), parser.error() != nullptr, {}};
        for (std::size_t f = 0; f < parser.field_count(); ++f) row.fields.emplace_back(parser.field(f));
        rows.push_back(std::move(row));
    }
    return rows;
}

struct Score {
    std::size_t records = 0;  // well-formed records of the most common width
    std::size_t fields = 0;   // that width
    bool malformed = false;   // any record malformed
};

Score score(const std::vector<Row>& rows)
{
    std::map<std::size_t, std::size_t> widths;
    Score s;
    for (const auto& row : rows) {
        if (row.malformed) {
            s.malformed = true;
            continue;
        }
        if (row.fields.size() >= 2) ++widths[row.fields.size()];
    }
    // The most common width; on a tie the wider (a map iterates in increasing order).
    for (const auto& [width, count] : widths) {
        if (count >= s.records) {
            s.records = count;
            s.fields = width;
        }
    }
    return s;
}

bool all_digits(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool looks_like_number(std::string_view text)
{
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
        return i - start;
    };
    std::size_t mantissa = digits();
    if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
        ++i;
        mantissa += digits();
    }
    if (mantissa == 0) return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
        if (digits() == 0) return false;
    }
    return i == text.size();
}

// 2024-01-31 (then anything: a time), or d/m/y with '/', '.' or '-': 31/01/2024, 1.2.24.
bool looks_like_date(std::string_view text)
{
    if (text.size() >= 10 && all_digits(text.substr(0, 4)) && text[4] == '-' && all_digits(text.substr(5, 2)) &&
        text[7] == '-' && all_digits(text.substr(8, 2)))
        return true;
    std::size_t parts = 0;
    std::size_t start = 0;
    char separator = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] >= '0' && text[i] <= '9') continue;
        if (i < text.size()) {
            if (text[i] != '/' && text[i] != '.' && text[i] != '-') return false;
            if (separator != 0 && text[i] != separator) return false;
            separator = text[i];
        }
        const std::size_t length = i - start;
        if (length == 0 || length > 4) return false;
        ++parts;
        start = i + 1;
    }
    return parts == 3;
}

bool header_row(const std::vector<Row>& rows, std::size_t first)
{
    const auto& names = rows[first].fields;
    // A column whose values below are all numbers or dates, under a name that is neither.
    for (std::size_t c = 0; c < names.size(); ++c) {
        std::size_t typed = 0;
        bool all_typed = true;
        for (std::size_t r = first + 1; r < rows.size() && all_typed; ++r) {
            if (rows[r].malformed || rows[r].fields.size() != names.size() || rows[r].fields[c].empty()) continue;
            if (looks_like_number_or_date(rows[r].fields[c]))
                ++typed;
            else
                all_typed = false;
        }
        if (all_typed && typed > 0) return !names[c].empty() && !looks_like_number_or_date(names[c]);
    }
    std::set<std::string_view> seen;
    for (const auto& name : names)
        if (name.empty() || looks_like_number_or_date(name) || !seen.insert(name).second) return false;
    return true;
}

// The order of preference on a tie, as the header says.
std::vector<CsvDialect> candidates()
{
    using Escape = CsvDialect::Escape;
    std::vector<CsvDialect> out;
    for (const char* delimiter : {", ", "; ", "||", " | ", ",", ";", "\t", "|"}) {
        out.push_back(CsvDialect{delimiter, '"', Escape::doubled_quote});
        out.push_back(CsvDialect{delimiter, '"', Escape::backslash});
        out.push_back(CsvDialect{delimiter, std::nullopt, Escape::none});
        out.push_back(CsvDialect{delimiter, std::nullopt, Escape::backslash});
    }
    return out;
}

} // namespace

bool looks_like_number_or_date(std::string_view text)
{
    return looks_like_number(text) || looks_like_date(text);
}

CsvGuess CsvSniffer::guess(std::string_view sample)
{
    sample = sample.substr(0, kSampleBytes);
    // A last line with no line break may be cut short: leave it out, unless it is all there is.
    if (const auto end = sample.find_last_of("\r\n"); end != std::string_view::npos && end + 1 < sample.size())
        sample = sample.substr(0, end + 1);

    CsvGuess best;
    std::vector<Row> best_rows;
    Score best_score;
    for (const auto& dialect : candidates()) {
        for (std::uint64_t skip = 0; skip <= kMaxSkipLines; ++skip) {
            auto rows = rows_of(sample, dialect, skip);
            const Score s = score(rows);
            if (s.records > best_score.records) {
                best_score = s;
                best.dialect = dialect;
                best.skip_lines = skip;
                best_rows = std::move(rows);
            }
            if (!s.malformed) break;
        }
    }
    if (best_score.records == 0) {
        // One column, or nothing: the default dialect, every record one field.
        best = CsvGuess{};
        best_rows = rows_of(sample, best.dialect, 0);
        best_score.fields = 1;
        best_score.records = best_rows.size();
    }
    best.fields = best_score.fields;
    best.records = best_score.records;
    // The first record of the winning width starts the data; the lines before it are a preamble.
    std::size_t first = 0;
    while (first < best_rows.size() &&
           (best_rows[first].malformed || best_rows[first].fields.size() != best_score.fields))
        ++first;
    if (first == best_rows.size()) {
        best.header = false;
        return best;
    }
    best.skip_lines = best_rows[first].line - 1;
    best.header = header_row(best_rows, first);
    return best;
}

} // namespace sluice
