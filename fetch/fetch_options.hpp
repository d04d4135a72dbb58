#pragma once
// How sources are downloaded and decoded; the same for every source of a run.

#include <chrono>
#include <cstdint>
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

    // Transient failures (no connection, a timeout, a dropped transfer, HTTP 5xx, 408, 429) are
    // retried this many times, waiting retry_delay, then twice as long each time up to a minute.
    // A transfer that broke after some bytes resumes from there with a Range request.
    int retries = 5;
    std::chrono::milliseconds retry_delay{1000};

    // Sent as "Authorization: <value>" (Kaggle's download API wants one). Kept out of every
    // message; libcurl drops it when a redirect leaves the host.
    std::string authorization;

    // Decompression bomb caps: a source may not inflate to more than max_inflated_bytes, nor
    // (past the first kRatioGrace bytes) to more than max_inflate_ratio times its download.
    std::uint64_t max_inflated_bytes = std::uint64_t{256} << 30;
    double max_inflate_ratio = 100;
    static constexpr std::uint64_t kRatioGrace = std::uint64_t{64} << 20;
};

} // namespace sluice
