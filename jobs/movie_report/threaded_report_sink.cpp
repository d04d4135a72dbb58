#include "jobs/movie_report/threaded_report_sink.hpp"

namespace sluice {

ThreadedReportSink::ThreadedReportSink(std::unique_ptr<ReportSink> sink, std::size_t queued_rows)
    : sink_(std::move(sink)), rows_(queued_rows), outcome_(loaded_.get_future())
{
    thread_ = std::jthread{[this] { load(); }};
}

ThreadedReportSink::~ThreadedReportSink()
{
    // Without commit(): the loader's pop() ends, it does not commit, and is joined before the
    // inner sink (and its open transaction) is destroyed.
    rows_.shutdown();
    if (thread_.joinable()) thread_.join();
}

void ThreadedReportSink::load()
{
    try {
        while (auto row = rows_.pop()) sink_->write(*row);
        if (commit_wanted_) sink_->commit();
        loaded_.set_value();
    } catch (...) {
        // Writers blocked on a full queue must not wait for a loader that has stopped.
        rows_.shutdown();
        loaded_.set_exception(std::current_exception());
    }
}

void ThreadedReportSink::write(const ReportRow& row)
{
    if (!rows_.push(row)) {
        outcome_.get();  // the loader's error
        throw std::logic_error("report rows written after the load ended");
    }
}

void ThreadedReportSink::commit()
{
    commit_wanted_ = true;
    rows_.close();
    outcome_.get();
    committed_ = true;
}

} // namespace sluice
