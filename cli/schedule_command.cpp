#include "cli/schedule_command.hpp"

#include "cli/cli_main.hpp"
#include "cli/option_values.hpp"
#include "core/cron_schedule.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/log.hpp"
#include "core/metrics_server.hpp"
#include "core/output_path.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

extern char** environ;

namespace sluice {

namespace {

using Clock = std::chrono::system_clock;
constexpr auto kPoll = std::chrono::milliseconds{100};

std::string iso(Clock::time_point when)
{
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::floor<std::chrono::seconds>(when));
}

double unix_seconds(Clock::time_point when)
{
    return std::chrono::duration<double>(when.time_since_epoch()).count();
}

// What the scheduler itself knows, for /metrics (the last run's own figures come from its
// metrics file).
struct ScheduleState {
    std::mutex mutex;
    std::uint64_t runs = 0;
    std::uint64_t skipped_ticks = 0;
    bool running = false;
    std::optional<int> last_exit;
    Clock::time_point next;
};

std::string schedule_metrics(ScheduleState& state, const std::string& run_metrics_file)
{
    std::string out;
    {
        const std::lock_guard lock{state.mutex};
        out += "# HELP sluice_schedule_runs_total Runs the scheduler started.\n"
               "# TYPE sluice_schedule_runs_total counter\n";
        out += fmt::format("sluice_schedule_runs_total {}\n", state.runs);
        out += "# HELP sluice_schedule_skipped_ticks_total Ticks skipped because a run was still going.\n"
               "# TYPE sluice_schedule_skipped_ticks_total counter\n";
        out += fmt::format("sluice_schedule_skipped_ticks_total {}\n", state.skipped_ticks);
        out += "# HELP sluice_schedule_running 1 while a run is going.\n# TYPE sluice_schedule_running gauge\n";
        out += fmt::format("sluice_schedule_running {}\n", state.running ? 1 : 0);
        out += "# HELP sluice_schedule_next_run_timestamp_seconds When the next run starts.\n"
               "# TYPE sluice_schedule_next_run_timestamp_seconds gauge\n";
        out += fmt::format("sluice_schedule_next_run_timestamp_seconds {:.0f}\n", unix_seconds(state.next));
        if (state.last_exit) {
            out += "# HELP sluice_schedule_last_exit_code The last run's exit code.\n"
                   "# TYPE sluice_schedule_last_exit_code gauge\n";
            out += fmt::format("sluice_schedule_last_exit_code {}\n", *state.last_exit);
        }
    }
    std::ifstream file{run_metrics_file};
    if (file) {
        std::stringstream text;
        text << file.rdbuf();
        out += text.str();
    }
    return out;
}

// A run, as a child process in its own process group.
class ChildRun {
public:
    ChildRun(const std::vector<std::string>& args, const std::vector<std::string>& extra_env)
    {
        std::vector<char*> argv;
        for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        std::vector<std::string> env_text;
        for (char** entry = environ; *entry != nullptr; ++entry) {
            const std::string_view text{*entry};
            bool replaced = false;
            for (const auto& extra : extra_env)
                replaced = replaced || text.starts_with(extra.substr(0, extra.find('=') + 1));
            if (!replaced) env_text.emplace_back(text);
        }
        env_text.insert(env_text.end(), extra_env.begin(), extra_env.end());
        std::vector<char*> envp;
        for (auto& entry : env_text) envp.push_back(entry.data());
        envp.push_back(nullptr);

        posix_spawnattr_t attributes;
        posix_spawnattr_init(&attributes);
        posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
        posix_spawnattr_setpgroup(&attributes, 0);
        sigset_t none;
        sigemptyset(&none);
        posix_spawnattr_setsigmask(&attributes, &none);
        sigset_t defaults;
        sigemptyset(&defaults);
        sigaddset(&defaults, SIGINT);
        sigaddset(&defaults, SIGTERM);
        posix_spawnattr_setsigdefault(&attributes, &defaults);
        const int failed = posix_spawn(&pid_, args[0].c_str(), nullptr, &attributes, argv.data(), envp.data());
        posix_spawnattr_destroy(&attributes);
        if (failed != 0) throw Error(args[0], std::string{"cannot start a run: "} + std::strerror(failed));
    }

    ~ChildRun()
    {
        // Only reached with a child still running when the scheduler itself fails.
        if (!status_) {
            ::kill(pid_, SIGTERM);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
    }
    ChildRun(const ChildRun&) = delete;
    ChildRun& operator=(const ChildRun&) = delete;

    // The exit code once it has ended (128 + N when killed by signal N).
    std::optional<int> poll()
    {
        if (status_) return status_;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_)
            status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return status_;
    }

    void signal(int number) const
    {
        if (!status_) ::kill(pid_, number);
    }

private:
    pid_t pid_ = -1;
    std::optional<int> status_;
};

// A scheduler line about one run carries that run's id, as the run's own lines do.
void log_for_run(const std::string& run, std::string_view message, const LogFields& fields = {},
                 LogLevel level = LogLevel::info)
{
    set_run_id(run);
    log_line(message, fields, level);
    set_run_id("");
}

std::string describe_exit(int code)
{
    switch (code) {
    case 0: return "finished (loaded or up to date)";
    case 1: return "failed";
    case 2: return "failed: bad usage";
    case 3: return "did nothing: another run of the job holds its lock";
    default: return code > 128 ? fmt::format("stopped by signal {}", code - 128) : "failed";
    }
}

} // namespace

ScheduleCommand::ScheduleCommand(CLI::App& parent)
    : app_(parent.add_subcommand("schedule", "Stay in the foreground and start `sluice run` on a cron schedule"))
{
    app_->footer("The run's own options follow `--`, e.g.\n"
                 "  sluice schedule --cron '0 1 * * *' -- run --movies URL --abstracts URL\n"
                 "Without them the run takes its settings from SLUICE_* variables and the config file.");
    app_->add_option("--cron", cron_,
                     "When to run: minute hour day-of-month month day-of-week (lists, ranges, steps, names), "
                     "an optional leading seconds field, or @daily/@hourly/...");
    app_->add_option("--tz", time_zone_, "Time zone the cron fields are read in (IANA name)")->capture_default_str();
    add_whole_number(*app_, "--metrics-port", metrics_port_, "Serve /metrics on this port (0: no server)", 0, 65535)
        ->capture_default_str();
    app_->add_option("--metrics-address", metrics_address_, "Address the /metrics server listens on")
        ->capture_default_str();
    app_->add_option("--metrics-file", metrics_file_,
                     "Each run writes its metrics here (Prometheus text); /metrics serves it too");
    app_->add_flag("--run-now", run_now_, "Start a run at once, then follow the schedule");
    app_->add_option("run", run_args_, "The run (run or load) and its options, after --")->configurable(false);
}

int ScheduleCommand::execute(const std::string& config_path)
{
    if (cron_.empty()) throw UsageError("--cron is required (or SLUICE_CRON, or cron in the config file)");
    const auto schedule = CronSchedule::parse(cron_, time_zone_);
    if (!run_args_.empty() && run_args_.front() != "run" && run_args_.front() != "load")
        throw UsageError("schedule runs `sluice run` or `sluice load`: put its options after `-- run` or "
                         "`-- load JOB.toml`, got '" + run_args_.front() + "'");
    // The scheduler names the runs' metrics file (so /metrics can serve it): one given to the run
    // instead would go unserved.
    if (std::find(run_args_.begin(), run_args_.end(), "--metrics-file") != run_args_.end())
        throw UsageError("give --metrics-file to schedule, not to the run: the scheduler hands it to every run");
    check_output_paths({{"--metrics-file", metrics_file_, true, false}});

    std::vector<std::string> args{std::filesystem::read_symlink("/proc/self/exe").string()};
    if (!config_path.empty()) args.insert(args.end(), {"--config", config_path});
    args.insert(args.end(), {"--log-format", log_format() == LogFormat::json ? "json" : "text"});
    if (run_args_.empty()) args.emplace_back("run");
    args.insert(args.end(), run_args_.begin(), run_args_.end());
    // The run's settings are checked now: a missing source fails the container at its start.
    CommandLine{}.check_run({args.begin() + 1, args.end()});

    // The runs' metrics file: the one asked for, else a private one when /metrics needs it.
    auto metrics_file = metrics_file_;
    std::optional<std::filesystem::path> private_dir;
    if (metrics_file.empty() && metrics_port_ != 0) {
        std::string pattern = (std::filesystem::temp_directory_path() / "sluice-metrics.XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw Error(pattern, std::string{"mkdtemp: "} + std::strerror(errno));
        private_dir = pattern;
        metrics_file = (*private_dir / "run.prom").string();
    }
    struct RemoveDir {
        std::optional<std::filesystem::path>& dir;
        ~RemoveDir()
        {
            std::error_code ignored;
            if (dir) std::filesystem::remove_all(*dir, ignored);
        }
    } remove_private_dir{private_dir};

    catch_interrupts();
    ScheduleState state;
    state.next = run_now_ ? Clock::now() : schedule.next_after(Clock::now());
    std::optional<MetricsServer> server;
    if (metrics_port_ != 0) {
        server.emplace(metrics_address_, metrics_port_, [&] { return schedule_metrics(state, metrics_file); });
        log_line(fmt::format("serving /metrics on http://{}:{}/metrics", metrics_address_, server->port()));
    }
    log_line(fmt::format("schedule '{}' ({}): next run at {}", cron_, time_zone_, iso(state.next)),
             {{"cron", cron_}, {"tz", time_zone_}, {"next", iso(state.next)}});

    std::optional<ChildRun> child;
    std::string child_id;
    int forwarded = 0;
    for (;;) {
        if (const int signal = interrupt_signal(); signal != 0) {
            if (!child) break;
            if (forwarded == 0) {
                log_for_run(child_id, fmt::format("stopping: run {} is asked to roll back (signal {})", child_id, signal));
                child->signal(signal);
                forwarded = signal;
            }
        }
        if (child) {
            if (const auto code = child->poll()) {
                log_for_run(child_id, fmt::format("run {} {} (exit {})", child_id, describe_exit(*code), *code),
                            {{"exit_code", static_cast<std::int64_t>(*code)}});
                child.reset();
                const std::lock_guard lock{state.mutex};
                state.running = false;
                state.last_exit = *code;
                if (forwarded != 0) break;
                continue;
            }
        }
        const auto now = Clock::now();
        if (now >= state.next) {
            const auto tick = state.next;
            {
                const std::lock_guard lock{state.mutex};
                state.next = schedule.next_after(std::max(now, tick));
            }
            if (child) {
                {
                    const std::lock_guard lock{state.mutex};
                    ++state.skipped_ticks;
                }
                log_for_run(child_id,
                            fmt::format("tick at {} skipped: run {} is still going; next run at {}", iso(tick),
                                        child_id, iso(state.next)),
                            {{"tick", iso(tick)}, {"next", iso(state.next)}});
            } else if (interrupt_signal() == 0) {
                child_id = new_run_id();
                // No progress line from the runs: the scheduler's own lines share the terminal
                // (`-- run --progress` still asks for it).
                std::vector<std::string> extra_env{"SLUICE_RUN_ID=" + child_id, "SLUICE_PROGRESS=false"};
                if (!metrics_file.empty()) extra_env.push_back("SLUICE_METRICS_FILE=" + metrics_file);
                log_for_run(child_id,
                            fmt::format("tick at {}: starting run {}; next run at {}", iso(tick), child_id,
                                        iso(state.next)),
                            {{"tick", iso(tick)}, {"next", iso(state.next)}});
                // A run that cannot start (no process slot, no memory) costs this tick, not the
                // scheduler.
                try {
                    child.emplace(args, extra_env);
                } catch (const std::exception& failure) {
                    log_for_run(child_id, one_line(failure.what()), {}, LogLevel::error);
                    continue;
                }
                const std::lock_guard lock{state.mutex};
                state.running = true;
                ++state.runs;
            }
            continue;
        }
        std::this_thread::sleep_for(std::min<Clock::duration>(kPoll, state.next - now));
    }
    log_line(fmt::format("stopped by signal {}", interrupt_signal()));
    return 0;
}

} // namespace sluice
