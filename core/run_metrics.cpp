#include "core/run_metrics.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <string_view>
#include <unistd.h>

namespace sluice {

namespace {

// Every status a run can end in, in the order the lines are written. A status outside this list
// still gets its line (with 1) after these, so a new status is never silently dropped.
constexpr std::array<std::string_view, 4> kStatuses{"loaded", "failed", "skipped", "interrupted"};

// Skipped means "no source changed since the last load": the data is as current as it can be, so
// a freshness alert on the last success must not fire just because upstream did not publish.
bool succeeded(std::string_view status) { return status == "loaded" || status == "skipped"; }

// Label values may hold anything; the format reserves backslash, double quote and newline.
std::string escape_label(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        default: out += c;
        }
    }
    return out;
}

// Prometheus parses values with Go's ParseFloat: it wants "NaN" and "+Inf", not C's "nan"/"inf".
// fmt's shortest form round-trips, so a timestamp keeps its fraction and 1e9 stays "1000000000".
std::string format_value(double value)
{
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    return fmt::format("{}", value);
}

void family(std::string& out, std::string_view name, std::string_view help)
{
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, help, name);
}

// "YYYY-MM-DD" as midnight UTC, in unix seconds.
double snapshot_timestamp(const std::string& date)
{
    const auto bad = [&] {
        return Error("metrics", fmt::format("snapshot date \"{}\" is not a YYYY-MM-DD date", date));
    };
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') throw bad();
    for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (date[i] < '0' || date[i] > '9') throw bad();
    }
    const auto number = [&](std::size_t at, std::size_t length) { return std::stoi(date.substr(at, length)); };
    const std::chrono::year_month_day day{std::chrono::year{number(0, 4)},
                                          std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                          std::chrono::day{static_cast<unsigned>(number(8, 2))}};
    if (!day.ok()) throw bad();
    const auto seconds = std::chrono::sys_seconds{std::chrono::sys_days{day}}.time_since_epoch();
    return static_cast<double>(seconds.count());
}

// The last success time the previous run wrote for this job, if the old file has a line for it
// that parses. Anything else (no file, another job's file, a torn or hand-edited one) is treated
// as "no success yet": a missing gauge makes an alert on staleness fire, which is the safe side.
std::optional<double> previous_last_success(const std::string& path, const std::string& job)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    const std::string prefix = "sluice_last_success_timestamp_seconds{job=\"" + escape_label(job) + "\"} ";
    std::string line;
    while (std::getline(in, line)) {
        if (!line.starts_with(prefix)) continue;
        const std::string value = line.substr(prefix.size());
        if (value.empty() || value.front() == ' ') return std::nullopt;
        char* end = nullptr;
        errno = 0;
        const double parsed = std::strtod(value.c_str(), &end);
        if (errno != 0 || end != value.c_str() + value.size() || !std::isfinite(parsed)) return std::nullopt;
        return parsed;
    }
    return std::nullopt;
}

// The temporary file a metrics file is written to: removed again unless it was renamed into place,
// so a failed write leaves the old file and no debris.
class PendingFile {
public:
    explicit PendingFile(std::string target)
        : target_(std::move(target)), temp_(target_ + ".tmp." + std::to_string(::getpid()))
    {
        // 0644 (less the umask): node_exporter usually runs as another user and must read it.
        fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd_ < 0) fail("cannot create temporary file");
    }
    ~PendingFile()
    {
        if (fd_ >= 0) ::close(fd_);
        if (!renamed_) ::unlink(temp_.c_str());
    }
    PendingFile(const PendingFile&) = delete;
    PendingFile& operator=(const PendingFile&) = delete;

    void write(std::string_view data)
    {
        while (!data.empty()) {
            const ssize_t n = ::write(fd_, data.data(), data.size());
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) fail("write failed");
            data.remove_prefix(static_cast<std::size_t>(n));
        }
    }

    // Durable first, then visible: a crash after the rename must not expose an empty file.
    void commit()
    {
        if (::fsync(fd_) != 0) fail("fsync failed");
        const int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) fail("close failed");
        if (::rename(temp_.c_str(), target_.c_str()) != 0) fail("rename failed");
        renamed_ = true;
        sync_directory();
    }

private:
    [[noreturn]] void fail(const char* what) const { throw Error(target_, std::string{what} + ": " + std::strerror(errno)); }

    // The rename itself lives in the directory; without this a power cut can bring the old file back.
    void sync_directory() const
    {
        const auto slash = target_.rfind('/');
        const std::string directory = slash == std::string::npos ? "." : slash == 0 ? "/" : target_.substr(0, slash);
        const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) fail("cannot open directory to sync it");
        const bool ok = ::fsync(fd) == 0;
        const int saved = errno;
        ::close(fd);
        errno = saved;
        if (!ok) fail("fsync of directory failed");
    }

    std::string target_;
    std::string temp_;
    int fd_ = -1;
    bool renamed_ = false;
};

} // namespace

std::string format_prometheus(const RunMetrics& run, std::optional<double> last_success_time)
{
    const std::string job = escape_label(run.job);
    std::string out;
    const auto gauge = [&](std::string_view name, std::string_view help, const std::string& value) {
        family(out, name, help);
        out += fmt::format("{}{{job=\"{}\"}} {}\n", name, job, value);
    };
    const auto count = [](std::uint64_t value) { return std::to_string(value); };

    family(out, "sluice_run_status", "Outcome of the last run: 1 for its status, 0 for the others.");
    const auto status_line = [&](std::string_view status, bool current) {
        out += fmt::format("sluice_run_status{{job=\"{}\",status=\"{}\"}} {}\n", job, escape_label(status),
                           current ? 1 : 0);
    };
    for (const auto status : kStatuses) status_line(status, status == run.status);
    if (std::find(kStatuses.begin(), kStatuses.end(), run.status) == kStatuses.end()) status_line(run.status, true);

    gauge("sluice_run_started_timestamp_seconds", "When the last run started, in unix seconds.",
          format_value(run.started_at));
    gauge("sluice_run_duration_seconds", "How long the last run took, in seconds.", format_value(run.duration_seconds));

    // A family without samples is legal but useless; a run that failed before opening a source has none.
    if (!run.sources.empty()) {
        family(out, "sluice_source_bytes_fetched", "Bytes fetched from each source in the last run, as transferred.");
        for (const auto& source : run.sources) {
            out += fmt::format("sluice_source_bytes_fetched{{job=\"{}\",source=\"{}\"}} {}\n", job,
                               escape_label(source.role), source.bytes_fetched);
        }
        family(out, "sluice_source_bytes_decoded", "Bytes each source decoded to in the last run, after decompression.");
        for (const auto& source : run.sources) {
            out += fmt::format("sluice_source_bytes_decoded{{job=\"{}\",source=\"{}\"}} {}\n", job,
                               escape_label(source.role), source.bytes_decoded);
        }
    }

    gauge("sluice_docs_parsed", "Abstract documents parsed in the last run.", count(run.docs));
    gauge("sluice_records_read", "Movie metadata records read in the last run.", count(run.records_read));
    gauge("sluice_records_rejected", "Movie metadata records rejected in the last run.", count(run.records_rejected));
    gauge("sluice_films_selected", "Films selected for the report in the last run.", count(run.films_selected));
    gauge("sluice_films_matched", "Selected films matched to a Wikipedia page in the last run.", count(run.matched));
    gauge("sluice_rows_loaded", "Rows loaded into the report table in the last run.", count(run.rows_loaded));
    if (last_success_time) {
        gauge("sluice_last_success_timestamp_seconds",
              "When a run of this job last loaded or found its data up to date, in unix seconds.",
              format_value(*last_success_time));
    }
    if (run.snapshot_date) {
        gauge("sluice_snapshot_date_timestamp_seconds",
              "Date of the source snapshot the last run read, as midnight UTC in unix seconds.",
              format_value(snapshot_timestamp(*run.snapshot_date)));
    }
    return out;
}

void write_metrics_file(const std::string& path, const RunMetrics& run, double now_unix)
{
    const std::optional<double> last_success =
        succeeded(run.status) ? std::optional<double>{now_unix} : previous_last_success(path, run.job);
    // Formatted before the temporary file exists: a bad snapshot date leaves nothing behind.
    const std::string text = format_prometheus(run, last_success);
    PendingFile file(path);
    file.write(text);
    file.commit();
}

} // namespace sluice
