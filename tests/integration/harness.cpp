#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

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

bool is_database_variable(std::string_view entry)
{
    return entry.starts_with("DATABASE_URL=") || entry.starts_with("PG");
}

} // namespace

std::string fixture(const std::string& relative) { return setting("SLUICE_SOURCE_DIR", SLUICE_SOURCE_DIR) + "/fixtures/" + relative; }

std::string real_data(const std::string& name) { return setting("SLUICE_REAL_DATA_DIR", SLUICE_REAL_DATA_DIR) + "/" + name; }

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

ProcessResult run_sluice(const std::vector<std::string>& args, const std::map<std::string, std::string>& env)
{
    TempDir scratch;
    const auto out_path = scratch.file("stdout");
    const auto err_path = scratch.file("stderr");

    std::vector<std::string> argv_storage{setting("SLUICE_BIN", SLUICE_BIN)};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argv_storage) argv.push_back(arg.data());
    argv.push_back(nullptr);

    std::vector<std::string> env_storage;
    for (char** entry = environ; *entry; ++entry) {
        if (!is_database_variable(*entry)) env_storage.emplace_back(*entry);
    }
    for (const auto& [name, value] : env) env_storage.push_back(name + "=" + value);
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
    if (spawned != 0) throw std::runtime_error(std::string{"cannot start sluice: "} + std::strerror(spawned));

    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw std::runtime_error("waitpid failed");
    }
    ProcessResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    return result;
}

std::string test_conninfo()
{
    auto conninfo = read_file(setting("SLUICE_TEST_PG_STATE", SLUICE_TEST_PG_STATE) + "/conninfo");
    while (!conninfo.empty() && conninfo.back() == '\n') conninfo.pop_back();
    return conninfo;
}

std::unique_ptr<pqxx::connection> connect_test_db() { return std::make_unique<pqxx::connection>(test_conninfo()); }

std::string query_value(const std::string& sql)
{
    auto connection = connect_test_db();
    pqxx::nontransaction transaction{*connection};
    const auto result = transaction.exec(sql);
    if (result.empty() || result[0][0].is_null()) return "";
    return result[0][0].c_str();
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

} // namespace sluice::testing
