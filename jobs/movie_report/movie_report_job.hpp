#pragma once
// The flagship report as a Job: the runner's view of run_report_job() (report_job.hpp).

#include "job/job.hpp"
#include "jobs/movie_report/report_job.hpp"

#include <string>

namespace sluice {

class MovieReportJob final : public Job {
public:
    // `name`: the ledger's job (--job, else the table); `metrics_file` may be "".
    MovieReportJob(ReportJobOptions options, std::string name, std::string metrics_file);

    std::string name() const override { return name_; }
    std::string table() const override { return options_.table; }
    std::optional<std::string> database() const override { return options_.database; }
    std::vector<JobSource> sources() const override;
    const FetchOptions& fetch() const override { return options_.fetch; }
    std::string settings() const override;
    std::string metrics_file() const override { return metrics_file_; }
    JobResult run(const RunLabel& label, PublishRecord* record,
                  const std::function<void(const JobResult&)>& before_publish) override;
    std::string loaded_what(const RunLabel& label) const override { return "loaded snapshot " + label.snapshot_date; }

private:
    JobResult result(const ReportJobOptions& options, const ReportJobSummary& summary) const;

    ReportJobOptions options_;
    std::string name_;
    std::string metrics_file_;
};

} // namespace sluice
