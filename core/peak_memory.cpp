#include "core/peak_memory.hpp"

#include <sys/resource.h>

#include <cstdio>
#include <cstring>

namespace sluice {

std::uint64_t peak_rss_bytes()
{
    // VmHWM belongs to this program's address space, which execve() makes new. getrusage()'s
    // ru_maxrss survives execve(), so a process started by a big parent (a Python script that
    // forked) would report the parent's size instead of sluice's.
    if (std::FILE* status = std::fopen("/proc/self/status", "r")) {
        char line[256];
        unsigned long long kib = 0;
        bool found = false;
        while (!found && std::fgets(line, sizeof line, status))
            found = std::strncmp(line, "VmHWM:", 6) == 0 && std::sscanf(line + 6, "%llu", &kib) == 1;
        std::fclose(status);
        if (found) return static_cast<std::uint64_t>(kib) * 1024;
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

} // namespace sluice
