#pragma once
// Where a load job's rows go: its table (by its publish mode), a CSV file, or both, published
// together: the file is made durable first, then the table's transaction commits, then the file
// takes its name. A record the table refuses for its key at publish goes to the rejects.

#include "jobs/table_load/load_plan.hpp"
#include "load/csv_table_writer.hpp"
#include "load/postgres_table_writer.hpp"
#include "load/reject_file.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

namespace sluice {

class RowSinks {
public:
    RowSinks(std::unique_ptr<PostgresTableWriter> table, std::unique_ptr<CsvTableWriter> csv)
        : table_(std::move(table)), csv_(std::move(csv))
    {
    }

    void write(std::span<const std::optional<std::string_view>> values, std::string_view source, std::uint64_t record)
    {
        const RowOrigin origin{source, record};
        if (table_) table_->write(values, origin);
        if (csv_) csv_->write(values, origin);
    }

    // Publishes both; the summary gets the table's counts. `refused` takes each record the table
    // refused for its key (it throws to fail the load: too many rejects).
    void publish(LoadSummary& summary);

private:
    std::unique_ptr<PostgresTableWriter> table_;
    std::unique_ptr<CsvTableWriter> csv_;
};

// The sinks the job's options ask for, checked (the database, the table's ownership and shape)
// before anything is read. `on_refused` is called in the publishing transaction with the records
// refused for their key.
RowSinks open_row_sinks(const LoadPlan& plan, const LoadRunOptions& options, const std::string& job,
                        const RunLabel& label, PublishRecord* record,
                        std::function<void(const DuplicateKeys&)> on_refused);

} // namespace sluice
