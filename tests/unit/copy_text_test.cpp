// COPY's text format: what must be escaped is, and nothing else; NULL is not an empty text.
#include "load/copy_stream.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::append_copy_field;

TEST_CASE("copy text: escapes backslash, newline, carriage return and tab, and writes NULL as \\N")
{
    const auto copied = [](std::optional<std::string_view> value) {
        std::string line = "x";
        append_copy_field(line, value);
        return line;
    };
    CHECK(copied(std::nullopt) == "x\\N");
    CHECK(copied("") == "x");
    CHECK(copied("plain text, \"quoted\", ;|") == "xplain text, \"quoted\", ;|");
    CHECK(copied("a\\b") == "xa\\\\b");
    CHECK(copied("\\N") == "x\\\\N");
    CHECK(copied("l1\nl2\r\nl3\tend") == "xl1\\nl2\\r\\nl3\\tend");
    CHECK(copied("\n") == "x\\n");
    CHECK(copied("caf\xc3\xa9 \xe2\x82\xac") == "xcaf\xc3\xa9 \xe2\x82\xac");
    CHECK(copied("{\"a\\\\b\",c}") == "x{\"a\\\\\\\\b\",c}");
}
