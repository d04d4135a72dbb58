#include "jobs/movie_report/movie_report_job.hpp"

#include <fmt/format.h>

namespace sluice {

MovieReportJob::MovieReportJob(ReportJobOptions options, std::string name, std::string metrics_file)
    : options_(std::move(options)), name_(std::move(name)), metrics_file_(std::move(metrics_file))
{
    options_.publish.job = name_;
}

std::vector<JobSource> MovieReportJob::sources() const
{
    return {{"movies", options_.movies}, {"abstracts", options_.abstracts}};
}

std::string MovieReportJob::settings() const
{
    return fmt::format("table={} member={} top={} min_budget={} min_revenue={}", options_.table, options_.movies_member,
                       options_.top, options_.thresholds.min_budget, options_.thresholds.min_revenue);
}

JobResult MovieReportJob::result(const ReportJobOptions& options, const ReportJobSummary& s) const
{
    JobResult out;
    out.summary = format_summary(options, s);
    out.fields = {{"seconds", s.seconds},
                  {"peak_rss_bytes", s.peak_rss},
                  {"movies_bytes_fetched", s.movies.bytes_fetched},
                  {"abstracts_bytes_fetched", s.abstracts.bytes_fetched},
                  {"abstracts_bytes_decoded", s.abstracts.bytes_decoded},
                  {"docs", s.docs},
                  {"films_read", s.films_read},
                  {"films_rejected", s.films_rejected},
                  {"films_selected", s.films_selected},
                  {"matched", s.matched},
                  {"rows_loaded", s.rows_loaded},
                  {"rows_written", s.rows_written}};
    out.counts = {s.films_read, s.films_rejected};
    out.fetched = {s.movies.bytes_fetched, s.abstracts.bytes_fetched};
    out.metrics.sources = {{"movies", s.movies.bytes_fetched, s.movies.bytes_decoded},
                           {"abstracts", s.abstracts.bytes_fetched, s.abstracts.bytes_decoded}};
    out.metrics.docs = s.docs;
    out.metrics.records_read = s.films_read;
    out.metrics.records_rejected = s.films_rejected;
    out.metrics.films_selected = s.films_selected;
    out.metrics.matched = s.matched;
    out.metrics.rows_loaded = s.rows_loaded;
    return out;
}

JobResult MovieReportJob::run(const RunLabel& label, PublishRecord* record,
                              const std::function<void(const JobResult&)>& before_publish)
{
    auto options = options_;
    options.snapshot_date = label.snapshot_date;
    options.publish.record = record;
    const auto summary = run_report_job(options, [&](const ReportJobSummary& s) {
        if (before_publish) before_publish(result(options, s));
    });
    return result(options, summary);
}

} // namespace sluice
