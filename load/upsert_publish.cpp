// upsert: each key of this load is inserted into T, or, when T has it, T's row takes this load's
// values (T made, with its primary key, when there is none). Within the load the later record
// of a key wins: DISTINCT ON keeps the highest ordinal, and the others count as superseded.
// Inserted and updated are told apart in one statement by the new row version's xmax: 0 for an
// insert, the inserting transaction for an update through ON CONFLICT (a documented-by-use
// trick, relied on by many; two statements, an UPDATE ... FROM then an INSERT ... WHERE NOT
// EXISTS, would scan the staging table twice).
#include "load/publish_modes.hpp"

#include "load/sql_names.hpp"

#include <pqxx/pqxx>

#include <algorithm>

namespace sluice::detail {

namespace {

class UpsertPublish final : public TablePublish {
public:
    explicit UpsertPublish(PublishParts parts) : parts_(std::move(parts)) {}

    void check(pqxx::transaction_base& transaction) const override
    {
        parts_.tables.check_live_matches(transaction, parts_.definition);
    }

    DuplicateKeys refuse_keys(pqxx::transaction_base&, std::size_t, const std::vector<std::string>&) const override
    {
        return {};
    }

    PublishCounts publish(pqxx::transaction_base& transaction, std::uint64_t staged) const override
    {
        const auto& definition = parts_.definition;
        if (!parts_.tables.live_exists(transaction)) parts_.tables.create_live(transaction, definition);
        const auto& key = definition.spec().key;
        std::string assignments;
        for (const auto& column : definition.columns()) {
            if (std::find(key.begin(), key.end(), column.name) != key.end()) continue;
            const auto name = quote_identifier(column.name);
            assignments += (assignments.empty() ? "" : ", ") + name + " = EXCLUDED." + name;
        }
        // A table of key columns only has nothing to update, but the row still counts as updated:
        // setting the key to itself keeps the one statement and its counts.
        if (assignments.empty()) assignments = quote_identifier(key[0]) + " = EXCLUDED." + quote_identifier(key[0]);
        const auto columns = definition.column_list();
        const auto counts = transaction.exec(
            "WITH upserted AS (INSERT INTO " + parts_.tables.live() + " (" + columns + ") SELECT DISTINCT ON (" +
            definition.key_list() + ") " + columns + " FROM " + parts_.staging.name() + " ORDER BY " +
            definition.key_list() + ", " + quote_identifier(kOrdinalColumn) + " DESC ON CONFLICT (" +
            definition.key_list() + ") DO UPDATE SET " + assignments +
            " RETURNING (xmax = 0) AS inserted) SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT "
            "inserted) FROM upserted");
        parts_.tables.drop_staging(transaction);
        PublishCounts out;
        out.inserted = counts[0][0].as<std::uint64_t>();
        out.updated = counts[0][1].as<std::uint64_t>();
        out.rows = out.inserted + out.updated;
        out.superseded = staged - out.rows;
        return out;
    }

private:
    PublishParts parts_;
};

} // namespace

std::unique_ptr<TablePublish> make_upsert_publish(PublishParts parts)
{
    return std::make_unique<UpsertPublish>(std::move(parts));
}

} // namespace sluice::detail
