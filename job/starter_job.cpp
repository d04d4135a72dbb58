#include "job/starter_job.hpp"

#include "core/error.hpp"
#include "core/text_view_source.hpp"
#include "parse/csv_record_reader.hpp"
#include "parse/csv_sniffer.hpp"
#include "parse/type_guess.hpp"
#include "parse/utf8.hpp"
#include "parse/value_preview.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace sluice {

namespace {

constexpr std::size_t kMaxIdentifierBytes = 63;  // Postgres's NAMEDATALEN - 1
constexpr std::size_t kSampleChars = 40;

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A TOML basic string.
std::string toml(std::string_view text)
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
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
            else out += c;
        }
    }
    return out + "\"";
}

bool valid_utf8(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        if (ill_formed_utf8(text.substr(i)) > 0) return false;
        i += c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    }
    return true;
}

std::string plural(std::uint64_t count, std::string_view one, std::string_view many)
{
    return fmt::format("{} {}", count, count == 1 ? one : many);
}

// The file name the source is known by: the member's, else the location's last step.
std::string file_name(const StarterSource& source)
{
    std::string_view name = source.member.empty() ? source.location : source.member;
    if (source.member.empty() && name.find("://") != std::string_view::npos)
        name = name.substr(0, std::min(name.find('?'), name.find('#')));
    if (const auto slash = name.find_last_of('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
    return std::string{name};
}

// One names set, so that no two columns are called alike.
class Names {
public:
    // The first of `candidates` not taken, else the last with _2, _3...
    std::string take(const std::vector<std::string>& candidates)
    {
        for (const auto& candidate : candidates)
            if (taken_.insert(candidate).second) return candidate;
        for (std::size_t n = 2;; ++n) {
            auto name = candidates.back();
            const auto suffix = fmt::format("_{}", n);
            name.resize(std::min(name.size(), kMaxIdentifierBytes - suffix.size()));
            while (!name.empty() && (static_cast<unsigned char>(name.back()) & 0xC0) == 0x80) name.pop_back();
            if (!name.empty() && static_cast<unsigned char>(name.back()) >= 0xC0) name.pop_back();
            name += suffix;
            if (taken_.insert(name).second) return name;
        }
    }

private:
    std::set<std::string> taken_;
};

struct StarterColumn {
    std::string name;
    std::string type;
    std::optional<std::string> format;
    std::optional<std::string> from;  // a TOML value as written: a string, or a position
    std::string note;                 // the comment after the type
};

std::string header_comment(const StarterSource& source, const std::string& sampled)
{
    const auto shown = source.member.empty() ? source.location : source.location + " --member " + source.member;
    return fmt::format("# A starter job for `sluice load`, from `sluice inspect {} --job`.\n"
                       "# Sampled: {}.\n"
                       "# Check the names and types, then add what a sample cannot tell (required, key,\n"
                       "# checks, [rejects]). A relative location is read from this file's folder.\n",
                       shown, sampled);
}

std::string source_tables(const StarterSource& source, std::string_view format)
{
    const auto table = table_for(source);
    std::string out = fmt::format("[job]\nname = {}\n\n[source]\nlocation = {}\n", toml(table), toml(source.location));
    if (!source.member.empty()) out += fmt::format("member = {}\n", toml(source.member));
    out += fmt::format("format = {}\n", toml(format));
    return out;
}

std::string column_tables(const std::vector<StarterColumn>& columns, const StarterSource& source)
{
    std::string out;
    for (const auto& column : columns) {
        out += fmt::format("\n[[column]]\nname = {}\ntype = {}", toml(column.name), toml(column.type));
        out += column.note.empty() ? "\n" : "  # " + column.note + "\n";
        if (column.format) out += fmt::format("format = {}\n", toml(*column.format));
        if (column.from) out += fmt::format("from = {}\n", *column.from);
    }
    out += fmt::format("\n[target]\ntable = {}\nmode = \"replace\"\n", toml(table_for(source)));
    return out;
}

std::string example(const std::string& sample) { return sample.empty() ? "" : fmt::format(", e.g. \"{}\"", sample); }

} // namespace

std::string column_identifier(std::string_view text)
{
    std::string out;
    const auto separate = [&out] {
        if (!out.empty() && out.back() != '_') out += '_';
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_upper(c)) {
            const bool after_word = i > 0 && (is_lower(text[i - 1]) || is_digit(text[i - 1]));
            const bool starts_word = i > 0 && is_upper(text[i - 1]) && i + 1 < text.size() && is_lower(text[i + 1]);
            if (after_word || starts_word) separate();
            out += static_cast<char>(c - 'A' + 'a');
        } else if (is_lower(c) || is_digit(c) || static_cast<unsigned char>(c) >= 0x80) {
            out += c;
        } else {
            separate();
        }
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    if (out.empty()) return "column";
    if (is_digit(out.front())) out = "column_" + out;
    if (out.size() > kMaxIdentifierBytes) {
        std::size_t cut = kMaxIdentifierBytes;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
        out.resize(cut);
    }
    return out;
}

std::string table_for(const StarterSource& source)
{
    static constexpr std::string_view kExtensions[] = {".gz", ".gzip", ".bz2", ".xz", ".zst", ".zstd", ".zip", ".7z",
                                                       ".tar", ".tgz", ".csv", ".tsv", ".txt", ".xml"};
    auto name = file_name(source);
    for (bool cut = true; cut;) {
        cut = false;
        for (const auto extension : kExtensions) {
            if (name.size() <= extension.size()) continue;
            const auto tail = std::string_view{name}.substr(name.size() - extension.size());
            if (std::equal(tail.begin(), tail.end(), extension.begin(), extension.end(),
                           [](char a, char b) { return (is_upper(a) ? static_cast<char>(a - 'A' + 'a') : a) == b; })) {
                name.resize(name.size() - extension.size());
                cut = true;
            }
        }
    }
    const auto table = column_identifier(name);
    return table == "column" ? "loaded" : table;
}

std::string csv_starter_job(std::string_view sample, bool whole, const StarterSource& source)
{
    // A last line the sample cut may be cut short: it is left out, unless it is the only one.
    if (!whole) {
        const auto end = sample.find_last_of("\r\n");
        if (end != std::string_view::npos) sample = sample.substr(0, end + 1);
    }
    const bool utf8 = valid_utf8(sample);
    const std::string encoding = utf8 ? "UTF-8" : "ISO-8859-1";
    std::string decoded;
    if (!utf8) {
        TextViewSource raw{sample, source.location};
        TranscodingSource text{raw, encoding, TranscodingSource::Invalid::replace};
        std::string buffer(64 * 1024, '\0');
        for (std::size_t n; (n = text.read(buffer)) > 0;) decoded.append(buffer.data(), n);
    }
    const auto guess = CsvSniffer::guess(utf8 ? sample : std::string_view{decoded});
    if (guess.fields == 0) throw Error(source.location, "no CSV records to sample");

    CsvReadOptions options;
    options.dialect = guess.dialect;
    options.encoding = encoding;
    options.invalid = TranscodingSource::Invalid::replace;
    options.skip_lines = guess.skip_lines;
    options.header_lines = guess.header ? 1 : 0;
    std::vector<CsvSelector> fields;
    for (std::size_t i = 1; i <= guess.fields; ++i) fields.push_back(CsvSelector::at(i));
    TextViewSource raw{sample, source.location};
    CsvRecordReader reader{raw, options, fields};

    TypeCandidates candidates;
    std::vector<TypeGuess> guesses(guess.fields);
    std::vector<std::uint64_t> empty(guess.fields, 0);
    std::vector<std::string> samples(guess.fields);
    std::uint64_t records = 0;
    std::uint64_t malformed = 0;
    Record record;
    while (reader.next(record)) {
        ++records;
        if (record.error) {
            ++malformed;
            continue;
        }
        for (std::size_t i = 0; i < guess.fields; ++i) {
            const auto value = record.count(i) == 1 ? record.value(i) : std::string_view{};
            if (value.empty()) {
                ++empty[i];
                continue;
            }
            guesses[i].see(value, candidates);
            if (samples[i].empty()) samples[i] = preview(value, kSampleChars);
        }
    }

    std::string sampled = plural(records, "record", "records");
    sampled += whole ? " (the whole file)" : fmt::format(" (the first {} bytes)", sample.size());
    if (malformed > 0) sampled += fmt::format(", {} malformed and left out", malformed);
    std::string out = header_comment(source, sampled);
    if (!utf8)
        out += "# The sample is not UTF-8: read as ISO-8859-1 (Latin-1); Windows-1252 is likely if\n"
               "# euro signs or curly quotes come out wrong.\n";
    out += "\n" + source_tables(source, "csv");
    const auto quote = guess.dialect.quote ? std::string(1, *guess.dialect.quote) : std::string{};
    const auto escape = guess.dialect.escape == CsvDialect::Escape::backslash       ? std::string{"\\"}
                        : guess.dialect.escape == CsvDialect::Escape::doubled_quote ? quote
                                                                                    : std::string{};
    out += fmt::format("\n[csv]\ndelimiter = {}\nquote = {}\nescape = {}\nencoding = {}\nskip_lines = {}\nheader_lines = {}\n",
                       toml(guess.dialect.delimiter), toml(quote), toml(escape), toml(encoding), guess.skip_lines,
                       guess.header ? 1 : 0);

    const auto& header = reader.names();
    std::multiset<std::string> header_names(header.begin(), header.end());
    Names names;
    std::vector<StarterColumn> columns;
    for (std::size_t i = 0; i < guess.fields; ++i) {
        StarterColumn column;
        const std::string named = guess.header && i < header.size() ? header[i] : std::string{};
        column.name = names.take({named.empty() ? fmt::format("column_{}", i + 1) : column_identifier(named)});
        if (named.empty() || header_names.count(named) > 1) column.from = std::to_string(i + 1);
        else if (named != column.name) column.from = toml(named);
        column.type = guesses[i].type(candidates);
        column.format = guesses[i].format(candidates);
        const auto filled = records - malformed - empty[i];
        column.note = filled == 0 ? "always empty in the sample" : example(samples[i]).substr(2);
        if (empty[i] > 0 && filled > 0) column.note += fmt::format("; empty in {} of {}", empty[i], records - malformed);
        columns.push_back(std::move(column));
    }
    return out + column_tables(columns, source);
}

std::string xml_starter_job(const XmlShape& shape, const StarterSource& source)
{
    const auto record = shape.record_path.substr(shape.record_path.find_last_of('/') + 1);
    std::string sampled = fmt::format("{} <{}>", shape.records, record) + (shape.records == 1 ? " record" : " records");
    sampled += shape.cut ? fmt::format(" (the first {} bytes of the document)", shape.sample_bytes) : " (the whole document)";
    std::string out = header_comment(source, sampled);
    if (shape.fields_dropped > 0)
        out += fmt::format("# {} more fields were seen than the {} here.\n", shape.fields_dropped, shape.fields.size());
    out += "\n" + source_tables(source, "xml");
    out += fmt::format("\n[xml]\nrecord = {}\n", toml(shape.record_path));

    Names names;
    std::vector<StarterColumn> columns;
    for (const auto& field : shape.fields) {
        // The path's steps, last first, without '@': the name is the last step, or more of them
        // when a column already has it.
        std::vector<std::string> steps;
        for (std::size_t end = field.path.size(); end > 0;) {
            const auto slash = field.path.rfind('/', end - 1);
            const auto begin = slash == std::string::npos ? 0 : slash + 1;
            auto step = field.path.substr(begin, end - begin);
            if (step.starts_with('@')) step.erase(0, 1);
            steps.push_back(step == "." ? std::string{"text"} : step);
            end = slash == std::string::npos ? 0 : slash;
        }
        std::vector<std::string> candidates;
        std::string joined;
        for (const auto& step : steps) {
            joined = joined.empty() ? step : step + "_" + joined;
            candidates.push_back(column_identifier(joined));
        }
        StarterColumn column;
        column.name = names.take(candidates);
        column.from = toml(field.path);
        column.type = field.type + (field.repeats() ? "[]" : "");
        column.format = field.format;
        column.note = fmt::format("in {} of {}", field.records, plural(shape.records, "record", "records"));
        if (field.repeats()) column.note += fmt::format(", up to {} in one", field.most);
        if (field.kind == XmlShapeField::Kind::subtree)
            column.note += field.repeats() ? ": its elements nest deeper; their texts" : ": its elements nest deeper; the subtree as JSON";
        else column.note += example(field.sample);
        columns.push_back(std::move(column));
    }
    return out + column_tables(columns, source);
}

} // namespace sluice
