// A parser that fails on what a corrupt compressed stream inflated to is not the story: the run
// reads on to the decoder's own error (a bad code, the member's CRC) and reports that, with the
// parser's failure after it. A genuinely malformed document in sound compressed data keeps the
// parser's error alone.
#include "tests/integration/harness.hpp"
#include "tests/unit/archive_bytes.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <regex>

using namespace sluice::testing;
using sluice::test::gzip_bytes;

namespace {

// A dump of `docs` docs (about 230 bytes each), directly under <feed>, or one level deeper (which
// the one-thread reader takes).
std::string dump(int docs, bool nested = false)
{
    std::string xml = nested ? "<feed>\n<entries>\n" : "<feed>\n";
    for (int i = 0; i < docs; ++i)
        xml += "<doc>\n<title>Wikipedia: Page " + std::to_string(i) + "</title>\n<url>https://en.wikipedia.org/wiki/Page_" +
               std::to_string(i) + "</url>\n<abstract>Page " + std::to_string(i) +
               " is a page about something that is not a film at all.</abstract>\n<links>\n</links>\n</doc>\n";
    return xml + (nested ? "</entries>\n</feed>\n" : "</feed>\n");
}

std::string write(const TempDir& dir, const std::string& name, const std::string& bytes)
{
    const auto path = dir.file(name);
    std::ofstream{path, std::ios::binary} << bytes;
    return path;
}

// Stored (level 0) deflate data is the XML itself: changing one byte of it changes only what it
// inflates to, and only the member's CRC can tell.
std::string with_byte_changed(std::string gz, std::size_t near, char from, char to)
{
    const auto at = gz.find(from, near);
    REQUIRE(at != std::string::npos);
    gz[at] = to;
    return gz;
}

ProcessResult run_over(const std::string& abstracts, const std::vector<std::string>& extra = {})
{
    TempDir scratch;
    std::vector<std::string> args{"run", "--movies", fixture("movies.zip"), "--abstracts", abstracts, "--csv",
                                  scratch.file("report.csv"), "--rejects", scratch.file("rejects.csv")};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_sluice(args);
}

} // namespace

TEST_CASE("malformed XML inflated from corrupt gzip data is reported as the corrupt gzip data it is")
{
    TempDir scratch;
    const auto xml = dump(15'000);  // over 3 MiB: the parallel reader cuts it into blocks
    const auto good = gzip_bytes(xml, 0);
    // A '<' in the middle turned into 'x': the XML breaks there, the gzip data only at its CRC.
    const auto bad = write(scratch, "crc.xml.gz", with_byte_changed(good, good.size() / 2, '<', 'x'));
    const auto tail = "; the parser had failed first, on the data it inflated to, at line ";
    for (const auto& [inflater, reason] : {std::pair{"isal", "CRC-32 or length mismatch in member 1"},
                                           std::pair{"zlib", "CRC mismatch in member 1"}}) {
        CAPTURE(inflater);
        const auto result = run_over(bad, {"--inflate", inflater});
        CHECK(result.exit_code == 1);
        const std::regex expected{"sluice: error: " + bad + ": byte [0-9]+: corrupt gzip data: " + reason + tail +
                                  "[0-9]+, column [0-9]+ \\(byte [0-9]+\\): malformed XML: [^\n]+\n"};
        CHECK(std::regex_match(result.err, expected));
    }

    // Several members: the corrupt one is named.
    const auto half = xml.find("<doc>", xml.size() / 2);
    const auto first = gzip_bytes(xml.substr(0, half), 0);
    const auto second = gzip_bytes(xml.substr(half), 0);
    const auto in_first = write(scratch, "m1.xml.gz", with_byte_changed(first, first.size() / 2, '<', 'x') + second);
    const auto in_second = write(scratch, "m2.xml.gz", first + with_byte_changed(second, second.size() / 2, '<', 'x'));
    // zlib has read the CRC when it finds it wrong, igzip the length after it too.
    auto result = run_over(in_first, {"--inflate", "zlib"});
    INFO(result.err);
    CHECK(result.err.starts_with("sluice: error: " + in_first + ": byte " + std::to_string(first.size() - 4) +
                                 ": corrupt gzip data: CRC mismatch in member 1" + tail));
    result = run_over(in_first);
    CHECK(result.err.starts_with("sluice: error: " + in_first + ": byte " + std::to_string(first.size()) +
                                 ": corrupt gzip data: CRC-32 or length mismatch in member 1" + tail));
    // Here the inflater reaches the bad CRC while the garbled block is still being cut: its error
    // is the first, and the only one.
    result = run_over(in_second, {"--inflate", "zlib"});
    CHECK(result.err.starts_with("sluice: error: " + in_second + ": byte " + std::to_string(first.size() + second.size() - 4) +
                                 ": corrupt gzip data: CRC mismatch in member 2"));
    result = run_over(in_second);
    CHECK(result.err.starts_with("sluice: error: " + in_second + ": byte " + std::to_string(first.size() + second.size()) +
                                 ": corrupt gzip data: CRC-32 or length mismatch in member 2"));

    // The one-thread reader (docs not directly under the root) reads on the same way.
    const auto nested_xml = dump(15'000, true);
    const auto nested = gzip_bytes(nested_xml, 0);
    const auto nested_bad = write(scratch, "nested.xml.gz", with_byte_changed(nested, nested.size() / 2, '<', 'x'));
    result = run_over(nested_bad, {"--inflate", "zlib"});
    CHECK(result.exit_code == 1);
    CHECK(result.err.starts_with("sluice: error: " + nested_bad + ": byte " + std::to_string(nested.size() - 4) +
                                 ": corrupt gzip data: CRC mismatch in member 1" + tail));
}

TEST_CASE("malformed XML in sound gzip data keeps the parser's error alone")
{
    TempDir scratch;
    auto xml = dump(15'000);
    xml.replace(xml.find("</title>", xml.size() / 2), 8, "</titel>");
    const auto path = write(scratch, "malformed.xml.gz", gzip_bytes(xml));
    for (const std::string inflater : {"isal", "zlib"}) {
        const auto result = run_over(path, {"--inflate", inflater});
        CHECK(result.exit_code == 1);
        CHECK(std::regex_match(result.err, std::regex{"sluice: error: " + path + ": line [0-9]+, column [0-9]+ \\(byte "
                                                      "[0-9]+\\): malformed XML: Opening and ending tag mismatch: title "
                                                      "line [0-9]+ and titel\n"}));
    }
}

TEST_CASE("a movies header garbled by a corrupt zip member is reported as the bad member")
{
    TempDir scratch;
    // The fixture's rows, repeated to 5 MB so the CSV parser meets the header long before the
    // member's end, stored in a zip with a letter of the header changed: "budget" becomes
    // "budgeT", so the header lacks a column, and only the member's CRC says the archive is to
    // blame.
    const auto csv = read_file(fixture("src/movies_metadata.csv"));
    const auto header_end = csv.find('\n') + 1;
    std::string big = csv;
    while (big.size() < 5'000'000) big += csv.substr(header_end);
    auto zip = sluice::test::zip_bytes({{"movies_metadata.csv", big}}, false);
    const auto at = zip.find("budget");
    REQUIRE(at != std::string::npos);
    zip[at + 5] = 'T';
    const auto path = write(scratch, "movies.zip", zip);
    HttpServer server{scratch.path()};
    for (const auto& movies : {path, server.url("/movies.zip")}) {
        CAPTURE(movies);
        const auto result = run_sluice({"run", "--movies", movies, "--abstracts", fixture("abstracts.xml.gz"), "--csv",
                                        scratch.file("report.csv"), "--rejects", scratch.file("rejects.csv")});
        INFO(result.err);
        CHECK(result.exit_code == 1);
        // Streamed, libarchive finds a stored member's end by a data descriptor whose CRC matches;
        // by its directory, it knows the size and checks the CRC.
        CHECK(std::regex_match(result.err, std::regex{"sluice: error: " + movies + ": byte [0-9]+: cannot read member "
                                                      "'movies_metadata.csv': (ZIP bad CRC: 0x[0-9a-f]+ should be "
                                                      "0x[0-9a-f]+|Truncated ZIP file data); the parser had failed first, "
                                                      "on the data it inflated to, at line 1: missing column 'budget'\n"}));
    }
}

namespace {

// `sluice load` of `source` (records /feed/doc, or a CSV with a header) to a CSV file.
ProcessResult load_over(const std::string& source, const std::vector<std::string>& extra)
{
    TempDir scratch;
    std::vector<std::string> args{"load", "--source", source, "--table", "decoded", "--csv", scratch.file("out.csv"),
                                  "--no-progress"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_sluice(args, {{"SLUICE_LOG_FORMAT", "text"}});
}

// A CSV of `rows` rows of about 60 bytes: id,name,amount.
std::string rows_csv(int rows)
{
    std::string csv = "id,name,amount\n";
    for (int i = 0; i < rows; ++i) csv += std::to_string(i) + ",\"row number " + std::to_string(i) + ", a plain one\"," +
                                          std::to_string(i * 3) + ".25\n";
    return csv;
}

} // namespace

TEST_CASE("load jobs: records broken by corrupt gzip data are reported as the corrupt gzip data, for XML and CSV")
{
    TempDir scratch;
    const auto tail = "; the parser had failed first, on the data it inflated to, at line ";
    const auto good_xml = gzip_bytes(dump(15'000), 0);
    const auto bad_xml = write(scratch, "docs.xml.gz", with_byte_changed(good_xml, good_xml.size() / 2, '<', 'x'));
    const std::vector<std::string> xml_job{"--format", "xml", "--record", "/feed/doc", "--column", "title:text:title"};
    for (const std::string inflater : {"isal", "zlib"}) {
        CAPTURE(inflater);
        auto extra = xml_job;
        extra.insert(extra.end(), {"--inflate", inflater});
        const auto result = load_over(bad_xml, extra);
        CHECK(result.exit_code == 1);
        const auto reason = inflater == "isal" ? "CRC-32 or length mismatch in member 1" : "CRC mismatch in member 1";
        CHECK(std::regex_search(result.err, std::regex{"sluice: error: " + bad_xml + ": byte [0-9]+: corrupt gzip data: " +
                                                       reason + tail + "[0-9]+, column [0-9]+ \\(byte [0-9]+\\): malformed XML: "}));
    }

    // A CSV whose corrupt byte breaks a quote: one record rejected; with no reject allowed, the
    // load fails there, and the CRC's verdict comes first. With rejects allowed, the decoder
    // fails at the member's end on its own.
    const auto good_csv = gzip_bytes(rows_csv(40'000), 0);
    const auto bad_csv = write(scratch, "rows.csv.gz", with_byte_changed(good_csv, good_csv.size() / 2, ',', '"'));
    const std::vector<std::string> csv_job{"--column", "id:bigint", "--column", "name:text", "--column", "amount:numeric",
                                           "--inflate", "zlib"};
    auto extra = csv_job;
    extra.insert(extra.end(), {"--max-rejects", "0"});
    auto result = load_over(bad_csv, extra);
    CHECK(result.exit_code == 1);
    CHECK(std::regex_search(result.err, std::regex{"sluice: error: " + bad_csv + ": byte " + std::to_string(good_csv.size() - 4) +
                                                   ": corrupt gzip data: CRC mismatch in member 1; the parser had failed "
                                                   "first, on the data it inflated to, at line 20348 \\(byte [0-9]+\\): "
                                                   "too many rejected records: 1 is more than the most allowed \\(0; "}));
    result = load_over(bad_csv, csv_job);
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("rejected " + bad_csv + ": record 20347 (line 20348): field 2: unexpected character after "
                          "closing quote") != std::string::npos);
    CHECK(result.err.find("sluice: error: " + bad_csv + ": byte " + std::to_string(good_csv.size() - 4) +
                          ": corrupt gzip data: CRC mismatch in member 1\n") != std::string::npos);

    // Sound gzip data around a broken document keeps the parser's error alone.
    auto broken = dump(15'000);
    broken.replace(broken.find("</title>", broken.size() / 2), 8, "</titel>");
    const auto sound = write(scratch, "sound.xml.gz", gzip_bytes(broken));
    result = load_over(sound, xml_job);
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("corrupt gzip data") == std::string::npos);
    CHECK(std::regex_search(result.err, std::regex{"sluice: error: " + sound + ": line [0-9]+, column [0-9]+ \\(byte "
                                                   "[0-9]+\\): malformed XML: Opening and ending tag mismatch: title"}));
}
