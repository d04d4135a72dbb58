#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace sluice::testing {

namespace {

// A path compiled in by CMake, unless the environment overrides it.
std::string setting(const char* name, const char* built_in)
{
    const char* value = std::getenv(name);
    return value && *value ? value : built_in;
}

// Settings that would reach sluice from the developer's shell: the database and every SLUICE_*
// variable (but the harness's own SLUICE_BIN and friends, which sluice does not read).
bool is_outside_setting(std::string_view entry)
{
    return entry.starts_with("DATABASE_URL=") || entry.starts_with("PG") || entry.starts_with("SLUICE_");
}

} // namespace

std::string fixture(const std::string& relative) { return setting("SLUICE_SOURCE_DIR", SLUICE_SOURCE_DIR) + "/fixtures/" + relative; }

std::string real_data(const std::string& name) { return setting("SLUICE_REAL_DATA_DIR", SLUICE_REAL_DATA_DIR) + "/" + name; }

std::vector<std::string> fixture_run_args(const std::string& conninfo, const std::string& table,
                                          const std::string& abstracts)
{
    static const TempDir scratch;
    return {"run", "--movies", fixture("movies.zip"),
            "--abstracts", abstracts.empty() ? fixture("abstracts.xml.gz") : abstracts,
            "--db", conninfo, "--table", table, "--rejects", scratch.file("rejects.csv"), "--force",
            "--snapshot-date", kFixtureSnapshot};
}

std::string read_file(const std::string& path)
{
    std::ifstream in{path, std::ios::binary};
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

std::uint64_t file_size(const std::string& path) { return std::filesystem::file_size(path); }

TempDir::TempDir()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "sluice-test.XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir()
{
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

namespace {

// Starts argv_storage[0] with stdin from /dev/null and stdout, stderr into the named files.
pid_t spawn(std::vector<std::string> argv_storage, std::vector<std::string> env_storage, const std::string& out_path,
            const std::string& err_path)
{
    std::vector<char*> argv;
    for (auto& arg : argv_storage) argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& entry : env_storage) envp.push_back(entry.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        throw std::runtime_error("cannot start " + argv_storage[0] + ": " + std::strerror(spawned));
    return pid;
}

std::vector<std::string> current_environment()
{
    std::vector<std::string> env;
    for (char** entry = environ; *entry; ++entry) env.emplace_back(*entry);
    return env;
}

#ifdef SLUICE_SANITIZED
// libpqxx 6.4 leaks the PGresult of a query whose connection broke: make_result() asks for the
// client encoding, which throws on a dead connection, before the result is owned by anything.
// Tests that cut connections would otherwise fail on LeakSanitizer's report; leaks of sluice's
// own objects are still reported.
constexpr const char* kLeakSuppressions = "leak:libpq.so\n";

// Points LSAN_OPTIONS in `env` at a file holding kLeakSuppressions.
void add_leak_suppressions(std::vector<std::string>& env)
{
    static const TempDir scratch;
    static const std::string option = [] {
        const auto file = scratch.file("lsan.supp");
        std::ofstream{file} << kLeakSuppressions;
        // Without print_suppressions=0 the counts would follow sluice's one-line error.
        return "suppressions=" + file + ":print_suppressions=0";
    }();
    for (auto& entry : env) {
        if (entry.starts_with("LSAN_OPTIONS=")) {
            entry += ":" + option;
            return;
        }
    }
    env.push_back("LSAN_OPTIONS=" + option);
}
#endif

} // namespace

std::vector<std::string> sluice_environment(const std::map<std::string, std::string>& env)
{
    std::vector<std::string> env_storage;
    for (auto& entry : current_environment()) {
        if (!is_outside_setting(entry)) env_storage.push_back(std::move(entry));
    }
#ifdef SLUICE_SANITIZED
    add_leak_suppressions(env_storage);
#endif
    // Tests read stderr as text unless they ask for JSON lines (sluice's default off a terminal).
    if (!env.contains("SLUICE_LOG_FORMAT")) env_storage.push_back("SLUICE_LOG_FORMAT=text");
    for (const auto& [name, value] : env) env_storage.push_back(name + "=" + value);
    return env_storage;
}

namespace {

pid_t spawn_sluice(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                   const std::string& out_path, const std::string& err_path)
{
    std::vector<std::string> argv{setting("SLUICE_BIN", SLUICE_BIN)};
    argv.insert(argv.end(), args.begin(), args.end());
    return spawn(std::move(argv), sluice_environment(env), out_path, err_path);
}

int wait_blocking(pid_t pid)
{
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw std::runtime_error(std::string{"waitpid failed: "} + std::strerror(errno));
    }
    return status;
}

ProcessResult result_of(int status, const std::string& out_path, const std::string& err_path)
{
    ProcessResult result;
    if (WIFSIGNALED(status)) {
        result.signal = WTERMSIG(status);
        result.exit_code = 128 + result.signal;
    } else {
        result.exit_code = WEXITSTATUS(status);
    }
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    return result;
}

} // namespace

ProcessResult run_sluice(const std::vector<std::string>& args, const std::map<std::string, std::string>& env)
{
    TempDir scratch;
    const auto out_path = scratch.file("stdout");
    const auto err_path = scratch.file("stderr");
    const pid_t pid = spawn_sluice(args, env, out_path, err_path);
    return result_of(wait_blocking(pid), out_path, err_path);
}

SluiceProcess::SluiceProcess(const std::vector<std::string>& args, const std::map<std::string, std::string>& env)
    : out_path_(scratch_.file("stdout")), err_path_(scratch_.file("stderr"))
{
    pid_ = spawn_sluice(args, env, out_path_, err_path_);
}

SluiceProcess::~SluiceProcess()
{
    if (result_) return;
    ::kill(pid_, SIGKILL);
    try {
        wait_blocking(pid_);
    } catch (...) {
    }
}

void SluiceProcess::signal(int signal)
{
    // Once reaped, the pid may belong to another process.
    if (!result_) ::kill(pid_, signal);
}

std::optional<ProcessResult> SluiceProcess::poll()
{
    if (result_) return result_;
    int status = 0;
    const pid_t reaped = ::waitpid(pid_, &status, WNOHANG);
    if (reaped < 0 && errno != EINTR) throw std::runtime_error(std::string{"waitpid failed: "} + std::strerror(errno));
    if (reaped == pid_) result_ = result_of(status, out_path_, err_path_);
    return result_;
}

ProcessResult SluiceProcess::wait(std::chrono::milliseconds timeout)
{
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!poll()) {
        if (std::chrono::steady_clock::now() >= until) {
            ::kill(pid_, SIGKILL);
            result_ = result_of(wait_blocking(pid_), out_path_, err_path_);
            result_->err += "(killed by the test harness after " + std::to_string(timeout.count()) + " ms)\n";
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{1});
    }
    return *result_;
}

std::string SluiceProcess::err_so_far() const { return read_file(err_path_); }

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout)
{
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds{5});
    }
    return true;
}

std::string test_conninfo()
{
    auto conninfo = read_file(setting("SLUICE_TEST_PG_STATE", SLUICE_TEST_PG_STATE) + "/conninfo");
    while (!conninfo.empty() && conninfo.back() == '\n') conninfo.pop_back();
    return conninfo;
}

std::unique_ptr<pqxx::connection> connect_test_db() { return std::make_unique<pqxx::connection>(test_conninfo()); }

std::string query_value(const std::string& sql) { return query_value(test_conninfo(), sql); }

std::string query_value(const std::string& conninfo, const std::string& sql)
{
    pqxx::connection connection{conninfo};
    pqxx::nontransaction transaction{connection};
    const auto result = transaction.exec(sql);
    if (result.empty() || result[0][0].is_null()) return "";
    return result[0][0].c_str();
}

std::vector<LedgerRow> ledger_rows(const std::string& conninfo, const std::string& job)
{
    pqxx::connection connection{conninfo};
    pqxx::nontransaction transaction{connection};
    std::vector<LedgerRow> rows;
    if (transaction.exec("SELECT to_regclass('sluice_runs')")[0][0].is_null()) return rows;
    for (const auto& row : transaction.exec_params(
             "SELECT id, status, coalesce(message, '') FROM sluice_runs WHERE job = $1 ORDER BY id", job))
        rows.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::string>()});
    return rows;
}

std::string table_oid(const std::string& conninfo, const std::string& table)
{
    return query_value(conninfo, "SELECT to_regclass('" + table + "')::oid");
}

std::string report_ranking(const std::string& conninfo, const std::string& table)
{
    return query_value(conninfo, "SELECT string_agg(movie_id::text, ',' ORDER BY ratio DESC) FROM " + table);
}

std::string publish_fixture_report(const std::string& conninfo, const std::string& table)
{
    const auto result = run_sluice(fixture_run_args(conninfo, table));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return table_oid(conninfo, table);
}

void check_report_untouched(const std::string& conninfo, const std::string& table, const std::string& oid_before)
{
    CHECK(table_oid(conninfo, table) == oid_before);
    CHECK(report_ranking(conninfo, table) == kFixtureRanking);
    CHECK(table_oid(conninfo, table + "_staging").empty());
}

TableReader::TableReader(const std::string& conninfo, const std::string& table)
    : conninfo_(conninfo), connection_(conninfo), transaction_(connection_)
{
    transaction_.exec("SELECT count(*) FROM " + table);
    pid_ = transaction_.exec("SELECT pg_backend_pid()")[0][0].as<std::string>();
}

std::string TableReader::blocked_sluice(std::chrono::milliseconds timeout) const
{
    std::string pid;
    wait_until(
        [&] {
            pid = query_value(conninfo_, "SELECT pid FROM pg_stat_activity WHERE application_name = 'sluice' "
                                         "AND wait_event_type = 'Lock' AND " +
                                             pid_ + " = ANY(pg_blocking_pids(pid))");
            return !pid.empty();
        },
        timeout);
    return pid;
}

HttpServer::HttpServer(const std::string& root)
{
    if (!server_.set_mount_point("/", root)) throw std::runtime_error("cannot serve " + root);
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("cannot bind an HTTP port on 127.0.0.1");
    thread_ = std::thread{[this] { server_.listen_after_bind(); }};
    while (!server_.is_running()) std::this_thread::yield();
}

HttpServer::~HttpServer()
{
    server_.stop();
    if (thread_.joinable()) thread_.join();
}

std::string HttpServer::url(const std::string& path) const
{
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

PrivatePostgres::PrivatePostgres()
{
    try {
        start();
    } catch (...) {
        remove_cluster();
        throw;
    }
}

PrivatePostgres::~PrivatePostgres() { remove_cluster(); }

void PrivatePostgres::remove_cluster() noexcept
{
    try {
        script("stop");
    } catch (...) {
    }
    // As root the script keeps the cluster in a directory of its own under /tmp, where the
    // postgres user can write (the scratch directory is root's alone).
    const auto data = read_file(state_.file("datadir"));
    const auto path = std::filesystem::path{data.substr(0, data.find('\n'))};
    if (path.filename().string().starts_with("sluice-pg.")) {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
}

std::string PrivatePostgres::conninfo() const
{
    auto conninfo = read_file(state_.file("conninfo"));
    while (!conninfo.empty() && conninfo.back() == '\n') conninfo.pop_back();
    return conninfo;
}

void PrivatePostgres::stop() { script("stop"); }

void PrivatePostgres::start() { script("start"); }

void PrivatePostgres::script(const std::string& action) const
{
    TempDir scratch;
    const auto pg_private = setting("SLUICE_SOURCE_DIR", SLUICE_SOURCE_DIR) + "/scripts/pg-private.sh";
    std::vector<std::string> argv{"/bin/bash", pg_private, action, state_.path()};
    if (action == "start") argv.push_back("--fast");
    const auto status = wait_blocking(spawn(argv, current_environment(), scratch.file("out"), scratch.file("err")));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("scripts/pg-private.sh " + action + " failed: " + read_file(scratch.file("err")));
}

SlowDownload::SlowDownload(HttpServer& server, const std::string& path, std::string body, std::size_t head,
                           std::chrono::milliseconds pause)
    : state_(std::make_shared<State>()), url_(server.url(path))
{
    state_->body = std::move(body);
    state_->head = std::min(head, state_->body.size());
    state_->pause = pause;
    server.routes().Get(path, [state = state_](const httplib::Request&, httplib::Response& response) {
        response.set_content_provider(
            state->body.size(), "application/gzip",
            [state](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                state->started.store(true);
                if (offset < state->head) return sink.write(state->body.data() + offset, state->head - offset);
                if (state->released.load())
                    return sink.write(state->body.data() + offset, state->body.size() - offset);
                std::this_thread::sleep_for(state->pause);
                // false once the client has gone, which ends the response.
                return sink.write(state->body.data() + offset, 1);
            });
    });
}

SlowDownload::~SlowDownload() { release(); }

} // namespace sluice::testing

#ifdef SLUICE_SANITIZED
// The same suppressions for the tests' own connections (LeakSanitizer calls this at startup).
extern "C" const char* __lsan_default_suppressions() { return sluice::testing::kLeakSuppressions; }
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
#endif
