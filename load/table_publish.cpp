#include "load/table_publish.hpp"

#include "core/error.hpp"
#include "load/publish_modes.hpp"

#include <algorithm>

namespace sluice {

const char* mode_name(PublishMode mode)
{
    switch (mode) {
    case PublishMode::replace: return "replace";
    case PublishMode::append: return "append";
    case PublishMode::upsert: return "upsert";
    case PublishMode::snapshot: return "snapshot";
    }
    return "replace";
}

std::unique_ptr<TablePublish> make_table_publish(PublishMode mode, const PublishedTables& tables,
                                                 const TableDefinition& definition, const StagingTable& staging,
                                                 PublishSettings settings)
{
    detail::PublishParts parts{tables, definition, staging, std::move(settings)};
    switch (mode) {
    case PublishMode::replace: return detail::make_replace_publish(std::move(parts));
    case PublishMode::append: return detail::make_append_publish(std::move(parts));
    case PublishMode::upsert:
        if (!definition.has_key()) throw UsageError("mode upsert needs a key: name the key's columns (key = [...])");
        return detail::make_upsert_publish(std::move(parts));
    case PublishMode::snapshot: {
        const auto& columns = definition.spec().columns;
        const auto& column = parts.settings.snapshot_column;
        if (std::none_of(columns.begin(), columns.end(), [&](const ColumnSpec& c) { return c.name == column; }))
            throw UsageError("mode snapshot needs a snapshot column among the table's columns; '" + column +
                             "' is not one of them");
        if (parts.settings.snapshot_value.empty()) throw UsageError("mode snapshot needs the snapshot's value");
        return detail::make_snapshot_publish(std::move(parts));
    }
    }
    throw UsageError("unknown publish mode");
}

namespace detail {

void check_not_empty(const PublishSettings& settings, std::uint64_t rows)
{
    if (rows == 0 && !settings.allow_empty)
        throw Error(settings.database, "nothing to publish: the " + settings.what +
                                           " has no rows (pass --allow-empty to publish it anyway)");
}

} // namespace detail

} // namespace sluice
