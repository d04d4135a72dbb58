#pragma once
// The flagship job: movies metadata and the abstracts dump in, the ranked, matched report out.
//
//   abstracts: fetch -> inflate -> cut into blocks -> SAX parse on two cores (ParallelDocReader)
//              --[bounded queue of doc batches]--> match (main thread)
//   movies:    fetch -> unzip/inflate -> CSV -> validate -> index all films for matching,
//              keep the top N by ratio                                           (main thread)
//   report:    rows -> COPY into Postgres and/or CSV file
//
// The abstracts reader connects first, then waits for the film index, which says which docs are
// worth copying; the queue bounds how far it runs ahead.

#include "fetch/source_opener.hpp"
#include "jobs/movie_report/postgres_report_writer.hpp"
#include "parse/xml_read_options.hpp"
#include "jobs/movie_report/match_rule.hpp"
#include "jobs/movie_report/top_n_by_ratio.hpp"

#include <array>
#include <functional>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice {

struct ReportJobOptions {
    std::string movies;
    std::string abstracts;
    std::string movies_member = "movies_metadata.csv";
    std::string rejects_path;             // empty: rejects are only summarised on stderr
    Thresholds thresholds;
    std::size_t top = 1000;
    std::string table = "movie_report";
    std::string snapshot_date;            // YYYY-MM-DD of the dump: the rows of that date are replaced
    std::optional<std::string> database;  // conninfo; nullopt: no database at all
    std::string csv_path;                 // empty: no CSV report
    FetchOptions fetch;
    std::size_t queue_batches = 8;        // doc batches the abstracts reader may run ahead
    std::size_t parse_threads = 2;        // libxml2 parsers working on the dump at once
    std::uint64_t max_rejects = 1000;     // more rejected CSV records than this fail the run
    bool repair_utf8 = false;             // replace ill-formed UTF-8 with U+FFFD instead of refusing it
    std::size_t max_depth = XmlReadOptions::kMaxDepth;                 // XML elements open at once
    std::uint64_t max_record_bytes = XmlReadOptions::kMaxRecordBytes;  // one <doc>, start tag to end tag
    bool progress = false;                // draw progress on stderr (a terminal)
    PublishOptions publish;
};

struct SourceStats {
    std::string name;
    Container container = Container::plain;
    bool by_range = false;
    std::uint64_t bytes_fetched = 0;
    std::uint64_t bytes_decoded = 0;
    std::uint64_t utf8_replaced = 0;  // ill-formed UTF-8 sequences replaced (--invalid-utf8 replace)
};

struct ReportJobSummary {
    SourceStats movies;
    SourceStats abstracts;
    std::uint64_t docs = 0;
    std::uint64_t films_read = 0;
    std::uint64_t films_rejected = 0;
    std::uint64_t films_eligible = 0;
    std::uint64_t films_selected = 0;
    std::uint64_t matched = 0;
    MatchRuleCounts matched_by_rule{};
    std::uint64_t docs_judged = 0;        // docs whose title named an indexed film
    std::vector<std::string> unmatched;   // "Title (YEAR)" of the first few selected films without a page
    std::uint64_t rows_loaded = 0;   // into Postgres
    std::uint64_t rows_written = 0;  // into the CSV file
    double seconds = 0;
    std::uint64_t peak_rss = 0;
};

// Throws sluice::Error on any failure; nothing is published then. `before_publish` sees the
// summary once every source is read, just before the report is published.
ReportJobSummary run_report_job(const ReportJobOptions& options,
                                const std::function<void(const ReportJobSummary&)>& before_publish = {});

// The human summary printed on stderr after a run.
std::string format_summary(const ReportJobOptions& options, const ReportJobSummary& summary);

} // namespace sluice
