// `sluice inspect` end to end: the exact report on the fixtures, a plain CSV, sources over HTTP
// (with and without Range support), the real samples, and failures with their one-line error.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace sluice::testing;

namespace {

// Everything after the "source" line, which names the path or URL.
const std::string kMoviesZipReport = R"(compression zip, 5 members:
              credits.csv           1954 bytes (686 compressed)
              keywords.csv           476 bytes (225 compressed)
              links.csv             3604 bytes (1623 compressed)
              movies_metadata.csv  30991 bytes (11947 compressed)
              ratings_small.csv     6545 bytes (1775 compressed)
member      movies_metadata.csv (30991 bytes, 11947 compressed)
format      CSV, 24 fields, header: adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,original_language,...
records     41 (4 malformed: line 16: expected 24 fields, found 10; line 17: expected 24 fields, found 15; line 37: expected 24 fields, found 10; and 1 more)
fields      name                   empty  type    min                              max                              length
            adult                  0      text    False                            False                            5
            belongs_to_collection  30     text    {'id': 10194, 'name': 'Toy S...  {'id': 9068, 'name': 'The Pr...  121..155
            budget                 0      number  0                                125000000                        -
            genres                 0      text    []                               [{'id': 99, 'name': 'Documen...  2..159
            homepage               33     text    http://thewizardofoz.warnerb...  http://www.sonypictures.com/...  36..47
            id                     0      number  194                              290157                           -
            imdb_id                0      text    tt0024216                        tt0385547                        9
            original_language      0      text    en                               fr                               2
            original_title         0      text    An American in Paris             Your Friends & Neighbors         4..35
            overview               0      text    A comedy about finding your ...  Young Dorothy finds herself ...  101..963
            popularity             0      number  0.001178                         22.064932                        -
            poster_path            1      text    /2a7amuuML6xvBn6XWV1sPG1Cmd5...  /zMyfPUelumio3tiDKPffaUpsQTD...  32
            production_companies   0      text    []                               [{'name': 'Zenith Entertainm...  2..325
            production_countries   0      text    []                               [{'iso_3166_1': 'US', 'name'...  2..139
            release_date           1      text    1933-04-07                       2004-09-03                       10
            revenue                0      number  0                                373554033                        -
            runtime                0      number  74.0                             170.0                            -
            spoken_languages       0      text    []                               [{'iso_639_1': 'fr', 'name':...  2..121
            status                 0      text    Released                         Released                         8
            tagline                7      text    A Haunting Real Life Mystery     You are cordially invited to...  6..102
            title                  0      text    Amélie                           Your Friends & Neighbors         4..35
            video                  0      text    False                            False                            5
            vote_average           0      number  0.0                              8.3                              -
            vote_count             0      number  0                                5415                             -
first record
  1  {adult: False, belongs_to_collection: {'id': 10194, 'name': 'Toy Story..., budget: 30000000, genres: [{'id': 16, 'name': 'Animation'}..., homepage: http://toystory.disney.com/toy-s..., id: 862, imdb_id: tt0114709, original_language: en, original_title: Toy Story, overview: Led by Woody, Andy's toys live h..., popularity: 21.946943, poster_path: /rhIRbceoE9lR4veEXuwCC2wARtG.jpg, production_companies: [{'name': 'Pixar Animation Studi..., production_countries: [{'iso_3166_1': 'US', 'name': 'U..., release_date: 1995-10-30, revenue: 373554033, runtime: 81.0, spoken_languages: [{'iso_639_1': 'en', 'name': 'En..., status: Released, tagline: , title: Toy Story, video: False, vote_average: 7.7, vote_count: 5415}
)";

const std::string kAbstractsReport = R"(compression gzip, 10052 bytes inflate to 84038 (8.4:1)
format      XML, root element <feed>
records     70 <doc> elements
fields      name      empty  type    min                              max                              length
            title     0      text    "Weird Al" Yankovic              Willy Wonka & the Chocolate ...  4..35
            url       0      text    https://en.wikipedia.org/wik...  https://en.wikipedia.org/wik...  34..67
            abstract  3      text    AT&T Inc. is an American mul...  |developer=                      11..290
            sections  3      number  1                                24+                              -
first 3 records
  1  {title: Heathenry in the United States, url: https://en.wikipedia.org/wiki/Heathenry_in_the_United_States, abstract: thumb|200px|[[Mjölnir, the hammer of Thor, is one of the major symbols o..., sections: 11}
  2  {title: Toy Story (disambiguation), url: https://en.wikipedia.org/wiki/Toy_Story_(disambiguation), abstract: , sections: 0}
  3  {title: Toy Story, url: https://en.wikipedia.org/wiki/Toy_Story, abstract: | screenplay =, sections: 12}
)";

ProcessResult inspect(std::vector<std::string> args)
{
    args.insert(args.begin(), "inspect");
    return run_sluice(args);
}

// A whole body as a 200 with no Content-Length: what a server without Range support sends.
void send_whole(httplib::Response& response, const std::string& body)
{
    response.status = 200;
    response.set_chunked_content_provider("application/zip", [&body](std::size_t offset, httplib::DataSink& sink) {
        if (offset < body.size()) sink.write(body.data() + offset, std::min<std::size_t>(64 * 1024, body.size() - offset));
        else sink.done();
        return true;
    });
}

} // namespace

TEST_CASE("inspect: the fixture movies zip, its members, the member's CSV and the first record")
{
    const auto result = inspect({fixture("movies.zip"), "--records", "1"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    CHECK(result.out == "source      " + fixture("movies.zip") + " (16794 bytes)\n" + kMoviesZipReport);
}

TEST_CASE("inspect: the fixture abstracts dump, two gzip members, root, docs and fields")
{
    const auto result = inspect({fixture("abstracts.xml.gz")});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    CHECK(result.out == "source      " + fixture("abstracts.xml.gz") + " (10052 bytes)\n" + kAbstractsReport);
}

TEST_CASE("inspect: a plain CSV, by path and by file:// URL, whole and stopped by --limit")
{
    TempDir scratch;
    const auto path = scratch.file("films.csv");
    const std::string csv = "id,title,budget,release_date\n"
                            "1,\"Heat, the film\",60000000,1995-12-15\n"
                            "2,\"Line\nbreak\",,1995-10-30\n"
                            "3,Am\xc3\xa9lie,10000000,\n"
                            "4,broken\n"
                            "10,Zed,9,2001-04-25\n";
    std::ofstream{path, std::ios::binary} << csv;
    const auto size = std::to_string(csv.size());

    auto result = inspect({path, "--records", "2"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    // "10" is the largest id as a number (as text it would sort before "2"); a title with a line
    // break is escaped; the broken record is counted, named and kept out of the columns.
    CHECK(result.out == "source      " + path + " (" + size + " bytes)\n"
                        "compression none\n"
                        "format      CSV, 4 fields, header: id,title,budget,release_date\n"
                        "records     5 (1 malformed: line 6: expected 4 fields, found 2)\n"
                        "fields      name          empty  type    min         max         length\n"
                        "            id            0      number  1           10          -\n"
                        "            title         0      text    Am\xc3\xa9lie      Zed         3..14\n"
                        "            budget        1      number  9           60000000    -\n"
                        "            release_date  1      text    1995-10-30  2001-04-25  10\n"
                        "first 2 records\n"
                        "  1  {id: 1, title: Heat, the film, budget: 60000000, release_date: 1995-12-15}\n"
                        "  2  {id: 2, title: Line\\nbreak, budget: , release_date: 1995-10-30}\n");

    result = inspect({"file://" + path, "--limit", "2", "--records", "0"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "source      file://" + path + " (" + size + " bytes)\n"
                        "compression none\n"
                        "format      CSV, 4 fields, header: id,title,budget,release_date\n"
                        "records     2, then stopped by --limit 2: the rest was not read\n"
                        "fields      name          empty  type    min             max          length\n"
                        "            id            0      number  1               2            -\n"
                        "            title         0      text    Heat, the film  Line\\nbreak  10..14\n"
                        "            budget        1      number  60000000        60000000     -\n"
                        "            release_date  0      text    1995-10-30      1995-12-15   10\n");
}

TEST_CASE("inspect: a zip's default member is movies_metadata.csv, else its first CSV, --member picks another")
{
    auto result = inspect({fixture("bad/no-member.zip"), "--records", "0"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("compression zip, 3 members:\n") != std::string::npos);
    CHECK(result.out.find("\nmember      credits.csv (1954 bytes, 686 compressed)\n"
                          "format      CSV, 3 fields, header: cast,crew,id\n"
                          "records     4\n") != std::string::npos);

    result = inspect({fixture("movies.zip"), "--member", "ratings_small.csv", "--records", "1"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("\nmember      ratings_small.csv (6545 bytes, 1775 compressed)\n"
                          "format      CSV, 4 fields, header: userId,movieId,rating,timestamp\n"
                          "records     299\n") != std::string::npos);
    CHECK(result.out.find("\n  1  {userId: 1, movieId: 31, rating: 2.5, timestamp: 1260759144}\n") != std::string::npos);
}

TEST_CASE("inspect: over HTTP, a zip's directory and member by Range requests, and a gzip dump")
{
    HttpServer server{fixture("")};
    auto result = inspect({server.url("/movies.zip"), "--records", "1"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    // The directory's probe and the member's each took the whole 16794-byte archive in one piece.
    CHECK(result.out == "source      " + server.url("/movies.zip") + " (16794 bytes, 33588 downloaded)\n" +
                            kMoviesZipReport);

    result = inspect({server.url("/abstracts.xml.gz")});
    CHECK(result.exit_code == 0);
    // The probe for a zip directory costs one Range request before the download itself.
    CHECK(result.out == "source      " + server.url("/abstracts.xml.gz") + " (10052 bytes, 20104 downloaded)\n" +
                            kAbstractsReport);
}

TEST_CASE("inspect: a zip from a server that ignores Range is streamed, its members not listed")
{
    const auto archive = read_file(fixture("movies.zip"));
    HttpServer server{fixture("")};
    server.routes().Get("/whole.zip", [&](const httplib::Request&, httplib::Response& response) {
        send_whole(response, archive);
    });
    const auto result = inspect({server.url("/whole.zip"), "--records", "0"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("compression zip (members not listed: the server does not answer Range requests)\n"
                          "member      movies_metadata.csv\n"
                          "format      CSV, 24 fields, header: adult,") != std::string::npos);
    CHECK(result.out.find("\nrecords     41 (4 malformed: line 16: expected 24 fields, found 10;") != std::string::npos);
}

TEST_CASE("inspect: a bad source fails with one line naming it and the byte, exit 1, nothing on stdout")
{
    auto result = inspect({fixture("bad/truncated.xml.gz")});
    CHECK(result.exit_code == 1);
    CHECK(result.out.empty());
    CHECK(result.err == "sluice: error: " + fixture("bad/truncated.xml.gz") +
                            ": byte 3142: truncated gzip data: the stream ends inside a member\n");

    result = inspect({fixture("bad/malformed.xml.gz")});
    CHECK(result.exit_code == 1);
    CHECK(result.out.empty());
    CHECK(result.err == "sluice: error: " + fixture("bad/malformed.xml.gz") +
                            ": line 12, column 93 (byte 359): malformed XML: Opening and ending tag mismatch: abstract "
                            "line 12 and abstrct\n");

    result = inspect({fixture("no-such-file.csv")});
    CHECK(result.exit_code == 1);
    CHECK(result.err == "sluice: error: " + fixture("no-such-file.csv") + ": cannot open: No such file or directory\n");

    result = inspect({fixture("movies.zip"), "--member", "credits"});
    CHECK(result.exit_code == 1);
    CHECK(result.out.empty());
    CHECK(result.err == "sluice: error: " + fixture("movies.zip") +
                            ": no member 'credits' in the zip archive (members: credits.csv, keywords.csv, links.csv, "
                            "movies_metadata.csv, ratings_small.csv)\n");

    HttpServer server{fixture("")};
    result = inspect({server.url("/no-such-file.zip")});
    CHECK(result.exit_code == 1);
    CHECK(result.err.starts_with("sluice: error: " + server.url("/no-such-file.zip") + ": "));
}

TEST_CASE("inspect: bad usage exits 2, --help describes the command")
{
    auto result = inspect({});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "sluice: source is required (see sluice inspect --help)\n");

    result = inspect({"ftp://example.org/movies.zip"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "sluice: unsupported URL scheme 'ftp' (use http, https, file or a path)\n");

    result = inspect({fixture("movies.zip"), "--limit", "0"});
    CHECK(result.exit_code == 2);

    result = inspect({fixture("abstracts.xml.gz"), "--member", "movies_metadata.csv"});
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err == "sluice: --member movies_metadata.csv: " + fixture("abstracts.xml.gz") +
                            " is not a zip archive (it is gzip)\n");

    result = run_sluice({"--help"});
    CHECK(result.out.find("\n  inspect ") != std::string::npos);

    result = inspect({"--help"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("Usage: sluice inspect [OPTIONS] source") != std::string::npos);
    CHECK(result.out.find("--member") != std::string::npos);
    CHECK(result.out.find("--limit") != std::string::npos);
    CHECK(result.out.find("--ca-file") != std::string::npos);
}

TEST_CASE("inspect: the real samples")
{
    auto result = inspect({real_data("movies_metadata.csv"), "--records", "1"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    // Figures checked with Python's csv module.
    CHECK(result.out.find("source      " + real_data("movies_metadata.csv") + " (2485794 bytes)\n"
                          "compression none\n"
                          "format      CSV, 24 fields, header: adult,belongs_to_collection,budget,genres,homepage,id,"
                          "imdb_id,original_language,...\n"
                          "records     2996\n") == 0);
    CHECK(result.out.find("\n            id                     0      number  5                                445590"
                          "                           -\n") != std::string::npos);
    CHECK(result.out.find("\n            tagline                710    text    \"   \"") != std::string::npos);

    result = inspect({real_data("wikipedia_test_set.xml"), "--records", "0"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.find("format      XML, root element <root>\nrecords     28 <doc> elements\n") != std::string::npos);

    result = inspect({real_data("test2.xml.gz"), "--records", "0"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.find("compression gzip, 718 bytes inflate to 4073 (5.7:1)\n") != std::string::npos);
    CHECK(result.out.find("records     1 <doc> element\n") != std::string::npos);
}
