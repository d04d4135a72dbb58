#pragma once
// `sluice inspect SRC`: what a source holds (its container, a zip's members, the format, the
// records, what each field holds, the first few records), read in one pass in constant memory.
// Nothing is loaded and no database is needed: it is for the developer pointing sluice at a new
// dump, or wondering why a run rejected what it did.

#include "fetch/fetch_options.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace sluice {

class InspectCommand {
public:
    explicit InspectCommand(CLI::App& parent);

    bool chosen() const { return app_->parsed(); }
    int execute();  // exit code; throws sluice::Error / UsageError

private:
    CLI::App* app_;
    std::string source_;
    std::string member_;        // empty: movies_metadata.csv if there is one, else the first CSV or XML member
    std::size_t records_shown_ = 3;
    std::uint64_t limit_ = 0;   // 0: every record
    bool job_ = false;          // --job: print a starter job file instead of the report
    std::string auth_env_;
    FetchOptions fetch_;
};

} // namespace sluice
