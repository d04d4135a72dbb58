#pragma once

#include <cstdint>

namespace sluice {

// The process's peak resident set size so far, in bytes (getrusage's ru_maxrss).
std::uint64_t peak_rss_bytes();

} // namespace sluice
