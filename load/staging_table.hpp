#pragma once
// This load's rows in T_staging, between the COPY and the publish, and what is done to them
// there. Everything runs in the database, in the load's transaction: sluice holds no row, so a
// load of any size finds its duplicate keys in constant memory.

#include "load/duplicate_keys.hpp"
#include "load/published_tables.hpp"
#include "load/table_definition.hpp"

#include <pqxx/transaction_base>

#include <string>
#include <vector>

namespace sluice {

class StagingTable {
public:
    // With `hidden_columns` the rows carry their place in the load (see TableDefinition), which
    // finding duplicate keys needs.
    StagingTable(const PublishedTables& tables, const TableDefinition& definition, bool hidden_columns);

    void create(pqxx::transaction_base& transaction) const;
    std::string name() const { return tables_.staging(); }
    bool hidden_columns() const { return hidden_; }
    std::uint64_t count(pqxx::transaction_base& transaction) const;

    // Deletes every row whose key an earlier row of the load has, and returns them (the first
    // `cap`, in load order, and the count) with the record that had the key first. `sources`
    // names the hidden source indexes. Needs the hidden columns and a key.
    DuplicateKeys remove_repeated_keys(pqxx::transaction_base& transaction, std::size_t cap,
                                       const std::vector<std::string>& sources) const;
    // Deletes every row whose key the live table holds, and returns them likewise (with the
    // table row's lineage, when it has lineage columns).
    DuplicateKeys remove_keys_in_live(pqxx::transaction_base& transaction, std::size_t cap,
                                      const std::vector<std::string>& sources) const;

    // Drops the hidden columns, then adds the primary key: the table is now as T is declared.
    void drop_hidden_columns(pqxx::transaction_base& transaction) const;
    void add_primary_key(pqxx::transaction_base& transaction) const;

private:
    DuplicateKeys removed(pqxx::transaction_base& transaction, const std::string& delete_returning, std::size_t cap,
                          const std::vector<std::string>& sources, bool in_table) const;

    const PublishedTables& tables_;
    const TableDefinition& definition_;
    bool hidden_;
};

} // namespace sluice
