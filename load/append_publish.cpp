// append: this load's rows are added to T (made, marked as this job's, when there is none). The
// rows go through the staging table like every mode's, so the job's sql statements see exactly
// this load's rows, and, with a key, a record is refused when an earlier record of the load had
// its key or T holds it already: a row once appended is never overwritten (upsert does that).
// That a source version is appended once is the caller's part: RunLedger::appended() says which
// versions a LOADED run of the job appended.
#include "load/publish_modes.hpp"

#include <pqxx/pqxx>

namespace sluice::detail {

namespace {

class AppendPublish final : public TablePublish {
public:
    explicit AppendPublish(PublishParts parts) : parts_(std::move(parts)) {}

    void check(pqxx::transaction_base& transaction) const override
    {
        parts_.tables.check_live_matches(transaction, parts_.definition);
    }

    DuplicateKeys refuse_keys(pqxx::transaction_base& transaction, std::size_t cap,
                              const std::vector<std::string>& sources) const override
    {
        if (!parts_.definition.has_key()) return {};
        auto refused = parts_.staging.remove_repeated_keys(transaction, cap, sources);
        if (parts_.tables.live_exists(transaction))
            refused.add(parts_.staging.remove_keys_in_live(transaction, cap, sources), cap);
        return refused;
    }

    PublishCounts publish(pqxx::transaction_base& transaction, std::uint64_t staged) const override
    {
        if (!parts_.tables.live_exists(transaction)) parts_.tables.create_live(transaction, parts_.definition);
        const auto columns = parts_.definition.column_list();
        transaction.exec("INSERT INTO " + parts_.tables.live() + " (" + columns + ") SELECT " + columns + " FROM " +
                         parts_.staging.name());
        parts_.tables.drop_staging(transaction);
        return {staged, staged, 0, 0};
    }

private:
    PublishParts parts_;
};

} // namespace

std::unique_ptr<TablePublish> make_append_publish(PublishParts parts)
{
    return std::make_unique<AppendPublish>(std::move(parts));
}

} // namespace sluice::detail
