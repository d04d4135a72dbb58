#pragma once
// Lines for the operator on stderr (retries, skipped runs, restarts): one call is one whole
// line, so lines from different threads never interleave.

#include <string_view>

namespace sluice {

void log_line(std::string_view message);

} // namespace sluice
