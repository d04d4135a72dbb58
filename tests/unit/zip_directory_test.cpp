#include "fetch/zip_directory.hpp"

#include "archive_bytes.hpp"
#include "core/error.hpp"
#include "memory_input.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

using sluice::ZipEntry;
using sluice::test::ZipMember;

namespace {

using sluice::test::MemoryInput;

std::vector<ZipEntry> directory_of(const std::string& zip, std::size_t max_piece = 1 << 20)
{
    MemoryInput input{zip, max_piece};
    std::vector<ZipEntry> entries;
    const auto count = sluice::read_zip_directory(input, [&](const ZipEntry& entry) { entries.push_back(entry); });
    CHECK(count == entries.size());
    return entries;
}

std::string error_of(const std::string& zip)
{
    MemoryInput input{zip, 1 << 20};
    try {
        sluice::read_zip_directory(input, [](const ZipEntry&) {});
    } catch (const sluice::Error& error) {
        return error.what();
    }
    return "no error";
}

void put(std::string& out, std::uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

// A central directory with zip64 sizes, its zip64 end record and locator, and an end record that
// defers to them; no member data (the directory is all that is read).
std::string zip64_directory(std::uint64_t size, std::uint64_t compressed)
{
    std::string directory;
    const std::string path = "huge.csv";
    directory += "PK\x01\x02";
    put(directory, 45, 2);  // version made by
    put(directory, 45, 2);  // version needed
    put(directory, 0, 2);   // flags
    put(directory, 8, 2);   // deflated
    put(directory, 0, 4);   // time, date
    put(directory, 0, 4);   // crc
    put(directory, 0xFFFFFFFF, 4);
    put(directory, 0xFFFFFFFF, 4);
    put(directory, path.size(), 2);
    put(directory, 4 + 16, 2);  // extra
    put(directory, 0, 2);       // comment
    put(directory, 0, 2);       // disk
    put(directory, 0, 2);       // internal attributes
    put(directory, 0, 4);       // external attributes
    put(directory, 0, 4);       // local header offset
    directory += path;
    put(directory, 0x0001, 2);
    put(directory, 16, 2);
    put(directory, size, 8);
    put(directory, compressed, 8);

    std::string archive = directory;
    const auto zip64_end = archive.size();
    archive += "PK\x06\x06";
    put(archive, 44, 8);
    put(archive, 45, 2);
    put(archive, 45, 2);
    put(archive, 0, 4);
    put(archive, 0, 4);
    put(archive, 1, 8);
    put(archive, 1, 8);
    put(archive, directory.size(), 8);
    put(archive, 0, 8);
    archive += "PK\x06\x07";
    put(archive, 0, 4);
    put(archive, zip64_end, 8);
    put(archive, 1, 4);
    archive += "PK\x05\x06";
    put(archive, 0, 4);
    put(archive, 0xFFFF, 2);
    put(archive, 0xFFFF, 2);
    put(archive, 0xFFFFFFFF, 4);
    put(archive, 0xFFFFFFFF, 4);
    put(archive, 0, 2);
    return archive;
}

std::vector<ZipMember> kaggle_members()
{
    std::string movies = "id,title\n";
    for (int i = 0; i < 2000; ++i) movies += std::to_string(i) + ",Film " + std::to_string(i) + "\n";
    return {{"credits.csv", "cast,crew,id\n"}, {"data/movies_metadata.csv", movies}, {"empty/", ""}, {"README", "x"}};
}

} // namespace

TEST_CASE("zip directory: every member in order with its sizes, over pieces of any size")
{
    for (const bool deflate : {true, false}) {
        const auto zip = sluice::test::zip_bytes(kaggle_members(), deflate);
        for (const std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
            CAPTURE(deflate);
            CAPTURE(piece);
            const auto entries = directory_of(zip, piece);
            const auto members = kaggle_members();
            REQUIRE(entries.size() == members.size());
            for (std::size_t i = 0; i < members.size(); ++i) {
                CHECK(entries[i].path == members[i].path);
                CHECK(entries[i].size == members[i].data.size());
            }
            CHECK(entries[2].is_directory());
            CHECK_FALSE(entries[1].is_directory());
            if (deflate) {
                CHECK(entries[1].method == 8);
                CHECK(entries[1].compressed_size < entries[1].size / 2);
            } else {
                CHECK(entries[1].method == 0);
                CHECK(entries[1].compressed_size == entries[1].size);
            }
        }
    }
}

TEST_CASE("zip directory: the fixture archive, sizes as unzip -v lists them")
{
    std::vector<ZipEntry> entries;
    const auto count = sluice::read_zip_directory(std::string{SLUICE_SOURCE_DIR} + "/fixtures/movies.zip",
                                                  [&](const ZipEntry& entry) { entries.push_back(entry); });
    CHECK(count == 5);
    REQUIRE(entries.size() == 5);
    CHECK(entries[3].path == "movies_metadata.csv");
    CHECK(entries[3].size == 30991);
    CHECK(entries[3].compressed_size == 11947);
    CHECK(entries[3].method == 8);
    CHECK(entries[0].path == "credits.csv");
    CHECK(entries[0].compressed_size == 686);
    CHECK(entries[4].path == "ratings_small.csv");
    CHECK(entries[4].size == 6545);
}

TEST_CASE("zip directory: an archive comment after the end record")
{
    auto zip = sluice::test::zip_bytes(kaggle_members());
    const std::string comment = "made for a test, PK\x05\x06 and all";
    zip[zip.size() - 2] = static_cast<char>(comment.size());
    zip += comment;
    const auto entries = directory_of(zip);
    REQUIRE(entries.size() == 4);
    CHECK(entries[3].path == "README");
}

TEST_CASE("zip directory: zip64 counts and sizes")
{
    const auto entries = directory_of(zip64_directory(std::uint64_t{6} << 32, std::uint64_t{5} << 30), 3);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].path == "huge.csv");
    CHECK(entries[0].size == std::uint64_t{6} << 32);
    CHECK(entries[0].compressed_size == std::uint64_t{5} << 30);
    CHECK(sluice::zip_method_name(entries[0].method) == "deflated");
}

TEST_CASE("zip directory: a cut or corrupt archive is an error with the byte")
{
    const auto zip = sluice::test::zip_bytes(kaggle_members());
    const auto cut = zip.substr(0, zip.size() - 10);
    CHECK(error_of(cut) == "test.zip: byte " + std::to_string(cut.size()) + ": cannot read zip archive: no central directory at the end of its " +
                               std::to_string(cut.size()) + " bytes (truncated or corrupt)");
    CHECK(error_of("PK\x03\x04") == "test.zip: byte 4: cannot read zip archive: 4 bytes is too short for one");

    // The end record says the directory is larger than what lies before it.
    auto overlapping = zip;
    const auto end = overlapping.size() - 22;
    overlapping[end + 12] = '\xff';
    overlapping[end + 13] = '\xff';
    CHECK(error_of(overlapping).find("corrupt zip archive: its central directory") != std::string::npos);

    // An entry's signature overwritten.
    auto unsigned_entry = zip;
    const auto directory = unsigned_entry.rfind("PK\x01\x02");
    unsigned_entry[directory + 2] = 'X';
    CHECK(error_of(unsigned_entry) == "test.zip: byte " + std::to_string(directory) +
                                          ": corrupt zip archive: entry 4 of 4 in the central directory has no signature");

    CHECK(sluice::zip_method_name(99) == "method 99");
}

TEST_CASE("zip directory: a missing file")
{
    CHECK_THROWS_WITH_AS(sluice::read_zip_directory("/nonexistent/movies.zip", [](const ZipEntry&) {}),
                         "/nonexistent/movies.zip: cannot open: No such file or directory", sluice::Error);
}
