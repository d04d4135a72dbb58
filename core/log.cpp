#include "core/log.hpp"

#include <fmt/format.h>

namespace sluice {

void log_line(std::string_view message)
{
    // One fwrite of the whole line: stdio locks the stream for the call.
    const auto line = fmt::format("sluice: {}\n", message);
    std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace sluice
