// snapshot: the rows of one snapshot (one value of the snapshot column, a dump's date) are
// replaced, the others kept. T is rebuilt rather than deleted from and inserted into: the
// staging table takes this load's rows, then T's rows of the other snapshots, gets its key, and
// is swapped in as replace does, so T's rows never churn in place and T_previous keeps the last
// state. A T without the snapshot column is a table from before snapshots: nothing of it is
// carried over, it is kept as T_previous. Any other difference from the job's columns is refused.
#include "load/publish_modes.hpp"

#include "core/error.hpp"
#include "load/sql_names.hpp"

#include <pqxx/pqxx>

#include <algorithm>

namespace sluice::detail {

namespace {

class SnapshotPublish final : public TablePublish {
public:
    explicit SnapshotPublish(PublishParts parts) : parts_(std::move(parts))
    {
        const auto& columns = parts_.definition.columns();
        const auto column = std::find_if(columns.begin(), columns.end(),
                                         [&](const ColumnSpec& c) { return c.name == parts_.settings.snapshot_column; });
        other_snapshots_ = quote_identifier(column->name) + " IS DISTINCT FROM CAST($1 AS " + sql_type(column->type) + ")";
    }

    void check(pqxx::transaction_base& transaction) const override
    {
        if (has_snapshots(transaction)) parts_.tables.check_live_matches(transaction, parts_.definition);
    }

    DuplicateKeys refuse_keys(pqxx::transaction_base& transaction, std::size_t cap,
                              const std::vector<std::string>& sources) const override
    {
        if (!parts_.definition.has_key()) return {};
        return parts_.staging.remove_repeated_keys(transaction, cap, sources);
    }

    PublishCounts publish(pqxx::transaction_base& transaction, std::uint64_t staged) const override
    {
        const auto& settings = parts_.settings;
        const auto strays = transaction
                                .exec_params("SELECT count(*) FROM " + parts_.staging.name() + " WHERE " + other_snapshots_,
                                             settings.snapshot_value)[0][0]
                                .as<std::uint64_t>();
        if (strays != 0)
            throw Error(settings.database, std::to_string(strays) + " of the " + settings.what + "'s rows are not of " +
                                               settings.snapshot_column + " " + settings.snapshot_value +
                                               ": nothing was published");
        check_not_empty(settings, staged);
        parts_.staging.drop_hidden_columns(transaction);
        if (has_snapshots(transaction)) {
            const auto columns = parts_.definition.column_list();
            transaction.exec_params("INSERT INTO " + parts_.staging.name() + " (" + columns + ") SELECT " + columns +
                                        " FROM " + parts_.tables.live() + " WHERE " + other_snapshots_,
                                    settings.snapshot_value);
        }
        parts_.staging.add_primary_key(transaction);
        parts_.tables.swap(transaction);
        return {staged, staged, 0, 0};
    }

private:
    bool has_snapshots(pqxx::transaction_base& transaction) const
    {
        return parts_.tables.live_has_column(transaction, parts_.settings.snapshot_column);
    }

    PublishParts parts_;
    std::string other_snapshots_;  // a condition on a row of T: not of this load's snapshot ($1)
};

} // namespace

std::unique_ptr<TablePublish> make_snapshot_publish(PublishParts parts)
{
    return std::make_unique<SnapshotPublish>(std::move(parts));
}

} // namespace sluice::detail
