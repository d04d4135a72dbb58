#include "job/job_file.hpp"

#include "core/closest_word.hpp"
#include "core/error.hpp"
#include "core/printable.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>

namespace sluice {

namespace {

// One table of the file: its keys, each read into the spec by a setter that checks the value's
// kind. The lists of keys are the contract's names, and the "did you mean" candidates.
class Section {
public:
    using Setter = std::function<void(const toml::node& value, const std::string& where)>;

    Section(std::string name, std::string path) : name_(std::move(name)), path_(std::move(path)) {}

    void key(std::string name, Setter setter) { keys_.emplace_back(std::move(name), std::move(setter)); }

    void read(const toml::table& table, const std::string& header, std::map<std::string, std::string>& origins) const
    {
        for (const auto& [key, value] : table) {
            const auto line = key.source().begin.line;
            const auto where = fmt::format("{}: line {}: {} {}", path_, line, header, printable(key.str()));
            const Setter* setter = nullptr;
            for (const auto& [name, candidate] : keys_)
                if (name == key.str()) setter = &candidate;
            if (setter == nullptr) {
                std::vector<std::string> names;
                for (const auto& [name, candidate] : keys_) names.push_back(name);
                auto message = where + ": unknown key";
                if (const auto guess = closest_word(key.str(), names)) message += "; did you mean " + *guess + "?";
                else message += " (" + name_ + " takes: " + join(names) + ")";
                throw UsageError(message);
            }
            (*setter)(value, where);
            origins[header + " " + std::string{key.str()}] = fmt::format("{}: line {}", path_, line);
        }
    }

    static std::string join(const std::vector<std::string>& names)
    {
        std::string out;
        for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
        return out;
    }

private:
    std::string name_;
    std::string path_;
    std::vector<std::pair<std::string, Setter>> keys_;
};

[[noreturn]] void wrong_kind(const std::string& where, const char* expected, const toml::node& value)
{
    const char* got = value.is_string()       ? "a string"
                      : value.is_integer()    ? "an integer"
                      : value.is_floating_point() ? "a number"
                      : value.is_boolean()    ? "a boolean"
                      : value.is_array()      ? "an array"
                      : value.is_table()      ? "a table"
                                              : "a date or time";
    throw UsageError(fmt::format("{}: expected {}, got {}", where, expected, got));
}

Section::Setter text(std::string& out)
{
    return [&out](const toml::node& value, const std::string& where) {
        if (const auto* s = value.as_string()) {
            out = s->get();
            return;
        }
        wrong_kind(where, "a string", value);
    };
}

Section::Setter optional_text(std::optional<std::string>& out)
{
    return [&out](const toml::node& value, const std::string& where) {
        if (const auto* s = value.as_string()) {
            out = s->get();
            return;
        }
        // min = 0, max = 1e6: bounds may be written as numbers; the column's type reads them.
        if (const auto* i = value.as_integer()) {
            out = std::to_string(i->get());
            return;
        }
        if (const auto* f = value.as_floating_point()) {
            out = fmt::format("{}", f->get());
            return;
        }
        wrong_kind(where, "a string", value);
    };
}

// A string, or an array of strings: `key = "id"` and `key = ["a", "b"]` alike.
Section::Setter texts(std::vector<std::string>& out)
{
    return [&out](const toml::node& value, const std::string& where) {
        out.clear();
        if (const auto* s = value.as_string()) {
            out.push_back(s->get());
            return;
        }
        const auto* array = value.as_array();
        if (array == nullptr) wrong_kind(where, "a string or an array of strings", value);
        for (const auto& element : *array) {
            const auto* s = element.as_string();
            if (s == nullptr) wrong_kind(where + " (an element)", "a string", element);
            out.push_back(s->get());
        }
    };
}

Section::Setter whole_number(std::uint64_t& out, std::uint64_t most)
{
    return [&out, most](const toml::node& value, const std::string& where) {
        const auto* i = value.as_integer();
        if (i == nullptr) wrong_kind(where, "a whole number", value);
        if (i->get() < 0 || static_cast<std::uint64_t>(i->get()) > most)
            throw UsageError(fmt::format("{}: {} is not in range 0 to {}", where, i->get(), most));
        out = static_cast<std::uint64_t>(i->get());
    };
}

Section::Setter flag(bool& out)
{
    return [&out](const toml::node& value, const std::string& where) {
        const auto* b = value.as_boolean();
        if (b == nullptr) wrong_kind(where, "true or false", value);
        out = b->get();
    };
}

// One of a few words, named in the message when another is given.
Section::Setter choice(std::string& out, std::vector<std::string> words)
{
    return [&out, words = std::move(words)](const toml::node& value, const std::string& where) {
        const auto* s = value.as_string();
        if (s == nullptr) wrong_kind(where, "a string", value);
        for (const auto& word : words) {
            if (word == s->get()) {
                out = word;
                return;
            }
        }
        auto message = fmt::format("{}: \"{}\" is not one of {}", where, printable(s->get()), Section::join(words));
        if (const auto guess = closest_word(s->get(), words)) message += "; did you mean " + *guess + "?";
        throw UsageError(message);
    };
}

void read_column(const toml::table& table, const std::string& path, std::size_t number, LoadJobSpec& spec)
{
    ColumnDecl column;
    const auto header = fmt::format("[[column]] {}", number);
    column.origin = fmt::format("{}: line {}: {}", path, table.source().begin.line, header);
    Section section("[[column]]", path);
    section.key("name", text(column.name));
    section.key("type", text(column.type));
    section.key("from", [&column](const toml::node& value, const std::string& where) {
        if (const auto* s = value.as_string()) {
            column.from = s->get();
            return;
        }
        if (const auto* i = value.as_integer()) {
            if (i->get() < 1) throw UsageError(fmt::format("{}: a field's position counts from 1, got {}", where, i->get()));
            column.from_position = static_cast<std::size_t>(i->get());
            return;
        }
        wrong_kind(where, "a field path or name (a string), or a CSV field's position (from 1)", value);
    });
    section.key("required", flag(column.required));
    section.key("clean", texts(column.clean));
    section.key("null_if", texts(column.null_if));
    section.key("check", optional_text(column.check));
    section.key("min", optional_text(column.min));
    section.key("max", optional_text(column.max));
    section.key("format", optional_text(column.format));
    section.key("timezone", optional_text(column.timezone));
    section.read(table, header, spec.origins);
    if (column.name.empty()) throw UsageError(column.origin + ": a column needs a name");
    spec.columns.push_back(std::move(column));
}

} // namespace

std::string LoadJobSpec::origin(const std::string& key) const
{
    const auto found = origins.find(key);
    if (found == origins.end()) return key;
    // A flag or a variable names itself; a file's line names the key too.
    if (found->second.starts_with("--") || found->second.starts_with("SLUICE_")) return found->second;
    return found->second + ": " + key;
}

LoadJobSpec parse_job_file(std::string_view text_of_file, const std::string& path)
{
    LoadJobSpec spec;
    spec.file = path;
    toml::table file;
    try {
        file = toml::parse(text_of_file, path);
    } catch (const toml::parse_error& error) {
        throw UsageError(fmt::format("{}: line {}: {}", path, error.source().begin.line, error.description()));
    }

    Section job("[job]", path);
    job.key("name", text(spec.name));
    Section source("[source]", path);
    source.key("location", texts(spec.locations));
    source.key("member", text(spec.member));
    source.key("format", choice(spec.format, {"xml", "csv"}));
    Section xml("[xml]", path);
    xml.key("record", text(spec.record));
    Section csv("[csv]", path);
    csv.key("delimiter", text(spec.csv.delimiter));
    csv.key("quote", text(spec.csv.quote));
    csv.key("escape", text(spec.csv.escape));
    csv.key("encoding", text(spec.csv.encoding));
    csv.key("header_lines", whole_number(spec.csv.header_lines, 100));
    csv.key("skip_lines", whole_number(spec.csv.skip_lines, std::numeric_limits<std::uint32_t>::max()));
    csv.key("columns", texts(spec.csv.columns));
    csv.key("null", texts(spec.csv.null));
    csv.key("short_rows", choice(spec.csv.short_rows, {"reject", "pad"}));
    csv.key("long_rows", choice(spec.csv.long_rows, {"reject", "truncate"}));
    Section target("[target]", path);
    target.key("table", text(spec.table));
    target.key("mode", choice(spec.mode, {"replace", "append", "upsert", "snapshot"}));
    target.key("key", texts(spec.key));
    target.key("lineage", flag(spec.lineage));
    target.key("sql", texts(spec.sql));
    target.key("snapshot_column", text(spec.snapshot_column));
    Section rejects("[rejects]", path);
    rejects.key("file", text(spec.rejects_file));
    rejects.key("max", [&spec](const toml::node& value, const std::string& where) {
        if (const auto* i = value.as_integer()) {
            if (i->get() < 0) throw UsageError(fmt::format("{}: {} is not a count of records", where, i->get()));
            spec.rejects_max = std::to_string(i->get());
            return;
        }
        if (const auto* s = value.as_string()) {
            spec.rejects_max = s->get();  // checked with the flag's rule when the job is built
            return;
        }
        wrong_kind(where, "a count or a share such as \"1%\"", value);
    });

    const std::vector<std::pair<std::string, const Section*>> sections{
        {"job", &job}, {"source", &source}, {"xml", &xml}, {"csv", &csv}, {"target", &target}, {"rejects", &rejects}};
    std::vector<std::string> names{"column"};
    for (const auto& [name, section] : sections) names.push_back(name);

    for (const auto& [key, value] : file) {
        const auto line = key.source().begin.line;
        const std::string name{key.str()};
        const auto* tables = value.as_array();
        const bool many = tables != nullptr && tables->is_array_of_tables();
        if (!value.is_table() && !many)
            throw UsageError(fmt::format("{}: line {}: {}: a key outside any table (a job file's keys stand under [job], "
                                         "[source], [xml], [csv], [[column]], [target] or [rejects])",
                                         path, line, printable(name)));
        const auto shown = many ? "[[" + printable(name) + "]]" : "[" + printable(name) + "]";
        if (name == "column") {
            if (!many) throw UsageError(fmt::format("{}: line {}: [column]: write each column as a [[column]] table", path, line));
            std::size_t number = 0;
            for (const auto& element : *tables) read_column(*element.as_table(), path, ++number, spec);
            continue;
        }
        const Section* section = nullptr;
        for (const auto& [candidate, s] : sections)
            if (candidate == name) section = s;
        if (section == nullptr) {
            auto message = fmt::format("{}: line {}: {}: unknown table", path, line, shown);
            if (const auto guess = closest_word(name, names))
                message += "; did you mean " + (*guess == "column" ? "[[column]]" : "[" + *guess + "]") + "?";
            else message += " (a job file has [job], [source], [xml], [csv], [[column]], [target], [rejects])";
            throw UsageError(message);
        }
        if (many) throw UsageError(fmt::format("{}: line {}: {}: a job has one [{}] table", path, line, shown, name));
        section->read(*value.as_table(), "[" + name + "]", spec.origins);
    }
    return spec;
}

LoadJobSpec read_job_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError(path + ": cannot read the job file");
    std::ostringstream text;
    text << in.rdbuf();
    auto spec = parse_job_file(text.str(), path);
    // The file's own paths are relative to the file, wherever the job runs from: a job and its
    // data are kept together. A URL or an absolute path stays as it is.
    const auto directory = std::filesystem::path{path}.parent_path();
    const auto beside_file = [&](std::string& location) {
        if (location.empty() || location.find("://") != std::string::npos || location.front() == '/') return;
        location = (directory / location).lexically_normal().string();
    };
    for (auto& location : spec.locations) beside_file(location);
    beside_file(spec.rejects_file);
    return spec;
}

} // namespace sluice
