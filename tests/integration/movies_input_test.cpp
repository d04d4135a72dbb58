// The movies side end to end (issue 13, items 7, 9 and 10): a header naming a column twice, a zip
// whose member name is ambiguous (read from a file, by Range requests, and streamed, with sluice
// inspect picking the same member), production_companies values Python reads, CR-only line
// endings, and raw bytes in refused records reaching the rejects file. Each variant with its exit
// code, its error line, the company loaded and the rejects file's bytes.

#include "tests/integration/harness.hpp"
#include "tests/unit/archive_bytes.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>

using namespace sluice::testing;
using namespace std::string_literals;
using sluice::test::zip_bytes;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void write_file(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

// The records of a CSV text (RFC 4180 quotes, LF line ends), for the report sluice wrote.
std::vector<std::vector<std::string>> csv_records(const std::string& text)
{
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            record.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            record.push_back(std::move(field));
            field.clear();
            records.push_back(std::move(record));
            record.clear();
        } else {
            field += c;
        }
    }
    return records;
}

// movie_id -> production_company in a report CSV.
std::map<std::string, std::string> companies_in(const std::string& report)
{
    std::map<std::string, std::string> companies;
    const auto records = csv_records(report);
    REQUIRE(!records.empty());
    REQUIRE(records.front()[1] == "movie_id");
    REQUIRE(records.front()[9] == "production_company");
    for (std::size_t i = 1; i < records.size(); ++i) companies[records[i][1]] = records[i][9];
    return companies;
}

struct MoviesRun {
    ProcessResult result;
    std::string report;   // the report CSV ("" when none was written)
    std::string rejects;  // the rejects file
    bool report_written = false;
};

// `sluice run` with these movies and the fixture abstracts, writing the report and the rejects
// to a scratch folder.
MoviesRun run_movies(const std::string& movies, std::vector<std::string> extra = {})
{
    TempDir scratch;
    std::vector<std::string> args{"run",      "--movies",  movies, "--abstracts", fixture("abstracts.xml.gz"),
                                  "--csv",    scratch.file("report.csv"), "--rejects", scratch.file("rejects.csv"),
                                  "--snapshot-date", kFixtureSnapshot, "--log-format", "text"};
    args.insert(args.end(), extra.begin(), extra.end());
    MoviesRun run;
    run.result = run_sluice(args);
    run.report_written = std::filesystem::exists(scratch.file("report.csv"));
    if (run.report_written) run.report = read_file(scratch.file("report.csv"));
    if (std::filesystem::exists(scratch.file("rejects.csv"))) run.rejects = read_file(scratch.file("rejects.csv"));
    return run;
}

// The one error line of a failed run.
void check_fails_with(const MoviesRun& run, const std::string& error)
{
    INFO(run.result.err);
    CHECK(run.result.exit_code == 1);
    CHECK(run.result.err == "sluice: error: " + error + "\n");
    CHECK_FALSE(run.report_written);
}

// A small movies CSV: the columns sluice reads (and the two hints) in an order of their own.
const std::string kHeader =
    "id,title,budget,revenue,release_date,vote_average,imdb_id,production_companies,production_countries,original_language";

std::string csv_quoted(const std::string& value)
{
    std::string out = "\"";
    for (const char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string film_row(int id, const std::string& title, const std::string& companies, int revenue = 2000000)
{
    return std::to_string(id) + "," + title + ",10000000," + std::to_string(revenue) + ",1995-06-01,6.5,tt" +
           std::to_string(1000000 + id) + "," + csv_quoted(companies) + ",\"[{'iso_3166_1': 'US', 'name': 'US'}]\",en";
}

// The fixture movies file, every LF replaced by `line_end`.
std::string fixture_movies(const std::string& line_end = "\n")
{
    std::string out;
    for (const char c : read_file(fixture("src/movies_metadata.csv"))) {
        if (c == '\n') out += line_end;
        else out += c;
    }
    return out;
}

// A whole body as a 200 with no Content-Length: what a server without Range support sends.
void send_whole(httplib::Response& response, const std::string& body)
{
    response.status = 200;
    response.set_header("ETag", "\"v1\"");
    response.set_chunked_content_provider("application/zip", [&body](std::size_t offset, httplib::DataSink& sink) {
        if (offset < body.size()) sink.write(body.data() + offset, std::min<std::size_t>(64 * 1024, body.size() - offset));
        else sink.done();
        return true;
    });
}

} // namespace

TEST_CASE("movies input: a column sluice reads, named twice, fails the run naming the header line and both columns")
{
    TempDir dir;
    const auto film = film_row(1, "Heat", "[{'name': 'Regency', 'id': 1}]");
    struct Variant {
        std::string name;
        std::string text;
        std::string error;  // after the path
    };
    const std::vector<Variant> variants = {
        {"title.csv", kHeader + ",title\n" + film + ",Other\n", "line 1: duplicate column 'title' in the header: columns 2 and 11"},
        {"id.csv", "id," + kHeader + "\n7," + film + "\n", "line 1: duplicate column 'id' in the header: columns 1 and 2"},
        {"companies.csv", kHeader + ",production_companies\n" + film + ",[]\n",
         "line 1: duplicate column 'production_companies' in the header: columns 8 and 11"},
        // The hint columns count too.
        {"language.csv", kHeader + ",original_language\n" + film + ",fr\n",
         "line 1: duplicate column 'original_language' in the header: columns 10 and 11"},
        {"countries.csv", "production_countries," + kHeader + "\n[]," + film + "\n",
         "line 1: duplicate column 'production_countries' in the header: columns 1 and 10"},
        {"three.csv", kHeader + ",budget,budget\n" + film + ",1,2\n",
         "line 1: duplicate column 'budget' in the header: columns 3 and 11 (and 1 more)"},
        // A byte order mark does not hide the first; the header after blank lines; CR line ends.
        {"bom.csv", "\xEF\xBB\xBFtitle," + kHeader + "\nX," + film + "\n",
         "line 1: duplicate column 'title' in the header: columns 1 and 3"},
        {"blank.csv", "\n\n" + kHeader + ",title\n" + film + ",Other\n", "line 3: duplicate column 'title' in the header: columns 2 and 11"},
        {"cr.csv", "\r" + kHeader + ",title\r" + film + ",Other\r", "line 2: duplicate column 'title' in the header: columns 2 and 11"},
    };
    for (const auto& variant : variants) {
        CAPTURE(variant.name);
        write_file(dir.file(variant.name), variant.text);
        check_fails_with(run_movies(dir.file(variant.name)), dir.file(variant.name) + ": " + variant.error);
    }

    // In a zip, the source is the member.
    write_file(dir.file("movies.zip"), zip_bytes({{"movies_metadata.csv", variants[0].text}}));
    check_fails_with(run_movies(dir.file("movies.zip")),
                     dir.file("movies.zip") + ":movies_metadata.csv: " + variants[0].error);

    // Doubled names of columns sluice does not read, and names that only look alike, are fine.
    write_file(dir.file("fine.csv"), kHeader + ",genres,genres,Title,title \n" + film + ",a,b,Wrong,Wrong too\n");
    const auto fine = run_movies(dir.file("fine.csv"));
    INFO(fine.result.err);
    CHECK(fine.result.exit_code == 0);
    CHECK(companies_in(fine.report) == std::map<std::string, std::string>{{"1", "Regency"}});
    CHECK(csv_records(fine.report).at(1).at(3) == "Heat");
}

TEST_CASE("movies input: a zip member is the exact path, else the one in a folder, the same from a file, by Range, streamed and in inspect")
{
    // The real file names Trimark Pictures for Deadfall (31909); the impostor names EVIL Pictures
    // and holds 3 records instead of 41.
    const std::string real = read_file(fixture("src/movies_metadata.csv"));
    std::string evil;
    {
        const auto at = real.find(",31909,tt0106677,");
        REQUIRE(at != std::string::npos);
        const auto start = real.rfind('\n', at) + 1;
        std::string deadfall = real.substr(start, real.find('\n', at) + 1 - start);
        deadfall.replace(deadfall.find("Trimark Pictures"), 16, "EVIL Pictures");
        evil = real.substr(0, real.find('\n') + 1) + deadfall + deadfall + deadfall;
    }
    struct Archive {
        std::string name;
        std::string bytes;
        std::string member;  // "" when the run must fail
        std::string error;   // after the source's name
    };
    const std::string ambiguous =
        "2 members are named 'movies_metadata.csv' and none is at the top level: 'evil/movies_metadata.csv' and "
        "'data/movies_metadata.csv' (name one by its path)";
    const std::vector<Archive> archives = {
        {"evil-first.zip", zip_bytes({{"evil/movies_metadata.csv", evil}, {"movies_metadata.csv", real}}), "movies_metadata.csv", ""},
        {"exact-first.zip", zip_bytes({{"movies_metadata.csv", real}, {"evil/movies_metadata.csv", evil}}), "movies_metadata.csv", ""},
        {"nested.zip", zip_bytes({{"credits.csv", "cast,crew,id\n"}, {"data/movies_metadata.csv", real}, {"ratings.csv", "x\n"}}),
         "data/movies_metadata.csv", ""},
        {"two-nested.zip", zip_bytes({{"evil/movies_metadata.csv", evil}, {"data/movies_metadata.csv", real}}), "", ambiguous},
        {"two-nested-then-exact.zip",
         zip_bytes({{"evil/movies_metadata.csv", evil}, {"data/movies_metadata.csv", evil}, {"movies_metadata.csv", real}}),
         "movies_metadata.csv", ""},
    };

    TempDir dir;
    HttpServer server{fixture("")};
    std::map<std::string, std::atomic<int>> gets;
    for (const auto& archive : archives) {
        write_file(dir.file(archive.name), archive.bytes);
        gets[archive.name] = 0;
        server.routes().Get("/ranged/" + archive.name, [&archive](const httplib::Request&, httplib::Response& response) {
            response.set_header("ETag", "\"v1\"");
            response.set_content(archive.bytes, "application/zip");  // httplib answers a Range with a 206
        });
        server.routes().Get("/whole/" + archive.name, [&archive, &gets](const httplib::Request& request, httplib::Response& response) {
            if (request.method == "GET") ++gets.at(archive.name);
            send_whole(response, archive.bytes);
        });
    }

    for (const auto& archive : archives) {
        CAPTURE(archive.name);
        struct Way {
            std::string source;
            std::vector<std::string> flags;
            std::string summary;  // how the summary names the container
        };
        const std::vector<Way> ways = {
            {dir.file(archive.name), {}, "zip"},
            {"file://" + dir.file(archive.name), {}, "zip"},
            {server.url("/ranged/" + archive.name), {}, "zip, member fetched by range"},
            {server.url("/ranged/" + archive.name), {"--no-zip-range"}, "zip"},
            {server.url("/whole/" + archive.name), {}, "zip"},
        };
        for (const auto& way : ways) {
            CAPTURE(way.source);
            CAPTURE(way.flags.size());
            const auto name = way.source.starts_with("file://") ? dir.file(archive.name) : way.source;
            const auto run = run_movies(way.source, way.flags);
            if (archive.member.empty()) {
                check_fails_with(run, name + ": " + archive.error);
                continue;
            }
            INFO(run.result.err);
            REQUIRE(run.result.exit_code == 0);
            CHECK(companies_in(run.report).at("31909") == "Trimark Pictures");
            CHECK(contains(run.result.err, "  movies     " + name + ":" + archive.member + " (" + way.summary + "): "));
            CHECK(contains(run.result.err, "  films      41 read, 4 rejected"));
        }

        // inspect names the same member (or fails the same way), from the file and by Range.
        for (const auto& source : {dir.file(archive.name), server.url("/ranged/" + archive.name)}) {
            const auto inspected = run_sluice({"inspect", source, "--records", "0", "--log-format", "text"});
            if (archive.member.empty()) {
                CHECK(inspected.exit_code == 1);
                CHECK(inspected.err == "sluice: error: " + source + ": " + archive.error + "\n");
            } else {
                INFO(inspected.err);
                CHECK(inspected.exit_code == 0);
                CHECK(contains(inspected.out, "\nmember      " + archive.member + " (30991 bytes"));
                CHECK(contains(inspected.out, "\nrecords     41 "));
            }
        }
        // Streamed from a server without Range support, inspect reads what the run reads.
        const auto streamed = run_sluice({"inspect", server.url("/whole/" + archive.name), "--records", "0", "--log-format", "text"});
        if (archive.member.empty()) {
            CHECK(streamed.err == "sluice: error: " + server.url("/whole/" + archive.name) + ": " + archive.error + "\n");
        } else {
            CHECK(contains(streamed.out, "\nrecords     41 "));
        }
    }

    // The member in a folder, streamed: the archive is looked through to its end, then read again
    // up to the member. A server without Range support sees the probe, then the two reads; with
    // --no-zip-range, no probe.
    gets["nested.zip"] = 0;
    auto run = run_movies(server.url("/whole/nested.zip"));
    REQUIRE(run.result.exit_code == 0);
    CHECK(gets["nested.zip"] == 3);
    gets["nested.zip"] = 0;
    run = run_movies(server.url("/whole/nested.zip"), {"--no-zip-range"});
    REQUIRE(run.result.exit_code == 0);
    CHECK(gets["nested.zip"] == 2);
    const auto read_at = run.result.err.find("(zip): ") + 7;
    const auto bytes_read = std::stoull(run.result.err.substr(read_at));
    CHECK(bytes_read > archives[2].bytes.size());
    CHECK(bytes_read <= 2 * archives[2].bytes.size());
    // When the exact path is there, one read.
    gets["evil-first.zip"] = 0;
    run = run_movies(server.url("/whole/evil-first.zip"), {"--no-zip-range"});
    REQUIRE(run.result.exit_code == 0);
    CHECK(gets["evil-first.zip"] == 1);

    // --movies-member by its path takes either member of the ambiguous archive.
    run = run_movies(dir.file("two-nested.zip"), {"--movies-member", "data/movies_metadata.csv"});
    REQUIRE(run.result.exit_code == 0);
    CHECK(companies_in(run.report).at("31909") == "Trimark Pictures");
    run = run_movies(server.url("/whole/two-nested.zip"), {"--movies-member", "evil/movies_metadata.csv"});
    REQUIRE(run.result.exit_code == 0);
    CHECK(companies_in(run.report).at("31909") == "EVIL Pictures");
}

TEST_CASE("movies input: a streamed zip that changes between its two reads is read again from the start")
{
    const std::string real = read_file(fixture("src/movies_metadata.csv"));
    const std::string first = zip_bytes({{"credits.csv", "x\n"}, {"data/movies_metadata.csv", real}});
    const std::string other = zip_bytes({{"credits.csv", "x\n"}, {"other/movies_metadata.csv", real}});
    HttpServer server{fixture("")};
    std::atomic<int> gets{0};
    // The second GET, the run's second read of the archive, gets another file; later ones the first.
    server.routes().Get("/changing.zip", [&](const httplib::Request& request, httplib::Response& response) {
        const int n = request.method == "GET" ? ++gets : 0;
        send_whole(response, n == 2 ? other : first);
    });
    const auto run = run_movies(server.url("/changing.zip"), {"--no-zip-range"});
    INFO(run.result.err);
    CHECK(run.result.exit_code == 0);
    CHECK(contains(run.result.err, "sluice: " + server.url("/changing.zip") + ": byte "));
    CHECK(contains(run.result.err, ": the zip archive changed between its two reads: starting the run again\n"));
    CHECK(gets == 4);
    CHECK(companies_in(run.report).at("31909") == "Trimark Pictures");
}

TEST_CASE("movies input: production_companies values Python reads are loaded, as the film's company")
{
    struct Company {
        std::string literal;
        std::string loaded;  // the report's production_company; "" is NULL
    };
    const std::vector<Company> accepted = {
        {"[{'name': 'Tri\\ud800mark', 'id': 4063}]", "Tri\xEF\xBF\xBDmark"},            // a lone surrogate: U+FFFD
        {"[{'name': '\\ud83c\\udfac', 'id': 1}]", "\xEF\xBF\xBD\xEF\xBF\xBD"},           // two, as Python keeps them
        {"[{'name': 'Tri\\N{BULLET}mark', 'id': 4063}]", "Tri\xE2\x80\xA2mark"},
        {"[{'name': 'Trimark', 'id': 99999999999999999999999}]", "Trimark"},             // an id past int64
        {"[{'name': 'Trimark', 'id': -0x8000000000000001}]", "Trimark"},
        {"[{'name': None, 'id': 1}, {'name': 'Trimark Pictures', 'id': 4063}]", "Trimark Pictures"},
        {"[{'id': 1}, {'name': 'Named', 'id': 2}]", "Named"},
        {"[{'name': None, 'id': 1}]", ""},                                               // none named: NULL
        {"[{'name': 'A\\x00B'}]", "A\xEF\xBF\xBD" "B"},                                  // NUL: U+FFFD
        {"[{'name': '''Po' Boy''', 'id': 7}]", "Po' Boy"},
        {"[{'name': 'Tri' u\"mark\" r'\\d', 'id': 1}]", "Trimark\\d"},
        {"[{'name': 'A', 'name': 'B'}]", "B"},                                          // the last value, as a dict
        {"[{'name': '\\101\\x42\\u0043\\U00000044'}]", "ABCD"},
        {"  [\n  {'name': 'Spread',\n   'id': 1_000},  # a comment\n]\n", "Spread"},
        {"({'name': 'Tuple', 'id': 1.5e3, 'logo': None},)", "Tuple"},
    };
    struct Refused {
        std::string literal;
        std::string reason;
    };
    const std::vector<Refused> refused = {
        {"[{'name': b'Bytes'}]", "production_companies: expected a str or None for 'name' at offset 1"},
        {"[{'name': '\\N{NO SUCH NAME}'}]", "production_companies: unknown Unicode character name at offset 11"},
        {"[{'name': f'x'}]", "production_companies: not a literal: an f-string at offset 10"},
        {"[{'name': 'A', ['id']: 1}]", "production_companies: unhashable type: 'list' at offset 15"},
        {"[{'name': 'A'}, 5]", "production_companies: expected a dict at offset 0"},
        {"[{'name': 'A\nB'}]", "production_companies: unterminated string at offset 10"},
    };

    TempDir dir;
    std::string csv = kHeader + "\n";
    std::vector<std::string> refused_rows;
    int id = 1;
    for (const auto& company : accepted) {
        csv += film_row(id, "Film " + std::to_string(id), company.literal, 2000000 + id) + "\n";
        ++id;
    }
    for (const auto& company : refused) {
        refused_rows.push_back(film_row(id, "Film " + std::to_string(id), company.literal, 2000000 + id));
        csv += refused_rows.back() + "\n";
        ++id;
    }
    write_file(dir.file("companies.csv"), csv);

    // Into Postgres: the values are ones a UTF-8 text column takes.
    const std::string table = "movies_input_companies";
    const auto run = run_movies(dir.file("companies.csv"), {"--db", test_conninfo(), "--table", table, "--force"});
    INFO(run.result.err);
    REQUIRE(run.result.exit_code == 0);
    const auto companies = companies_in(run.report);
    for (std::size_t i = 0; i < accepted.size(); ++i) {
        CAPTURE(accepted[i].literal);
        const auto movie = std::to_string(i + 1);
        CHECK(companies.at(movie) == accepted[i].loaded);
        CHECK(query_value("SELECT coalesce(production_company, '<NULL>') FROM " + table + " WHERE movie_id = " + movie) ==
              (accepted[i].loaded.empty() ? "<NULL>" : accepted[i].loaded));
    }
    CHECK(companies.size() == accepted.size());

    // The refused ones, each with its reason and its record; the lines count the line breaks in
    // the literals before them.
    std::string expected = "line,reason,record\n";
    std::size_t line = 2;
    for (const auto& company : accepted) line += 1 + static_cast<std::size_t>(std::count(company.literal.begin(), company.literal.end(), '\n'));
    for (std::size_t i = 0; i < refused.size(); ++i) {
        std::string quoted;
        // The rejects file doubles quotes (CSV) and backslashes (its escape).
        for (const char c : refused_rows[i]) quoted += c == '"' ? "\"\""s : c == '\\' ? "\\\\"s : std::string(1, c);
        expected += std::to_string(line) + ",\"" + refused[i].reason + "\",\"" + quoted + "\"\n";
        line += 1 + static_cast<std::size_t>(std::count(refused[i].literal.begin(), refused[i].literal.end(), '\n'));
    }
    CHECK(run.rejects == expected);
}

TEST_CASE("movies input: LF, CRLF, CR-only and mixed line ends load the same report and reject the same lines")
{
    TempDir dir;
    write_file(dir.file("lf.csv"), fixture_movies("\n"));
    const auto lf = run_movies(dir.file("lf.csv"));
    REQUIRE(lf.result.exit_code == 0);
    REQUIRE(companies_in(lf.report).size() == 19);
    CHECK(lf.rejects.starts_with("line,reason,record\n16,\"expected 24 fields, found 10\","));
    CHECK(contains(lf.rejects, "\n37,\"expected 24 fields, found 10\","));

    // Every line end the same way, or each line its own way.
    std::string mixed;
    {
        const std::string text = fixture_movies("\n");
        const char* const ends[] = {"\n", "\r\n", "\r"};
        std::size_t n = 0;
        for (const char c : text) {
            if (c == '\n') mixed += ends[n++ % 3];
            else mixed += c;
        }
    }
    const std::vector<std::pair<std::string, std::string>> variants = {
        {"crlf.csv", fixture_movies("\r\n")}, {"cr.csv", fixture_movies("\r")}, {"mixed.csv", mixed}};
    for (const auto& [name, text] : variants) {
        CAPTURE(name);
        write_file(dir.file(name), text);
        const auto run = run_movies(dir.file(name));
        INFO(run.result.err);
        CHECK(run.result.exit_code == 0);
        CHECK(run.report == lf.report);
        CHECK(run.rejects == lf.rejects);
        CHECK(contains(run.result.err, "  films      41 read, 4 rejected"));
    }
    // Compressed and in a zip, CR-only still reads.
    write_file(dir.file("cr.csv.gz"), sluice::test::gzip_bytes(fixture_movies("\r")));
    write_file(dir.file("cr.zip"), zip_bytes({{"movies_metadata.csv", fixture_movies("\r")}}));
    for (const auto& name : {"cr.csv.gz", "cr.zip"}) {
        CAPTURE(name);
        const auto run = run_movies(dir.file(name));
        CHECK(run.result.exit_code == 0);
        CHECK(run.report == lf.report);
        CHECK(run.rejects == lf.rejects);
    }
}

TEST_CASE("movies input: NUL, control bytes and ill-formed UTF-8 in refused records are escaped in the rejects file")
{
    const auto good = film_row(1, "Good", "[{'name': 'Fine', 'id': 1}]");
    const std::string rows[] = {
        "\0junk,1"s,                                 // line 3: NUL at the start
        "ab\0cd,2"s,                                 // NUL in the middle
        "x,3\0"s,                                    // NUL at the end
        "\0\0,\0,4\0\0"s,                            // several
        "\"q\0uoted\",\"a\nb\0\",5"s,                // inside quoted fields, one holding a line break (lines 7-8)
        "Am\xE9lie,\xFF\xFE,caf\xC3,6"s,             // ill-formed UTF-8: Latin-1, bytes never in UTF-8, cut short
        "\x1B[31mred\x1B[0m,\x1B]0;title\x07,\x1B[2J,7"s,  // terminal escapes
        "C:\\path\\x00,\xC2\x9B" "2J,\x7F,8"s,       // a backslash, a C1 control, DEL
    };
    std::string csv = kHeader + "\n" + good + "\n";
    for (const auto& row : rows) csv += row + "\n";
    csv += film_row(9, "Toy\0Story"s, "[]") + "\n";  // a film refused for its title
    TempDir dir;
    write_file(dir.file("bytes.csv"), csv);
    const auto run = run_movies(dir.file("bytes.csv"));
    INFO(run.result.err);
    REQUIRE(run.result.exit_code == 0);
    CHECK(companies_in(run.report) == std::map<std::string, std::string>{{"1", "Fine"}});
    const std::string toy = film_row(9, "Toy\\x00Story", "[]");
    std::string toy_quoted;
    for (const char c : toy) toy_quoted += c == '"' ? "\"\""s : std::string(1, c);
    CHECK(run.rejects == "line,reason,record\n"
                         "3,\"expected 10 fields, found 2\",\"\\x00junk,1\"\n"
                         "4,\"expected 10 fields, found 2\",\"ab\\x00cd,2\"\n"
                         "5,\"expected 10 fields, found 2\",\"x,3\\x00\"\n"
                         "6,\"expected 10 fields, found 3\",\"\\x00\\x00,\\x00,4\\x00\\x00\"\n"
                         "7,\"expected 10 fields, found 3\",\"\"\"q\\x00uoted\"\",\"\"a\nb\\x00\"\",5\"\n"
                         "9,\"expected 10 fields, found 4\",\"Am\\xe9lie,\\xff\\xfe,caf\\xc3,6\"\n"
                         "10,\"expected 10 fields, found 4\",\"\\x1b[31mred\\x1b[0m,\\x1b]0;title\\x07,\\x1b[2J,7\"\n"
                         "11,\"expected 10 fields, found 4\",\"C:\\\\path\\\\x00,\\xc2\\x9b2J,\\x7f,8\"\n"
                         "12,\"title: not valid UTF-8 text: 'Toy\\x00Story'\",\"" + toy_quoted + "\"\n");
    // No byte of the file is a control character but LF, nor outside UTF-8.
    for (const char c : run.rejects) {
        const auto u = static_cast<unsigned char>(c);
        CHECK_MESSAGE((u >= 0x20 || c == '\n'), "byte " << static_cast<int>(u));
        CHECK(u != 0x7F);
    }

    // Without --rejects, the first ten reasons go to stderr, escaped the same way.
    const auto logged = run_sluice({"run", "--movies", dir.file("bytes.csv"), "--abstracts", fixture("abstracts.xml.gz"),
                                    "--csv", dir.file("report.csv"), "--log-format", "text"});
    CHECK(logged.exit_code == 0);
    CHECK(contains(logged.err, "sluice: rejected " + dir.file("bytes.csv") + ": line 12: title: not valid UTF-8 text: 'Toy\\x00Story'\n"));
}
