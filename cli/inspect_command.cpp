#include "cli/inspect_command.hpp"

#include "cli/option_values.hpp"
#include "core/error.hpp"
#include "core/redact.hpp"
#include "fetch/file_source.hpp"
#include "fetch/http_range_reader.hpp"
#include "fetch/prefix_source.hpp"
#include "fetch/source_opener.hpp"
#include "fetch/zip_member_choice.hpp"
#include "parse/csv_profile.hpp"
#include "parse/csv_reader.hpp"
#include "parse/doc_profile.hpp"
#include "parse/text_format.hpp"
#include "parse/value_preview.hpp"
#include "parse/xml_doc_reader.hpp"
#include "fetch/zip_directory.hpp"
#include "job/starter_job.hpp"
#include "parse/xml_shape.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <vector>

namespace sluice {

namespace {

constexpr std::size_t kMembersListed = 20;     // a zip's members shown; the others are counted
constexpr std::size_t kMembersNamed = 8;       // in an error about a missing member, as ZipMemberSource does
constexpr std::size_t kHeadBytes = 64 * 1024;  // decoded bytes that tell the format and an XML root
constexpr std::size_t kCsvValueChars = 32;     // a CSV value among the first records
constexpr std::size_t kDocValueChars = 72;     // a doc's title, url or abstract among the first records
constexpr std::size_t kStatChars = 28;         // a min or max in the fields table
constexpr std::size_t kHeaderChars = 80;       // the header on the format line (the table names every column)
constexpr std::string_view kDefaultMember = "movies_metadata.csv";
constexpr std::string_view kIndent = "            ";  // under the labels

bool starts_like_zip(std::string_view head) { return head.starts_with(std::string_view{"PK\x03\x04", 4}); }

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix)
{
    if (text.size() < suffix.size()) return false;
    return std::equal(suffix.begin(), suffix.end(), text.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

// A zip's members as far as inspect needs them: the first few to show, and the one to read,
// picked as a run picks it (ZipMemberChoice); without --member, movies_metadata.csv, else the
// first CSV or XML member.
class MemberChoice {
public:
    explicit MemberChoice(std::string wanted)
        : wanted_(std::move(wanted)), choice_(wanted_.empty() ? std::string{kDefaultMember} : wanted_)
    {
    }

    void see(const ZipEntry& entry)
    {
        if (shown_.size() < kMembersListed) shown_.push_back(entry);
        if (named_.size() < kMembersNamed) named_.push_back(entry.path);
        const auto match = choice_.offer(entry.path);
        if (match == ZipMemberChoice::Match::exact && !exact_) exact_ = entry;
        if (match == ZipMemberChoice::Match::candidate && !candidate_) candidate_ = entry;
        if (!fallback_ && !entry.is_directory() &&
            (ends_with_ignoring_case(entry.path, ".csv") || ends_with_ignoring_case(entry.path, ".xml")))
            fallback_ = entry;
    }

    // Throws when nothing fits (the count says whether more members than those named exist), or
    // when several members have the name in folders and none at the top.
    const ZipEntry& chosen(const std::string& archive, std::uint64_t count) const
    {
        if (choice_.chosen(archive)) return exact_ ? *exact_ : *candidate_;
        if (!wanted_.empty()) choice_.throw_missing(archive);
        if (fallback_) return *fallback_;
        std::string members;
        for (const auto& path : named_) members += (members.empty() ? "" : ", ") + path;
        if (members.empty()) members = "none";
        else if (count > named_.size()) members += ", ...";
        throw Error(archive, "no CSV or XML member in the zip archive (members: " + members + "): name one with --member");
    }

    const std::vector<ZipEntry>& shown() const { return shown_; }

private:
    std::string wanted_;
    ZipMemberChoice choice_;
    std::vector<ZipEntry> shown_;
    std::vector<std::string> named_;
    std::optional<ZipEntry> exact_;
    std::optional<ZipEntry> candidate_;
    std::optional<ZipEntry> fallback_;
};

// What is learnt of a source before its data is read: its size, and a zip's directory.
struct SourceFacts {
    std::optional<std::uint64_t> size;
    bool web = false;
    bool zip_listed = false;           // a zip whose directory was read
    bool unprobed = false;             // a web server without Range requests: the container is not known yet
    std::uint64_t members = 0;
    std::vector<ZipEntry> shown;
    std::optional<ZipEntry> member;    // the one to read
    std::uint64_t fetched = 0;         // bytes downloaded to learn all this
};

// The facts of a local file (a path or a file:// URL): its size and first bytes from the disk, a
// zip's directory by seeking to it.
SourceFacts local_facts(const std::string& location, const std::string& path, const std::string& wanted)
{
    SourceFacts facts;
    std::string head(4, '\0');
    {
        FileSource file{path};  // says "cannot open: ..." as every run does
        std::size_t filled = 0;
        while (filled < head.size()) {
            const auto n = file.read(std::span<char>{head}.subspan(filled));
            if (n == 0) break;
            filled += n;
        }
        head.resize(filled);
    }
    std::error_code error;
    if (const auto size = std::filesystem::file_size(path, error); !error) facts.size = size;
    if (!starts_like_zip(head)) return facts;
    MemberChoice choice{wanted};
    facts.members = read_zip_directory(path, [&](const ZipEntry& entry) { choice.see(entry); });
    facts.zip_listed = true;
    facts.shown = choice.shown();
    facts.member = choice.chosen(redact_url(location), facts.members);
    return facts;
}

// The facts of an http(s) source, from one Range request for its start (and, for a zip, a few for
// its directory). A server that ignores Range requests tells nothing here.
SourceFacts web_facts(const std::string& location, const FetchOptions& fetch, const std::string& wanted)
{
    SourceFacts facts;
    facts.web = true;
    HttpRangeReader reader{location, fetch};
    if (!reader.probe()) {
        facts.unprobed = true;
        facts.fetched = reader.bytes_fetched();
        return facts;
    }
    facts.size = reader.size();
    const auto head = reader.head();
    if (starts_like_zip({head.data(), head.size()})) {
        MemberChoice choice{wanted};
        facts.members = read_zip_directory(reader, [&](const ZipEntry& entry) { choice.see(entry); });
        facts.zip_listed = true;
        facts.shown = choice.shown();
        facts.member = choice.chosen(reader.name(), facts.members);
    }
    facts.fetched = reader.bytes_fetched();
    return facts;
}

// --- rendering --------------------------------------------------------------------------------

std::string line(std::string_view label, std::string_view text) { return fmt::format("{:<12}{}\n", label, text); }

// Pads to `width` terminal columns.
std::string pad(std::string_view text, std::size_t width)
{
    std::string out{text};
    out.append(width - std::min(width, display_width(text)), ' ');
    return out;
}

// A min or max for the table: quoted when blanks at either end would otherwise not show.
std::string shown_value(std::string_view value)
{
    const auto shown = preview(value, kStatChars);
    const bool blank_ends = value.front() == ' ' || value.back() == ' ';
    return blank_ends ? "\"" + shown + "\"" : shown;
}

std::string plural(std::uint64_t count, std::string_view one, std::string_view many)
{
    return fmt::format("{} {}", count, count == 1 ? one : many);
}

std::string source_line(const std::string& name, const SourceFacts& facts, std::uint64_t fetched, bool stopped)
{
    if (!facts.web) return line("source", fmt::format("{} ({} bytes)", name, facts.size.value_or(fetched)));
    if (facts.size) return line("source", fmt::format("{} ({} bytes, {} downloaded)", name, *facts.size, fetched));
    if (!stopped) return line("source", fmt::format("{} ({} bytes)", name, fetched));
    return line("source", fmt::format("{} ({} bytes downloaded before --limit stopped the read)", name, fetched));
}

std::string member_sizes(const ZipEntry& entry)
{
    if (entry.method == 0) return "stored";
    if (entry.method == 8) return fmt::format("{} compressed", entry.compressed_size);
    return fmt::format("{} compressed, {}", entry.compressed_size, zip_method_name(entry.method));
}

std::string compression_lines(Container container, const SourceFacts& facts, std::uint64_t raw_bytes,
                              std::uint64_t decoded_bytes, bool stopped)
{
    switch (container) {
    case Container::plain: return line("compression", "none");
    case Container::gzip:
        if (stopped)
            return line("compression", fmt::format("gzip, the first {} bytes inflate to {}", raw_bytes, decoded_bytes));
        return line("compression", fmt::format("gzip, {} bytes inflate to {} ({:.1f}:1)", raw_bytes, decoded_bytes,
                                               raw_bytes > 0 ? static_cast<double>(decoded_bytes) / static_cast<double>(raw_bytes) : 0.0));
    case Container::zip: break;
    default: return line("compression", to_string(container));  // the codecs and archives of issue 14
    }
    if (!facts.zip_listed) return line("compression", "zip (members not listed: the server does not answer Range requests)");
    std::string out = line("compression", fmt::format("zip, {}:", plural(facts.members, "member", "members")));
    std::size_t name_width = 0;
    std::size_t size_width = 0;
    for (const auto& entry : facts.shown) {
        name_width = std::max(name_width, display_width(preview(entry.path, 200)));
        size_width = std::max(size_width, std::to_string(entry.size).size());
    }
    for (const auto& entry : facts.shown)
        out += fmt::format("{}  {}  {:>{}} bytes ({})\n", kIndent, pad(preview(entry.path, 200), name_width), entry.size,
                           size_width, member_sizes(entry));
    if (facts.members > facts.shown.size())
        out += fmt::format("{}  ... and {} more\n", kIndent, facts.members - facts.shown.size());
    return out;
}

std::string records_line(std::string count, const CsvProfile* csv, std::uint64_t limit, bool stopped)
{
    if (csv && csv->malformed() > 0) {
        std::string described;
        for (const auto& problem : csv->malformed_described()) described += (described.empty() ? "" : "; ") + problem;
        const auto more = csv->malformed() - csv->malformed_described().size();
        if (more > 0) described += fmt::format("; and {} more", more);
        count += fmt::format(" ({} malformed: {})", csv->malformed(), described);
    }
    if (stopped) count += fmt::format(", then stopped by --limit {}: the rest was not read", limit);
    return line("records", count);
}

struct NamedStats {
    std::string name;
    const FieldStats* stats;
    std::optional<std::uint64_t> cap = {};  // a count the reader stops at: reaching it reads "24+"
};

// One row per field: name, empty values, type, smallest, largest and (for text) length range.
std::string fields_table(const std::vector<NamedStats>& fields)
{
    using Row = std::array<std::string, 6>;
    std::vector<Row> rows{{"name", "empty", "type", "min", "max", "length"}};
    for (const auto& [name, stats, cap] : fields) {
        const bool empty = stats->count() == stats->empty();
        auto min = empty ? "-" : shown_value(stats->min());
        auto max = empty ? "-" : shown_value(stats->max());
        if (cap && stats->numeric() && stats->min() == std::to_string(*cap)) min += "+";
        if (cap && stats->numeric() && stats->max() == std::to_string(*cap)) max += "+";
        const auto type = empty ? "empty" : stats->numeric() ? "number" : "text";
        const auto length = stats->min_length() == stats->max_length()
                                ? std::to_string(stats->min_length())
                                : fmt::format("{}..{}", stats->min_length(), stats->max_length());
        rows.push_back({preview(name, kStatChars), std::to_string(stats->empty()), type,
                        min, max,
                        empty || stats->numeric() ? "-" : length});
    }
    std::array<std::size_t, 6> width{};
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], display_width(row[i]));
    }
    std::string out;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        std::string text;
        for (std::size_t i = 0; i + 1 < rows[r].size(); ++i) text += pad(rows[r][i], width[i]) + "  ";
        text += rows[r].back();
        out += r == 0 ? line("fields", text) : std::string{kIndent} + text + "\n";
    }
    return out;
}

template <typename Shown>
std::string first_records(const std::vector<Shown>& shown, const std::function<std::string(const Shown&)>& render)
{
    if (shown.empty()) return {};
    std::string out = shown.size() == 1 ? "first record\n" : fmt::format("first {} records\n", shown.size());
    const auto width = std::to_string(shown.size()).size();
    for (std::size_t i = 0; i < shown.size(); ++i) out += fmt::format("  {:>{}}  {{{}}}\n", i + 1, width, render(shown[i]));
    return out;
}

std::string csv_report(const CsvProfile& profile, std::uint64_t limit, bool stopped)
{
    if (!profile.has_header()) return line("format", "CSV, no records");
    std::string header;
    for (const auto& name : profile.header()) header += (header.empty() ? "" : ",") + name;
    std::string out = line("format", fmt::format("CSV, {}, header: {}", plural(profile.header().size(), "field", "fields"),
                                                 preview(header, kHeaderChars)));
    out += records_line(std::to_string(profile.records()), &profile, limit, stopped);
    std::vector<NamedStats> fields;
    for (std::size_t i = 0; i < profile.header().size(); ++i) fields.push_back({profile.header()[i], &profile.columns()[i]});
    if (!fields.empty()) out += fields_table(fields);
    out += first_records<std::vector<std::string>>(profile.first_records(), [&](const std::vector<std::string>& values) {
        std::string text;
        for (std::size_t i = 0; i < values.size(); ++i) {
            const auto name = i < profile.header().size() ? preview(profile.header()[i], kCsvValueChars)
                                                          : fmt::format("#{}", i + 1);
            text += fmt::format("{}{}: {}", i == 0 ? "" : ", ", name, values[i]);
        }
        return text;
    });
    return out;
}

std::string xml_report(const DocProfile& profile, const std::optional<std::string>& root, std::uint64_t limit, bool stopped)
{
    std::string out = line("format", fmt::format("XML, root element <{}>", root.value_or("?")));
    out += records_line(plural(profile.docs(), "<doc> element", "<doc> elements"), nullptr, limit, stopped);
    // XmlDocReader keeps a doc's first kMaxSections headings: a count at that cap means as many or more.
    const std::uint64_t cap = XmlDocReader::kMaxSections;
    std::vector<NamedStats> fields;
    for (std::size_t i = 0; i < DocProfile::kFieldNames.size(); ++i)
        fields.push_back({DocProfile::kFieldNames[i], &profile.fields()[i], i == 3 ? std::optional{cap} : std::nullopt});
    out += fields_table(fields);
    out += first_records<DocProfile::ShownDoc>(profile.first_docs(), [cap](const DocProfile::ShownDoc& doc) {
        return fmt::format("title: {}, url: {}, abstract: {}, sections: {}{}", doc.title, doc.url, doc.abstract,
                           doc.sections, doc.sections == cap ? "+" : "");
    });
    return out;
}

} // namespace

InspectCommand::InspectCommand(CLI::App& parent)
    : app_(parent.add_subcommand("inspect", "Show what a source holds (container, zip members, format, records, "
                                            "fields, first records); loads nothing"))
{
    app_->footer(
        "SRC is read once, front to back, in constant memory; nothing is loaded. Printed on stdout:\n"
        "  source       the path or URL and its size\n"
        "  compression  none, gzip (bytes in and out), or zip with its members and their sizes\n"
        "               (from the central directory: a remote zip's directory by Range requests)\n"
        "  member       the zip member read: --member, else movies_metadata.csv, else the first CSV or XML\n"
        "  format       CSV (its header) or XML (its root element; records are <doc> elements)\n"
        "  records      how many; CSV records that do not fit the header are malformed, the first named\n"
        "  fields       per field: empty values, type (number when every non-empty value is one),\n"
        "               min and max (as numbers, else byte order), length in characters\n"
        "  first N      the first --records records, long values cut\n"
        "With --job, a starter job file (TOML) for `sluice load` instead, read from a sample: for a CSV\n"
        "its dialect, preamble, header and a typed column per field; for XML the repeated element under\n"
        "the root and its attributes and child elements (3 levels), each a typed column.\n"
        "Exit codes: 0 success, 1 unreadable or corrupt source, 2 bad usage.");
    app_->add_option("source", source_, "A path, or an http://, https:// or file:// URL")->required()->type_name("SRC");
    app_->add_option("--member", member_,
                     "Zip member to read (default: movies_metadata.csv if present, else the first CSV or XML member)");
    add_whole_number(*app_, "--records", records_shown_, "First records shown", 0, 1000)->capture_default_str();
    app_->add_flag("--job", job_,
                   "Print a starter job file for `sluice load` instead: the CSV dialect and column types "
                   "sniffed from the first 64 KiB, or the XML record element and its fields from the first 8 MiB");
    add_whole_number(*app_, "--limit", limit_, "Stop after this many records (default: read them all)", 1,
                     std::numeric_limits<std::uint64_t>::max());

    auto* fetch = "Fetching a URL";
    app_->add_option("--ca-file", fetch_.ca_file, "Extra CA certificates (PEM) for https")
        ->check(CLI::ExistingFile)
        ->group(fetch);
    add_whole_number(*app_, "--retries", fetch_.retries,
                     "Retries of a failed transfer (no connection, timeout, dropped, HTTP 5xx/408/429)", 0, 100)
        ->capture_default_str()
        ->group(fetch);
    app_->add_option("--auth-header-env", auth_env_,
                     "Send 'Authorization: <value of this environment variable>' (never logged)")
        ->group(fetch);
}

int InspectCommand::execute()
{
    check_location(source_);
    if (!auth_env_.empty()) {
        const char* value = std::getenv(auth_env_.c_str());
        if (value == nullptr || *value == '\0')
            throw UsageError("--auth-header-env: the environment variable " + auth_env_ + " is not set");
        fetch_.authorization = value;
    }

    const auto name = redact_url(source_);
    const bool web = is_web(source_);
    const auto facts = web ? web_facts(source_, fetch_, member_)
                           : local_facts(source_, source_.find("://") == std::string::npos ? source_ : file_url_path(source_),
                                         member_);
    // The member is named only when the source is a zip, or might be one: for anything else
    // open_decoded would try (and waste) a Range request for it.
    std::string member;
    if (facts.member) member = facts.member->path;
    else if (facts.unprobed) member = member_.empty() ? std::string{kDefaultMember} : member_;
    auto opened = open_decoded(source_, {fetch_, member});
    if (!member_.empty() && opened.container != Container::zip)
        throw UsageError("--member " + member_ + ": " + name + " is not a zip archive (it is " +
                         (opened.container == Container::gzip ? "gzip" : "not compressed") + ")");

    std::vector<char> head(kHeadBytes);
    std::size_t filled = 0;
    while (filled < head.size()) {
        const auto n = opened.stream->read(std::span<char>{head}.subspan(filled));
        if (n == 0) break;
        filled += n;
    }
    head.resize(filled);
    const std::string_view head_text{head.data(), head.size()};
    const auto format = sniff_text_format(head_text);
    if (format == TextFormat::binary)
        throw Error(opened.stream->name(), "neither CSV nor XML: binary data (a NUL byte)",
                    SourcePosition::at_byte(head_text.find('\0')));
    const auto root = format == TextFormat::xml ? xml_root_element(head_text) : std::nullopt;
    if (job_) {
        if (filled == 0) throw Error(name, "empty: the source decodes to no bytes, nothing to sample");
        const StarterSource starter{source_, opened.member};
        if (format == TextFormat::xml) {
            PrefixSource stream{std::move(head), std::move(opened.stream)};
            fmt::print("{}", xml_starter_job(XmlShapeReader::read(stream), starter));
            return 0;
        }
        // The CSV sample is the head (CsvSniffer's 64 KiB): whole when the source ends within it.
        char probe = 0;
        const bool whole = filled < kHeadBytes || opened.stream->read(std::span<char>{&probe, 1}) == 0;
        fmt::print("{}", csv_starter_job(head_text, whole, starter));
        return 0;
    }
    PrefixSource stream{std::move(head), std::move(opened.stream)};

    // Read through once; nothing is printed until the end, so a failure prints only its one line.
    bool stopped = false;
    std::string body;
    if (filled == 0) {
        body = line("format", "empty: the source decodes to no bytes");
    } else if (format == TextFormat::xml) {
        DocProfile profile{records_shown_, kDocValueChars};
        XmlDocReader reader{stream};
        WikiDoc doc;
        while (!stopped && reader.next(doc)) {
            profile.add(doc);
            stopped = limit_ > 0 && profile.docs() >= limit_;
        }
        body = xml_report(profile, root, limit_, stopped);
    } else {
        CsvProfile profile{records_shown_, kCsvValueChars};
        CsvReader reader{stream};
        CsvRecord record;
        while (!stopped && reader.next(record)) {
            profile.add(record);
            stopped = limit_ > 0 && profile.records() >= limit_;
        }
        body = csv_report(profile, limit_, stopped);
    }

    const auto fetched = opened.bytes_fetched();
    std::string out = source_line(name, facts, facts.fetched + fetched, stopped);
    out += compression_lines(opened.container, facts, fetched, stream.position(), stopped);
    if (opened.container == Container::zip) {
        out += facts.member ? line("member", fmt::format("{} ({} bytes, {})", preview(facts.member->path, 200),
                                                         facts.member->size, member_sizes(*facts.member)))
                            : line("member", member);
    }
    out += body;
    fmt::print("{}", out);
    return 0;
}

} // namespace sluice
