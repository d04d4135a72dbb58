#pragma once
// Real parts for the end-to-end tests: the sluice binary run as a process, an HTTP server on
// 127.0.0.1 serving the fixtures, and the private Postgres that ctest started for the run.

#include <httplib.h>

#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

namespace sluice::testing {

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs build/sluice with `args`. DATABASE_URL and PG* variables are removed from its environment
// so nothing leaks in from the developer's shell; `env` adds variables back.
ProcessResult run_sluice(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});

// Paths of the repo's fixtures and of the real data samples beside the repo.
std::string fixture(const std::string& relative);
std::string real_data(const std::string& name);

// The test Postgres: its conninfo, and a fresh connection per call.
std::string test_conninfo();
std::unique_ptr<pqxx::connection> connect_test_db();
// One value from a query, as text ("" for NULL).
std::string query_value(const std::string& sql);

// A scratch directory removed at the end of the test.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

std::string read_file(const std::string& path);
std::uint64_t file_size(const std::string& path);

// An HTTP server on 127.0.0.1 at a free port, serving `root` at "/"; tests may add routes.
class HttpServer {
public:
    explicit HttpServer(const std::string& root);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    std::string url(const std::string& path) const;
    httplib::Server& routes() { return server_; }

private:
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

} // namespace sluice::testing
