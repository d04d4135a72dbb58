#include "core/error.hpp"
#include "core/printable.hpp"

#include <doctest/doctest.h>

using namespace sluice;

TEST_CASE("printable: control characters from the data are shown escaped, text as it is")
{
    CHECK(printable("Amélie (2001) – 東京") == "Amélie (2001) – 東京");
    CHECK(printable("red \x1b[31mtitle\x1b[0m") == "red \\e[31mtitle\\e[0m");
    CHECK(printable("two\nlines\r\tand a bell\x07 and DEL\x7f") == "two\\nlines\\r\\tand a bell\\x07 and DEL\\x7f");
    CHECK(printable(std::string{"nul\0byte", 8}) == "nul\\x00byte");
    // C1 controls: U+009B is CSI to many terminals, U+009D starts an OSC (a window title).
    CHECK(printable("csi\xc2\x9b" "31m osc\xc2\x9d" "0;title\x07") == "csi\\u{9b}31m osc\\u{9d}0;title\\x07");
    CHECK(printable("\xc2\xa0no-break space stays") == "\xc2\xa0no-break space stays");
    CHECK(printable("a report\nof lines\x1b", true) == "a report\nof lines\\e");
    CHECK(printable("") == "");
}

TEST_CASE("one_line: line breaks and tabs become one space, other spacing stays")
{
    CHECK(one_line("failed: Connection refused\n\tIs the server running?\n") ==
          "failed: Connection refused Is the server running?");
    CHECK(one_line("FATAL:  role \"x\" does not exist\n") == "FATAL:  role \"x\" does not exist");
    CHECK(one_line("a\r\nb\tc") == "a b c");
    CHECK(one_line("\n\n") == "");
}
