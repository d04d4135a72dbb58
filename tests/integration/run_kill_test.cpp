// Runs stopped from outside. SIGTERM and SIGINT stop a run cleanly: rolled back, recorded as
// FAILED in the ledger, exit 143 / 130. SIGKILL gives no chance to clean up, so the database must
// be right by construction: a run killed at any moment, the publish included, never shows a
// reader anything but a complete report, and the next run closes the row the dead one left.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <mutex>
#include <random>
#include <thread>
#include <tuple>

using namespace sluice::testing;

namespace {

} // namespace

TEST_CASE("SIGTERM and SIGINT during a download roll the run back, exit 143 and 130, and the next run loads")
{
    const std::string table = "kill_interrupted";
    const auto conninfo = test_conninfo();
    publish_fixture_report(conninfo, table);
    HttpServer server{fixture("")};

    for (const auto& [signal, name, exit_code] :
         {std::tuple{SIGTERM, "SIGTERM", 143}, std::tuple{SIGINT, "SIGINT", 130}}) {
        CAPTURE(name);
        const auto oid_before = table_oid(conninfo, table);
        const auto rows_before = ledger_rows(conninfo, table).size();
        SlowDownload abstracts{server, std::string{"/slow-"} + name + ".xml.gz",
                               read_file(fixture("abstracts.xml.gz"))};
        SluiceProcess run{fixture_run_args(conninfo, table, abstracts.url())};
        REQUIRE(wait_until([&] {
            const auto rows = ledger_rows(conninfo, table);
            return abstracts.started() && rows.size() == rows_before + 1 && rows.back().status == "RUNNING";
        }));
        run.signal(signal);
        const auto result = run.wait();

        const std::string message = std::string{"interrupted by "} + name + ": the run was rolled back";
        CHECK(result.signal == 0);
        CHECK(result.exit_code == exit_code);
        CHECK(result.err == "sluice: " + message + "\n");
        CHECK(result.out.empty());
        const auto ledger = ledger_rows(conninfo, table);
        REQUIRE(ledger.size() == rows_before + 1);
        CHECK(ledger.back().status == "FAILED");
        CHECK(ledger.back().message == message);
        check_report_untouched(conninfo, table, oid_before);

        const auto next = run_sluice(fixture_run_args(conninfo, table));
        INFO(next.err);
        CHECK(next.exit_code == 0);
        CHECK(ledger_rows(conninfo, table).back().status == "LOADED");
        CHECK(table_oid(conninfo, table) != oid_before);
    }
}

// The swap waits for a reader's lock (up to its lock_timeout of 120 s); a SIGTERM then must not
// wait with it: the statement is cancelled and the run rolled back at once.
TEST_CASE("SIGTERM while the publish waits for a reader's lock rolls the run back")
{
    const std::string table = "kill_interrupted_publish";
    const auto conninfo = test_conninfo();
    const auto oid_before = publish_fixture_report(conninfo, table);
    const auto rows_before = ledger_rows(conninfo, table).size();

    TableReader reader{conninfo, table};
    SluiceProcess run{fixture_run_args(conninfo, table)};
    REQUIRE(!reader.blocked_sluice().empty());
    run.signal(SIGTERM);
    // The swap would wait up to its lock_timeout (120 s) for the reader; a stop is asked for now.
    const auto result = run.wait(std::chrono::seconds{5});
    reader.finish();

    CHECK(result.signal == 0);
    CHECK(result.exit_code == 143);
    CHECK(result.err == "sluice: interrupted by SIGTERM: the run was rolled back\n");
    const auto ledger = ledger_rows(conninfo, table);
    REQUIRE(ledger.size() == rows_before + 1);
    CHECK(ledger.back().status == "FAILED");
    CHECK(ledger.back().message == "interrupted by SIGTERM: the run was rolled back");
    check_report_untouched(conninfo, table, oid_before);
}

namespace {

// Reads the live table over and over, each read in a transaction of its own, and counts the
// reads that saw anything but the complete fixture report.
class LiveTableReader {
public:
    explicit LiveTableReader(std::string table)
        : table_(std::move(table)), thread_([this](std::stop_token stop) { read_until(stop); })
    {
    }

    void stop()
    {
        thread_.request_stop();
        if (thread_.joinable()) thread_.join();
    }

    long reads() const { return reads_; }
    long partial() const { return partial_; }
    long lock_timeouts() const { return lock_timeouts_; }
    // The first few partial reads or failed queries, for the failure message.
    std::string seen() const
    {
        std::lock_guard lock{mutex_};
        return seen_;
    }

private:
    void note(const std::string& what)
    {
        std::lock_guard lock{mutex_};
        if (std::count(seen_.begin(), seen_.end(), '\n') < 10) seen_ += what + "\n";
    }

    void read_until(std::stop_token stop)
    {
        std::unique_ptr<pqxx::connection> connection;
        while (!stop.stop_requested()) {
            try {
                if (!connection) {
                    connection = std::make_unique<pqxx::connection>(test_conninfo());
                    // A run killed inside the publish holds the table until Postgres notices;
                    // a read waiting longer than this is recorded, not counted as partial.
                    pqxx::nontransaction{*connection}.exec("SET lock_timeout = '10s'");
                }
                pqxx::work transaction{*connection};
                const auto row = transaction.exec("SELECT count(*), sum(movie_id) FROM " + table_)[0];
                transaction.commit();
                ++reads_;
                const bool complete = row[0].as<long>() == kFixtureRows && !row[1].is_null() &&
                                      row[1].as<std::int64_t>() == kFixtureIdSum;
                if (!complete) {
                    ++partial_;
                    note("read " + std::to_string(reads_) + ": " + row[0].c_str() + " rows, sum " + row[1].c_str());
                }
            } catch (const pqxx::sql_error& failure) {
                ++reads_;
                if (failure.sqlstate() == "55P03") {
                    ++lock_timeouts_;
                    note(std::string{"lock timeout: "} + failure.what());
                } else {
                    // "relation does not exist" and the like: the reader saw no complete report.
                    ++partial_;
                    note(std::string{"failed: "} + failure.what());
                }
            } catch (const std::exception& failure) {
                note(std::string{"connection: "} + failure.what());
                connection.reset();
            }
        }
    }

    std::string table_;
    std::atomic<long> reads_{0};
    std::atomic<long> partial_{0};
    std::atomic<long> lock_timeouts_{0};
    mutable std::mutex mutex_;
    std::string seen_;
    std::jthread thread_;  // last: started once the counters exist
};

} // namespace

TEST_CASE("runs killed with SIGKILL at any moment never show a reader a partial report")
{
    const std::string table = "kill_loop";
    const auto conninfo = test_conninfo();
    publish_fixture_report(conninfo, table);

    // The reader is busy from the start: it takes a core, and runs are slower beside it.
    LiveTableReader reader{table};

    // How long a whole run takes here, so the kills can be spread over all of it.
    std::vector<double> seconds;
    for (int i = 0; i < 5; ++i) {
        const auto started = std::chrono::steady_clock::now();
        publish_fixture_report(conninfo, table);
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    std::sort(seconds.begin(), seconds.end());
    const auto run_time = std::chrono::duration<double>{seconds[seconds.size() / 2]};

    // A round takes about 50 ms in the normal build (the run's length, a little less when it is
    // killed): 300 rounds, some 270 kills, in about 15 s. ASan and UBSan make a run about twice
    // as slow.
    const int rounds = kSanitized ? 120 : 300;
    const auto seed = std::random_device{}();
    std::mt19937 random{seed};
    // A little past the typical run's end, so the publish and the commit are hit as well as
    // runs that finish before the kill.
    std::uniform_real_distribution<double> delay{0.0, 1.1 * run_time.count()};

    struct Figures {
        int kills = 0;
        int finished_first = 0;   // exited 0 before the kill
        int already_running = 0;  // exit 3: the last killed run's session was still there; retried
        int before_ledger = 0;    // killed before the run's ledger row was written
        int reading = 0;          // ... while reading the sources (rows may be going into staging)
        int publishing = 0;       // ... after the counts were recorded: the COPY's end, the check,
                                  //     the swap, the commit
        int after_commit = 0;     // ... after the commit, before exiting
    } figures;

    const auto last_run_id = [&] {
        return query_value(conninfo, "SELECT coalesce(max(id), 0) FROM sluice_runs WHERE job = '" + table + "'");
    };
    for (int round = 0; round < rounds; ++round) {
        const auto last_before = last_run_id();
        SluiceProcess run{fixture_run_args(conninfo, table)};
        std::this_thread::sleep_for(std::chrono::duration<double>{delay(random)});
        run.signal(SIGKILL);
        const auto result = run.wait(std::chrono::seconds{60});
        if (result.signal == SIGKILL) {
            ++figures.kills;
            // What the killed run had got to, by its ledger row (no row, RUNNING before or after
            // the counts that precede the publish, or LOADED).
            const auto state = query_value(conninfo, "SELECT status || (records_read IS NULL)::text FROM sluice_runs "
                                                     "WHERE job = '" + table + "' AND id > " + last_before);
            if (state.empty()) ++figures.before_ledger;
            else if (state == "RUNNINGtrue") ++figures.reading;
            else if (state == "RUNNINGfalse") ++figures.publishing;
            else if (state.starts_with("LOADED")) ++figures.after_commit;
            else FAIL_CHECK("a killed run's ledger row: " << state);
        } else if (result.exit_code == 0) {
            ++figures.finished_first;
        } else if (result.exit_code == 3) {
            // The killed run's session had not gone yet: its lock goes with it in a moment.
            REQUIRE(++figures.already_running < 100);
            --round;
            std::this_thread::sleep_for(std::chrono::milliseconds{20});
        } else {
            FAIL_CHECK("unexpected result: exit " << result.exit_code << ": " << result.err);
        }
    }
    // The reader goes on until the final run has published again.
    ProcessResult final_run;
    for (int attempt = 0; attempt < 100; ++attempt) {
        final_run = run_sluice(fixture_run_args(conninfo, table));
        if (final_run.exit_code != 3) break;
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    reader.stop();

    MESSAGE("seed " << seed << ", a run takes " << run_time.count() << " s; " << figures.kills << " kills ("
                    << figures.before_ledger << " before the ledger row, " << figures.reading << " while reading, "
                    << figures.publishing << " while publishing, " << figures.after_commit
                    << " after the commit), " << figures.finished_first << " runs finished before the kill, "
                    << figures.already_running << " exits 3 retried; " << reader.reads() << " reads, "
                    << reader.partial() << " partial, " << reader.lock_timeouts() << " lock timeouts");
    INFO(reader.seen());
    INFO(final_run.err);
    CHECK(final_run.exit_code == 0);
    CHECK(reader.partial() == 0);
    CHECK(figures.kills >= (kSanitized ? 10 : 40));
    CHECK(reader.reads() > 0);
    const auto job = "job = '" + table + "'";
    CHECK(query_value(conninfo, "SELECT status FROM sluice_runs WHERE " + job + " ORDER BY id DESC LIMIT 1") ==
          "LOADED");
    // Every row a killed run left RUNNING was closed by the run after it.
    CHECK(query_value(conninfo, "SELECT count(*) FROM sluice_runs WHERE " + job + " AND status = 'RUNNING'") == "0");
    CHECK(report_ranking(conninfo, table) == kFixtureRanking);
    CHECK(table_oid(conninfo, table + "_staging").empty());
}
