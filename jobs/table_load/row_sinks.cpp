#include "jobs/table_load/row_sinks.hpp"

namespace sluice {

void RowSinks::publish(LoadSummary& summary)
{
    // The CSV is made durable first, so the table and the file are published together: if the
    // file cannot be written, the table is not published either.
    if (csv_) csv_->prepare();
    if (table_) {
        table_->commit();
        const auto& outcome = table_->outcome();
        summary.rows_loaded = outcome.counts.rows;
        summary.rows_inserted = outcome.counts.inserted;
        summary.rows_updated = outcome.counts.updated;
        summary.superseded = outcome.counts.superseded;
    }
    if (csv_) {
        csv_->commit();
        summary.rows_written = csv_->rows_written();
    }
}

RowSinks open_row_sinks(const LoadPlan& plan, const LoadRunOptions& options, const std::string& job,
                        const RunLabel& label, PublishRecord* record,
                        std::function<void(const DuplicateKeys&)> on_refused)
{
    std::unique_ptr<PostgresTableWriter> table;
    if (options.database) {
        TableLoadOptions load;
        load.job = job;
        load.mode = plan.mode;
        load.lineage = plan.lineage;
        load.sql = plan.sql;
        if (plan.mode == PublishMode::snapshot) {
            load.snapshot_column = plan.snapshot_column;
            load.snapshot_value = label.snapshot_date;
        }
        load.record = record;
        load.on_refused_keys = std::move(on_refused);
        table = std::make_unique<PostgresTableWriter>(*options.database, plan.table, std::move(load));
    }
    std::unique_ptr<CsvTableWriter> csv;
    if (!options.csv_path.empty()) {
        std::vector<std::string> names;
        for (const auto& column : plan.table.columns) names.push_back(column.name);
        csv = std::make_unique<CsvTableWriter>(options.csv_path, std::move(names), plan.lineage);
    }
    return RowSinks{std::move(table), std::move(csv)};
}

} // namespace sluice
