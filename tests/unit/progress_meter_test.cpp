// The progress line: exact text for the states a source goes through (opening, reading with or
// without a known size, stalled, done), cut to the width; the drawing thread's frames and final
// erase; a log line erasing the frame before it prints.
#include "core/live_value.hpp"
#include "core/log.hpp"
#include "core/progress_meter.hpp"

#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>
#include <vector>

using sluice::format_progress_line;
using sluice::ProgressSnapshot;
using sluice::SourceProgress;
using State = sluice::SourceProgress::State;

namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

// The movies fixture read to its end, the dump part way.
ProgressSnapshot mid_run()
{
    ProgressSnapshot snapshot;
    snapshot.sources = {{"movies", State::done, 16794, 16794, 0},
                        {"abstracts", State::reading, 312 * kMiB, 702 * kMiB, 1.5e6}};
    snapshot.docs = 2811042;
    snapshot.matched = 412;
    snapshot.selected = 1000;
    return snapshot;
}

std::string read_all(const std::string& path)
{
    std::ifstream in{path, std::ios::binary};
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

} // namespace

TEST_CASE("a source with a known size shows the share fetched, the speed and the time left")
{
    // 390 MiB left at 1.5 MB/s: 272.6 s, rounded up.
    CHECK(format_progress_line(mid_run(), 200) ==
          "movies 16.4 KiB/16.4 KiB done | abstracts 312.0 MiB/702.0 MiB 44% 1.5 MB/s ETA 0:04:33 | "
          "docs 2,811,042 | matched 412/1,000");
}

TEST_CASE("a source of unknown size shows what came and the speed, no share and no ETA")
{
    ProgressSnapshot snapshot;
    snapshot.sources = {{"abstracts", State::reading, 5 * kMiB + 512, std::nullopt, 2.54e6}};
    CHECK(format_progress_line(snapshot, 200) == "abstracts 5.0 MiB 2.5 MB/s");
}

TEST_CASE("a source at zero speed has no ETA, and a stalled one none either")
{
    ProgressSnapshot snapshot;
    snapshot.sources = {{"abstracts", State::reading, 64, 10052, 0}};
    CHECK(format_progress_line(snapshot, 200) == "abstracts 64 B/9.8 KiB 0% 0.0 MB/s");
    // 10 bytes a second for 10 GiB: years, not a forecast.
    snapshot.sources[0] = {"abstracts", State::reading, 1024, 10 * 1024 * kMiB, 10};
    CHECK(format_progress_line(snapshot, 200) == "abstracts 1.0 KiB/10.0 GiB 0% 0.0 MB/s");
    // Just under the limit of 100 hours: 359,999 s.
    snapshot.sources[0] = {"abstracts", State::reading, 0, 359999, 1};
    CHECK(format_progress_line(snapshot, 200) == "abstracts 0 B/351.6 KiB 0% 0.0 MB/s ETA 99:59:59");
}

TEST_CASE("a source retried past its size stays at 100% with nothing left")
{
    ProgressSnapshot snapshot;
    snapshot.sources = {{"abstracts", State::reading, 12000, 10052, 3e6}};
    CHECK(format_progress_line(snapshot, 200) == "abstracts 11.7 KiB/9.8 KiB 100% 3.0 MB/s ETA 0:00:00");
}

TEST_CASE("a finished source says done, with its size when known")
{
    ProgressSnapshot snapshot;
    snapshot.sources = {{"movies", State::done, 16794, 16794, 7e6},
                        {"abstracts", State::done, 1288490189, std::nullopt, 0}};
    CHECK(format_progress_line(snapshot, 200) == "movies 16.4 KiB/16.4 KiB done | abstracts 1.2 GiB done");
}

TEST_CASE("a source held back shows what came and waits, with no speed")
{
    ProgressSnapshot snapshot;
    snapshot.sources = {{"abstracts", State::waiting, 64, 107074244, 320}};
    CHECK(format_progress_line(snapshot, 200) == "abstracts 64 B/102.1 MiB waiting");
    snapshot.sources[0].total.reset();
    CHECK(format_progress_line(snapshot, 200) == "abstracts 64 B waiting");
}

TEST_CASE("before the sources open and before the selection is known")
{
    ProgressSnapshot snapshot;
    snapshot.sources = {{"movies", State::opening, 0, std::nullopt, 0}, {"abstracts", State::opening, 0, std::nullopt, 0}};
    snapshot.docs = 0;
    snapshot.matched = 3;  // not shown without the number selected
    CHECK(format_progress_line(snapshot, 200) == "movies opening | abstracts opening | docs 0");
}

TEST_CASE("counts have thousands separators")
{
    ProgressSnapshot snapshot;
    for (const auto& [docs, text] : {std::pair<std::uint64_t, const char*>{0, "docs 0"}, {999, "docs 999"},
                                     {1000, "docs 1,000"}, {123456, "docs 123,456"},
                                     {1234567890, "docs 1,234,567,890"}}) {
        snapshot.docs = docs;
        CHECK(format_progress_line(snapshot, 200) == text);
    }
    snapshot.docs.reset();
    snapshot.matched = 45433;
    snapshot.selected = 45433;
    CHECK(format_progress_line(snapshot, 200) == "matched 45,433/45,433");
}

// mid_run() as the width narrows: each step drops one more thing, never part of a field.
static const std::vector<std::string> kMidRunSteps{
    "movies 16.4 KiB/16.4 KiB done | abstracts 312.0 MiB/702.0 MiB 44% 1.5 MB/s ETA 0:04:33 | docs 2,811,042 | "
    "matched 412/1,000",
    "movies 16.4 KiB/16.4 KiB done | abstracts 312.0 MiB/702.0 MiB 44% ETA 0:04:33 | docs 2,811,042 | matched 412/1,000",
    "movies 16.4 KiB done | abstracts 312.0 MiB 44% ETA 0:04:33 | docs 2,811,042 | matched 412/1,000",
    "movies done | abstracts 312.0 MiB 44% ETA 0:04:33 | docs 2,811,042 | matched 412/1,000",
    "movies done | abstracts 44% ETA 0:04:33 | docs 2,811,042 | matched 412/1,000",
    "abstracts 44% ETA 0:04:33 | docs 2,811,042 | matched 412/1,000",
    "abstracts 44% | docs 2,811,042 | matched 412/1,000",
    "docs 2,811,042 | matched 412/1,000",
    "matched 412/1,000",
    "",
};

// At every width up to 250 the line is the first of `steps` (widest first) that fits: each
// step shows exactly at its own length, and the next one a column short of it.
static void check_steps(const ProgressSnapshot& snapshot, const std::vector<std::string>& steps)
{
    for (std::size_t width = 0; width <= 250; ++width) {
        CAPTURE(width);
        const auto expected =
            std::find_if(steps.begin(), steps.end(), [&](const std::string& step) { return step.size() <= width; });
        REQUIRE(expected != steps.end());
        CHECK(format_progress_line(snapshot, width) == *expected);
    }
}

TEST_CASE("a narrow line drops MB/s, then totals, then finished sources' details, ... never part of a field")
{
    check_steps(mid_run(), kMidRunSteps);
    CHECK(kMidRunSteps[0].size() == 123);
    CHECK(format_progress_line(mid_run(), 123) == kMidRunSteps[0]);
    CHECK(format_progress_line(mid_run(), 122) == kMidRunSteps[1]);
    // An 80-column terminal (the last column left free): the ETA, docs and matched all show.
    CHECK(format_progress_line(mid_run(), 79) == "movies done | abstracts 44% ETA 0:04:33 | docs 2,811,042 | matched 412/1,000");
    CHECK(format_progress_line(mid_run(), 60) == "abstracts 44% | docs 2,811,042 | matched 412/1,000");
    CHECK(format_progress_line(mid_run(), 40) == "docs 2,811,042 | matched 412/1,000");
    CHECK(format_progress_line(mid_run(), 20) == "matched 412/1,000");
    CHECK(format_progress_line(mid_run(), 16).empty());
    // Very wide terminals: the whole line, nothing padded.
    CHECK(format_progress_line(mid_run(), 1000) == kMidRunSteps[0]);
    CHECK(format_progress_line(mid_run(), 65534) == kMidRunSteps[0]);
}

TEST_CASE("a narrow line at the start: the movies read, the dump held back")
{
    ProgressSnapshot start;
    start.sources = {{"movies", State::reading, 20 * kMiB, 228 * kMiB, 31.5e6},
                     {"abstracts", State::waiting, 64, 107074244, 0}};
    start.docs = 0;
    check_steps(start, {"movies 20.0 MiB/228.0 MiB 8% 31.5 MB/s ETA 0:00:07 | abstracts 64 B/102.1 MiB waiting | docs 0",
                        "movies 20.0 MiB/228.0 MiB 8% ETA 0:00:07 | abstracts 64 B/102.1 MiB waiting | docs 0",
                        "movies 20.0 MiB 8% ETA 0:00:07 | abstracts 64 B waiting | docs 0",
                        "movies 8% ETA 0:00:07 | abstracts waiting | docs 0",
                        "movies 8% | abstracts waiting | docs 0",
                        "docs 0",
                        ""});
    CHECK(format_progress_line(start, 79) == "movies 20.0 MiB 8% ETA 0:00:07 | abstracts 64 B waiting | docs 0");
}

TEST_CASE("a narrow line with a dump of unknown size keeps its bytes, all there is to show")
{
    ProgressSnapshot unknown;
    unknown.sources = {{"movies", State::done, 16794, 16794, 0},
                       {"abstracts", State::reading, 5 * kMiB + 512, std::nullopt, 2.54e6}};
    unknown.docs = 70;
    unknown.matched = 16;
    unknown.selected = 19;
    check_steps(unknown, {"movies 16.4 KiB/16.4 KiB done | abstracts 5.0 MiB 2.5 MB/s | docs 70 | matched 16/19",
                          "movies 16.4 KiB/16.4 KiB done | abstracts 5.0 MiB | docs 70 | matched 16/19",
                          "movies 16.4 KiB done | abstracts 5.0 MiB | docs 70 | matched 16/19",
                          "movies done | abstracts 5.0 MiB | docs 70 | matched 16/19",
                          "abstracts 5.0 MiB | docs 70 | matched 16/19",
                          "docs 70 | matched 16/19",
                          "matched 16/19",
                          ""});
}

TEST_CASE("a narrow line before anything is read")
{
    ProgressSnapshot opening;
    opening.sources = {{"movies", State::opening, 0, std::nullopt, 0}, {"abstracts", State::opening, 0, std::nullopt, 0}};
    opening.docs = 0;
    check_steps(opening, {"movies opening | abstracts opening | docs 0", "docs 0", ""});
}

TEST_CASE("at every width from 20 to 200 the line fits, and docs and matched show while they can")
{
    ProgressSnapshot two_reading;
    two_reading.sources = {{"movies", State::reading, 3 * kMiB, 228 * kMiB, 12e6},
                           {"abstracts", State::reading, 1024 * kMiB, 6 * 1024 * kMiB, 95e6}};
    two_reading.docs = 123456789;
    two_reading.matched = 45000;
    two_reading.selected = 45433;
    ProgressSnapshot done = mid_run();
    done.sources[1].state = State::done;
    for (const auto& snapshot : {mid_run(), two_reading, done}) {
        const auto whole = format_progress_line(snapshot, 100000);
        const auto tail = "docs " + whole.substr(whole.find("docs ") + 5);  // "docs ... | matched ..."
        std::size_t previous = 0;
        for (std::size_t width = 20; width <= 200; ++width) {
            CAPTURE(width);
            const auto line = format_progress_line(snapshot, width);
            CHECK(line.size() <= width);
            CHECK(line.size() >= previous);  // wider never shows less
            previous = line.size();
            if (width >= tail.size()) CHECK(line.ends_with(tail));
            // Every field is whole: it ends where a field of the whole line ends.
            for (std::size_t at = 0; at <= line.size();) {
                const auto end = std::min(line.find(" | ", at), line.size());
                const auto field = line.substr(at, end - at);
                CAPTURE(field);
                CHECK((field.empty() || whole.find(field.substr(0, field.find(' '))) != std::string::npos));
                CHECK((field.empty() || field.ends_with("done") || field.ends_with("waiting") || field.ends_with("%") ||
                       field.ends_with("MB/s") || field.find("ETA ") != std::string::npos ||
                       field.starts_with("docs ") || field.starts_with("matched ") || field.ends_with("B")));
                at = end + 3;
            }
        }
    }
}

TEST_CASE("the meter draws frames in place and erases its line when destroyed")
{
    sluice::test::ScratchDir scratch;
    const auto path = scratch.file("stderr");
    std::FILE* out = std::fopen(path.c_str(), "w");
    REQUIRE(out != nullptr);
    std::atomic<std::uint64_t> fetched{0};
    std::atomic<int> samples{0};
    {
        sluice::ProgressMeter meter{[&] {
                                        ++samples;
                                        fetched += 1000000;
                                        ProgressSnapshot snapshot;
                                        snapshot.sources = {{"abstracts", State::reading, fetched.load(), std::nullopt, 0}};
                                        return snapshot;
                                    },
                                    out, std::chrono::milliseconds{10}};
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{10};
        while (samples.load() < 6 && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds{5});
        REQUIRE(samples.load() >= 6);
    }
    std::fclose(out);
    const auto text = read_all(path);
    // Not a terminal: 80 columns, so frames of at most 79 characters.
    INFO(text);
    REQUIRE(text.starts_with("\rabstracts "));
    REQUIRE(text.ends_with("\x1b[K\r\x1b[K"));
    std::size_t frames = 0;
    for (std::size_t at = 0; (at = text.find("\rabstracts ", at)) != std::string::npos; ++at) {
        const auto end = text.find("\x1b[K", at);
        REQUIRE(end != std::string::npos);
        CHECK(end - at - 1 <= 79);
        CHECK(text.substr(at, end - at).ends_with(" MB/s"));
        ++frames;
    }
    // Every sample draws a frame but the first, which only starts the rates.
    CHECK(frames == static_cast<std::size_t>(samples.load()) - 1);
    CHECK(text.find('\n') == std::string::npos);
}

TEST_CASE("a meter stopped before its first frame draws nothing and stops at once")
{
    sluice::test::ScratchDir scratch;
    const auto path = scratch.file("stderr");
    std::FILE* out = std::fopen(path.c_str(), "w");
    REQUIRE(out != nullptr);
    const auto started = std::chrono::steady_clock::now();
    {
        sluice::ProgressMeter meter{[] { return ProgressSnapshot{}; }, out, std::chrono::hours{1}};
    }
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds{2});
    std::fclose(out);
    CHECK(read_all(path).empty());
}

TEST_CASE("while a status line shows, a log line erases it before printing")
{
    sluice::test::ScratchDir scratch;
    const auto path = scratch.file("stderr");
    const auto format_before = sluice::log_format();
    sluice::set_log_format(sluice::LogFormat::text);
    const int saved = ::dup(STDERR_FILENO);
    REQUIRE(saved >= 0);
    const int file = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(file >= 0);
    ::dup2(file, STDERR_FILENO);
    ::close(file);
    sluice::set_status_line_shown(true);
    sluice::log_line("retrying");
    sluice::set_status_line_shown(false);
    sluice::log_line("run finished");
    ::dup2(saved, STDERR_FILENO);
    ::close(saved);
    sluice::set_log_format(format_before);
    CHECK(read_all(path) == "\r\x1b[Ksluice: retrying\nsluice: run finished\n");
}

TEST_CASE("a live value reads its source until detached, then keeps the last value")
{
    sluice::LiveValue<std::uint64_t> value;
    CHECK(value.get() == 0);
    {
        std::uint64_t count = 7;
        const sluice::LiveValue<std::uint64_t>::Attachment attached{value, [&count] { return count; }};
        CHECK(value.get() == 7);
        count = 9;
        CHECK(value.get() == 9);
    }
    CHECK(value.get() == 9);
}
