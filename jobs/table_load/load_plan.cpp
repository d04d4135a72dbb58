#include "jobs/table_load/load_plan.hpp"

#include "core/closest_word.hpp"
#include "core/error.hpp"
#include "core/printable.hpp"
#include "fetch/location_list.hpp"
#include "load/published_tables.hpp"

#include <fmt/format.h>

#include <charconv>
#include <set>

namespace sluice {

namespace {

// Postgres's identifiers are at most 63 bytes; a longer name would be cut, silently.
constexpr std::size_t kMaxIdentifierBytes = 63;

RejectLimit reject_limit(const std::string& text, const std::string& origin)
{
    RejectLimit limit{text, {}, {}};
    const auto refuse = [&] {
        throw UsageError(origin + ": expected a count of records or a share such as \"1%\", got \"" + printable(text) + "\"");
    };
    if (text.empty()) refuse();
    if (text.back() == '%') {
        double share = 0;
        const auto digits = std::string_view{text}.substr(0, text.size() - 1);
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), share, std::chars_format::fixed);
        if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size() || share < 0 || share > 100)
            refuse();
        limit.share = share / 100;
        return limit;
    }
    std::uint64_t count = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (error != std::errc{} || end != text.data() + text.size()) refuse();
    limit.count = count;
    return limit;
}

void check_column_name(const std::string& name, const std::string& origin)
{
    if (name.size() > kMaxIdentifierBytes)
        throw UsageError(fmt::format("{}: the column name \"{}\" is {} bytes; Postgres keeps {} at most", origin,
                                     printable(name), name.size(), kMaxIdentifierBytes));
    for (const char c : name) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            throw UsageError(fmt::format("{}: the column name \"{}\" holds a control character", origin, printable(name)));
    }
}

PublishMode publish_mode(const std::string& mode)
{
    if (mode == "append") return PublishMode::append;
    if (mode == "upsert") return PublishMode::upsert;
    if (mode == "snapshot") return PublishMode::snapshot;
    return PublishMode::replace;
}

} // namespace

LoadPlan::LoadPlan(const LoadJobSpec& spec, const LoadRunOptions& options)
    : locations(expand_locations(spec.locations)),
      csv(spec.csv),
      mode(publish_mode(spec.mode)),
      lineage(spec.lineage),
      sql(spec.sql),
      snapshot_column(spec.snapshot_column),
      max_rejects(reject_limit(spec.rejects_max, spec.origin("[rejects] max")))
{
    if (spec.format == "xml") format = RecordFormat::xml;
    if (spec.format == "csv") format = RecordFormat::csv;
    if (!spec.record.empty()) {
        if (format == RecordFormat::csv)
            throw UsageError(spec.origin("[xml] record") + ": the source is CSV ([source] format); a record path is for XML");
        record = XmlRecordPath::parse(spec.record);
        format = RecordFormat::xml;
    } else if (format == RecordFormat::xml) {
        throw UsageError("an XML source needs its record's element path: [xml] record = \"/root/record\" (or --record)");
    }
    if (spec.columns.empty())
        throw UsageError("no columns: declare them as [[column]] tables in the job file, or with --column NAME:TYPE:FROM");

    std::set<std::string> names;
    const std::set<std::string> reserved = [&] {
        std::set<std::string> out;
        if (lineage) out.insert({"_source", "_record"});
        if (mode == PublishMode::snapshot) out.insert(snapshot_column);
        return out;
    }();
    for (const auto& declared : spec.columns) {
        check_column_name(declared.name, declared.origin);
        if (!names.insert(declared.name).second)
            throw UsageError(fmt::format("{}: a second column named \"{}\"", declared.origin, printable(declared.name)));
        if (reserved.contains(declared.name))
            throw UsageError(fmt::format("{}: \"{}\" is the name of a column sluice adds ({})", declared.origin,
                                         printable(declared.name), lineage && declared.name.starts_with('_') ? "lineage" : "snapshot mode"));
        const auto type = parse_value_type(declared.type);
        if (!type) {
            auto message = fmt::format("{}: \"{}\" is not a column type", declared.origin, printable(declared.type));
            if (const auto guess = closest_word(declared.type, value_type_names())) message += "; did you mean " + *guess + "?";
            else message += " (text, integer, bigint, numeric, double precision, boolean, date, timestamp, timestamptz, jsonb, or an array of one: text[])";
            throw UsageError(message);
        }
        PlannedColumn column{declared.name, *type, declared.from.value_or(declared.name), declared.from_position.value_or(0)};
        if (column.position > 0 && format == RecordFormat::xml)
            throw UsageError(declared.origin + ": a field's position is for CSV; an XML column takes a field path");
        const bool key = std::find(spec.key.begin(), spec.key.end(), declared.name) != spec.key.end();
        ColumnRule rule{declared.required || key, declared.clean, declared.null_if, declared.check,
                        declared.min, declared.max, declared.format, declared.timezone};
        try {
            converters.emplace_back(declared.name, *type, rule);
            if (record) {
                xml_fields.push_back({XmlFieldPath::parse(column.field),
                                      type->scalar == ScalarType::jsonb ? XmlValueForm::json : XmlValueForm::text});
            }
        } catch (const UsageError& error) {
            throw UsageError(declared.origin + ": " + error.what());
        }
        table.columns.push_back({declared.name, *type, declared.required || key});
        columns.push_back(std::move(column));
    }
    for (const auto& key : spec.key) {
        if (!names.contains(key))
            throw UsageError(fmt::format("{}: no column named \"{}\" to be a key", spec.origin("[target] key"), printable(key)));
    }
    if (mode == PublishMode::upsert && spec.key.empty())
        throw UsageError(spec.origin("[target] mode") + ": upsert needs a key ([target] key = [\"id\"], or --key)");
    table.name = spec.table;
    table.key = spec.key;
    if (mode == PublishMode::snapshot) {
        // The table holds every snapshot: the date is its first column, and part of its key.
        table.columns.insert(table.columns.begin(), {snapshot_column, ValueType{ScalarType::date, false}, true});
        if (!table.key.empty()) table.key.insert(table.key.begin(), snapshot_column);
        value_offset = 1;
    }
    if (!spec.table.empty()) check_table_name(spec.table);
    if (options.database && spec.table.empty())
        throw UsageError("no table: pass --table NAME, or give [target] table in the job file");

    std::string declared;
    for (const auto& c : columns)
        declared += fmt::format("{}:{}:{}{};", c.name, sql_type(c.type), c.position > 0 ? std::to_string(c.position) : c.field,
                                c.position > 0 ? "#" : "");
    for (const auto& d : spec.columns)
        declared += fmt::format("{}|{}|{}|{}|{}|{}|{}|{};", d.required, fmt::join(d.clean, ","), fmt::join(d.null_if, ","),
                                d.check.value_or(""), d.min.value_or(""), d.max.value_or(""), d.format.value_or(""),
                                d.timezone.value_or(""));
    settings = fmt::format("table={} mode={} key={} lineage={} record={} member={} csv={}|{}|{}|{}|{}|{}|{}|{}|{}|{} "
                           "sql={} columns={}",
                           spec.table, spec.mode, fmt::join(spec.key, ","), spec.lineage, spec.record, spec.member,
                           csv.delimiter, csv.quote, csv.escape, csv.encoding, csv.header_lines, csv.skip_lines,
                           fmt::join(csv.columns, ","), fmt::join(csv.null, ","), csv.short_rows, csv.long_rows,
                           fmt::join(spec.sql, ";"), declared);
}

} // namespace sluice
