#include "load/reject_file.hpp"

#include "core/error.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::RejectFile;
using sluice::test::read_file;
using sluice::test::ScratchDir;

TEST_CASE("reject file: a header, then line, quoted reason and quoted record")
{
    ScratchDir dir;
    const auto path = dir.file("rejects.csv");
    RejectFile rejects(path);
    CHECK(rejects.path() == path);
    rejects.add(19730, "expected 24 fields, found 13", "False,,0,[],,82663,tt0113002,en,\"Midnight Man\"");
    rejects.add(7, "", "");
    rejects.add(12, "bad \"id\"", "a\r\nb");
    rejects.close();
    CHECK(read_file(path) == "line,reason,record\n"
                             "19730,\"expected 24 fields, found 13\",\"False,,0,[],,82663,tt0113002,en,\"\"Midnight Man\"\"\"\n"
                             "7,\"\",\"\"\n"
                             "12,\"bad \"\"id\"\"\",\"a\r\nb\"\n");
    rejects.close();  // a second close is harmless
}

TEST_CASE("reject file: nothing rejected leaves just the header")
{
    ScratchDir dir;
    {
        RejectFile rejects(dir.file("rejects.csv"));
    }
    CHECK(read_file(dir.file("rejects.csv")) == "line,reason,record\n");
}

TEST_CASE("reject file: an unwritable location names the path")
{
    ScratchDir dir;
    const auto path = dir.file("missing/rejects.csv");
    CHECK_THROWS_WITH_AS(RejectFile{path}, (path + ": cannot create reject file: No such file or directory").c_str(),
                         sluice::Error);
}
