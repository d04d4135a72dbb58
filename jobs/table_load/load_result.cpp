#include "jobs/table_load/load_plan.hpp"

#include "core/printable.hpp"

#include <fmt/format.h>

namespace sluice {

JobResult load_result(const LoadPlan& plan, const LoadRunOptions& options, const RunLabel& label,
                      const LoadSummary& s)
{
    constexpr double kMiB = 1024.0 * 1024.0;
    JobResult out;
    out.summary = fmt::format("sluice: load finished in {:.2f} s, peak memory {:.1f} MiB\n", s.seconds,
                              static_cast<double>(s.peak_rss) / kMiB);
    std::uint64_t fetched = 0, decoded = 0;
    for (const auto& source : s.sources) {
        out.summary += fmt::format("  {:<10} {} ({}): {} bytes read, {} bytes decoded, {} records, {} rows\n", "source",
                                   printable(source.name), to_string(source.container), source.bytes_fetched,
                                   source.bytes_decoded, source.records, source.rows);
        out.fetched.push_back(source.bytes_fetched);
        fetched += source.bytes_fetched;
        decoded += source.bytes_decoded;
    }
    out.summary += fmt::format("  {:<10} {} read, {} rejected{}\n", "records", s.read, s.rejected,
                               s.duplicates > 0 ? fmt::format(" ({} for a duplicate key)", s.duplicates) : "");
    for (const auto& column : s.never_matched)
        out.summary += fmt::format("  {:<10} column \"{}\" matched nothing\n", "warning", printable(column));
    if (options.database) {
        const auto table = printable(plan.table.name);
        switch (plan.mode) {
        case PublishMode::replace:
            out.summary += fmt::format("  {:<10} {} rows, table {} replaced\n", "loaded", s.rows_loaded, table);
            break;
        case PublishMode::append:
            out.summary += fmt::format("  {:<10} {} rows appended to table {}\n", "loaded", s.rows_loaded, table);
            break;
        case PublishMode::upsert:
            out.summary += fmt::format("  {:<10} {} rows into table {}: {} inserted, {} updated; {} records superseded "
                                       "by a later one with the same key\n",
                                       "loaded", s.rows_loaded, table, s.rows_inserted, s.rows_updated, s.superseded);
            break;
        case PublishMode::snapshot:
            out.summary += fmt::format("  {:<10} {} rows into table {}, snapshot {}\n", "loaded", s.rows_loaded, table,
                                       label.snapshot_date);
            break;
        }
    }
    if (!options.csv_path.empty())
        out.summary += fmt::format("  {:<10} {} rows into {}\n", "csv", s.rows_written, printable(options.csv_path));

    out.fields = {{"seconds", s.seconds},
                  {"peak_rss_bytes", s.peak_rss},
                  {"bytes_fetched", fetched},
                  {"bytes_decoded", decoded},
                  {"records_read", s.read},
                  {"records_rejected", s.rejected},
                  {"duplicates", s.duplicates},
                  {"rows_loaded", s.rows_loaded},
                  {"rows_inserted", s.rows_inserted},
                  {"rows_updated", s.rows_updated},
                  {"superseded", s.superseded},
                  {"rows_written", s.rows_written}};
    out.counts = {s.read, s.rejected};
    for (std::size_t i = 0; i < s.sources.size(); ++i)
        out.metrics.sources.push_back({s.sources.size() == 1 ? "source" : fmt::format("source {}", i + 1),
                                       s.sources[i].bytes_fetched, s.sources[i].bytes_decoded});
    out.metrics.records_read = s.read;
    out.metrics.records_rejected = s.rejected;
    out.metrics.rows_loaded = s.rows_loaded;
    return out;
}

} // namespace sluice
