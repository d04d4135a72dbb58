#pragma once
// The tables one job's publish uses, and how sluice knows they are its own. A published table T
// lives beside T_staging (this load's rows, built inside the publishing transaction) and, when
// publishes replace it, T_previous (the last one); the swap drops T_previous, renames T to it and
// the staging table to T. Names alone prove nothing: another job's T may be called
// "rep_previous", and a user's table may be called "other_staging". So every table sluice makes
// carries a comment naming the job and the table it belongs to, and a publish drops, renames or
// writes only tables that carry this job's comment (or, for report tables made by sluice 0.1
// before the comments, that the ledger shows this job loaded). Anything else under one of the
// names stops the run before it fetches a byte.

#include "core/error.hpp"
#include "load/sql_names.hpp"
#include "load/table_definition.hpp"

#include <pqxx/transaction_base>

#include <optional>
#include <string>
#include <vector>

namespace sluice {

// Another job's table, a user's, or something that is not a table holds a name the publish
// needs; or the name is sluice's own. Exit code 2: the fix is another --table or --job.
class TableConflict : public UsageError {
public:
    using UsageError::UsageError;
};

// The names sluice keeps for itself in every schema it writes to.
inline constexpr const char* kLedgerTable = "sluice_runs";

// The table found under T is not the one the job declares (other columns, types or key), and
// the publish would have to change a table of data to load into it: sluice never ALTERs one.
// Exit code 2: the fix is the job's columns, another table, or mode replace.
class TableMismatch : public UsageError {
public:
    using UsageError::UsageError;
};

// Throws UsageError unless `table` ("name" or "schema.name") can be published as is: both parts
// named, no control characters, not one of sluice's own tables, and every name derived from it
// (T_previous_pkey is the longest) within Postgres's 63-byte identifiers, which Postgres would
// otherwise cut short so that two tables could end up with the same name.
void check_table_name(const std::string& table);

class PublishedTables {
public:
    // `table` as given (schema optional); `job` is the ledger's job name; `kind` what the table
    // is in the marker and in messages ("report", "table"); `legacy_columns` the names of the
    // columns of a table sluice 0.1 made for this job (the report's; empty: no such tables).
    PublishedTables(const std::string& table, std::string job, std::string kind = "table",
                    std::vector<std::string> legacy_columns = {});

    // Resolves the schema (the current schema when --table names none, so every statement names
    // the same tables whatever the search_path), then checks that T, T_staging and T_previous are
    // each absent or this job's. Throws TableConflict. Takes the table's transaction-scoped lock
    // first: runs that publish the same name queue here.
    void claim(pqxx::transaction_base& transaction);

    // CREATE TABLE T_staging as `definition` declares it (see TableDefinition::create_sql),
    // marked as this job's. claim() first.
    void create_staging(pqxx::transaction_base& transaction, const TableDefinition& definition,
                        bool hidden_columns) const;
    // CREATE TABLE T, marked as this job's, for publishes that add to T (append, upsert) when
    // there is none yet. claim() first.
    void create_live(pqxx::transaction_base& transaction, const TableDefinition& definition) const;
    void drop_staging(pqxx::transaction_base& transaction) const;

    // Whether T exists (claim() has made sure it is this job's table if it does).
    bool live_exists(pqxx::transaction_base& transaction) const;
    // T's columns in order, and its primary key's columns (empty when none).
    std::vector<CatalogColumn> live_columns(pqxx::transaction_base& transaction) const;
    std::vector<std::string> live_key(pqxx::transaction_base& transaction) const;
    // Throws TableMismatch, listing the differences, unless T is absent or has `definition`'s
    // columns, types and key.
    void check_live_matches(pqxx::transaction_base& transaction, const TableDefinition& definition) const;

    // T_previous dropped, T renamed to T_previous, T_staging renamed to T, their primary keys'
    // indexes renamed after them where those names are free.
    void swap(pqxx::transaction_base& transaction) const;

    // Whether T exists with a column `column` (a report from before that column was added).
    bool live_has_column(pqxx::transaction_base& transaction, const std::string& column) const;

    std::string live() const { return table_.quoted(); }           // "schema"."T"
    const std::string& given() const { return given_; }
    std::string staging() const { return table_.quoted(kStaging); }
    // The text of the comment that marks this job's tables.
    std::string marker() const;

    static constexpr const char* kStaging = "_staging";
    static constexpr const char* kPrevious = "_previous";

private:
    struct Found {
        std::string kind;     // pg_class.relkind
        std::string comment;  // "" when none
    };
    std::optional<Found> find(pqxx::transaction_base& transaction, const std::string& name) const;
    bool has_legacy_columns(pqxx::transaction_base& transaction, const std::string& name) const;
    bool legacy_table_of_this_job(pqxx::transaction_base& transaction, const std::string& name) const;
    void rename_primary_key(pqxx::transaction_base& transaction, const std::string& table, const std::string& name) const;

    TableName table_;
    std::string given_;  // --table as given, for messages and the ledger's settings
    std::string job_;
    std::string kind_;
    std::vector<std::string> legacy_columns_;
    std::vector<std::string> adopt_;  // tables of sluice 0.1 to mark in this transaction
};

} // namespace sluice
