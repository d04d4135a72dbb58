// `sluice load` as a user drives it: a job given by flags alone, flags over a job file, every
// declaration mistake refused with exit 2 before anything is read (naming the file, the line and
// the nearest valid word), and a load that fails (bad XML, too many rejects) leaving the published
// table exactly as it was.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace sluice::testing;

namespace {

ProcessResult load(std::vector<std::string> args, std::map<std::string, std::string> env = {})
{
    args.insert(args.begin(), "load");
    args.insert(args.end(), {"--db", test_conninfo(), "--no-progress"});
    env.emplace("SLUICE_LOG_FORMAT", "text");
    return run_sluice(args, env);
}

void write(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::string rows(const std::string& table, const std::string& order)
{
    return query_value("SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY " + order + "), '') FROM " + table + " t");
}

void drop(const std::string& table)
{
    for (const auto* suffix : {"", "_previous", "_staging"}) query_value("DROP TABLE IF EXISTS \"" + table + suffix + "\"");
    query_value("DELETE FROM sluice_runs WHERE job = '" + table + "'");
}

std::string last_line(const std::string& text)
{
    auto end = text.size();
    while (end > 0 && text[end - 1] == '\n') --end;
    const auto start = text.rfind('\n', end == 0 ? 0 : end - 1);
    return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1));
}

} // namespace

TEST_CASE("load command: a CSV with a header needs only --source and --table, every column text")
{
    drop("lc_plain");
    TempDir scratch;
    write(scratch.file("people.csv"), "id,name,born\n1,Ada,1815-12-10\n2,\"Hopper, Grace\",1906-12-09\n3,,\n");
    const auto result = load({"--source", scratch.file("people.csv"), "--table", "lc_plain"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(rows("lc_plain", "id") == "(1,Ada,1815-12-10)\n(2,\"Hopper, Grace\",1906-12-09)\n(3,,)");
    CHECK(query_value("SELECT string_agg(format_type(atttypid, atttypmod), ',' ORDER BY attnum) FROM pg_attribute "
                      "WHERE attrelid = 'lc_plain'::regclass AND attnum > 0") == "text,text,text");
}

TEST_CASE("load command: typed columns as flags, and flags over the job file's keys")
{
    drop("lc_typed");
    drop("lc_from_file");
    TempDir scratch;
    write(scratch.file("people.csv"), "id;name;born\n1;Ada;1815-12-10\n2;Grace;1906-12-09\nx;Bad;1900-01-01\n");
    write(scratch.file("job.toml"), "[source]\nlocation = \"people.csv\"\n[csv]\ndelimiter = \";\"\n"
                                    "[target]\ntable = \"lc_from_file\"\n");
    const auto result = load({scratch.file("job.toml"), "--table", "lc_typed", "--column", "id:bigint", "--column",
                              "born:date:3", "--rejects", scratch.file("rejects.csv")});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(rows("lc_typed", "id") == "(1,1815-12-10)\n(2,1906-12-09)");
    CHECK(query_value("SELECT to_regclass('lc_from_file') IS NULL") == "t");
    CHECK(read_file(scratch.file("rejects.csv")) ==
          "source,record,line,byte,column,reason,text\n\"" + scratch.file("people.csv") +
              "\",3,4,49,\"id\",\"column \"\"id\"\": \"\"x\"\" is not a bigint\",\"x;Bad;1900-01-01\"\n");
}

TEST_CASE("load command: a job file's mistakes are refused with exit 2, its line and the nearest word")
{
    TempDir scratch;
    write(scratch.file("data.csv"), "a,b\n1,2\n");
    const auto refused = [&](const std::string& job, std::vector<std::string> extra = {}) {
        write(scratch.file("job.toml"), "[source]\nlocation = \"data.csv\"\n[target]\ntable = \"lc_never\"\n" + job);
        std::vector<std::string> args{scratch.file("job.toml")};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto result = load(args);
        CHECK(result.exit_code == 2);
        CHECK(query_value("SELECT to_regclass('lc_never') IS NULL") == "t");
        return last_line(result.err);
    };
    const auto file = scratch.file("job.toml");
    CHECK(refused("[[column]]\nname = \"a\"\ntype = \"strng\"\n") ==
          "sluice: " + file + ": line 5: [[column]] 1: \"strng\" is not a column type (text, integer, bigint, numeric, "
                              "double precision, boolean, date, timestamp, timestamptz, jsonb, or an array of one: text[])");
    CHECK(refused("[[column]]\nname = \"a\"\ntype = \"integr\"\n") ==
          "sluice: " + file + ": line 5: [[column]] 1: \"integr\" is not a column type; did you mean integer?");
    CHECK(refused("[[column]]\nname = \"a\"\nclean = [\"trimm\"]\n").starts_with(
        "sluice: " + file + ": line 5: [[column]] 1: column \"a\": "));
    CHECK(refused("[[column]]\nname = \"a\"\ncheck = \"(\"\n").starts_with("sluice: " + file + ": line 5: [[column]] 1: column \"a\": "));
    CHECK(refused("[csv]\ndelimter = \";\"\n") == "sluice: " + file + ": line 6: [csv] delimter: unknown key; did you mean delimiter?");
    CHECK(refused("[[column]]\nname = \"a\"\n[[column]]\nname = \"a\"\n") ==
          "sluice: " + file + ": line 7: [[column]] 2: a second column named \"a\"");
    CHECK(refused("[[column]]\nname = \"a\"\n", {"--mode", "upsert"}) ==
          "sluice: --mode: upsert needs a key ([target] key = [\"id\"], or --key)");
    CHECK(refused("[[column]]\nname = \"a\"\n", {"--key", "b"}) == "sluice: --key: no column named \"b\" to be a key");
    CHECK(refused("[[column]]\nname = \"a\"\n[rejects]\nmax = \"lots\"\n") ==
          "sluice: " + file + ": line 8: [rejects] max: expected a count of records or a share such as \"1%\", got \"lots\"");
    CHECK(refused("[[column]]\nname = \"a\"\n", {"--snapshot-date", "2026-01-01"}) ==
          "sluice: --snapshot-date is for mode snapshot (this job's mode is replace)");
    CHECK(refused("[xml]\nrecord = \"/a//b\"\n[[column]]\nname = \"a\"\n").find("\"//\"") != std::string::npos);
    CHECK(refused("[[column]]\nname = \"_source\"\n", {"--lineage"}) ==
          "sluice: " + file + ": line 5: [[column]] 1: \"_source\" is the name of a column sluice adds (lineage)");
}

TEST_CASE("load command: a load that fails leaves the published table as it was")
{
    drop("lc_intact");
    TempDir scratch;
    write(scratch.file("posts.xml"), "<posts>\n<row Id=\"1\"/>\n<row Id=\"2\"/>\n</posts>\n");
    const std::vector<std::string> job{"--record", "/posts/row", "--column", "id:bigint:@Id", "--table", "lc_intact"};
    auto args = job;
    args.insert(args.begin(), {"--source", scratch.file("posts.xml")});
    REQUIRE(load(args).exit_code == 0);
    CHECK(rows("lc_intact", "id") == "(1)\n(2)");

    // Malformed XML in the middle: exit 1, the line and byte named, the table untouched.
    write(scratch.file("broken.xml"), "<posts>\n<row Id=\"1\"/>\n<row Id=\"3\">\n</posts>\n");
    args = job;
    args.insert(args.begin(), {"--source", scratch.file("broken.xml")});
    auto result = load(args);
    CHECK(result.exit_code == 1);
    CHECK(last_line(result.err).starts_with("sluice: error: " + scratch.file("broken.xml") + ": line 4, column "));
    CHECK(rows("lc_intact", "id") == "(1)\n(2)");

    // Too many rejects: exit 1, nothing published.
    write(scratch.file("bad.xml"), "<posts>\n<row Id=\"5\"/>\n<row Id=\"x\"/>\n<row Id=\"y\"/>\n</posts>\n");
    args = job;
    args.insert(args.begin(), {"--source", scratch.file("bad.xml"), "--max-rejects", "1"});
    result = load(args);
    CHECK(result.exit_code == 1);
    CHECK(last_line(result.err).find("line 4 (byte 36): too many rejected records: 2 is more than the most allowed (1; the last: column \"id\": \"y\" is not a bigint)") != std::string::npos);
    CHECK(rows("lc_intact", "id") == "(1)\n(2)");

    // A share: 2 of 3 is more than 50%.
    args = job;
    args.insert(args.begin(), {"--source", scratch.file("bad.xml"), "--max-rejects", "50%"});
    result = load(args);
    CHECK(result.exit_code == 1);
    CHECK(last_line(result.err).find("too many rejected records: 2 of 3 is more than 50%") != std::string::npos);
    CHECK(rows("lc_intact", "id") == "(1)\n(2)");
}

TEST_CASE("load command: snapshot mode keeps the other dates' rows")
{
    drop("lc_snap");
    TempDir scratch;
    write(scratch.file("a.csv"), "k,v\n1,one\n2,two\n");
    write(scratch.file("b.csv"), "k,v\n1,uno\n");
    const std::vector<std::string> job{"--table", "lc_snap", "--mode", "snapshot", "--column", "k:integer", "--column", "v"};
    auto args = job;
    args.insert(args.end(), {"--source", scratch.file("a.csv"), "--snapshot-date", "2026-01-01"});
    REQUIRE(load(args).exit_code == 0);
    args = job;
    args.insert(args.end(), {"--source", scratch.file("b.csv"), "--snapshot-date", "2026-01-02"});
    REQUIRE(load(args).exit_code == 0);
    CHECK(rows("lc_snap", "snapshot_date, k") == "(2026-01-01,1,one)\n(2026-01-01,2,two)\n(2026-01-02,1,uno)");
}

TEST_CASE("load command: no database and no --csv is a usage error")
{
    TempDir scratch;
    write(scratch.file("a.csv"), "k\n1\n");
    const auto result = run_sluice({"load", "--source", scratch.file("a.csv"), "--table", "t"},
                                   {{"DATABASE_URL", ""}, {"PGHOST", ""}, {"PGDATABASE", ""}, {"PGPORT", ""}, {"PGUSER", ""}});
    CHECK(result.exit_code == 2);
    CHECK(last_line(result.err) == "sluice: no database named: pass --db CONNINFO, set DATABASE_URL or PG* variables, or "
                                   "write the rows to a file with --csv PATH");
}
