// The progress line: drawn on a terminal (a pseudo-terminal here) and when --progress forces it,
// never into a pipe or with --no-progress; cut to the width; erased before the summary or the
// error, so they print clean. The abstracts come slowly (SlowDownload, let go after a while) so
// the run lasts long enough for several frames.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>


using namespace sluice::testing;

namespace {

// Long enough for several frames (five a second), short enough for a test.
constexpr std::chrono::milliseconds kHold{1500};

struct TerminalResult {
    int exit_code = -1;  // 128 + the signal when one ended it
    std::string output;  // stdout and stderr: both are the terminal
};

// Runs build/sluice on a pseudo-terminal `columns` wide, with the environment cleaned as
// run_sluice cleans it (no DATABASE_URL, PG* or SLUICE_* from the shell; text log lines). The
// terminal does no output processing, so every "\r" in the output is sluice's own.
TerminalResult run_on_terminal(const std::vector<std::string>& args, unsigned short columns)
{
    // Everything the child needs is built before the fork: the test runner has threads (the
    // HTTP server), so the child may do nothing but exec.
    std::vector<std::string> argv_storage{std::getenv("SLUICE_BIN") && *std::getenv("SLUICE_BIN")
                                              ? std::getenv("SLUICE_BIN")
                                              : SLUICE_BIN};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    auto env_storage = sluice_environment();
    std::vector<char*> argv;
    for (auto& arg : argv_storage) argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& entry : env_storage) envp.push_back(entry.data());
    envp.push_back(nullptr);

    termios mode{};
    ::cfmakeraw(&mode);
    ::cfsetspeed(&mode, B38400);
    winsize size{};
    size.ws_row = 24;
    size.ws_col = columns;
    int terminal = -1;
    const pid_t pid = ::forkpty(&terminal, nullptr, &mode, &size);
    if (pid < 0) throw std::runtime_error(std::string{"forkpty failed: "} + std::strerror(errno));
    if (pid == 0) {
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }

    TerminalResult result;
    const auto until = std::chrono::steady_clock::now() + std::chrono::minutes{2};
    char buffer[4096];
    for (;;) {
        if (std::chrono::steady_clock::now() > until) {
            ::kill(pid, SIGKILL);
            result.output += "(killed by the test after 2 minutes)";
            break;
        }
        pollfd ready{terminal, POLLIN, 0};
        if (::poll(&ready, 1, 100) <= 0) continue;
        const auto n = ::read(terminal, buffer, sizeof buffer);
        if (n > 0) result.output.append(buffer, static_cast<std::size_t>(n));
        else if (n == 0 || errno != EINTR) break;  // EIO: every copy of the terminal's other side is closed
    }
    ::close(terminal);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
    return result;
}

// Lets the held download go `hold` after its body started.
class ReleaseLater {
public:
    ReleaseLater(SlowDownload& download, std::chrono::milliseconds hold)
        : thread_([&download, hold](const std::stop_token& stop) {
              while (!stop.stop_requested() && !download.started()) std::this_thread::sleep_for(std::chrono::milliseconds{5});
              const auto until = std::chrono::steady_clock::now() + hold;
              while (!stop.stop_requested() && std::chrono::steady_clock::now() < until)
                  std::this_thread::sleep_for(std::chrono::milliseconds{5});
              download.release();
          })
    {
    }

private:
    std::jthread thread_;
};

std::vector<std::string> run_args(const std::string& abstracts_url, const TempDir& scratch)
{
    return {"run", "--movies", fixture("movies.zip"), "--abstracts", abstracts_url, "--csv", scratch.file("r.csv"),
            "--rejects", scratch.file("rejects.csv"), "--snapshot-date", kFixtureSnapshot};
}

// The frames in `output`: the text between a "\r" and the erase-to-end-of-line after it.
std::vector<std::string> frames(const std::string& output)
{
    std::vector<std::string> found;
    static const std::regex frame{"\r((?:movies|abstracts|docs|matched) [^\r\x1b\n]*)\x1b\\[K"};
    for (auto it = std::sregex_iterator(output.begin(), output.end(), frame); it != std::sregex_iterator(); ++it)
        found.push_back((*it)[1].str());
    return found;
}

// The size text the line gives a file of `bytes` (a few KiB here).
std::string kib(std::uint64_t bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f KiB", static_cast<double>(bytes) / 1024.0);
    return text;
}

// Whether every field of a frame is whole: a source's figures, "docs N", "matched N/19".
bool fields_whole(const std::string& frame)
{
    static const std::string size{"[0-9]+(\\.[0-9])? (B|KiB|MiB|GiB)"};
    static const std::regex source{"(movies|abstracts)( " + size + "(/" + size + ")?)?( opening| done| waiting)?"
                                   "( [0-9]{1,3}%)?( [0-9]+\\.[0-9] MB/s)?( ETA [0-9]+:[0-9]{2}:[0-9]{2})?"};
    static const std::regex count{"docs [0-9,]+|matched [0-9]+/19"};
    for (std::size_t at = 0; at <= frame.size();) {
        const auto end = std::min(frame.find(" | ", at), frame.size());
        const auto field = frame.substr(at, end - at);
        if (field == "movies" || field == "abstracts") return false;
        if (!std::regex_match(field, source) && !std::regex_match(field, count)) return false;
        at = end + 3;
    }
    return true;
}

std::string escaped(const std::string& text)
{
    std::string out;
    for (const char c : text) {
        if (c == '\r') out += "\\r";
        else if (c == '\x1b') out += "\\e";
        else out += c;
    }
    return out;
}

} // namespace

TEST_CASE("progress: on a terminal the line shows each source, docs and matches, and is erased before the summary")
{
    TempDir scratch;
    HttpServer server{fixture("")};
    SlowDownload abstracts{server, "/a.xml.gz", read_file(fixture("abstracts.xml.gz"))};
    const ReleaseLater release{abstracts, kHold};
    const auto result = run_on_terminal(run_args(abstracts.url(), scratch), 200);
    INFO(escaped(result.output));
    REQUIRE(result.exit_code == 0);

    const auto shown = frames(result.output);
    CHECK(shown.size() >= 4);
    // Mid-download: the movies read, the abstracts at their first KiB of the size the server gave
    // (Content-Length), the 19 films of the fixture report selected.
    const std::regex mid_run{"movies [0-9.]+ KiB/" + kib(file_size(fixture("movies.zip"))) +
                             " done \\| abstracts [0-9.]+ KiB/" + kib(file_size(fixture("abstracts.xml.gz"))) +
                             " [0-9]+% [0-9]+\\.[0-9] MB/s( ETA [0-9]+:[0-9]{2}:[0-9]{2})? \\| docs [0-9,]+ \\| "
                             "matched [0-9]+/19"};
    CHECK(std::any_of(shown.begin(), shown.end(), [&](const std::string& f) { return std::regex_match(f, mid_run); }));
    for (const auto& f : shown) CHECK(f.size() <= 199);

    // Erased, then the summary; no frame after it.
    const auto summary = result.output.find("sluice: run finished");
    REQUIRE(summary != std::string::npos);
    CHECK(result.output.substr(0, summary).ends_with("\x1b[K\r\x1b[K"));
    CHECK(result.output.find('\r', summary) == std::string::npos);
    CHECK(result.output.find("MB/s", summary) == std::string::npos);
}

TEST_CASE("progress: nothing is drawn when stderr is a pipe")
{
    TempDir scratch;
    HttpServer server{fixture("")};
    SlowDownload abstracts{server, "/a.xml.gz", read_file(fixture("abstracts.xml.gz"))};
    const ReleaseLater release{abstracts, kHold};
    const auto result = run_sluice(run_args(abstracts.url(), scratch));
    INFO(escaped(result.err));
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.starts_with("sluice: run finished"));
    CHECK(result.err.find('\r') == std::string::npos);
    CHECK(result.err.find('\x1b') == std::string::npos);
    CHECK(result.err.find("MB/s") == std::string::npos);
}

TEST_CASE("progress: --no-progress draws nothing on a terminal")
{
    TempDir scratch;
    HttpServer server{fixture("")};
    SlowDownload abstracts{server, "/a.xml.gz", read_file(fixture("abstracts.xml.gz"))};
    const ReleaseLater release{abstracts, kHold};
    auto args = run_args(abstracts.url(), scratch);
    args.push_back("--no-progress");
    const auto result = run_on_terminal(args, 200);
    INFO(escaped(result.output));
    REQUIRE(result.exit_code == 0);
    CHECK(result.output.starts_with("sluice: run finished"));
    CHECK(result.output.find('\r') == std::string::npos);
    CHECK(result.output.find('\x1b') == std::string::npos);
    CHECK(result.output.find("MB/s") == std::string::npos);
}

TEST_CASE("progress: --progress draws into a pipe too, 79 columns at most")
{
    TempDir scratch;
    HttpServer server{fixture("")};
    SlowDownload abstracts{server, "/a.xml.gz", read_file(fixture("abstracts.xml.gz"))};
    const ReleaseLater release{abstracts, kHold};
    auto args = run_args(abstracts.url(), scratch);
    args.push_back("--progress");
    const auto result = run_sluice(args);
    INFO(escaped(result.err));
    REQUIRE(result.exit_code == 0);
    const auto shown = frames(result.err);
    CHECK(shown.size() >= 4);
    // Not a terminal: 80 columns, and the last one left free. Mid-run the whole line is longer,
    // so it is shortened, never cut inside a field: docs and matched still show.
    for (const auto& f : shown) {
        CAPTURE(f);
        CHECK(f.size() <= 79);
        CHECK(fields_whole(f));
    }
    const std::regex mid_run{".*abstracts [^|]*[0-9]+%[^|]* \\| docs [0-9,]+ \\| matched [0-9]+/19"};
    CHECK(std::any_of(shown.begin(), shown.end(), [&](const std::string& f) { return std::regex_match(f, mid_run); }));
    CHECK(result.err.find("\x1b[K\r\x1b[Ksluice: run finished") != std::string::npos);
}

TEST_CASE("progress: a failing run erases the line before its error")
{
    TempDir scratch;
    HttpServer server{fixture("")};
    // Cut short: the dump ends inside its gzip stream once let go.
    auto body = read_file(fixture("abstracts.xml.gz"));
    body.resize(body.size() / 2);
    SlowDownload abstracts{server, "/a.xml.gz", body};
    const ReleaseLater release{abstracts, kHold};
    const auto result = run_on_terminal(run_args(abstracts.url(), scratch), 200);
    INFO(escaped(result.output));
    CHECK(result.exit_code == 1);
    CHECK(frames(result.output).size() >= 4);
    const auto error = result.output.find("sluice: error: ");
    REQUIRE(error != std::string::npos);
    CHECK(result.output.substr(0, error).ends_with("\x1b[K\r\x1b[K"));
    CHECK(result.output.find('\r', error) == std::string::npos);
}

TEST_CASE("progress: on narrow terminals the line is shortened by priority, docs and matched kept")
{
    for (const unsigned short columns : {80, 60, 40}) {
        CAPTURE(columns);
        TempDir scratch;
        HttpServer server{fixture("")};
        SlowDownload abstracts{server, "/a.xml.gz", read_file(fixture("abstracts.xml.gz"))};
        const ReleaseLater release{abstracts, kHold};
        const auto result = run_on_terminal(run_args(abstracts.url(), scratch), columns);
        INFO(escaped(result.output));
        REQUIRE(result.exit_code == 0);
        const auto shown = frames(result.output);
        CHECK(shown.size() >= 4);
        for (const auto& f : shown) {
            CAPTURE(f);
            CHECK(f.size() <= columns - 1u);
            CHECK(fields_whole(f));
        }
        // Mid-download, once the films are selected: the docs and the matches always show.
        const std::regex counts{".*docs [0-9,]+ \\| matched [0-9]+/19"};
        CHECK(std::any_of(shown.begin(), shown.end(), [&](const std::string& f) { return std::regex_match(f, counts); }));
        CHECK(result.output.find("sluice: run finished") != std::string::npos);
    }
}
