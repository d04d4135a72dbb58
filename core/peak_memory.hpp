#pragma once

#include <cstdint>

namespace sluice {

// The program's peak resident set size so far, in bytes (VmHWM; ru_maxrss where /proc is missing).
std::uint64_t peak_rss_bytes();

} // namespace sluice
