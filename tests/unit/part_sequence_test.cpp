#include "fetch/part_sequence.hpp"

#include "archive_bytes.hpp"
#include "core/error.hpp"
#include "memory_source.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using sluice::OpenedSource;
using sluice::PartSequence;
using sluice::test::drain;

namespace {

// An opener that logs what it opens, and parts that log when they are read to their end.
class Log {
public:
    void add(std::string line)
    {
        std::lock_guard lock{mutex_};
        lines_.push_back(std::move(line));
        changed_.notify_all();
    }
    // Waits (up to 10 s) for `line`; true when it came.
    bool wait_for(const std::string& line)
    {
        std::unique_lock lock{mutex_};
        return changed_.wait_for(lock, std::chrono::seconds{10},
                                 [&] { return std::find(lines_.begin(), lines_.end(), line) != lines_.end(); });
    }
    std::vector<std::string> lines()
    {
        std::lock_guard lock{mutex_};
        return lines_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> lines_;
};

class LoggedSource final : public sluice::test::MemorySource {
public:
    LoggedSource(std::string data, std::string name, Log& log) : MemorySource(std::move(data), 1000, name), log_(log) {}
    std::size_t read(std::span<char> out) override
    {
        const auto n = MemorySource::read(out);
        if (n == 0 && !ended_) {
            ended_ = true;
            log_.add("end " + name());
        }
        return n;
    }

private:
    Log& log_;
    bool ended_ = false;
};

std::string body(const std::string& location) { return "<doc>" + location + std::string(5000, '.') + "</doc>\n"; }

PartSequence::Opener logged_opener(Log& log)
{
    return [&log](const std::string& location) {
        log.add("open " + location);
        if (location == "bad") throw sluice::Error(location, "cannot open: No such file or directory");
        OpenedSource opened;
        opened.stream = std::make_unique<LoggedSource>(body(location), location, log);
        return opened;
    };
}

} // namespace

TEST_CASE("part sequence: parts come in the order given, each whole, as separate streams")
{
    Log log;
    PartSequence parts{{"p1", "p2", "p10", "p3"}, logged_opener(log), 100};
    CHECK(parts.size() == 4);
    std::vector<std::string> seen;
    while (auto part = parts.next()) {
        CHECK(part->index == seen.size());
        CHECK(part->opened.stream->name() == part->location);
        CHECK(drain(*part->opened.stream, 7) == body(part->location));
        CHECK(part->opened.stream->position() == body(part->location).size());
        seen.push_back(part->location);
    }
    CHECK(seen == std::vector<std::string>{"p1", "p2", "p10", "p3"});
    CHECK_FALSE(parts.next());
}

TEST_CASE("part sequence: the next part is opened and read ahead before the current one is read")
{
    Log log;
    PartSequence parts{{"a", "b", "c"}, logged_opener(log), 100};
    auto first = parts.next();
    REQUIRE(first);
    // Not one byte of part a read by the caller yet: part b is opened all the same.
    REQUIRE(log.wait_for("open b"));
    CHECK(drain(*first->opened.stream) == body("a"));
    auto second = parts.next();
    REQUIRE(log.wait_for("open c"));
    CHECK(drain(*second->opened.stream) == body("b"));
    auto lines = log.lines();
    const auto at = [&](const std::string& line) { return std::find(lines.begin(), lines.end(), line) - lines.begin(); };
    CHECK(at("open b") < at("end a"));
    CHECK(at("open c") < at("end b"));
    // One part ahead only: c was not opened before b was handed out.
    CHECK(at("open c") > at("open b"));
}

TEST_CASE("part sequence: the read-ahead holds at most prefetch_bytes of the next part")
{
    Log log;
    PartSequence parts{{"a", "b"}, logged_opener(log), 1500};
    auto first = parts.next();
    // Part a was read ahead by 1500 bytes (in the caller's stream, held); its end not reached.
    const auto lines = log.lines();
    CHECK(std::find(lines.begin(), lines.end(), "end a") == lines.end());
    CHECK(drain(*first->opened.stream) == body("a"));
}

TEST_CASE("part sequence: a part that fails to open fails when it is reached, after the parts before it")
{
    Log log;
    PartSequence parts{{"a", "bad", "c"}, logged_opener(log), 100};
    auto first = parts.next();
    REQUIRE(first);
    CHECK(drain(*first->opened.stream) == body("a"));
    CHECK_THROWS_WITH_AS(parts.next(), "bad: cannot open: No such file or directory", sluice::Error);
}

TEST_CASE("part sequence: destroyed mid-way, the read-ahead stops and is joined")
{
    Log log;
    {
        PartSequence parts{{"a", "b", "c"}, logged_opener(log), 100};
        auto first = parts.next();
    }
    const auto lines = log.lines();
    CHECK(std::find(lines.begin(), lines.end(), "open c") == lines.end());
}

TEST_CASE("part sequence: local compressed parts through open_decoded")
{
    sluice::test::ScratchDir dir;
    sluice::test::write_file(dir.file("p1.xml.gz"), sluice::test::gzip_bytes("<a/>\n"));
    sluice::test::write_file(dir.file("p2.xml.xz"), sluice::test::compressed_bytes("<b/>\n", "xz"));
    sluice::test::write_file(dir.file("p3.tar"), sluice::test::tar_bytes({{"x/c.xml", "<c/>\n"}}));
    PartSequence parts{{dir.file("p1.xml.gz"), dir.file("p2.xml.xz"), dir.file("p3.tar")}, sluice::OpenOptions{}};
    std::string all;
    while (auto part = parts.next()) all += sluice::to_string(part->opened.container) + std::string{" "} + drain(*part->opened.stream);
    CHECK(all == "gzip <a/>\nxz <b/>\ntar <c/>\n");
}
