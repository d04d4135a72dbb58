// What sluice shows on a terminal cannot be steered by the data or the names in it: control
// characters in a job name, a path or a message are escaped in stderr, in `sluice status` and in
// the summary, and JSON lines carry them as JSON escapes.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace sluice::testing;

TEST_CASE("control characters in a job name are escaped on stderr and in sluice status")
{
    const std::string table = "shown_job";
    for (const std::string& job : {std::string{"evil\x1b[2Jjob"}, std::string{"two\nlines"}, std::string{"bell\x07\x7f"},
                                  std::string{"csi\xc2\x9b" "31m"}}) {
        CAPTURE(job);
        query_value("DROP TABLE IF EXISTS " + table + ", " + table + "_previous");
        auto args = fixture_run_args(test_conninfo(), table);
        args.insert(args.end(), {"--job", job});
        const auto run = run_sluice(args);
        INFO(run.err);
        REQUIRE(run.exit_code == 0);
        std::string shown;
        for (std::size_t i = 0; i < job.size(); ++i) {
            const auto byte = static_cast<unsigned char>(job[i]);
            if (byte == 0x1b) shown += "\\e";
            else if (byte == '\n') shown += "\\n";
            else if (byte == 0x07) shown += "\\x07";
            else if (byte == 0x7f) shown += "\\x7f";
            else if (byte == 0xc2) shown += "\\u{9b}", ++i;
            else shown += job[i];
        }
        CHECK(run.err.find("of job '" + shown + "' loaded snapshot") != std::string::npos);
        for (const char c : run.err) CHECK((c == '\n' || static_cast<unsigned char>(c) >= 0x20));
        const auto status = run_sluice({"status", "--db", test_conninfo(), "--job", job, "--limit", "1"});
        CHECK(status.exit_code == 0);
        CHECK(status.out.find(shown) != std::string::npos);
        for (const char c : status.out) CHECK((c == '\n' || static_cast<unsigned char>(c) >= 0x20));
        // JSON escapes them its own way.
        const auto json = run_sluice(args, {{"SLUICE_LOG_FORMAT", "json"}});
        for (const char c : json.err) CHECK((c == '\n' || static_cast<unsigned char>(c) >= 0x20));
    }
}

TEST_CASE("control characters in a path are escaped in the error that names it")
{
    TempDir scratch;
    const auto path = scratch.file("abstracts\x1b]0;owned\x07.xml.gz");
    std::ofstream{path} << "";
    const auto result = run_sluice({"run", "--movies", fixture("movies.zip"), "--abstracts", path, "--csv",
                                    scratch.file("out.csv"), "--rejects", scratch.file("rejects.csv")});
    CHECK(result.exit_code == 1);
    CHECK(result.err == "sluice: error: " + scratch.file("abstracts\\e]0;owned\\x07.xml.gz") + ": byte 0: empty file\n");
}
