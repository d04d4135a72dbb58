#include "fetch/file_source.hpp"

#include "core/error.hpp"
#include "memory_source.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <array>
#include <string>

using sluice::FileSource;
using sluice::test::drain;
using sluice::test::open_fd_count;
using sluice::test::ScratchDir;
using sluice::test::write_file;

TEST_CASE("file source: reads the file's bytes exactly and counts them")
{
    ScratchDir dir;
    std::string data;
    for (int i = 0; i < 5000; ++i) data += static_cast<char>(i * 31 % 256);  // every byte value, NULs too
    write_file(dir.file("bytes.bin"), data);

    const auto fds = open_fd_count();
    {
        FileSource source(dir.file("bytes.bin"));
        CHECK(source.name() == dir.file("bytes.bin"));
        CHECK(source.position() == 0);
        CHECK(drain(source, 7) == data);
        CHECK(source.position() == data.size());
        std::array<char, 4> more{};
        CHECK(source.read(more) == 0);
        CHECK(source.position() == data.size());
    }
    CHECK(open_fd_count() == fds);
}

TEST_CASE("file source: an empty file is an empty stream")
{
    ScratchDir dir;
    write_file(dir.file("empty"), "");
    FileSource source(dir.file("empty"));
    CHECK(drain(source) == "");
    CHECK(source.position() == 0);
}

TEST_CASE("file source: a missing file and a directory are errors that name the path")
{
    ScratchDir dir;
    const auto fds = open_fd_count();
    CHECK_THROWS_WITH_AS(FileSource(dir.file("missing.csv")),
                         (dir.file("missing.csv") + ": cannot open: No such file or directory").c_str(), sluice::Error);
    CHECK_THROWS_WITH_AS(FileSource(dir.path()), (dir.path() + ": is a directory").c_str(), sluice::Error);
    CHECK(open_fd_count() == fds);  // the directory's descriptor was closed before the throw
}
