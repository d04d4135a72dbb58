#pragma once
// What identifies the version of a source without reading it: an http(s) resource's ETag,
// Last-Modified and size from a HEAD request, or a local file's identity, mtime and size.
// The run ledger compares them with the last successful load to skip a run when nothing changed.

#include "fetch/fetch_options.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace sluice {

struct SourceVersion {
    std::string etag;
    std::string last_modified;
    std::optional<std::uint64_t> size;
    // The source is not there: no such file, or HTTP 404/410. What it says, e.g. "HTTP status 404".
    std::string missing;

    // Enough to tell whether the source changed: a size and a validator.
    bool known() const { return size && (!etag.empty() || !last_modified.empty()); }
    // Both known, and the same version (the ETag decides when both have one).
    bool same_as(const SourceVersion& other) const;
};

// Never throws for an unreachable source: the version is then unknown, and the download that
// follows reports the failure properly (with its retries).
SourceVersion probe_version(const std::string& location, const FetchOptions& options);

} // namespace sluice
