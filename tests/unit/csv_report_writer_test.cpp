#include "jobs/movie_report/csv_report_writer.hpp"

#include "core/error.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

using sluice::CsvReportWriter;
using sluice::Film;
using sluice::ReportRow;
using sluice::test::read_file;
using sluice::test::ScratchDir;

namespace {

const std::string kHeader =
    "snapshot_date,movie_id,imdb_id,title,year,budget,revenue,ratio,rating,production_company,wikipedia_url,wikipedia_abstract\n";

Film toy_story()
{
    Film f;
    f.id = 862;
    f.imdb_id = "tt0114709";
    f.title = "Toy Story";
    f.year = 1995;
    f.budget = 30000000;
    f.revenue = 373554033;
    f.rating = 7.7;
    f.production_company = "Pixar Animation Studios";
    return f;
}

// Every optional value missing, and text that needs quoting everywhere it can appear.
Film awkward()
{
    Film f;
    f.id = 7;
    f.title = "Crocodile \"Mick\" Dundee, Part II\r\nThe Return";
    f.budget = 2000;
    f.revenue = 1000;
    return f;
}

std::string temp_name(const std::string& path) { return path + ".part." + std::to_string(::getpid()); }

} // namespace

TEST_CASE("csv report: exact content, with quoting and NULLs as empty fields")
{
    ScratchDir dir;
    const auto path = dir.file("report.csv");
    const Film toy = toy_story();
    const Film odd = awkward();
    {
        CsvReportWriter writer(path, "2025-02-01");
        writer.write({&toy, std::string_view{"https://en.wikipedia.org/wiki/Toy_Story"},
                      std::string_view{"Toy Story is a 1995 American computer-animated comedy film."}});
        writer.write({&odd, std::nullopt, std::nullopt});
        Film quoted_company = toy;
        quoted_company.production_company = "Po' Boy Productions, \"Ltd\"";
        quoted_company.rating = 10.0;
        writer.write({&quoted_company, std::string_view{"https://x/a,b"}, std::string_view{"line one\nline two"}});
        CHECK(writer.rows_written() == 3);
        writer.commit();
        CHECK(writer.rows_written() == 3);
    }
    CHECK(read_file(path) ==
          kHeader +
              "2025-02-01,862,tt0114709,Toy Story,1995,30000000,373554033,0.08030966700873499,7.7,Pixar Animation Studios,"
              "https://en.wikipedia.org/wiki/Toy_Story,Toy Story is a 1995 American computer-animated comedy film.\n"
              "2025-02-01,7,,\"Crocodile \"\"Mick\"\" Dundee, Part II\r\nThe Return\",,2000,1000,2,,,,\n"
              "2025-02-01,862,tt0114709,Toy Story,1995,30000000,373554033,0.08030966700873499,10.0,"
              "\"Po' Boy Productions, \"\"Ltd\"\"\",\"https://x/a,b\",\"line one\nline two\"\n");
    CHECK(dir.entries() == std::vector<std::string>{"report.csv"});
}

TEST_CASE("csv report: an empty string is written like a NULL, an empty report is just the header")
{
    ScratchDir dir;
    const auto path = dir.file("report.csv");
    Film film = toy_story();
    film.production_company = "";
    {
        CsvReportWriter writer(path, "2025-02-01");
        writer.write({&film, std::string_view{""}, std::string_view{""}});
        writer.commit();
    }
    CHECK(read_file(path) == kHeader + "2025-02-01,862,tt0114709,Toy Story,1995,30000000,373554033,0.08030966700873499,7.7,,,\n");

    const auto empty = dir.file("empty.csv");
    {
        CsvReportWriter writer(empty, "2025-02-01");
        writer.commit();
        CHECK(writer.rows_written() == 0);
    }
    CHECK(read_file(empty) == kHeader);
}

TEST_CASE("csv report: the file appears under its name only after commit()")
{
    ScratchDir dir;
    const auto path = dir.file("report.csv");
    const Film toy = toy_story();
    CsvReportWriter writer(path, "2025-02-01");
    writer.write({&toy, std::nullopt, std::nullopt});
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(dir.entries() == std::vector<std::string>{"report.csv.part." + std::to_string(::getpid())});
    writer.commit();
    CHECK(dir.entries() == std::vector<std::string>{"report.csv"});
    CHECK(read_file(path) == kHeader + "2025-02-01,862,tt0114709,Toy Story,1995,30000000,373554033,0.08030966700873499,7.7,"
                                       "Pixar Animation Studios,,\n");
}

TEST_CASE("csv report: destroyed without commit, nothing is left behind and an old report survives")
{
    ScratchDir dir;
    const auto path = dir.file("report.csv");
    sluice::test::write_file(path, "the previous report\n");
    const Film toy = toy_story();
    {
        CsvReportWriter writer(path, "2025-02-01");
        writer.write({&toy, std::nullopt, std::nullopt});
        CHECK(std::filesystem::exists(temp_name(path)));
        // e.g. the pipeline failed and unwound past the writer
    }
    CHECK(dir.entries() == std::vector<std::string>{"report.csv"});
    CHECK(read_file(path) == "the previous report\n");
}

TEST_CASE("csv report: a commit that cannot rename leaves no temporary file behind")
{
    ScratchDir dir;
    const auto path = dir.file("report.csv");
    std::filesystem::create_directory(path);  // rename(2) cannot replace a directory with a file
    const Film toy = toy_story();
    {
        CsvReportWriter writer(path, "2025-02-01");
        writer.write({&toy, std::nullopt, std::nullopt});
        CHECK_THROWS_WITH_AS(writer.commit(), (path + ": rename failed: Is a directory").c_str(), sluice::Error);
    }
    CHECK(dir.entries() == std::vector<std::string>{"report.csv"});
    CHECK(std::filesystem::is_directory(path));
}

TEST_CASE("csv report: an unwritable location names the path")
{
    ScratchDir dir;
    const auto path = dir.file("missing/report.csv");
    CHECK_THROWS_WITH_AS(CsvReportWriter(path, "2025-02-01"), (path + ": cannot create: No such file or directory").c_str(),
                         sluice::Error);
}

TEST_CASE("csv report: a path that is not a regular file is written in place, never replaced")
{
    // A FIFO stands for /dev/stdout or /dev/null: renaming a file over it would replace it.
    ScratchDir dir;
    const auto path = dir.file("pipe");
    REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
    std::string received;
    std::thread reader{[&] { received = read_file(path); }};
    const Film toy = toy_story();
    {
        CsvReportWriter writer(path, "2025-02-01");
        writer.write({&toy, std::nullopt, std::nullopt});
        writer.prepare();
        writer.commit();
    }
    reader.join();
    CHECK(received == kHeader + "2025-02-01,862,tt0114709,Toy Story,1995,30000000,373554033,0.08030966700873499,7.7,"
                                "Pixar Animation Studios,,\n");
    CHECK(std::filesystem::is_fifo(path));
    CHECK(dir.entries() == std::vector<std::string>{"pipe"});
}
