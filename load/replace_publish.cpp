// replace: T becomes this load's rows. The staging table is renamed to T in the publishing
// transaction (T kept as T_previous until the next success), so readers see the old table or
// the new one. Whatever T was before, it is simply replaced: nothing of it is written.
#include "load/publish_modes.hpp"

namespace sluice::detail {

namespace {

class ReplacePublish final : public TablePublish {
public:
    explicit ReplacePublish(PublishParts parts) : parts_(std::move(parts)) {}

    void check(pqxx::transaction_base&) const override {}

    DuplicateKeys refuse_keys(pqxx::transaction_base& transaction, std::size_t cap,
                              const std::vector<std::string>& sources) const override
    {
        if (!parts_.definition.has_key()) return {};
        return parts_.staging.remove_repeated_keys(transaction, cap, sources);
    }

    PublishCounts publish(pqxx::transaction_base& transaction, std::uint64_t staged) const override
    {
        check_not_empty(parts_.settings, staged);
        parts_.staging.drop_hidden_columns(transaction);
        parts_.staging.add_primary_key(transaction);
        parts_.tables.swap(transaction);
        return {staged, staged, 0, 0};
    }

private:
    PublishParts parts_;
};

} // namespace

std::unique_ptr<TablePublish> make_replace_publish(PublishParts parts)
{
    return std::make_unique<ReplacePublish>(std::move(parts));
}

} // namespace sluice::detail
