#pragma once
// Real parts for the end-to-end tests: the sluice binary run as a process (to its end, or left
// running to be signalled), an HTTP server on 127.0.0.1 serving the fixtures (or holding a
// download in the middle), the private Postgres that ctest started for the run, and a Postgres
// of a test's own for tests that stop the server.

#include <httplib.h>

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

namespace sluice::testing {

// Built with ASan and UBSan (-DSLUICE_SANITIZE=ON): runs are two to three times slower, so
// loops that repeat a run do fewer rounds.
#ifdef SLUICE_SANITIZED
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

struct ProcessResult {
    int exit_code = -1;  // the exit status, or 128 + the signal that killed the process
    int signal = 0;      // the signal that killed the process, 0 when it exited
    std::string out;
    std::string err;
};

// Runs build/sluice with `args`. DATABASE_URL and PG* variables are removed from its environment
// so nothing leaks in from the developer's shell; `env` adds variables back.
ProcessResult run_sluice(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});

// The environment those runs get: this process's, without DATABASE_URL, PG* and SLUICE_*
// variables, with SLUICE_LOG_FORMAT=text unless `env` names it, plus `env`.
std::vector<std::string> sluice_environment(const std::map<std::string, std::string>& env = {});

// Paths of the repo's fixtures and of the real data samples beside the repo.
std::string fixture(const std::string& relative);
std::string real_data(const std::string& name);

// The fixture report (fixtures/README.md): its movie_ids by ratio, and their sum.
inline constexpr const char* kFixtureRanking =
    "31909,36094,40507,14924,77469,252,2769,11414,415,12233,11159,949,10730,8844,630,862,244,194,1779";
inline constexpr int kFixtureRows = 19;
inline constexpr std::int64_t kFixtureIdSum = 263377;

// The snapshot date fixture_run_args loads: fixed, so a test never sees two snapshots when it
// runs across midnight.
inline constexpr const char* kFixtureSnapshot = "2025-02-01";

// Arguments of `sluice run --force` loading the fixtures (movies.zip, and abstracts.xml.gz
// unless `abstracts` names another source) into `table`. Refused records go to a scratch file,
// so stderr holds only what the tests look at.
std::vector<std::string> fixture_run_args(const std::string& conninfo, const std::string& table,
                                          const std::string& abstracts = "");

// The test Postgres: its conninfo, and a fresh connection per call.
std::string test_conninfo();
std::unique_ptr<pqxx::connection> connect_test_db();
// One value from a query, as text ("" for NULL).
std::string query_value(const std::string& sql);
// The same on another server.
std::string query_value(const std::string& conninfo, const std::string& sql);

// The rows of the run ledger (sluice_runs) for `job`, oldest first.
struct LedgerRow {
    std::int64_t id = 0;
    std::string status;
    std::string message;
};
std::vector<LedgerRow> ledger_rows(const std::string& conninfo, const std::string& job);

// A table's oid ("" when there is no such table). A publish puts another table in place, so an
// unchanged oid means nothing was published.
std::string table_oid(const std::string& conninfo, const std::string& table);
// The report's movie_ids by ratio, comma-separated, to compare with kFixtureRanking.
std::string report_ranking(const std::string& conninfo, const std::string& table);

// Publishes the fixture report into `table` (REQUIREs success) and returns the table's oid, for
// check_report_untouched after a run that must publish nothing.
std::string publish_fixture_report(const std::string& conninfo, const std::string& table);
// The same table (oid) as before, with the whole fixture ranking, and no staging table left.
void check_report_untouched(const std::string& conninfo, const std::string& table, const std::string& oid_before);

// A transaction that has read `table` and stays open until finish() (or destruction): the
// ACCESS SHARE lock it holds makes a publish's swap (ALTER TABLE ... RENAME) queue behind it, so
// a test can hold a run inside its publishing transaction for as long as it needs.
class TableReader {
public:
    TableReader(const std::string& conninfo, const std::string& table);
    // The backend pid of a sluice session waiting for this reader's lock; "" if none did within
    // `timeout`.
    std::string blocked_sluice(std::chrono::milliseconds timeout = std::chrono::seconds{30}) const;
    void finish() { transaction_.abort(); }

private:
    std::string conninfo_;
    pqxx::connection connection_;
    pqxx::work transaction_;
    std::string pid_;
};

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

// build/sluice started and left running: the test signals it and waits for it. Its output goes
// to files (a pipe nobody reads could fill and block it). A process still running when this is
// destroyed is killed with SIGKILL and reaped.
class SluiceProcess {
public:
    explicit SluiceProcess(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});
    ~SluiceProcess();
    SluiceProcess(const SluiceProcess&) = delete;
    SluiceProcess& operator=(const SluiceProcess&) = delete;

    pid_t pid() const { return pid_; }
    // Sends `signal` unless the process has been reaped.
    void signal(int signal);
    // The result if the process has ended, without waiting.
    std::optional<ProcessResult> poll();
    // Waits for the end; past `timeout` the process is killed with SIGKILL (the result then
    // says so), so a hung run fails the test instead of hanging it.
    ProcessResult wait(std::chrono::milliseconds timeout = std::chrono::minutes{5});
    // What it has written so far.
    std::string err_so_far() const;

private:
    TempDir scratch_;
    std::string out_path_;
    std::string err_path_;
    pid_t pid_ = -1;
    std::optional<ProcessResult> result_;
};

// Calls `condition` every few milliseconds until it is true (returns true) or `timeout` passes
// (returns false).
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds{30});

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

// A Postgres of the test's own (scripts/pg-private.sh in a scratch directory), for tests that
// stop the server: the shared test server is never stopped while other tests use it. Stopped,
// and its files removed, when destroyed.
class PrivatePostgres {
public:
    PrivatePostgres();  // initdb and start: a second or two
    ~PrivatePostgres();
    PrivatePostgres(const PrivatePostgres&) = delete;
    PrivatePostgres& operator=(const PrivatePostgres&) = delete;

    // Changes on every start: the server takes a free port each time.
    std::string conninfo() const;
    void stop();   // pg_ctl stop -m fast: sessions are cut, open transactions rolled back
    void start();  // the same cluster again

private:
    void script(const std::string& action) const;
    void remove_cluster() noexcept;

    TempDir state_;
};

// A download that a test holds in the middle for as long as it needs: served at `path`, the
// first `head` bytes of `body` go at once, then one byte every `pause` until release(), then
// the rest. A run reading it is certainly mid-run until the test says otherwise (one byte every
// 100 ms stays far above sluice's stall limit of 1 byte/s).
class SlowDownload {
public:
    SlowDownload(HttpServer& server, const std::string& path, std::string body, std::size_t head = 1024,
                 std::chrono::milliseconds pause = std::chrono::milliseconds{100});
    ~SlowDownload();  // releases any response still trickling
    SlowDownload(const SlowDownload&) = delete;
    SlowDownload& operator=(const SlowDownload&) = delete;

    std::string url() const { return url_; }
    // Whether a GET has started sending the body (HEAD requests do not count).
    bool started() const { return state_->started.load(); }
    void release() { state_->released.store(true); }

private:
    struct State {
        std::string body;
        std::size_t head;
        std::chrono::milliseconds pause;
        std::atomic<bool> started{false};
        std::atomic<bool> released{false};
    };
    std::shared_ptr<State> state_;  // shared with the route, which may outlive this object
    std::string url_;
};

} // namespace sluice::testing
