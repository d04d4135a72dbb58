#pragma once
// A CSV load without declared columns (`sluice load --source data.csv --table t`): the first
// part's header names the columns, each loaded as text. The header is read before the run (the
// table's columns must be known to create it); the data is read again from the start by the run.

#include "job/load_job_spec.hpp"
#include "jobs/table_load/table_load_job.hpp"

#include <vector>

namespace sluice {

// Throws UsageError when the first part is XML (its columns cannot be guessed: declare them),
// has no header, or a header name that cannot be a column (empty, repeated, too long).
std::vector<ColumnDecl> header_columns(const LoadJobSpec& spec, const LoadRunOptions& options);

} // namespace sluice
