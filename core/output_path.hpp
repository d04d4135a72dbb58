#pragma once
// The files a run writes (--csv, --rejects, --metrics-file) are checked before any work starts:
// a path that names a directory, sits in a directory that does not exist or cannot be written,
// names a special file a rename would replace, or is an input or another output of the same run
// would otherwise fail, or do harm, only after the whole dump was read.

#include <string>
#include <vector>

namespace sluice {

struct OutputPath {
    std::string option;    // "--csv", for messages
    std::string path;      // "" when the option is not given
    // How the file is written: replaced by a rename of a file written beside it (the report CSV,
    // the metrics file), or opened and written where it is (the rejects). A device or a pipe can
    // only take the latter, and the CSV writer writes to one directly.
    bool replaced_by_rename = false;
    bool special_files_allowed = false;
};

// Throws UsageError naming the option and the reason. `inputs` are the run's local sources
// (paths or file:// locations; others are ignored), which no output may overwrite.
void check_output_paths(const std::vector<OutputPath>& outputs, const std::vector<std::string>& inputs = {});

} // namespace sluice
