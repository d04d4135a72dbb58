// The loader thread in front of a real sink (the CSV writer): rows arrive in order, commit()
// waits for them, an error on the loader thread reaches the caller, and dropping the sink
// without commit() publishes nothing.
#include "jobs/movie_report/threaded_report_sink.hpp"

#include "core/error.hpp"
#include "jobs/movie_report/csv_report_writer.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

using sluice::CsvReportWriter;
using sluice::Film;
using sluice::ThreadedReportSink;
using sluice::test::read_file;
using sluice::test::ScratchDir;

namespace {

std::vector<Film> films(std::size_t count)
{
    std::vector<Film> out(count);
    for (std::size_t i = 0; i < count; ++i) {
        out[i].id = static_cast<std::int64_t>(i + 1);
        out[i].title = "Film " + std::to_string(i + 1);
        out[i].budget = 2000;
        out[i].revenue = 1000;
    }
    return out;
}

} // namespace

TEST_CASE("threaded sink: every row reaches the inner sink in order, through a small queue")
{
    ScratchDir dir;
    const auto path = dir.file("report.csv");
    const auto all = films(500);
    ThreadedReportSink sink{std::make_unique<CsvReportWriter>(path, "2025-02-01"), 4};  // the writer waits on the loader
    for (const auto& film : all) sink.write({&film, "https://en.wikipedia.org/wiki/X", std::nullopt});
    CHECK(sink.rows_written() == 0);
    sink.commit();
    CHECK(sink.rows_written() == 500);
    const auto text = read_file(path);
    CHECK(std::count(text.begin(), text.end(), '\n') == 501);
    CHECK(text.find("\n2025-02-01,1,,Film 1,,2000,1000,2,") != std::string::npos);
    CHECK(text.ends_with("\n2025-02-01,500,,Film 500,,2000,1000,2,,,https://en.wikipedia.org/wiki/X,\n"));
}

TEST_CASE("threaded sink: a failure on the loader thread is thrown by commit()")
{
    ScratchDir dir;
    const auto path = dir.file("report.csv");
    std::filesystem::create_directory(path);  // the inner commit cannot rename onto a directory
    const auto all = films(3);
    ThreadedReportSink sink{std::make_unique<CsvReportWriter>(path, "2025-02-01")};
    for (const auto& film : all) sink.write({&film, std::nullopt, std::nullopt});
    CHECK_THROWS_WITH_AS(sink.commit(), (path + ": rename failed: Is a directory").c_str(), sluice::Error);
    CHECK(sink.rows_written() == 0);
}

TEST_CASE("threaded sink: dropped without commit(), nothing is published")
{
    ScratchDir dir;
    const auto path = dir.file("report.csv");
    sluice::test::write_file(path, "the previous report\n");
    const auto all = films(100);
    {
        ThreadedReportSink sink{std::make_unique<CsvReportWriter>(path, "2025-02-01"), 8};
        for (const auto& film : all) sink.write({&film, std::nullopt, std::nullopt});
    }
    CHECK(dir.entries() == std::vector<std::string>{"report.csv"});
    CHECK(read_file(path) == "the previous report\n");
}
