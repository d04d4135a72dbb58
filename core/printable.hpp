#pragma once
// Text from the outside world (a title, a job or table name, a server's message) as it is shown
// on a terminal: control characters are escaped, so a name cannot move the cursor, clear the
// screen, set the window title or start a line that looks like sluice's own.

#include <string>
#include <string_view>

namespace sluice {

// C0 controls, DEL and the C1 controls (U+0080..U+009F, which some terminals obey as CSI and
// OSC) become \n, \r, \t, \e or \xHH / \u{9b}; a backslash stays a backslash. `keep_newlines`
// leaves '\n' as it is, for a report of several lines. Ill-formed UTF-8 is left to the terminal.
std::string printable(std::string_view text, bool keep_newlines = false);

} // namespace sluice
