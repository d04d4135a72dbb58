#include "core/error.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

using sluice::Error;
using sluice::SourcePosition;

TEST_CASE("error: describe renders whatever part of the position is known")
{
    CHECK(sluice::describe({}) == "");
    CHECK(sluice::describe(SourcePosition::at_byte(0)) == "byte 0");
    CHECK(sluice::describe(SourcePosition::at_byte(523871)) == "byte 523871");
    CHECK(sluice::describe(SourcePosition::at_line(1311)) == "line 1311");
    CHECK(sluice::describe(SourcePosition::at_line(1311, 523871)) == "line 1311 (byte 523871)");
    CHECK(sluice::describe(SourcePosition{12, 3, std::nullopt}) == "line 12, column 3");
    CHECK(sluice::describe(SourcePosition{12, 3, 4567}) == "line 12, column 3 (byte 4567)");
    // A column means nothing without its line.
    CHECK(sluice::describe(SourcePosition{std::nullopt, 3, 4567}) == "byte 4567");
}

TEST_CASE("error: message is SOURCE: POSITION: detail, and the parts stay available")
{
    const Error error("movies_metadata.csv", "expected 24 fields, found 22", SourcePosition::at_line(1311, 523871));
    CHECK(std::string{error.what()} == "movies_metadata.csv: line 1311 (byte 523871): expected 24 fields, found 22");
    CHECK(error.source() == "movies_metadata.csv");
    CHECK(error.detail() == "expected 24 fields, found 22");
    CHECK(error.where().line == 1311u);
    CHECK(error.where().column == std::nullopt);
    CHECK(error.where().byte == 523871u);

    // Without a position the middle part is left out, not left empty.
    const Error bare("dump.xml.gz", "empty file");
    CHECK(std::string{bare.what()} == "dump.xml.gz: empty file");
    CHECK(bare.where().line == std::nullopt);
    CHECK(bare.where().byte == std::nullopt);

    const Error at_zero("dump.xml.gz", "empty file", SourcePosition::at_byte(0));
    CHECK(std::string{at_zero.what()} == "dump.xml.gz: byte 0: empty file");
}

TEST_CASE("error: Error and UsageError are distinct runtime errors")
{
    // The CLI maps Error to exit code 1 and UsageError to 2, so neither may derive from the other.
    CHECK_THROWS_AS(throw sluice::UsageError("unsupported URL scheme 'ftp'"), sluice::UsageError);
    bool caught_as_error = false;
    try {
        throw sluice::UsageError("bad usage");
    } catch (const Error&) {
        caught_as_error = true;
    } catch (const std::runtime_error& e) {
        CHECK(std::string{e.what()} == "bad usage");
    }
    CHECK_FALSE(caught_as_error);
    CHECK_THROWS_AS(throw Error("s", "d"), std::runtime_error);
}
