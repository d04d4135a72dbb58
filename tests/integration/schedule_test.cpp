// `sluice schedule` as a container runs it: fires `sluice run` on a seconds-level cron schedule,
// skips the ticks that come while a run is going, serves /metrics, and on SIGTERM has the
// running run roll back, then exits 0. And the metrics file a run writes.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <regex>
#include <sstream>

using namespace sluice::testing;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t count_of(const std::string& text, const std::string& part)
{
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
    return count;
}

void forget_job(const std::string& conninfo, const std::string& table)
{
    query_value(conninfo, "DROP TABLE IF EXISTS \"" + table + "\", \"" + table + "_previous\"");
    query_value(conninfo, "DELETE FROM sluice_runs WHERE job = '" + table + "'");
}

std::vector<std::string> schedule_args(const std::string& cron, const std::vector<std::string>& extra,
                                       const std::vector<std::string>& run)
{
    std::vector<std::string> args{"schedule", "--cron", cron};
    args.insert(args.end(), extra.begin(), extra.end());
    args.emplace_back("--");
    args.insert(args.end(), run.begin(), run.end());
    return args;
}

// A port nobody listens on now (the kernel's pick for a socket bound to port 0).
int free_port()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    ::close(fd);
    return ntohs(address.sin_port);
}

// The value of a metric line "name{labels} value" in Prometheus text, or "" when absent.
std::string metric(const std::string& text, const std::string& series)
{
    std::istringstream lines{text};
    std::string line;
    while (std::getline(lines, line)) {
        if (line.starts_with(series + " ")) return line.substr(series.size() + 1);
    }
    return "";
}

} // namespace

TEST_CASE("schedule: fires runs on a seconds-level cron schedule, serves /metrics, and stops cleanly on SIGTERM")
{
    const std::string table = "schedule_fires";
    const auto conninfo = test_conninfo();
    forget_job(conninfo, table);
    TempDir scratch;
    auto run = fixture_run_args(conninfo, table);
    run.erase(std::find(run.begin(), run.end(), "--force"));  // the second tick finds nothing changed
    const auto port = free_port();
    SluiceProcess scheduler{schedule_args("*/2 * * * * *", {"--metrics-port", std::to_string(port)}, run)};

    // The first run loads, the next ones find the fixtures unchanged and skip.
    REQUIRE(wait_until([&] { return ledger_rows(conninfo, table).size() >= 3; }, std::chrono::seconds{60}));
    CHECK(contains(scheduler.err_so_far(),
                   "sluice: serving /metrics on http://127.0.0.1:" + std::to_string(port) + "/metrics\n"));
    httplib::Client client{"127.0.0.1", port};
    const auto scraped = client.Get("/metrics");
    REQUIRE(scraped);
    CHECK(scraped->status == 200);
    CHECK(std::stoi(metric(scraped->body, "sluice_schedule_runs_total")) >= 2);
    CHECK(metric(scraped->body, "sluice_schedule_skipped_ticks_total") == "0");
    CHECK(metric(scraped->body, "sluice_schedule_last_exit_code") == "0");
    // The last run's own metrics, from the file each run writes.
    CHECK(metric(scraped->body, "sluice_run_status{job=\"" + table + "\",status=\"skipped\"}") == "1");
    CHECK(metric(scraped->body, "sluice_run_status{job=\"" + table + "\",status=\"failed\"}") == "0");
    CHECK(!metric(scraped->body, "sluice_last_success_timestamp_seconds{job=\"" + table + "\"}").empty());

    scheduler.signal(SIGTERM);
    const auto result = scheduler.wait(std::chrono::seconds{30});
    INFO(result.err);
    CHECK(result.signal == 0);
    CHECK(result.exit_code == 0);
    CHECK(contains(result.err, "sluice: schedule '*/2 * * * * *' (UTC): next run at "));
    CHECK(result.err.ends_with("sluice: stopped by signal 15\n"));
    const auto ledger = ledger_rows(conninfo, table);
    REQUIRE(ledger.size() >= 3);
    CHECK(ledger[0].status == "LOADED");
    for (std::size_t i = 1; i < ledger.size(); ++i) {
        CHECK(ledger[i].status == "SKIPPED");
        CHECK(ledger[i].message == "up to date: no source changed since run " + std::to_string(ledger[0].id));
    }
    // One "starting run" and one "finished" line per run, each naming its run id.
    const auto started = count_of(result.err, ": starting run ");
    CHECK(started == ledger.size());
    CHECK(count_of(result.err, "finished (loaded or up to date) (exit 0)") == started);
    CHECK(report_ranking(conninfo, table) == kFixtureRanking);
}

TEST_CASE("schedule: a tick during a run is skipped, and SIGTERM rolls the running run back")
{
    const std::string table = "schedule_overlap";
    const auto conninfo = test_conninfo();
    forget_job(conninfo, table);
    const auto oid_before = publish_fixture_report(conninfo, table);
    const auto rows_before = ledger_rows(conninfo, table).size();
    HttpServer server{fixture("")};
    SlowDownload abstracts{server, "/held.xml.gz", read_file(fixture("abstracts.xml.gz"))};
    SluiceProcess scheduler{
        schedule_args("* * * * * *", {"--run-now"}, fixture_run_args(conninfo, table, abstracts.url())),
        {{"SLUICE_LOG_FORMAT", "json"}}};

    // The run is held in its download while the seconds go by: their ticks are skipped.
    REQUIRE(wait_until([&] { return count_of(scheduler.err_so_far(), "is still going") >= 2; }));
    REQUIRE(ledger_rows(conninfo, table).size() == rows_before + 1);
    scheduler.signal(SIGTERM);
    const auto result = scheduler.wait(std::chrono::seconds{60});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    const auto ledger = ledger_rows(conninfo, table);
    REQUIRE(ledger.size() == rows_before + 1);
    CHECK(ledger.back().status == "FAILED");
    CHECK(ledger.back().message == "interrupted by SIGTERM: the run was rolled back");
    check_report_untouched(conninfo, table, oid_before);

    // JSON lines throughout; the run's lines and the scheduler's lines about it share its id.
    const std::regex skipped{"\\{\"time\":\"[0-9T:-]+Z\",\"level\":\"info\",\"run\":\"([0-9a-fTZ-]+)\",\"msg\":\"tick at "
                             "[0-9T:-]+Z skipped: run ([0-9a-fTZ-]+) is still going; next run at [0-9T:-]+Z\",\"tick\":"
                             "\"[0-9T:-]+Z\",\"next\":\"[0-9T:-]+Z\"\\}"};
    std::smatch skip;
    REQUIRE(std::regex_search(result.err, skip, skipped));
    const std::string run_id = skip[1];
    CHECK(skip[2] == run_id);
    CHECK(contains(result.err, "\"run\":\"" + run_id + "\",\"msg\":\"interrupted by SIGTERM: the run was rolled back\""));
    CHECK(contains(result.err, "\"run\":\"" + run_id + "\",\"msg\":\"stopping: run " + run_id + " is asked to roll back (signal 15)\""));
    CHECK(contains(result.err, "\"run\":\"" + run_id + "\",\"msg\":\"run " + run_id + " stopped by signal 15 (exit 143)\""));
    CHECK(contains(result.err, "\"msg\":\"stopped by signal 15\""));
    CHECK(count_of(result.err, ": starting run ") == 1);
}

TEST_CASE("schedule: refuses a bad cron expression, an unknown time zone and a run it could not start, at once")
{
    const auto run = fixture_run_args(test_conninfo(), "schedule_refused");
    const auto bad_cron = run_sluice(schedule_args("0 25 * * *", {}, run));
    CHECK(bad_cron.exit_code == 2);
    CHECK(bad_cron.err == "sluice: --cron: hour field '25': out of range 0-23\n");
    const auto bad_zone = run_sluice(schedule_args("0 1 * * *", {"--tz", "Mars/Olympus"}, run));
    CHECK(bad_zone.exit_code == 2);
    CHECK(bad_zone.err ==
          "sluice: --tz: unknown time zone 'Mars/Olympus' (expected an IANA name such as Europe/Berlin)\n");
    const auto no_sources = run_sluice({"schedule", "--cron", "0 1 * * *"});
    CHECK(no_sources.exit_code == 2);
    CHECK(no_sources.err == "sluice: --movies is required (or SLUICE_MOVIES, or movies in the config file)\n");
    const auto not_run = run_sluice({"schedule", "--cron", "0 1 * * *", "--", "status"});
    CHECK(not_run.exit_code == 2);
    CHECK(not_run.err == "sluice: schedule runs `sluice run` or `sluice load`: put its options after `-- run` or `-- load JOB.toml`, got 'status'\n");
}

TEST_CASE("metrics file: a loaded run's figures, and a failed run keeps the last success time")
{
    const std::string table = "metrics_file";
    const auto conninfo = test_conninfo();
    forget_job(conninfo, table);
    TempDir scratch;
    const auto path = scratch.file("sluice.prom");
    auto args = fixture_run_args(conninfo, table);
    args.insert(args.end(), {"--metrics-file", path});
    const auto loaded = run_sluice(args);
    INFO(loaded.err);
    REQUIRE(loaded.exit_code == 0);
    const auto text = read_file(path);
    const std::string job = "{job=\"" + table + "\"}";
    CHECK(metric(text, "sluice_run_status{job=\"" + table + "\",status=\"loaded\"}") == "1");
    CHECK(metric(text, "sluice_run_status{job=\"" + table + "\",status=\"failed\"}") == "0");
    CHECK(metric(text, "sluice_source_bytes_fetched{job=\"" + table + "\",source=\"movies\"}") ==
          std::to_string(file_size(fixture("movies.zip"))));
    CHECK(metric(text, "sluice_source_bytes_fetched{job=\"" + table + "\",source=\"abstracts\"}") ==
          std::to_string(file_size(fixture("abstracts.xml.gz"))));
    CHECK(metric(text, "sluice_docs_parsed" + job) == "70");
    CHECK(metric(text, "sluice_records_read" + job) == "41");
    CHECK(metric(text, "sluice_records_rejected" + job) == "4");
    CHECK(metric(text, "sluice_films_selected" + job) == "19");
    CHECK(metric(text, "sluice_films_matched" + job) == "16");
    CHECK(metric(text, "sluice_rows_loaded" + job) == "19");
    CHECK(metric(text, "sluice_snapshot_date_timestamp_seconds" + job) == "1738368000");  // 2025-02-01
    const auto last_success = metric(text, "sluice_last_success_timestamp_seconds" + job);
    REQUIRE(!last_success.empty());
    CHECK(std::stod(metric(text, "sluice_run_duration_seconds" + job)) > 0);
    CHECK(contains(text, "# TYPE sluice_rows_loaded gauge\n"));

    auto failing = fixture_run_args(conninfo, table, fixture("bad/truncated.xml.gz"));
    failing.insert(failing.end(), {"--metrics-file", path});
    const auto failed = run_sluice(failing);
    CHECK(failed.exit_code == 1);
    const auto after = read_file(path);
    CHECK(metric(after, "sluice_run_status{job=\"" + table + "\",status=\"failed\"}") == "1");
    CHECK(metric(after, "sluice_run_status{job=\"" + table + "\",status=\"loaded\"}") == "0");
    CHECK(metric(after, "sluice_last_success_timestamp_seconds" + job) == last_success);
    CHECK(metric(after, "sluice_rows_loaded" + job) == "0");
}
