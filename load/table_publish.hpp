#pragma once
// How a load's rows, staged in T_staging, become visible in T: one small class per publish mode
// (replace, append, upsert, snapshot) over this interface, chosen by make_table_publish(). Every
// step runs in the load's own transaction, so a failure anywhere publishes nothing.

#include "load/duplicate_keys.hpp"
#include "load/published_tables.hpp"
#include "load/staging_table.hpp"
#include "load/table_definition.hpp"

#include <pqxx/transaction_base>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sluice {

// What a publish did to T with this load's rows.
struct PublishCounts {
    std::uint64_t rows = 0;        // this load's rows now in T
    std::uint64_t inserted = 0;    // rows added to T (all of `rows` but for upsert)
    std::uint64_t updated = 0;     // upsert: rows of T whose key came again, now this load's values
    std::uint64_t superseded = 0;  // upsert: records overtaken by a later record of the load with the same key
};

struct PublishSettings {
    std::string snapshot_column;  // snapshot: the column telling snapshots apart
    std::string snapshot_value;   // snapshot: the value of this load's rows in it
    bool allow_empty = false;     // replace, snapshot: publish a table of no rows
    std::string what = "load";    // in messages: "the load has no rows"
    std::string database;         // in errors: describe_database()
};

class TablePublish {
public:
    virtual ~TablePublish() = default;

    // Throws TableMismatch (exit 2) when T exists in a shape this mode would have to alter.
    // After PublishedTables::claim(): before the download, and again in the load's transaction.
    virtual void check(pqxx::transaction_base& transaction) const = 0;

    // Removes the rows this mode refuses for their key from the staging table (replace,
    // snapshot: a key an earlier record of the load had; append: that, or a key T holds), and
    // returns them. Upsert refuses none: its later record wins.
    virtual DuplicateKeys refuse_keys(pqxx::transaction_base& transaction, std::size_t cap,
                                      const std::vector<std::string>& sources) const = 0;

    // Makes the `staged` rows of the staging table T's rows (T created if this mode adds to a
    // T that is not there yet); the staging table is gone afterwards.
    virtual PublishCounts publish(pqxx::transaction_base& transaction, std::uint64_t staged) const = 0;
};

// Throws UsageError for a mode the definition cannot have: upsert without a key, snapshot
// without a snapshot column among the columns or without a value.
std::unique_ptr<TablePublish> make_table_publish(PublishMode mode, const PublishedTables& tables,
                                                 const TableDefinition& definition, const StagingTable& staging,
                                                 PublishSettings settings);

// "replace", "append", "upsert", "snapshot".
const char* mode_name(PublishMode mode);

} // namespace sluice
