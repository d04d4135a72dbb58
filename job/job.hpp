#pragma once
// What every kind of job (the movie report, a load job) gives the code that runs it under the
// ledger: its name and table, its sources, the settings that decide "up to date", and run().
// The runner (job/job_runner.hpp) does the rest the same way for all of them: the job's lock,
// the up-to-date skip, one ledger row, the summary line, the metrics file (after osm2pgsql's
// outputs: several kinds behind one interface, chosen by the command).

#include "core/log.hpp"
#include "core/run_metrics.hpp"
#include "fetch/fetch_options.hpp"
#include "load/publish_record.hpp"
#include "load/run_ledger.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sluice {

struct JobSource {
    std::string role;      // "movies", "abstracts", "source", "source 2"...: the ledger's and the metrics' label
    std::string location;  // as given (secrets are redacted where it is shown)
};

// What a run reports once it has read its sources, before it publishes, and again when done.
struct JobResult {
    std::string summary;                 // the human summary, several lines
    LogFields fields;                    // the same for a JSON log line
    RunCounts counts;                    // records read and rejected, for the ledger
    std::vector<std::uint64_t> fetched;  // bytes fetched per source, in sources() order
    RunMetrics metrics;                  // sources, records and rows; the runner adds the rest
};

class Job {
public:
    virtual ~Job() = default;

    virtual std::string name() const = 0;    // the ledger's job: the lock, the "up to date" history
    virtual std::string table() const = 0;   // the published table ("schema.table"); its schema holds the ledger
    virtual std::optional<std::string> database() const = 0;  // conninfo; nullopt: no database, no ledger
    virtual std::vector<JobSource> sources() const = 0;
    virtual const FetchOptions& fetch() const = 0;
    // The settings that shape the output: a run with other settings is never "up to date".
    virtual std::string settings() const = 0;
    // Metrics file path ("" for none).
    virtual std::string metrics_file() const = 0;

    // Runs once: reads, transforms and publishes. `record` (null without a ledger) is written in
    // the publishing transaction; `before_publish` sees the result once every source is read.
    // Throws sluice::Error (nothing published), SourceChanged (the runner starts it again once).
    virtual JobResult run(const RunLabel& label, PublishRecord* record,
                          const std::function<void(const JobResult&)>& before_publish) = 0;

    // An appending job takes each source version in once: the runner asks the ledger which of
    // sources() a LOADED run already appended, and the job leaves those out (by their indexes
    // into sources(), ascending) before it runs.
    virtual bool appends() const { return false; }
    virtual void leave_out(const std::vector<std::size_t>& /*indexes*/) {}

    // The line logged when a run has loaded ("loaded snapshot 2026-12-03").
    virtual std::string loaded_what(const RunLabel& label) const = 0;
};

} // namespace sluice
