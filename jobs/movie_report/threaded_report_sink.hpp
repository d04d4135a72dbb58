#pragma once
// Runs a sink (the Postgres COPY) on a thread of its own: write() queues the row and returns,
// the loader thread streams it to the database while the caller goes on (writing the CSV file,
// making it durable); commit() waits for the loader to finish and commit, and rethrows whatever
// failed there.
//
// The rows are views into the caller's films and matches, which must outlive commit(). Destroyed
// without commit(), the loader stops and the inner sink is dropped unfinished: the database
// rolls the load back.

#include "core/bounded_queue.hpp"
#include "jobs/movie_report/report_sink.hpp"

#include <atomic>
#include <future>
#include <memory>
#include <thread>

namespace sluice {

class ThreadedReportSink final : public ReportSink {
public:
    explicit ThreadedReportSink(std::unique_ptr<ReportSink> sink, std::size_t queued_rows = 1024);
    ~ThreadedReportSink() override;
    ThreadedReportSink(const ThreadedReportSink&) = delete;
    ThreadedReportSink& operator=(const ThreadedReportSink&) = delete;

    // Throws the loader's error once it has failed.
    void write(const ReportRow& row) override;
    void commit() override;
    std::uint64_t rows_written() const override { return committed_ ? sink_->rows_written() : 0; }

private:
    void load();  // the loader thread's body

    std::unique_ptr<ReportSink> sink_;
    BoundedQueue<ReportRow> rows_;
    std::atomic<bool> commit_wanted_{false};
    std::promise<void> loaded_;
    std::future<void> outcome_;
    bool committed_ = false;
    std::jthread thread_;  // last: starts once everything it uses exists
};

} // namespace sluice
