#include "core/log.hpp"

#include "core/error.hpp"
#include "core/printable.hpp"
#include "core/redact.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <type_traits>

namespace sluice {

namespace {

struct LogState {
    std::mutex mutex;
    LogFormat format = LogFormat::text;
    std::string run_id;
};

LogState& state()
{
    static LogState instance;
    return instance;
}

const char* to_string(LogLevel level)
{
    switch (level) {
    case LogLevel::info: return "info";
    case LogLevel::warning: return "warning";
    case LogLevel::error: return "error";
    }
    return "info";
}

std::atomic<bool> status_line_shown{false};

void write_stderr(const std::string& line)
{
    // One fwrite of the whole line: stdio locks the stream for the call, so the erase and the
    // line cannot fall either side of a progress frame.
    if (status_line_shown.load()) {
        const auto erased = "\r\x1b[K" + line;
        std::fwrite(erased.data(), 1, erased.size(), stderr);
        return;
    }
    std::fwrite(line.data(), 1, line.size(), stderr);
}

std::string utc_now_iso()
{
    const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", now);
}

std::string json_line(std::string_view message, const LogFields& fields, LogLevel level)
{
    nlohmann::ordered_json line;
    line["time"] = utc_now_iso();
    line["level"] = to_string(level);
    if (auto id = run_id(); !id.empty()) line["run"] = std::move(id);
    line["msg"] = redact_text(message);
    for (const auto& [key, value] : fields) {
        std::visit(
            [&, &key = key](const auto& v) {
                if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) line[key] = redact_text(v);
                else line[key] = v;
            },
            value);
    }
    // Text from the outside world (titles, server messages) may hold ill-formed UTF-8: replaced,
    // so a log line is always valid JSON.
    return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// Every line for people: no secret, no control character from the data.
std::string text_line(std::string_view message)
{
    return printable(redact_text(message));
}

} // namespace

LogFormat parse_log_format(std::string_view choice)
{
    if (choice == "text") return LogFormat::text;
    if (choice == "json") return LogFormat::json;
    if (choice == "auto" || choice.empty()) return ::isatty(STDERR_FILENO) ? LogFormat::text : LogFormat::json;
    throw UsageError("--log-format: expected auto, text or json, got '" + std::string{choice} + "'");
}

void set_log_format(LogFormat format)
{
    const std::lock_guard lock{state().mutex};
    state().format = format;
}

LogFormat log_format()
{
    const std::lock_guard lock{state().mutex};
    return state().format;
}

std::string new_run_id()
{
    std::random_device entropy;
    return fmt::format("{:%Y%m%dT%H%M%S}Z-{:04x}", std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()),
                       entropy() & 0xffffU);
}

void set_run_id(std::string id)
{
    const std::lock_guard lock{state().mutex};
    state().run_id = std::move(id);
}

std::string run_id()
{
    const std::lock_guard lock{state().mutex};
    return state().run_id;
}

void log_line(std::string_view message, const LogFields& fields, LogLevel level)
{
    if (log_format() == LogFormat::json) return write_stderr(json_line(message, fields, level));
    write_stderr(fmt::format("sluice: {}{}\n", level == LogLevel::error ? "error: " : "", text_line(message)));
}

void log_error(std::string_view message, const LogFields& fields)
{
    log_line(message, fields, LogLevel::error);
}

void log_usage_error(std::string_view message)
{
    write_stderr(fmt::format("sluice: {}\n", text_line(message)));
}

void log_report(std::string_view text, std::string_view message, const LogFields& fields)
{
    if (log_format() == LogFormat::json) return write_stderr(json_line(message, fields, LogLevel::info));
    write_stderr(printable(redact_text(text), true));
}

void set_status_line_shown(bool shown)
{
    status_line_shown.store(shown);
}

} // namespace sluice
