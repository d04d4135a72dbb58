#pragma once
// One status line redrawn in place on stderr while a run goes on, for a person at a terminal:
//
//   movies 32.8 MiB/32.8 MiB done | abstracts 58.4 MiB/102.1 MiB 57% 14.0 MB/s ETA 0:00:04 | docs 375,377 | matched 414/1,000
//
// A thread of its own samples the job's counters a few times a second (the sampler must be safe
// from any thread: atomics, or LiveValue where another thread owns the counter), works out each source's speed over the last few seconds and redraws the line with "\r"
// and erase-to-end-of-line, shortened to the terminal's width so it never wraps. While the line shows,
// log lines erase it before they print (core/log.hpp); the next frame draws it again below them.
// When the meter is destroyed the line is erased, so whatever follows prints clean.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sluice {

struct SourceProgress {
    // waiting: open, but held back until the job wants its bytes (the abstracts wait for the
    // film index); no speed is shown then, and the rate starts afresh when reading does.
    enum class State { opening, waiting, reading, done };

    std::string label;
    State state = State::opening;
    std::uint64_t fetched = 0;            // bytes downloaded or read from disk
    std::optional<std::uint64_t> total;   // the whole source's size, when the server or the file says
    double bytes_per_second = 0;          // the meter works this out from successive samples
};

struct ProgressSnapshot {
    std::vector<SourceProgress> sources;  // always the same sources, in the same order
    std::optional<std::uint64_t> docs;    // records parsed so far
    const char* records_label = "docs";  // what they are called on the line
    std::optional<std::uint64_t> matched; // shown once `selected` is known
    std::optional<std::uint64_t> selected;
};

// The status line for a snapshot, at most `width` characters (it is ASCII). Per source: bytes so
// far, "/total" and the percentage when the total is known, MB/s (10^6 bytes, as download tools
// say) and the time left when the speed is not zero; "done" at the end. Too wide, it is
// shortened a step at a time, never inside a field: no MB/s, then no totals, then finished
// sources as "movies done", then no bytes where the percentage shows, then no finished sources,
// then no ETA, then no sources (docs and matched), then matched alone; "" below that.
std::string format_progress_line(const ProgressSnapshot& snapshot, std::size_t width);

class ProgressMeter {
public:
    using Sampler = std::function<ProgressSnapshot()>;

    // Five frames a second: smooth enough to read a rate from, rare enough to cost nothing.
    static constexpr std::chrono::milliseconds kPeriod{200};

    // Starts the drawing thread. The first frame comes after one period, so a run that ends
    // sooner draws nothing at all. `out` is stderr but for tests; `sample` must outlive the meter.
    explicit ProgressMeter(Sampler sample, std::FILE* out = stderr, std::chrono::milliseconds period = kPeriod);
    // Stops and joins the thread, then erases the line if one was drawn.
    ~ProgressMeter();
    ProgressMeter(const ProgressMeter&) = delete;
    ProgressMeter& operator=(const ProgressMeter&) = delete;

private:
    void run(const std::stop_token& stop);  // the drawing thread's body
    void draw(const std::string& line);

    Sampler sample_;
    std::FILE* out_;
    std::chrono::milliseconds period_;
    bool drawn_ = false;  // only the drawing thread writes it before the join
    std::mutex mutex_;
    std::condition_variable_any wake_;
    std::jthread thread_;  // last: starts once everything it uses exists
};

} // namespace sluice
