#pragma once
// How sources are downloaded and decoded; the same for every source of a run.

#include <string>

namespace sluice {

struct FetchOptions {
    long connect_timeout_seconds = 30;
    // A transfer slower than 1 byte/s for this long is treated as dead, so a hung server
    // cannot stall an unattended run forever.
    long stall_timeout_seconds = 120;
    std::string ca_file;  // extra CA bundle; verification itself is never turned off
    enum class Inflater { isal, zlib };
    Inflater inflater = Inflater::isal;  // zlib: the portable fallback, and the reference in benchmarks
    // A zip archive on a server that answers Range requests is read from its central directory
    // and only the wanted member is downloaded; false streams the whole archive.
    bool zip_by_range = true;
};

} // namespace sluice
