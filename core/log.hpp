#pragma once
// Lines for the operator on stderr (retries, skipped runs, restarts, errors): one call is one
// whole line, so lines from different threads never interleave.
//
// Two formats: readable text on a terminal ("sluice: ..."), and JSON lines for log collectors
// when stderr is a file or a pipe (a container, a cron job), one object per line with the time,
// the level, the run id and the message, plus any fields the caller adds.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace sluice {

enum class LogFormat { text, json };

// "auto" (text when stderr is a terminal, else json), "text" or "json"; throws UsageError.
LogFormat parse_log_format(std::string_view choice);
void set_log_format(LogFormat format);
LogFormat log_format();

// The run id every JSON line carries ("" between runs). Made by new_run_id() when a run starts:
// the UTC time and a random suffix, e.g. "20261121T010000Z-3f9a", sortable and unique enough to
// find one run's lines among many.
std::string new_run_id();
void set_run_id(std::string id);
std::string run_id();

using LogValue = std::variant<std::string, std::int64_t, std::uint64_t, double, bool>;
using LogFields = std::vector<std::pair<std::string, LogValue>>;

enum class LogLevel { info, warning, error };

// Text: "sluice: <message>" ("sluice: error: <message>" for errors); fields are left out, as
// the message says it all for a person. JSON: {"time":..., "level":..., "run":..., "msg":..., fields...}.
void log_line(std::string_view message, const LogFields& fields = {}, LogLevel level = LogLevel::info);
void log_error(std::string_view message, const LogFields& fields = {});
// A command line that cannot run: "sluice: <message>", plain text whatever the log format. It
// goes to the person who typed it, and may come before the format is even known.
void log_usage_error(std::string_view message);

// Writes `text` as is in the text format (a multi-line report), or as one JSON line with
// `message` and `fields` otherwise.
void log_report(std::string_view text, std::string_view message, const LogFields& fields);

// While a status line redrawn in place (the progress meter) may be showing on stderr, every line
// written here erases it first, so the line prints clean; the meter draws it again below.
void set_status_line_shown(bool shown);

} // namespace sluice
