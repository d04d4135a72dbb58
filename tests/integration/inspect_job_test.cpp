// `sluice inspect SRC --job` end to end: the exact starter job for a Latin-1 CSV with a preamble
// and for StackExchange's Posts.xml, each then loaded by `sluice load` into the test database.
#include "tests/integration/harness.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

using namespace sluice::testing;

namespace {

// The example copied into the scratch folder under `name` (which names the job and the table,
// apart from the examples' own), the job inspect prints for it written beside it.
struct Inspected {
    ProcessResult result;
    std::string job;  // the job file's path
};

Inspected inspect_job(const TempDir& scratch, const std::string& example, const std::string& name)
{
    const auto copy = scratch.file(name);
    std::filesystem::copy_file(fixture("../examples/" + example), copy);
    Inspected out{run_sluice({"inspect", copy, "--job"}), scratch.file(name + ".toml")};
    std::ofstream(out.job, std::ios::binary) << out.result.out;
    return out;
}

std::string replaced(std::string text, const std::string& from, const std::string& to)
{
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
    return text;
}

ProcessResult load(const std::string& job)
{
    return run_sluice({"load", job, "--db", test_conninfo(), "--no-progress"}, {{"SLUICE_LOG_FORMAT", "text"}});
}

void drop(const std::string& table)
{
    for (const auto* suffix : {"", "_previous", "_staging"}) query_value("DROP TABLE IF EXISTS \"" + table + suffix + "\"");
    query_value("DO $$ BEGIN IF to_regclass('sluice_runs') IS NOT NULL THEN DELETE FROM sluice_runs WHERE job = '" + table +
                "'; END IF; END $$");
}

} // namespace

TEST_CASE("inspect --job: a Latin-1 CSV with a preamble gives a job that loads it")
{
    TempDir scratch;
    const auto inspected = inspect_job(scratch, "latin1_csv/shops.csv", "inspect_shops.csv");
    INFO(inspected.result.err);
    REQUIRE(inspected.result.exit_code == 0);
    CHECK(inspected.result.err.empty());
    CHECK(replaced(inspected.result.out, scratch.file("inspect_shops.csv"), "SRC") ==
          R"(# A starter job for `sluice load`, from `sluice inspect SRC --job`.
# Sampled: 6 records (the whole file), 1 malformed and left out.
# Check the names and types, then add what a sample cannot tell (required, key,
# checks, [rejects]). A relative location is read from this file's folder.
# The sample is not UTF-8: read as ISO-8859-1 (Latin-1); Windows-1252 is likely if
# euro signs or curly quotes come out wrong.

[job]
name = "inspect_shops"

[source]
location = "SRC"
format = "csv"

[csv]
delimiter = ";"
quote = "\""
escape = "\""
encoding = "ISO-8859-1"
skip_lines = 2
header_lines = 1

[[column]]
name = "shop_id"
type = "integer"  # e.g. "1"

[[column]]
name = "name"
type = "text"  # e.g. "Café Müller"

[[column]]
name = "street"
type = "text"  # e.g. "Hauptstraße 5"; empty in 1 of 5

[[column]]
name = "opened"
type = "text"  # e.g. "14.02.1998"

[[column]]
name = "turnover_eur"
type = "text"  # e.g. "182.340,50"

[[column]]
name = "open_sundays"
type = "text"  # e.g. "ja"

[target]
table = "inspect_shops"
mode = "replace"
)");

    drop("inspect_shops");
    const auto loaded = load(inspected.job);
    INFO(loaded.err);
    REQUIRE(loaded.exit_code == 0);
    CHECK(query_value("SELECT count(*) FROM inspect_shops") == "5");  // row 5 is short: a reject
    CHECK(query_value("SELECT name FROM inspect_shops WHERE shop_id = 3") == "Schön & Söhne; Eisenwaren");
    drop("inspect_shops");
}

TEST_CASE("inspect --job: StackExchange Posts.xml gives a job of its row attributes that loads it")
{
    TempDir scratch;
    const auto inspected = inspect_job(scratch, "stackexchange_posts/Posts.xml", "inspect_posts.xml");
    INFO(inspected.result.err);
    REQUIRE(inspected.result.exit_code == 0);
    CHECK(inspected.result.err.empty());
    std::string columns;
    for (const auto& [name, type, from, note] : std::vector<std::array<std::string, 4>>{
             {"id", "integer", "@Id", "in 5 of 5 records, e.g. \"1\""},
             {"post_type_id", "integer", "@PostTypeId", "in 5 of 5 records, e.g. \"1\""},
             {"accepted_answer_id", "integer", "@AcceptedAnswerId", "in 1 of 5 records, e.g. \"3\""},
             {"creation_date", "text", "@CreationDate", "in 5 of 5 records, e.g. \"2010-07-19T19:12:12.510\""},
             {"score", "integer", "@Score", "in 5 of 5 records, e.g. \"42\""},
             {"view_count", "integer", "@ViewCount", "in 3 of 5 records, e.g. \"3100\""},
             {"body", "text", "@Body", "in 5 of 5 records, e.g. \"<p>How should I elicit prior distributio...\""},
             {"owner_user_id", "integer", "@OwnerUserId", "in 4 of 5 records, e.g. \"8\""},
             {"last_activity_date", "timestamp", "@LastActivityDate", "in 4 of 5 records, e.g. \"2023-04-01T10:00:02.103\""},
             {"title", "text", "@Title", "in 4 of 5 records, e.g. \"Eliciting priors from experts\""},
             {"tags", "text", "@Tags", "in 4 of 5 records, e.g. \"<bayesian><prior><elicitation>\""},
             {"answer_count", "integer", "@AnswerCount", "in 3 of 5 records, e.g. \"2\""},
             {"comment_count", "integer", "@CommentCount", "in 4 of 5 records, e.g. \"1\""},
             {"favorite_count", "integer", "@FavoriteCount", "in 1 of 5 records, e.g. \"28\""},
             {"content_license", "text", "@ContentLicense", "in 5 of 5 records, e.g. \"CC BY-SA 2.5\""},
             {"parent_id", "integer", "@ParentId", "in 1 of 5 records, e.g. \"1\""},
             {"closed_date", "timestamp", "@ClosedDate", "in 1 of 5 records, e.g. \"2010-07-20T01:02:03.000\""}})
        columns += "\n[[column]]\nname = \"" + name + "\"\ntype = \"" + type + "\"  # " + note + "\nfrom = \"" + from + "\"\n";
    CHECK(replaced(inspected.result.out, scratch.file("inspect_posts.xml"), "SRC") ==
          R"(# A starter job for `sluice load`, from `sluice inspect SRC --job`.
# Sampled: 5 <row> records (the whole document).
# Check the names and types, then add what a sample cannot tell (required, key,
# checks, [rejects]). A relative location is read from this file's folder.

[job]
name = "inspect_posts"

[source]
location = "SRC"
format = "xml"

[xml]
record = "/posts/row"
)" + columns + R"(
[target]
table = "inspect_posts"
mode = "replace"
)");

    drop("inspect_posts");
    const auto loaded = load(inspected.job);
    INFO(loaded.err);
    REQUIRE(loaded.exit_code == 0);
    CHECK(query_value("SELECT count(*) FROM inspect_posts") == "5");
    CHECK(query_value("SELECT last_activity_date FROM inspect_posts WHERE id = 1") == "2023-04-01 10:00:02.103");
    drop("inspect_posts");
}

TEST_CASE("inspect --job: an empty file has nothing to sample")
{
    TempDir scratch;
    std::ofstream(scratch.file("empty.csv")).close();
    const auto result = run_sluice({"inspect", scratch.file("empty.csv"), "--job"});
    CHECK(result.exit_code == 1);
    CHECK(result.out.empty());
    CHECK(result.err.find("empty.csv: byte 0: empty file") != std::string::npos);
}
