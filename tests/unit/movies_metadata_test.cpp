// CsvReader + FilmParser over the real sample: the first 2,996 records of Kaggle's
// movies_metadata.csv (see /work/shared/data/real/SOURCES.md). Set SLUICE_REAL_DATA_DIR to the
// folder holding it; without it the folder beside the repository (../shared/data/real) is used.

#include "parse/csv_reader.hpp"
#include "jobs/movie_report/film_parser.hpp"

#include "core/byte_source.hpp"
#include "core/error.hpp"
#include "memory_source.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

std::filesystem::path real_data_dir()
{
    if (const char* dir = std::getenv("SLUICE_REAL_DATA_DIR"); dir != nullptr && *dir != '\0') return dir;
    // This file is <repo>/tests/unit/movies_metadata_test.cpp.
    const std::filesystem::path repo =
        std::filesystem::absolute(__FILE__).parent_path().parent_path().parent_path();
    return repo / ".." / "shared" / "data" / "real";
}

// A file read in reads of at most `max_read` bytes.
class FileSource : public sluice::ByteSource {
public:
    FileSource(const std::filesystem::path& path, std::size_t max_read)
        : file_(std::fopen(path.c_str(), "rb"), &std::fclose), name_(path.filename().string()), max_read_(max_read)
    {
        if (!file_) throw sluice::Error(path.string(), "cannot open");
    }
    std::size_t read(std::span<char> out) override
    {
        const std::size_t n = std::fread(out.data(), 1, std::min(out.size(), max_read_), file_.get());
        if (n == 0 && std::ferror(file_.get())) throw sluice::Error(name_, "read failed");
        position_ += n;
        return n;
    }
    const std::string& name() const override { return name_; }
    std::uint64_t position() const override { return position_; }

private:
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
    std::string name_;
    std::size_t max_read_;
    std::uint64_t position_ = 0;
};

struct Outcome {
    std::uint64_t records = 0;
    std::vector<std::string> rejections;  // "line N: reason"
    std::vector<sluice::Film> films;
    std::map<std::string, std::uint64_t> line_of_title;  // first record with that title
    std::uint64_t longest_raw = 0;
};

std::filesystem::path sample_path()
{
    const auto path = real_data_dir() / "movies_metadata.csv";
    REQUIRE_MESSAGE(std::filesystem::exists(path), "no real data at " << path << "; set SLUICE_REAL_DATA_DIR");
    return path;
}

Outcome run(sluice::ByteSource& source)
{
    sluice::CsvReader reader(source);
    sluice::CsvRecord record;
    REQUIRE(reader.next(record));
    REQUIRE(record.line == 1);
    const sluice::FilmParser parser(source.name(), record);

    Outcome out;
    while (reader.next(record)) {
        ++out.records;
        out.longest_raw = std::max<std::uint64_t>(out.longest_raw, record.raw.size());
        auto result = parser.parse(record);
        if (auto* reason = std::get_if<std::string>(&result)) {
            out.rejections.push_back("line " + std::to_string(record.line) + ": " + *reason);
            continue;
        }
        auto& film = std::get<sluice::Film>(result);
        out.line_of_title.emplace(film.title, film.line);
        out.films.push_back(std::move(film));
    }
    return out;
}

Outcome run(std::size_t max_read)
{
    FileSource source(sample_path(), max_read);
    return run(source);
}

// The films as one comparable line each.
std::vector<std::string> film_lines(const Outcome& outcome)
{
    std::vector<std::string> lines;
    for (const auto& f : outcome.films)
        lines.push_back(std::to_string(f.line) + " " + std::to_string(f.id) + " " + f.title + " " + f.imdb_id + " " +
                        std::to_string(f.budget) + " " + std::to_string(f.revenue) + " " +
                        (f.year ? std::to_string(*f.year) : "-") + " " + (f.rating ? std::to_string(*f.rating) : "-") +
                        " " + f.production_company.value_or("-"));
    return lines;
}

const sluice::Film* find_id(const Outcome& outcome, std::int64_t id)
{
    for (const auto& film : outcome.films) {
        if (film.id == id) return &film;
    }
    return nullptr;
}

} // namespace

TEST_CASE("real data: movies_metadata.csv sample parses completely")
{
    const Outcome outcome = run(64 * 1024);

    CHECK(outcome.records == 2996);
    // No record is rejected: this sample is the first 2,996 records of the full Kaggle file, and
    // the full file's three broken records (overviews split across lines without quotes) sit
    // near rows 19,730, 29,503 and 35,587, beyond it. Every id is an integer, every non-blank
    // date a real YYYY-MM-DD, every production_companies a list literal, every title non-blank.
    CHECK(outcome.rejections == std::vector<std::string>{});
    CHECK(outcome.films.size() == 2996);

    // The two quoted overviews with embedded line breaks: each takes extra physical lines, and
    // the record after each starts on the right line.
    CHECK(outcome.line_of_title.at("Jupiter's Wife") == 128);      // lines 128-129
    CHECK(outcome.line_of_title.at("Pie in the Sky") == 130);
    CHECK(outcome.line_of_title.at("The Acid House") == 2653);     // lines 2653-2655
    CHECK(outcome.films.back().line == 3000);  // 1 + 2,996 + 3 extra lines; no final newline
    CHECK(outcome.films.back().title == "'night, Mother");

    const sluice::Film* toy = find_id(outcome, 862);
    REQUIRE(toy != nullptr);
    CHECK(toy->line == 2);
    CHECK(toy->title == "Toy Story");
    CHECK(toy->imdb_id == "tt0114709");
    CHECK(toy->budget == 30000000);
    CHECK(toy->revenue == 373554033);
    CHECK(toy->year == 1995);
    CHECK(toy->rating == 7.7);
    CHECK(toy->production_company == "Pixar Animation Studios");

    const sluice::Film* acid = find_id(outcome, 12229);
    REQUIRE(acid != nullptr);
    CHECK(acid->title == "The Acid House");
    CHECK(acid->imdb_id == "tt0122515");
    CHECK(acid->year == 1998);
    CHECK(acid->rating == 6.4);
    CHECK(acid->production_company == std::nullopt);

    const sluice::Film* mother = find_id(outcome, 34760);
    REQUIRE(mother != nullptr);
    CHECK(mother->revenue == 442000);
    CHECK(mother->budget == 0);
    CHECK(mother->year == 1986);
    CHECK(mother->rating == 5.8);

    // Whole-file tallies, cross-checked with Python's csv and ast.literal_eval.
    std::uint64_t ranked = 0, no_year = 0, no_company = 0, duplicate_105045 = 0;
    std::int64_t budgets = 0, revenues = 0;
    for (const auto& film : outcome.films) {
        if (film.budget > 0 && film.revenue > 0) ++ranked;
        if (!film.year) ++no_year;
        if (!film.production_company) ++no_company;
        if (film.id == 105045) ++duplicate_105045;
        budgets += film.budget;
        revenues += film.revenue;
    }
    CHECK(ranked == 1134);            // SOURCES.md: both budget and revenue > 0
    CHECK(no_year == 2);              // ids 365371 and 215107 have a blank release_date
    CHECK(no_company == 328);         // production_companies is '[]'
    CHECK(duplicate_105045 == 2);     // "The Promise" appears twice (lines 679 and 1468)
    CHECK(budgets == 32127434732);
    CHECK(revenues == 102674324379);
}

TEST_CASE("real data: the same result whatever the read size")
{
    const Outcome whole = run(64 * 1024);
    const Outcome small = run(7);
    REQUIRE(small.films.size() == whole.films.size());
    CHECK(small.rejections == whole.rejections);
    for (std::size_t i = 0; i < whole.films.size(); ++i) {
        const auto& a = whole.films[i];
        const auto& b = small.films[i];
        CHECK_MESSAGE((a.id == b.id && a.title == b.title && a.line == b.line && a.budget == b.budget &&
                       a.revenue == b.revenue && a.year == b.year && a.rating == b.rating &&
                       a.production_company == b.production_company && a.imdb_id == b.imdb_id),
                      "film " << i);
    }
}

TEST_CASE("real data: CRLF and CR-only line endings give the same films on the same lines")
{
    std::string lf;
    {
        std::ifstream in(sample_path(), std::ios::binary);
        lf.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    REQUIRE(lf.find('\r') == std::string::npos);
    const auto with_endings = [&](const std::string& ending) {
        std::string text;
        for (const char c : lf) {
            if (c == '\n') text += ending;
            else text += c;
        }
        return text;
    };
    const Outcome expected = run(64 * 1024);
    REQUIRE(expected.films.size() == 2996);
    for (const std::string ending : {"\r\n", "\r"}) {
        for (const std::size_t max_read : {std::size_t{7}, std::size_t{64 * 1024}}) {
            CAPTURE(ending.size());
            CAPTURE(max_read);
            sluice::test::MemorySource source(with_endings(ending), max_read, "movies_metadata.csv");
            const Outcome outcome = run(source);
            CHECK(outcome.records == 2996);
            CHECK(outcome.rejections == std::vector<std::string>{});
            CHECK(film_lines(outcome) == film_lines(expected));
            CHECK(outcome.films.back().line == 3000);
        }
    }
}
