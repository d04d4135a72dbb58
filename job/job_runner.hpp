#pragma once
// One run of a job as `run`, `load` and `backfill` do it: under the run ledger when there is a
// database (the job's lock, the up-to-date check, one ledger row), with the summary logged, and
// the metrics file written after it whatever the outcome.

#include "job/job.hpp"
#include "load/run_ledger.hpp"

#include <exception>
#include <string>

namespace sluice {

struct JobRunPolicy {
    // Backfill: a date already LOADED is not loaded again (the plain run asks instead whether any
    // source changed since the last load), and a source that is not there (404, no such file)
    // is recorded SKIPPED rather than failed.
    bool by_snapshot = false;
    // Backfill of a job that is not by snapshot: a date whose source is not there is SKIPPED too.
    bool skip_missing = false;
    // The snapshot date was asked for (--snapshot-date): "up to date" only when that date was
    // loaded from the same sources; otherwise any load of them will do (a daily run of an
    // unchanged dump adds no snapshot).
    bool snapshot_named = false;
    // --force: load even when nothing changed.
    bool force = false;
};

enum class JobRunStatus { loaded, skipped };

struct JobRunOutcome {
    JobRunStatus status = JobRunStatus::loaded;
    std::string message;  // why it was skipped
};

// Throws (after recording the failure in the ledger and the metrics file) when the run fails.
// `ledger` is the job's open ledger, or null without a database.
JobRunOutcome run_job(Job& job, RunLedger* ledger, const RunLabel& label, const JobRunPolicy& policy);

// The metrics file of a run that failed before run_job() (the ledger could not open).
void write_failed_run_metrics(const Job& job, const RunLabel& label, const std::exception& failure);

// Opens the job's ledger (null without a database), writing the metrics file when that fails;
// AlreadyRunning passes untouched (the running one reports for the job).
std::unique_ptr<RunLedger> open_ledger(const Job& job, const RunLabel& label);

} // namespace sluice
