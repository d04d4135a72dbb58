#pragma once
// How sluice-gen fails, with sluice's exit codes: 1 for a runtime failure (fail), 2 for bad
// usage (UsageError), which main() tells apart.

#include <stdexcept>
#include <string>

namespace sluice_gen {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] inline void fail(const std::string& what) { throw std::runtime_error(what); }

} // namespace sluice_gen
