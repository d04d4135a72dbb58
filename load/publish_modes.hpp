#pragma once
// The publish modes, each in a file of its own; make_table_publish() (load/table_publish.hpp) is
// the way in.

#include "load/table_publish.hpp"

namespace sluice::detail {

// What every mode works on.
struct PublishParts {
    const PublishedTables& tables;
    const TableDefinition& definition;
    const StagingTable& staging;
    PublishSettings settings;
};

std::unique_ptr<TablePublish> make_replace_publish(PublishParts parts);
std::unique_ptr<TablePublish> make_append_publish(PublishParts parts);
std::unique_ptr<TablePublish> make_upsert_publish(PublishParts parts);
std::unique_ptr<TablePublish> make_snapshot_publish(PublishParts parts);

// Shared by replace and snapshot: fails the load when there is nothing to publish and that was
// not asked for.
void check_not_empty(const PublishSettings& settings, std::uint64_t rows);

} // namespace sluice::detail
