#include "job/job_file.hpp"

#include "core/error.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::LoadJobSpec;
using sluice::parse_job_file;

namespace {

std::string refusal(const std::string& text)
{
    try {
        parse_job_file(text, "jobs/a.toml");
    } catch (const sluice::UsageError& error) {
        return error.what();
    }
    return "accepted";
}

} // namespace

TEST_CASE("job file: every key of the contract is read into the spec")
{
    const auto spec = parse_job_file(R"([job]
name = "so_posts"
[source]
location = ["https://example.org/Posts.xml.7z", "b.xml"]
member = "Posts.xml"
format = "xml"
[xml]
record = "/posts/row"
[csv]
delimiter = ", "
quote = ""
escape = "\\"
encoding = "latin1"
header_lines = 2
skip_lines = 3
columns = ["a", "b"]
null = ["", "NULL"]
short_rows = "pad"
long_rows = "truncate"
[[column]]
name = "id"
type = "bigint"
from = "@Id"
required = true
[[column]]
name = "title"
from = 4
clean = ["trim", "lower"]
null_if = "N/A"
check = "^[^<>]*$"
min = 1
max = "9"
format = "%d/%m/%Y"
[target]
table = "so.posts"
mode = "upsert"
key = "id"
lineage = true
sql = ["DELETE FROM x", "SELECT 1"]
[rejects]
file = "rejects.csv"
max = "1%"
)",
                                     "jobs/a.toml");
    CHECK(spec.file == "jobs/a.toml");
    CHECK(spec.name == "so_posts");
    CHECK(spec.locations == std::vector<std::string>{"https://example.org/Posts.xml.7z", "b.xml"});
    CHECK(spec.member == "Posts.xml");
    CHECK(spec.format == "xml");
    CHECK(spec.record == "/posts/row");
    CHECK(spec.csv.delimiter == ", ");
    CHECK(spec.csv.quote.empty());
    CHECK(spec.csv.escape == "\\");
    CHECK(spec.csv.encoding == "latin1");
    CHECK(spec.csv.header_lines == 2);
    CHECK(spec.csv.skip_lines == 3);
    CHECK(spec.csv.columns == std::vector<std::string>{"a", "b"});
    CHECK(spec.csv.null == std::vector<std::string>{"", "NULL"});
    CHECK(spec.csv.short_rows == "pad");
    CHECK(spec.csv.long_rows == "truncate");
    REQUIRE(spec.columns.size() == 2);
    CHECK(spec.columns[0].name == "id");
    CHECK(spec.columns[0].type == "bigint");
    CHECK(spec.columns[0].from == "@Id");
    CHECK(spec.columns[0].required);
    CHECK(spec.columns[0].origin == "jobs/a.toml: line 20: [[column]] 1");
    CHECK(spec.columns[1].type == "text");
    CHECK(!spec.columns[1].from);
    CHECK(spec.columns[1].from_position == 4u);
    CHECK(spec.columns[1].clean == std::vector<std::string>{"trim", "lower"});
    CHECK(spec.columns[1].null_if == std::vector<std::string>{"N/A"});
    CHECK(spec.columns[1].check == "^[^<>]*$");
    CHECK(spec.columns[1].min == "1");
    CHECK(spec.columns[1].max == "9");
    CHECK(spec.columns[1].format == "%d/%m/%Y");
    CHECK(spec.table == "so.posts");
    CHECK(spec.mode == "upsert");
    CHECK(spec.key == std::vector<std::string>{"id"});
    CHECK(spec.lineage);
    CHECK(spec.sql == std::vector<std::string>{"DELETE FROM x", "SELECT 1"});
    CHECK(spec.rejects_file == "rejects.csv");
    CHECK(spec.rejects_max == "1%");
    CHECK(spec.origin("[csv] encoding") == "jobs/a.toml: line 13: [csv] encoding");
    CHECK(spec.origin("[[column]] 2 check") == "jobs/a.toml: line 30: [[column]] 2 check");
    CHECK(spec.origin("[target] table") == "jobs/a.toml: line 35: [target] table");
}

TEST_CASE("job file: the defaults of what is left out")
{
    const auto spec = parse_job_file("[source]\nlocation = \"a.csv\"\n", "a.toml");
    CHECK(spec.locations == std::vector<std::string>{"a.csv"});
    CHECK(spec.csv.delimiter == ",");
    CHECK(spec.csv.quote == "\"");
    CHECK(spec.csv.escape == "\"");
    CHECK(spec.csv.header_lines == 1);
    CHECK(spec.csv.null == std::vector<std::string>{""});
    CHECK(spec.mode == "replace");
    CHECK(spec.rejects_max == "1000");
    CHECK(spec.columns.empty());
    CHECK(spec.origin("[target] table") == "[target] table");
}

TEST_CASE("job file: an unknown key is named with its line and the nearest key")
{
    CHECK(refusal("[csv]\ndelimeter = \";\"\n") == "jobs/a.toml: line 2: [csv] delimeter: unknown key; did you mean delimiter?");
    CHECK(refusal("[target]\n\nmdoe = \"append\"\n") == "jobs/a.toml: line 3: [target] mdoe: unknown key; did you mean mode?");
    CHECK(refusal("[[column]]\nname = \"a\"\nrequierd = true\n") ==
          "jobs/a.toml: line 3: [[column]] 1 requierd: unknown key; did you mean required?");
    CHECK(refusal("[source]\nurl = \"x\"\n") ==
          "jobs/a.toml: line 2: [source] url: unknown key ([source] takes: location, member, format)");
}

TEST_CASE("job file: an unknown table is named with the nearest table")
{
    CHECK(refusal("[sources]\nlocation = \"a\"\n") == "jobs/a.toml: line 1: [sources]: unknown table; did you mean [source]?");
    CHECK(refusal("[[columns]]\nname = \"a\"\n") == "jobs/a.toml: line 1: [[columns]]: unknown table; did you mean [[column]]?");
    CHECK(refusal("[weird]\n") == "jobs/a.toml: line 1: [weird]: unknown table (a job file has [job], [source], [xml], "
                                  "[csv], [[column]], [target], [rejects])");
    CHECK(refusal("table = \"t\"\n") == "jobs/a.toml: line 1: table: a key outside any table (a job file's keys stand "
                                         "under [job], [source], [xml], [csv], [[column]], [target] or [rejects])");
    CHECK(refusal("[column]\nname = \"a\"\n") == "jobs/a.toml: line 1: [column]: write each column as a [[column]] table");
    CHECK(refusal("[[target]]\ntable = \"a\"\n") == "jobs/a.toml: line 1: [[target]]: a job has one [target] table");
}

TEST_CASE("job file: a value of the wrong kind or out of its choices")
{
    CHECK(refusal("[csv]\nheader_lines = \"1\"\n") == "jobs/a.toml: line 2: [csv] header_lines: expected a whole number, got a string");
    CHECK(refusal("[csv]\nheader_lines = -1\n") == "jobs/a.toml: line 2: [csv] header_lines: -1 is not in range 0 to 100");
    CHECK(refusal("[csv]\ndelimiter = 59\n") == "jobs/a.toml: line 2: [csv] delimiter: expected a string, got an integer");
    CHECK(refusal("[target]\nlineage = \"yes\"\n") == "jobs/a.toml: line 2: [target] lineage: expected true or false, got a string");
    CHECK(refusal("[target]\nmode = \"apend\"\n") ==
          "jobs/a.toml: line 2: [target] mode: \"apend\" is not one of replace, append, upsert, snapshot; did you mean append?");
    CHECK(refusal("[target]\nkey = [\"a\", 2]\n") == "jobs/a.toml: line 2: [target] key (an element): expected a string, got an integer");
    CHECK(refusal("[source]\nformat = \"json\"\n") == "jobs/a.toml: line 2: [source] format: \"json\" is not one of xml, csv");
    CHECK(refusal("[rejects]\nmax = -3\n") == "jobs/a.toml: line 2: [rejects] max: -3 is not a count of records");
    CHECK(refusal("[rejects]\nmax = true\n") == "jobs/a.toml: line 2: [rejects] max: expected a count or a share such as \"1%\", got a boolean");
}

TEST_CASE("job file: columns need a name, and a position counts from 1")
{
    CHECK(refusal("[[column]]\ntype = \"text\"\n") == "jobs/a.toml: line 1: [[column]] 1: a column needs a name");
    CHECK(refusal("[[column]]\nname = \"a\"\nfrom = 0\n") ==
          "jobs/a.toml: line 3: [[column]] 1 from: a field's position counts from 1, got 0");
    CHECK(refusal("[[column]]\nname = \"a\"\nfrom = true\n") ==
          "jobs/a.toml: line 3: [[column]] 1 from: expected a field path or name (a string), or a CSV field's position "
          "(from 1), got a boolean");
}

TEST_CASE("job file: TOML that does not parse names its line")
{
    CHECK(refusal("[csv]\ndelimiter = \n").starts_with("jobs/a.toml: line 2: "));
    CHECK(refusal("[csv]\n[csv]\n").starts_with("jobs/a.toml: line 2: "));
    CHECK(refusal("[source]\nlocation = \"a\nb\"\n").starts_with("jobs/a.toml: line 2: "));
}

TEST_CASE("job file: a file that cannot be read")
{
    try {
        sluice::read_job_file("/nonexistent/job.toml");
        FAIL("read a file that is not there");
    } catch (const sluice::UsageError& error) {
        CHECK(std::string{error.what()} == "/nonexistent/job.toml: cannot read the job file");
    }
}
