#include "core/run_metrics.hpp"

#include "core/error.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <limits>
#include <string>
#include <vector>

using sluice::format_prometheus;
using sluice::RunMetrics;
using sluice::write_metrics_file;
using sluice::test::read_file;
using sluice::test::ScratchDir;

namespace {

RunMetrics loaded_run()
{
    RunMetrics run;
    run.job = "nightly";
    run.status = "loaded";
    run.started_at = 1700000000.25;
    run.duration_seconds = 812.5;
    run.sources = {{"movies", 34445000, 34445000}, {"abstracts", 1024000000, 6912000000}};
    run.docs = 6100000;
    run.records_read = 45466;
    run.records_rejected = 3;
    run.films_selected = 1000;
    run.matched = 987;
    run.rows_loaded = 1000;
    run.snapshot_date = "2024-02-01";
    return run;
}

RunMetrics failed_run()
{
    RunMetrics run;
    run.job = "nightly";
    run.status = "failed";
    run.started_at = 1700000000;
    run.duration_seconds = 0.75;
    return run;
}

const std::string kLastSuccessHeader =
    "# HELP sluice_last_success_timestamp_seconds When a run of this job last loaded or found its data up to date, "
    "in unix seconds.\n"
    "# TYPE sluice_last_success_timestamp_seconds gauge\n";

// A failed run that never opened a source: no source families, no snapshot, no last success.
const std::string kFailedRunText =
    "# HELP sluice_run_status Outcome of the last run: 1 for its status, 0 for the others.\n"
    "# TYPE sluice_run_status gauge\n"
    "sluice_run_status{job=\"nightly\",status=\"loaded\"} 0\n"
    "sluice_run_status{job=\"nightly\",status=\"failed\"} 1\n"
    "sluice_run_status{job=\"nightly\",status=\"skipped\"} 0\n"
    "sluice_run_status{job=\"nightly\",status=\"interrupted\"} 0\n"
    "# HELP sluice_run_started_timestamp_seconds When the last run started, in unix seconds.\n"
    "# TYPE sluice_run_started_timestamp_seconds gauge\n"
    "sluice_run_started_timestamp_seconds{job=\"nightly\"} 1700000000\n"
    "# HELP sluice_run_duration_seconds How long the last run took, in seconds.\n"
    "# TYPE sluice_run_duration_seconds gauge\n"
    "sluice_run_duration_seconds{job=\"nightly\"} 0.75\n"
    "# HELP sluice_docs_parsed Abstract documents parsed in the last run.\n"
    "# TYPE sluice_docs_parsed gauge\n"
    "sluice_docs_parsed{job=\"nightly\"} 0\n"
    "# HELP sluice_records_read Movie metadata records read in the last run.\n"
    "# TYPE sluice_records_read gauge\n"
    "sluice_records_read{job=\"nightly\"} 0\n"
    "# HELP sluice_records_rejected Movie metadata records rejected in the last run.\n"
    "# TYPE sluice_records_rejected gauge\n"
    "sluice_records_rejected{job=\"nightly\"} 0\n"
    "# HELP sluice_films_selected Films selected for the report in the last run.\n"
    "# TYPE sluice_films_selected gauge\n"
    "sluice_films_selected{job=\"nightly\"} 0\n"
    "# HELP sluice_films_matched Selected films matched to a Wikipedia page in the last run.\n"
    "# TYPE sluice_films_matched gauge\n"
    "sluice_films_matched{job=\"nightly\"} 0\n"
    "# HELP sluice_rows_loaded Rows loaded into the report table in the last run.\n"
    "# TYPE sluice_rows_loaded gauge\n"
    "sluice_rows_loaded{job=\"nightly\"} 0\n";

std::string failed_text_with_last_success(const std::string& value)
{
    return kFailedRunText + kLastSuccessHeader + "sluice_last_success_timestamp_seconds{job=\"nightly\"} " + value +
           "\n";
}

} // namespace

TEST_CASE("run metrics: the exact text for a loaded run")
{
    CHECK(format_prometheus(loaded_run(), 1700000812.75) ==
          "# HELP sluice_run_status Outcome of the last run: 1 for its status, 0 for the others.\n"
          "# TYPE sluice_run_status gauge\n"
          "sluice_run_status{job=\"nightly\",status=\"loaded\"} 1\n"
          "sluice_run_status{job=\"nightly\",status=\"failed\"} 0\n"
          "sluice_run_status{job=\"nightly\",status=\"skipped\"} 0\n"
          "sluice_run_status{job=\"nightly\",status=\"interrupted\"} 0\n"
          "# HELP sluice_run_started_timestamp_seconds When the last run started, in unix seconds.\n"
          "# TYPE sluice_run_started_timestamp_seconds gauge\n"
          "sluice_run_started_timestamp_seconds{job=\"nightly\"} 1700000000.25\n"
          "# HELP sluice_run_duration_seconds How long the last run took, in seconds.\n"
          "# TYPE sluice_run_duration_seconds gauge\n"
          "sluice_run_duration_seconds{job=\"nightly\"} 812.5\n"
          "# HELP sluice_source_bytes_fetched Bytes fetched from each source in the last run, as transferred.\n"
          "# TYPE sluice_source_bytes_fetched gauge\n"
          "sluice_source_bytes_fetched{job=\"nightly\",source=\"movies\"} 34445000\n"
          "sluice_source_bytes_fetched{job=\"nightly\",source=\"abstracts\"} 1024000000\n"
          "# HELP sluice_source_bytes_decoded Bytes each source decoded to in the last run, after decompression.\n"
          "# TYPE sluice_source_bytes_decoded gauge\n"
          "sluice_source_bytes_decoded{job=\"nightly\",source=\"movies\"} 34445000\n"
          "sluice_source_bytes_decoded{job=\"nightly\",source=\"abstracts\"} 6912000000\n"
          "# HELP sluice_docs_parsed Abstract documents parsed in the last run.\n"
          "# TYPE sluice_docs_parsed gauge\n"
          "sluice_docs_parsed{job=\"nightly\"} 6100000\n"
          "# HELP sluice_records_read Movie metadata records read in the last run.\n"
          "# TYPE sluice_records_read gauge\n"
          "sluice_records_read{job=\"nightly\"} 45466\n"
          "# HELP sluice_records_rejected Movie metadata records rejected in the last run.\n"
          "# TYPE sluice_records_rejected gauge\n"
          "sluice_records_rejected{job=\"nightly\"} 3\n"
          "# HELP sluice_films_selected Films selected for the report in the last run.\n"
          "# TYPE sluice_films_selected gauge\n"
          "sluice_films_selected{job=\"nightly\"} 1000\n"
          "# HELP sluice_films_matched Selected films matched to a Wikipedia page in the last run.\n"
          "# TYPE sluice_films_matched gauge\n"
          "sluice_films_matched{job=\"nightly\"} 987\n"
          "# HELP sluice_rows_loaded Rows loaded into the report table in the last run.\n"
          "# TYPE sluice_rows_loaded gauge\n"
          "sluice_rows_loaded{job=\"nightly\"} 1000\n"
          "# HELP sluice_last_success_timestamp_seconds When a run of this job last loaded or found its data up to "
          "date, in unix seconds.\n"
          "# TYPE sluice_last_success_timestamp_seconds gauge\n"
          "sluice_last_success_timestamp_seconds{job=\"nightly\"} 1700000812.75\n"
          "# HELP sluice_snapshot_date_timestamp_seconds Date of the source snapshot the last run read, as midnight "
          "UTC in unix seconds.\n"
          "# TYPE sluice_snapshot_date_timestamp_seconds gauge\n"
          "sluice_snapshot_date_timestamp_seconds{job=\"nightly\"} 1706745600\n");
}

TEST_CASE("run metrics: the exact text for a failed run, without and with an earlier success")
{
    CHECK(format_prometheus(failed_run(), std::nullopt) == kFailedRunText);
    CHECK(format_prometheus(failed_run(), 1699990000) == failed_text_with_last_success("1699990000"));
}

TEST_CASE("run metrics: label values are escaped, everywhere a label is written")
{
    RunMetrics run = failed_run();
    run.job = "a\\b \"quoted\"\nnext";
    run.sources = {{"odd\"role\\\n", 1, 2}};
    const std::string text = format_prometheus(run, std::nullopt);
    const std::string job = R"(job="a\\b \"quoted\"\nnext")";
    CHECK(text.find("sluice_run_status{" + job + R"(,status="failed"} 1)" "\n") != std::string::npos);
    CHECK(text.find("sluice_source_bytes_fetched{" + job + R"(,source="odd\"role\\\n"} 1)" "\n") !=
          std::string::npos);
    CHECK(text.find("sluice_source_bytes_decoded{" + job + R"(,source="odd\"role\\\n"} 2)" "\n") !=
          std::string::npos);
    CHECK(text.find("sluice_rows_loaded{" + job + "} 0\n") != std::string::npos);
    // No raw newline escaped a label: every line is a comment or starts with a metric name.
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        const std::string line = text.substr(start, end - start);
        CAPTURE(line);
        CHECK((line.starts_with("# ") || line.starts_with("sluice_")));
        start = end + 1;
    }
}

TEST_CASE("run metrics: a status outside the known four still gets its line, set to 1")
{
    RunMetrics run = failed_run();
    run.status = "cancelled";
    const std::string text = format_prometheus(run, std::nullopt);
    CHECK(text.find("sluice_run_status{job=\"nightly\",status=\"failed\"} 0\n"
                    "sluice_run_status{job=\"nightly\",status=\"skipped\"} 0\n"
                    "sluice_run_status{job=\"nightly\",status=\"interrupted\"} 0\n"
                    "sluice_run_status{job=\"nightly\",status=\"cancelled\"} 1\n"
                    "# HELP sluice_run_started_timestamp_seconds") != std::string::npos);
}

TEST_CASE("run metrics: values Prometheus must parse: NaN, infinities, large counts")
{
    RunMetrics run = failed_run();
    run.duration_seconds = std::numeric_limits<double>::quiet_NaN();
    run.started_at = std::numeric_limits<double>::infinity();
    run.rows_loaded = 18446744073709551615u;
    const std::string text = format_prometheus(run, -std::numeric_limits<double>::infinity());
    CHECK(text.find("sluice_run_duration_seconds{job=\"nightly\"} NaN\n") != std::string::npos);
    CHECK(text.find("sluice_run_started_timestamp_seconds{job=\"nightly\"} +Inf\n") != std::string::npos);
    CHECK(text.find("sluice_last_success_timestamp_seconds{job=\"nightly\"} -Inf\n") != std::string::npos);
    CHECK(text.find("sluice_rows_loaded{job=\"nightly\"} 18446744073709551615\n") != std::string::npos);
}

TEST_CASE("run metrics: snapshot dates are midnight UTC, a bad one is an error")
{
    RunMetrics run = failed_run();
    const auto snapshot_line = [&](const std::string& date) {
        run.snapshot_date = date;
        const std::string text = format_prometheus(run, std::nullopt);
        const auto at = text.rfind("sluice_snapshot_date_timestamp_seconds{");
        return at == std::string::npos ? std::string{} : text.substr(at);
    };
    CHECK(snapshot_line("1970-01-01") == "sluice_snapshot_date_timestamp_seconds{job=\"nightly\"} 0\n");
    CHECK(snapshot_line("2024-02-29") == "sluice_snapshot_date_timestamp_seconds{job=\"nightly\"} 1709164800\n");
    CHECK(snapshot_line("2025-12-31") == "sluice_snapshot_date_timestamp_seconds{job=\"nightly\"} 1767139200\n");
    for (const char* bad : {"2023-02-29", "2024-13-01", "2024-1-01", "20240201", "2024-02-01T00", "2024-0a-01", ""}) {
        CAPTURE(bad);
        run.snapshot_date = bad;
        CHECK_THROWS_WITH_AS(format_prometheus(run, std::nullopt),
                             ("metrics: snapshot date \"" + std::string{bad} + "\" is not a YYYY-MM-DD date").c_str(),
                             sluice::Error);
    }
}

TEST_CASE("run metrics file: written whole, with the success time, no temporary file left")
{
    ScratchDir dir;
    const std::string path = dir.file("sluice.prom");
    write_metrics_file(path, loaded_run(), 100);
    CHECK(read_file(path) == format_prometheus(loaded_run(), 100));
    CHECK(dir.entries() == std::vector<std::string>{"sluice.prom"});
    // Created 0644 less the umask (not mkstemp's 0600, which a collector running as another user
    // could not read): the umask decides the rest, but nothing is ever executable.
    const auto perms = std::filesystem::status(path).permissions();
    using std::filesystem::perms;
    CHECK((perms & perms::owner_read) != perms::none);
    CHECK((perms & (perms::owner_exec | perms::group_exec | perms::others_exec)) == perms::none);
}

TEST_CASE("run metrics file: a failed run keeps the last success of the previous file")
{
    ScratchDir dir;
    const std::string path = dir.file("sluice.prom");
    write_metrics_file(path, loaded_run(), 100);
    write_metrics_file(path, failed_run(), 200);
    CHECK(read_file(path) == failed_text_with_last_success("100"));
    // And again: the carried value survives any number of failures.
    RunMetrics interrupted = failed_run();
    interrupted.status = "interrupted";
    write_metrics_file(path, interrupted, 300);
    CHECK(read_file(path) == format_prometheus(interrupted, 100));
    // A skipped run found the data up to date: that is a success, at its own time.
    RunMetrics skipped = failed_run();
    skipped.status = "skipped";
    write_metrics_file(path, skipped, 400);
    CHECK(read_file(path) == format_prometheus(skipped, 400));
    write_metrics_file(path, failed_run(), 500);
    CHECK(read_file(path) == failed_text_with_last_success("400"));
    CHECK(dir.entries() == std::vector<std::string>{"sluice.prom"});
}

TEST_CASE("run metrics file: a fractional success time is carried over exactly")
{
    ScratchDir dir;
    const std::string path = dir.file("sluice.prom");
    write_metrics_file(path, loaded_run(), 1700000812.123456);
    write_metrics_file(path, failed_run(), 1700090000);
    CHECK(read_file(path) == failed_text_with_last_success("1700000812.123456"));
}

TEST_CASE("run metrics file: no previous file, or a garbled one, means no last success")
{
    ScratchDir dir;
    const std::string path = dir.file("sluice.prom");
    write_metrics_file(path, failed_run(), 200);
    CHECK(read_file(path) == kFailedRunText);

    const std::string line = "sluice_last_success_timestamp_seconds{job=\"nightly\"} ";
    for (const std::string& old : {line + "abc\n", line + "100abc\n", line + "\n", line + " 100\n", line + "NaN\n",
                                  line + "+Inf\n", std::string{"\x00\xff garbage", 10},
                                  // another job's success is not this job's
                                  std::string{"sluice_last_success_timestamp_seconds{job=\"other\"} 100\n"}}) {
        CAPTURE(old);
        sluice::test::write_file(path, old);
        write_metrics_file(path, failed_run(), 200);
        CHECK(read_file(path) == kFailedRunText);
    }
    // The same file with a good value does carry over: the cases above fail for the value alone.
    sluice::test::write_file(path, line + "100\n");
    write_metrics_file(path, failed_run(), 200);
    CHECK(read_file(path) == failed_text_with_last_success("100"));
}

TEST_CASE("run metrics file: a job name that needs escaping still finds its own last success")
{
    ScratchDir dir;
    const std::string path = dir.file("sluice.prom");
    RunMetrics loaded = loaded_run();
    loaded.job = "with \"quotes\"";
    RunMetrics failed = failed_run();
    failed.job = loaded.job;
    write_metrics_file(path, loaded, 100);
    write_metrics_file(path, failed, 200);
    CHECK(read_file(path) == format_prometheus(failed, 100));
}

TEST_CASE("run metrics file: a directory that does not exist is an error naming the path and errno")
{
    ScratchDir dir;
    const std::string path = dir.file("missing/sluice.prom");
    CHECK_THROWS_WITH_AS(write_metrics_file(path, loaded_run(), 100),
                         (path + ": cannot create temporary file: No such file or directory").c_str(), sluice::Error);
    CHECK(dir.entries().empty());
}

TEST_CASE("run metrics file: a failed rename leaves the target alone and removes the temporary file")
{
    ScratchDir dir;
    // A directory where the file should be: everything succeeds up to the rename.
    const std::string path = dir.file("sluice.prom");
    std::filesystem::create_directory(path);
    sluice::test::write_file(path + "/keep", "x");
    CHECK_THROWS_WITH_AS(write_metrics_file(path, loaded_run(), 100),
                         (path + ": rename failed: Is a directory").c_str(), sluice::Error);
    CHECK(dir.entries() == std::vector<std::string>{"sluice.prom"});
    CHECK(read_file(path + "/keep") == "x");
}

TEST_CASE("run metrics file: a bad snapshot date throws before anything is written")
{
    ScratchDir dir;
    const std::string path = dir.file("sluice.prom");
    write_metrics_file(path, failed_run(), 100);
    RunMetrics run = loaded_run();
    run.snapshot_date = "2024-02-30";
    CHECK_THROWS_AS(write_metrics_file(path, run, 200), sluice::Error);
    CHECK(read_file(path) == kFailedRunText);
    CHECK(dir.entries() == std::vector<std::string>{"sluice.prom"});
}
