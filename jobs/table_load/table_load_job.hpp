#pragma once
// A load job: any dump into any table. The sources are read one after another, in the order
// given, as one stream of records (a CSV dialect or an XML record path); each record's fields
// are converted by their columns' types and rules (a failure sends the record to the rejects);
// the rows go to the table by the job's publish mode, and/or to a CSV file.
//
//   fetch -> decode -> records (CsvRecordReader | XmlRecordReader) -> convert (ValueConverter)
//         -> rows -> COPY into a staging table -> publish (replace | append | upsert | snapshot)
//
// Everything the job file declares is checked when the job is made, before a byte is fetched:
// a bad type, rule, record path or table name is a UsageError (exit 2) naming the file and line.

#include "fetch/fetch_options.hpp"
#include "job/job.hpp"
#include "job/load_job_spec.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace sluice {

struct LoadPlan;

// What the command line adds to the job file: where the rows go and how the run behaves.
struct LoadRunOptions {
    std::optional<std::string> database;  // conninfo; nullopt: no database (the CSV output only)
    std::string csv_path;                 // "" for none
    FetchOptions fetch;
    std::size_t max_depth = 256;
    std::uint64_t max_record_bytes = 16 * 1024 * 1024;
    bool repair_utf8 = false;
    bool progress = false;
    std::string metrics_file;
    std::size_t parse_threads = 2;
};

class TableLoadJob final : public Job {
public:
    // Checks the whole declaration; throws UsageError.
    TableLoadJob(LoadJobSpec spec, LoadRunOptions options);
    ~TableLoadJob() override;

    std::string name() const override;
    std::string table() const override;
    std::optional<std::string> database() const override { return options_.database; }
    std::vector<JobSource> sources() const override;
    const FetchOptions& fetch() const override { return options_.fetch; }
    std::string settings() const override;
    std::string metrics_file() const override { return options_.metrics_file; }
    JobResult run(const RunLabel& label, PublishRecord* record,
                  const std::function<void(const JobResult&)>& before_publish) override;
    std::string loaded_what(const RunLabel& label) const override;
    bool appends() const override;
    void leave_out(const std::vector<std::size_t>& indexes) override;

    const LoadJobSpec& spec() const { return spec_; }

private:
    LoadJobSpec spec_;
    LoadRunOptions options_;
    std::unique_ptr<LoadPlan> plan_;  // the checked parts built from the spec
};

} // namespace sluice
