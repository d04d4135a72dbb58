// Any table's rows as CSV: the header of its columns, RFC 4180 quoting, NULL as an empty field,
// the lineage columns when asked for.
#include "load/csv_table_writer.hpp"

#include "core/error.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <array>

using sluice::CsvTableWriter;
using sluice::test::read_file;
using sluice::test::ScratchDir;

using Values = std::array<std::optional<std::string_view>, 3>;

TEST_CASE("csv table: header, quoting, NULL and empty as empty fields")
{
    ScratchDir dir;
    const auto path = dir.file("out.csv");
    CsvTableWriter writer(path, {"id", "Mixed Case", "a\"b"});
    writer.write(Values{"1", "plain", std::nullopt}, {"in.csv", 2});
    writer.write(Values{"2", "comma, \"quote\"", "line\r\nbreak"}, {"in.csv", 3});
    writer.write(Values{"3", "", "caf\xc3\xa9"}, {"in.csv", 4});
    CHECK(writer.rows_written() == 3);
    writer.commit();
    CHECK(read_file(path) == "id,Mixed Case,\"a\"\"b\"\n"
                             "1,plain,\n"
                             "2,\"comma, \"\"quote\"\"\",\"line\r\nbreak\"\n"
                             "3,,caf\xc3\xa9\n");
}

TEST_CASE("csv table: lineage columns end each row")
{
    ScratchDir dir;
    const auto path = dir.file("out.csv");
    CsvTableWriter writer(path, {"id", "x", "y"}, true);
    writer.write(Values{"1", "a", "b"}, {"part,1.csv", 17});
    writer.commit();
    CHECK(read_file(path) == "id,x,y,_source,_record\n1,a,b,\"part,1.csv\",17\n");
}

TEST_CASE("csv table: a row of the wrong width is refused, and the file never appears")
{
    ScratchDir dir;
    const auto path = dir.file("out.csv");
    {
        CsvTableWriter writer(path, {"id", "x", "y", "z"});
        CHECK_THROWS_WITH_AS(writer.write(Values{"1", "a", "b"}, {"in.csv", 1}),
                             (path + ": a row of 3 values for 4 columns").c_str(), sluice::Error);
    }
    CHECK(!std::filesystem::exists(path));
}
