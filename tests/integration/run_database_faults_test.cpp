// The database failing under a run: the publishing session cut mid-swap, the server stopped
// mid-swap, the ledger's session cut mid-download, and a second run of a job while the first
// holds its lock. Each time the published table is left as it was (the same table, not a copy),
// the ledger says what happened, and the next run loads.
//
// The publish is held, deterministically, by a transaction of the test that has read the live
// table (TableReader): the swap's ALTER TABLE ... RENAME queues behind its lock, so sluice is
// known to be inside its publishing transaction when the fault comes. The download is held by
// SlowDownload.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

using namespace sluice::testing;

namespace {

// What a run writes into the row a dead run left RUNNING.
const std::string kAbandoned =
    "abandoned: the run stopped without finishing (the process was killed or lost its database connection)";

std::string statuses(const std::vector<LedgerRow>& rows)
{
    std::string out;
    for (const auto& row : rows) out += (out.empty() ? "" : ",") + row.status;
    return out;
}

// The backend pid of the session holding job `job`'s lock (the ledger's connection).
std::string job_lock_holder(const std::string& conninfo, const std::string& job)
{
    return query_value(conninfo, "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                                 "WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'sluice' "
                                 "AND l.objid::bigint = (hashtext('sluice-job:" +
                                     job + "')::bigint & 4294967295)");
}

// Waits until a run of `job` is reading `download` with its ledger row RUNNING.
void wait_until_mid_run(const std::string& conninfo, const std::string& job, const SlowDownload& download,
                        std::size_t rows_before)
{
    REQUIRE(wait_until([&] {
        const auto rows = ledger_rows(conninfo, job);
        return download.started() && rows.size() == rows_before + 1 && rows.back().status == "RUNNING";
    }));
}

// "sluice: error: postgres (<conninfo, password hidden>): lost the connection ...: <libpq's words>\n"
void check_database_error(const ProcessResult& result, const std::string& shown_conninfo)
{
    INFO(result.err);
    CHECK(result.exit_code == 1);
    CHECK(result.err.starts_with("sluice: error: postgres (" + shown_conninfo +
                                 "): lost the connection to the database (the session was terminated, or the "
                                 "server stopped or restarted): "));
    CHECK(result.err.find('\n') == result.err.size() - 1);
    CHECK(result.err.find("s3cret") == std::string::npos);
}

} // namespace

TEST_CASE("a publishing session terminated while the swap waits fails the run, and the old table stays")
{
    const std::string table = "faults_terminated";
    const auto conninfo = test_conninfo();
    const auto oid_before = publish_fixture_report(conninfo, table);
    const auto rows_before = ledger_rows(conninfo, table).size();

    TableReader reader{conninfo, table};
    // The password is only there to be hidden: the test server trusts local connections.
    SluiceProcess run{fixture_run_args(conninfo + " password=s3cret", table)};
    const auto publisher = reader.blocked_sluice();
    REQUIRE(!publisher.empty());
    CHECK(query_value(conninfo, "SELECT pg_terminate_backend(" + publisher + ")") == "t");
    const auto result = run.wait();
    reader.finish();

    check_database_error(result, conninfo + " password=***");
    check_report_untouched(conninfo, table, oid_before);
    auto ledger = ledger_rows(conninfo, table);
    REQUIRE(ledger.size() == rows_before + 1);
    CHECK(ledger.back().status == "FAILED");
    // The ledger holds the error as printed.
    CHECK("sluice: error: " + ledger.back().message + "\n" == result.err);

    const auto rerun = run_sluice(fixture_run_args(conninfo, table));
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(table_oid(conninfo, table) != oid_before);
    CHECK(report_ranking(conninfo, table) == kFixtureRanking);
    ledger = ledger_rows(conninfo, table);
    REQUIRE(ledger.size() == rows_before + 2);
    CHECK(ledger.back().status == "LOADED");
}

TEST_CASE("a server stopped while the swap waits leaves the old table, the next run closes the abandoned row")
{
    PrivatePostgres server;
    const std::string table = "faults_stopped";
    const auto oid_before = publish_fixture_report(server.conninfo(), table);
    const auto stopped_conninfo = server.conninfo();

    ProcessResult result;
    {
        TableReader reader{server.conninfo(), table};
        SluiceProcess run{fixture_run_args(server.conninfo(), table)};
        REQUIRE(!reader.blocked_sluice().empty());
        server.stop();
        result = run.wait();
    }  // the reader's connection went with the server
    check_database_error(result, stopped_conninfo);
    server.start();
    const auto conninfo = server.conninfo();

    check_report_untouched(conninfo, table, oid_before);
    auto ledger = ledger_rows(conninfo, table);
    REQUIRE(ledger.size() == 2);
    const auto cut_run = ledger.back();
    // The ledger's connection went with the server, which accepts none while it shuts down, so
    // the run could not record its failure.
    CHECK(cut_run.status == "RUNNING");

    const auto rerun = run_sluice(fixture_run_args(conninfo, table));
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(table_oid(conninfo, table) != oid_before);
    CHECK(report_ranking(conninfo, table) == kFixtureRanking);
    ledger = ledger_rows(conninfo, table);
    CHECK(statuses(ledger) == "LOADED,FAILED,LOADED");
    REQUIRE(ledger.size() == 3);
    CHECK(ledger[1].id == cut_run.id);
    CHECK(ledger[1].message == kAbandoned);
}

TEST_CASE("a run whose ledger session is cut mid-download fails without publishing")
{
    const std::string table = "faults_ledger_cut";
    const auto conninfo = test_conninfo();
    const auto oid_before = publish_fixture_report(conninfo, table);
    const auto rows_before = ledger_rows(conninfo, table).size();

    HttpServer server{fixture("")};
    SlowDownload abstracts{server, "/slow-abstracts.xml.gz", read_file(fixture("abstracts.xml.gz"))};
    SluiceProcess run{fixture_run_args(conninfo, table, abstracts.url())};
    wait_until_mid_run(conninfo, table, abstracts, rows_before);
    const auto ledger_session = job_lock_holder(conninfo, table);
    REQUIRE(!ledger_session.empty());
    CHECK(query_value(conninfo, "SELECT pg_terminate_backend(" + ledger_session + ")") == "t");
    // The job's lock went with the session.
    REQUIRE(wait_until([&] { return job_lock_holder(conninfo, table).empty(); }));
    abstracts.release();
    const auto result = run.wait();

    check_database_error(result, conninfo);
    check_report_untouched(conninfo, table, oid_before);
    auto ledger = ledger_rows(conninfo, table);
    REQUIRE(ledger.size() == rows_before + 1);
    // The failure cannot be recorded on the session that was lost: the row stays RUNNING for
    // the next run to close. (Recorded on a new session, FAILED with the error would do too.)
    const auto cut_run = ledger.back();
    CHECK((cut_run.status == "RUNNING" ||
           (cut_run.status == "FAILED" && "sluice: error: " + cut_run.message + "\n" == result.err)));

    const auto rerun = run_sluice(fixture_run_args(conninfo, table));
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(table_oid(conninfo, table) != oid_before);
    CHECK(report_ranking(conninfo, table) == kFixtureRanking);
    ledger = ledger_rows(conninfo, table);
    REQUIRE(ledger.size() == rows_before + 2);
    CHECK(ledger[rows_before].status == "FAILED");
    CHECK(ledger[rows_before].message == (cut_run.status == "RUNNING" ? kAbandoned : cut_run.message));
    CHECK(ledger.back().status == "LOADED");
}

TEST_CASE("a second run of a job while the first holds its lock exits 3 and does nothing")
{
    const std::string table = "faults_lock";
    const auto conninfo = test_conninfo();
    const auto rows_before = ledger_rows(conninfo, table).size();

    HttpServer server{fixture("")};
    SlowDownload abstracts{server, "/slow-abstracts.xml.gz", read_file(fixture("abstracts.xml.gz"))};
    SluiceProcess first{fixture_run_args(conninfo, table, abstracts.url())};
    wait_until_mid_run(conninfo, table, abstracts, rows_before);

    const auto second = run_sluice(fixture_run_args(conninfo, table));
    CHECK(second.exit_code == 3);
    CHECK(second.err == "sluice: postgres (" + conninfo + "): job '" + table +
                            "' is already running (another sluice holds its lock); this run did nothing\n");
    CHECK(second.out.empty());
    // No row for the run that did nothing.
    CHECK(ledger_rows(conninfo, table).size() == rows_before + 1);

    abstracts.release();
    const auto result = first.wait();
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(report_ranking(conninfo, table) == kFixtureRanking);

    const auto third = run_sluice(fixture_run_args(conninfo, table));
    INFO(third.err);
    CHECK(third.exit_code == 0);
    const auto ledger = ledger_rows(conninfo, table);
    REQUIRE(ledger.size() == rows_before + 2);
    CHECK(ledger[rows_before].status == "LOADED");
    CHECK(ledger.back().status == "LOADED");
}
