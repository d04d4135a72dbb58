#pragma once
// The run ledger: one row per run in table sluice_runs (beside the report table), with its
// status (RUNNING, LOADED, FAILED, SKIPPED), its sources' versions and bytes, its counts and its
// error. It also holds the job's lock: a session advisory lock taken when the ledger opens and
// held on its connection until the run ends, so a second run of the same job cannot race the
// first; if the process dies, Postgres drops the connection and the lock with it.

#include "core/error.hpp"
#include "fetch/source_version.hpp"
#include "load/publish_record.hpp"

#include <pqxx/connection>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sluice {

// Another run of the job holds its lock. Exit code 3.
class AlreadyRunning : public Error {
public:
    using Error::Error;
};

struct LedgerSource {
    std::string role;  // "movies", "abstracts"
    std::string url;   // redacted
    SourceVersion version;
    std::uint64_t bytes = 0;  // downloaded
};

struct RunCounts {
    std::uint64_t read = 0;
    std::uint64_t rejected = 0;
};

// What names one run beside its job: the report snapshot it writes and the run id its log lines
// carry.
struct RunLabel {
    std::string snapshot_date;  // YYYY-MM-DD
    std::string run_id;
};

struct LedgerRun {
    std::int64_t id = 0;
    std::string job;
    std::string snapshot_date;
    std::string status;
    std::string started_at;
    std::optional<double> seconds;
    std::optional<std::uint64_t> read, rejected, loaded;
    std::string message;
};

class RunLedger {
public:
    // Connects, creates the ledger table if needed and takes the job's lock (AlreadyRunning when
    // another run holds it). Rows a dead run left RUNNING are closed as FAILED.
    RunLedger(std::string conninfo, std::string job, std::string schema);
    ~RunLedger();
    RunLedger(const RunLedger&) = delete;
    RunLedger& operator=(const RunLedger&) = delete;

    // The id of the last LOADED run of this job (of `snapshot_date`, unless empty) if it had the
    // same settings and every source is unchanged since (and `table` still exists); nullopt when
    // a load is needed.
    std::optional<std::int64_t> up_to_date(const std::string& settings, const std::vector<LedgerSource>& sources,
                                           const std::string& table, const std::string& snapshot_date = {});

    // The id of a LOADED run of this job that wrote `snapshot_date`, if `table` still exists.
    std::optional<std::int64_t> loaded_snapshot(const std::string& snapshot_date, const std::string& table);

    // A source an append already took in: which of the `sources` given, and the LOADED run.
    struct Appended {
        std::size_t source = 0;  // index into `sources`
        std::int64_t run = 0;
    };
    // The sources whose version a LOADED run of this job already recorded (the same url, and
    // the same version by SourceVersion::same_as, whatever role it had then). An append job skips
    // them: a source version is appended once, however often the job runs, and --force does not
    // change that (a crash before COMMIT leaves no LOADED run, so the version is appended by the
    // next run). A source whose version is unknown (no size and validator) is never found here:
    // nothing proves it unchanged; the caller decides whether to append it.
    std::vector<Appended> appended(const std::vector<LedgerSource>& sources);

    std::int64_t start(const RunLabel& label, const std::string& settings, const std::vector<LedgerSource>& sources);
    void skip(const RunLabel& label, const std::string& settings, const std::vector<LedgerSource>& sources,
              const std::string& reason);
    // Counts and bytes known before the publish.
    void progress(std::int64_t id, const RunCounts& counts, const std::vector<LedgerSource>& sources);
    // Best effort: a ledger whose database went away cannot record the failure; the next run
    // closes the row it left RUNNING.
    void fail(std::int64_t id, const std::string& message) noexcept;
    // Marks the run LOADED inside the publishing transaction.
    std::unique_ptr<PublishRecord> publish_record(std::int64_t id);

    // The most recent runs of every job (or of `job`), newest first.
    static std::vector<LedgerRun> recent(const std::string& conninfo, const std::string& schema,
                                         const std::string& job, int limit);

private:
    std::string conninfo_;
    std::string name_;
    std::string job_;
    std::string ledger_;  // quoted, maybe schema-qualified
    std::unique_ptr<pqxx::connection> connection_;
};

// "sluice_runs", or "schema"."sluice_runs"
std::string ledger_table(const std::string& schema);

} // namespace sluice
