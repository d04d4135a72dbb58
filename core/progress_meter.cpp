#include "core/progress_meter.hpp"

#include "core/log.hpp"

#include <fmt/format.h>

#include <sys/ioctl.h>
#include <unistd.h>

#include <array>
#include <cmath>

namespace sluice {

namespace {

// A source slower than this many hours to go is stalled, not about to finish: no ETA then.
constexpr double kLongestEtaSeconds = 100.0 * 3600.0;

std::string thousands(std::uint64_t n)
{
    const auto digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string size_text(std::uint64_t bytes)
{
    if (bytes < 1024) return fmt::format("{} B", bytes);
    static constexpr std::array<const char*, 4> kUnits{"KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes) / 1024.0;
    std::size_t unit = 0;
    while (value >= 1024.0 && unit + 1 < kUnits.size()) {
        value /= 1024.0;
        ++unit;
    }
    return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

// What the line shows, most first: a narrower terminal takes the first level whose line fits.
// Each level drops one more thing, the least useful first, and never part of a field; docs and
// matched go last, as they say how the run is doing.
enum class Detail {
    full,
    no_speed,         // MB/s
    no_totals,        // "/702.0 MiB": the percentage says as much while reading
    brief_finished,   // "movies done"
    brief_reading,    // "abstracts 44% ETA 0:04:33": no bytes when the percentage is known
    no_finished,      // finished sources left out
    no_eta,
    no_sources,       // "docs 2,811,042 | matched 412/1,000"
    no_docs,          // "matched 412/1,000"
    nothing,
};

std::optional<std::string> source_text(const SourceProgress& source, Detail detail)
{
    using State = SourceProgress::State;
    if (detail >= Detail::no_sources) return std::nullopt;
    if (source.state == State::opening) return source.label + " opening";
    if (source.state == State::done) {
        if (detail >= Detail::no_finished) return std::nullopt;
        if (detail >= Detail::brief_finished) return source.label + " done";
    }
    const bool percent_known = source.state == State::reading && source.total;
    std::string out = source.label;
    if (detail < Detail::brief_reading || !percent_known) {
        if (source.state != State::waiting || detail < Detail::brief_reading) out += " " + size_text(source.fetched);
        if (source.total && detail < Detail::no_totals) out += "/" + size_text(*source.total);
    }
    if (source.state == State::done) return out + " done";
    if (source.state == State::waiting) return out + " waiting";
    if (source.total) {
        // Retried requests may fetch more than the size: never past 100%.
        const auto percent = *source.total == 0 ? 100.0
                                                : std::min(100.0, std::floor(static_cast<double>(source.fetched) * 100.0 /
                                                                             static_cast<double>(*source.total)));
        out += fmt::format(" {}%", static_cast<int>(percent));
    }
    if (detail < Detail::no_speed) out += fmt::format(" {:.1f} MB/s", source.bytes_per_second / 1e6);
    if (source.total && source.bytes_per_second > 0 && detail < Detail::no_eta) {
        const auto left = *source.total > source.fetched ? *source.total - source.fetched : 0;
        const auto seconds = std::ceil(static_cast<double>(left) / source.bytes_per_second);
        if (seconds <= kLongestEtaSeconds) {
            const auto s = static_cast<std::uint64_t>(seconds);
            out += fmt::format(" ETA {}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
        }
    }
    return out;
}

std::string progress_line(const ProgressSnapshot& snapshot, Detail detail)
{
    std::string line;
    const auto add = [&line](const std::string& part) { line += (line.empty() ? "" : " | ") + part; };
    for (const auto& source : snapshot.sources) {
        if (auto text = source_text(source, detail)) add(*text);
    }
    if (snapshot.docs && detail < Detail::no_docs) add(std::string{snapshot.records_label} + " " + thousands(*snapshot.docs));
    if (snapshot.selected && detail < Detail::nothing)
        add("matched " + thousands(snapshot.matched.value_or(0)) + "/" + thousands(*snapshot.selected));
    return line;
}

// A source's rate over its last kSamples samples (about three seconds): steady enough to read,
// recent enough to follow a download that slows down. A fixed ring, so memory stays constant.
class RateWindow {
public:
    double add(std::chrono::steady_clock::time_point now, std::uint64_t bytes)
    {
        samples_[next_] = {now, bytes};
        next_ = (next_ + 1) % kSamples;
        if (count_ < kSamples) ++count_;
        const auto& oldest = samples_[(next_ + kSamples - count_) % kSamples];
        const double seconds = std::chrono::duration<double>(now - oldest.time).count();
        if (count_ < 2 || seconds <= 0 || bytes < oldest.bytes) return 0;
        return static_cast<double>(bytes - oldest.bytes) / seconds;
    }

private:
    static constexpr std::size_t kSamples = 16;
    struct Sample {
        std::chrono::steady_clock::time_point time;
        std::uint64_t bytes = 0;
    };
    std::array<Sample, kSamples> samples_{};
    std::size_t next_ = 0;
    std::size_t count_ = 0;
};

std::size_t terminal_columns(std::FILE* out)
{
    winsize size{};
    if (::ioctl(::fileno(out), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 80;  // not a terminal (--progress into a pipe): the classic width
}

constexpr const char* kEraseLine = "\r\x1b[K";

} // namespace

std::string format_progress_line(const ProgressSnapshot& snapshot, std::size_t width)
{
    for (auto detail = Detail::full; detail != Detail::nothing; detail = static_cast<Detail>(static_cast<int>(detail) + 1)) {
        auto line = progress_line(snapshot, detail);
        if (line.size() <= width) return line;
    }
    return {};
}

ProgressMeter::ProgressMeter(Sampler sample, std::FILE* out, std::chrono::milliseconds period)
    : sample_(std::move(sample)), out_(out), period_(period),
      thread_([this](const std::stop_token& stop) { run(stop); })
{
}

ProgressMeter::~ProgressMeter()
{
    thread_.request_stop();  // wakes the wait below through its stop token
    thread_.join();
    if (!drawn_) return;
    std::fputs(kEraseLine, out_);
    std::fflush(out_);
    // Only now: a log line before the erase must still erase the frame itself.
    if (out_ == stderr) set_status_line_shown(false);
}

void ProgressMeter::run(const std::stop_token& stop)
{
    try {
        std::vector<RateWindow> rates;
        std::unique_lock lock{mutex_};
        for (bool first = true; !stop.stop_requested(); first = false) {
            auto snapshot = sample_();
            const auto now = std::chrono::steady_clock::now();
            rates.resize(snapshot.sources.size());
            for (std::size_t i = 0; i < snapshot.sources.size(); ++i) {
                auto& source = snapshot.sources[i];
                if (source.state == SourceProgress::State::reading) source.bytes_per_second = rates[i].add(now, source.fetched);
                else rates[i] = {};  // a pause must not drag the rate down once reading starts
            }
            // The first sample only starts the rates; a line that fills the last column leaves
            // some terminals about to wrap, and "\r" would then land on the next line.
            if (!first) draw(format_progress_line(snapshot, terminal_columns(out_) - 1));
            wake_.wait_for(lock, stop, period_, [] { return false; });
        }
    } catch (...) {
        // A meter that cannot sample or draw must not end the run: it just stops drawing.
    }
}

void ProgressMeter::draw(const std::string& line)
{
    if (!drawn_ && out_ == stderr) set_status_line_shown(true);
    drawn_ = true;
    // Draw, then erase what a longer previous frame left to the right: no blank flicker.
    const auto frame = "\r" + line + "\x1b[K";
    std::fwrite(frame.data(), 1, frame.size(), out_);
    std::fflush(out_);
}

} // namespace sluice
