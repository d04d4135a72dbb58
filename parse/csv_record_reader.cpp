#include "parse/csv_record_reader.hpp"

#include "core/closest_word.hpp"
#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sluice {

namespace {

// Names shown in a message before "and N more": enough to spot a typo, short enough for a log line.
constexpr std::size_t kNamesShown = 12;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool same_ignoring_case(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

std::string quoted(std::string_view name)
{
    return "'" + std::string(name) + "'";
}

std::string listed(const std::vector<std::string>& names)
{
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < kNamesShown; ++i) out += (i ? ", " : "") + quoted(names[i]);
    if (names.size() > kNamesShown) out += fmt::format(" and {} more", names.size() - kNamesShown);
    return out;
}

// "2 and 5", "2, 5 and 7": 1-based.
std::string positions(const std::vector<std::size_t>& columns)
{
    std::string out;
    for (std::size_t i = 0; i < columns.size(); ++i)
        out += (i == 0 ? "" : i + 1 == columns.size() ? " and " : ", ") + std::to_string(columns[i] + 1);
    return out;
}

std::string fields_text(std::size_t n)
{
    return fmt::format("{} field{}", n, n == 1 ? "" : "s");
}

// At most Record::kMaxRawBytes, not ending inside a UTF-8 character.
std::string_view capped(std::string_view raw)
{
    if (raw.size() <= Record::kMaxRawBytes) return raw;
    std::size_t end = Record::kMaxRawBytes;
    while (end > 0 && (static_cast<unsigned char>(raw[end]) & 0xC0) == 0x80) --end;
    return raw.substr(0, end);
}

} // namespace

std::string CsvSelector::describe() const
{
    return kind == Kind::name ? quoted(name) : std::to_string(position);
}

CsvRecordReader::CsvRecordReader(ByteSourcePtr source, CsvReadOptions options, std::vector<CsvSelector> fields)
    : CsvRecordReader(*source, std::move(options), std::move(fields))
{
    owned_ = std::move(source);
}

CsvRecordReader::CsvRecordReader(ByteSource& source, CsvReadOptions options, std::vector<CsvSelector> fields)
    : options_(std::move(options)), fields_(std::move(fields)),
      text_(source, options_.encoding, options_.invalid),
      reader_(text_, options_.dialect, options_.chunk_size, options_.max_record_bytes),
      matched_(fields_.size(), 0)
{
    reader_.skip_lines(options_.skip_lines);
    for (const auto& field : fields_) {
        if (field.kind == CsvSelector::Kind::position && field.position == 0)
            throw UsageError(source_name() + ": column 0: positions count from 1");
        if (field.kind == CsvSelector::Kind::name && options_.columns.empty() && options_.header_lines == 0)
            throw UsageError(source_name() + ": column " + field.describe() +
                             " is selected by name, but the source has no header (header_lines = 0) and no "
                             "columns are named: name them with [csv] columns, or select by position");
    }
    if (!options_.columns.empty()) {
        names_ = options_.columns;
        width_ = names_.size();
        resolve("in [csv] columns");
    }
}

std::size_t CsvRecordReader::resolve_name(const CsvSelector& selector, const std::string& where) const
{
    std::vector<std::size_t> exact;
    for (std::size_t c = 0; c < names_.size(); ++c)
        if (names_[c] == selector.name) exact.push_back(c);
    if (exact.size() == 1) return exact.front();
    if (exact.size() > 1)
        throw UsageError(fmt::format("{}: column {} appears {} times {}, at positions {}: select it by position",
                                     source_name(), selector.describe(), exact.size(), where, positions(exact)));
    std::vector<std::size_t> loose;
    for (std::size_t c = 0; c < names_.size(); ++c)
        if (same_ignoring_case(trimmed(names_[c]), trimmed(selector.name))) loose.push_back(c);
    if (loose.size() == 1) return loose.front();
    if (loose.size() > 1) {
        std::string which;
        for (std::size_t i = 0; i < loose.size(); ++i)
            which += (i == 0 ? "" : i + 1 == loose.size() ? " and " : ", ") + quoted(names_[loose[i]]);
        throw UsageError(fmt::format("{}: no column {} {}, and {} (positions {}) differ from it only in case or "
                                     "spaces: write the name exactly, or select by position",
                                     source_name(), selector.describe(), where, which, positions(loose)));
    }
    std::string message = fmt::format("{}: no column {} {}: {}", source_name(), selector.describe(), where,
                                      listed(names_));
    if (const auto guess = closest_word(selector.name, names_)) message += "; did you mean " + quoted(*guess) + "?";
    throw UsageError(message);
}

void CsvRecordReader::resolve(const std::string& where)
{
    columns_.clear();
    for (const auto& field : fields_) {
        if (field.kind == CsvSelector::Kind::name) {
            columns_.push_back(resolve_name(field, where));
        } else {
            if (field.position > width_)
                throw UsageError(fmt::format("{}: column {} is past the {} column{} {}{}", source_name(),
                                             field.position, width_, width_ == 1 ? "" : "s", where,
                                             names_.empty() ? "" : ": " + listed(names_)));
            columns_.push_back(field.position - 1);
        }
    }
    resolved_ = true;
}

void CsvRecordReader::read_header()
{
    started_ = true;
    if (!options_.columns.empty()) {
        // Named by the job: the header records are skipped, not read.
        for (std::size_t h = 0; h < options_.header_lines; ++h) {
            if (!reader_.next(csv_)) return;
            first_record_ = false;
        }
        return;
    }
    if (options_.header_lines == 0) return;

    std::vector<std::vector<std::string>> rows;
    std::uint64_t line = 0;
    for (std::size_t h = 0; h < options_.header_lines && reader_.next(csv_); ++h) {
        if (h == 0) line = csv_.line;
        if (csv_.error)
            throw Error(source_name(), "the header is malformed: " + *csv_.error,
                        SourcePosition::at_line(csv_.line, csv_.byte));
        if (first_record_ && csv_.byte == 0 && csv_.fields[0].starts_with(kByteOrderMark))
            csv_.fields[0].remove_prefix(kByteOrderMark.size());
        first_record_ = false;
        rows.emplace_back(csv_.fields.begin(), csv_.fields.end());
    }
    if (rows.empty()) return;  // an empty source: nothing to resolve against, nothing to read
    for (const auto& row : rows) width_ = std::max(width_, row.size());
    names_.assign(width_, std::string());
    if (rows.size() == 1) {
        names_ = rows.front();
    } else {
        for (std::size_t c = 0; c < width_; ++c) {
            for (const auto& row : rows) {
                const auto cell = c < row.size() ? trimmed(row[c]) : std::string_view();
                if (cell.empty()) continue;
                if (!names_[c].empty()) names_[c] += ' ';
                names_[c] += cell;
            }
        }
    }
    resolve(fmt::format("in the header (line {})", line));
}

bool CsvRecordReader::is_null(std::string_view text) const
{
    for (const auto& null : options_.null)
        if (text == null) return true;
    return false;
}

bool CsvRecordReader::next(Record& record)
{
    if (!started_) read_header();
    if (!reader_.next(csv_)) return false;
    const auto number = records_.load(std::memory_order_relaxed) + 1;
    records_.store(number, std::memory_order_relaxed);

    if (first_record_) {
        first_record_ = false;
        if (csv_.byte == 0 && csv_.fields[0].starts_with(kByteOrderMark))
            csv_.fields[0].remove_prefix(kByteOrderMark.size());
    }
    if (!resolved_) {
        // No header: the first record sets the width.
        width_ = csv_.fields.size();
        resolve(fmt::format("of the first record (line {})", csv_.line));
    }

    record.clear(fields_.size());
    record.number = number;
    record.line = csv_.line;
    record.byte = csv_.byte;
    record.raw.assign(capped(csv_.raw));

    if (csv_.error) {
        record.error = fmt::format("field {}: {}", reader_.parser().error_field() + 1, *csv_.error);
        return true;
    }
    const std::size_t n = csv_.fields.size();
    const bool short_row = n < width_ && (options_.short_rows == CsvReadOptions::ShortRows::reject || n == 1);
    const bool long_row = n > width_ && options_.long_rows == CsvReadOptions::LongRows::reject;
    if (short_row || long_row) {
        record.error = fields_text(n) + ", expected " + std::to_string(width_);
        return true;
    }
    for (std::size_t f = 0; f < fields_.size(); ++f) {
        const std::size_t column = columns_[f];
        // A quoted field is never NULL, as in PostgreSQL's COPY CSV: "" is an empty string.
        if (column >= n || (is_null(csv_.fields[column]) && !reader_.parser().field_quoted(column))) continue;
        record.add(f, csv_.fields[column]);
        matched_[f] = 1;
    }
    return true;
}

} // namespace sluice
