#pragma once
// Reads a load job file (TOML) into a LoadJobSpec. Every key is known: an unknown table or key,
// or a value of the wrong kind, is a UsageError naming the file, the line and the key, with the
// nearest valid key when one is close ("jobs/a.toml: line 7: [csv] delimeter: unknown key; did
// you mean delimiter?"). The job file is the user's contract (issue 14); the names are fixed.

#include "job/load_job_spec.hpp"

#include <string>
#include <string_view>

namespace sluice {

// Relative paths in the file (locations, the rejects file) are taken from the file's folder.
LoadJobSpec read_job_file(const std::string& path);

// The same from text in memory (`path` names it in messages).
LoadJobSpec parse_job_file(std::string_view text, const std::string& path);

} // namespace sluice
