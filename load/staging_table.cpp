#include "load/staging_table.hpp"

#include "load/sql_names.hpp"

#include <pqxx/pqxx>

namespace sluice {

namespace {

std::string column(const char* name) { return quote_identifier(name); }

} // namespace

StagingTable::StagingTable(const PublishedTables& tables, const TableDefinition& definition, bool hidden_columns)
    : tables_(tables), definition_(definition), hidden_(hidden_columns)
{
}

void StagingTable::create(pqxx::transaction_base& transaction) const
{
    tables_.create_staging(transaction, definition_, hidden_);
}

std::uint64_t StagingTable::count(pqxx::transaction_base& transaction) const
{
    return transaction.exec("SELECT count(*) FROM " + name())[0][0].as<std::uint64_t>();
}

DuplicateKeys StagingTable::removed(pqxx::transaction_base& transaction, const std::string& delete_returning,
                                    std::size_t cap, const std::vector<std::string>& sources, bool in_table) const
{
    // The rows deleted stay in the database: only the first `cap` of them, and their count, come
    // back (LIMIT 0 would lose the count, so one row at least is asked for).
    const auto rows = transaction.exec_params(
        "WITH removed AS (" + delete_returning +
            ") SELECT source, record, first_source, first_record, key, count(*) OVER () FROM removed "
            "ORDER BY ordinal LIMIT $1",
        static_cast<std::int64_t>(std::max<std::size_t>(cap, 1)));
    DuplicateKeys out;
    if (rows.empty()) return out;
    out.count = rows[0][5].as<std::uint64_t>();
    const auto source_name = [&](const pqxx::field& field) -> std::string {
        const auto index = field.as<std::size_t>();
        return index < sources.size() ? sources[index] : std::string{};
    };
    for (const auto& row : rows) {
        if (out.shown.size() >= cap) break;
        DuplicateKey duplicate;
        duplicate.source = source_name(row[0]);
        duplicate.record = row[1].as<std::uint64_t>();
        if (!row[2].is_null()) duplicate.first_source = in_table ? row[2].as<std::string>() : source_name(row[2]);
        if (!row[3].is_null()) duplicate.first_record = row[3].as<std::uint64_t>();
        duplicate.in_table = in_table;
        duplicate.key = row[4].is_null() ? std::string{} : row[4].as<std::string>();
        out.shown.push_back(std::move(duplicate));
    }
    return out;
}

DuplicateKeys StagingTable::remove_repeated_keys(pqxx::transaction_base& transaction, std::size_t cap,
                                                 const std::vector<std::string>& sources) const
{
    // Only keys that occur more than once are sorted to find their first record: a load of
    // unique keys costs one hashed GROUP BY.
    const auto keys = definition_.key_list();
    const auto ordinal = column(kOrdinalColumn);
    const auto firsts = "SELECT DISTINCT ON (" + definition_.key_list("s.") + ") " + definition_.key_list("s.") +
                        ", s." + ordinal + " AS ordinal, s." + column(kSourceIndexColumn) + " AS source, s." +
                        column(kRecordColumn) + " AS record FROM " + name() + " s WHERE (" +
                        definition_.key_list("s.") + ") IN (SELECT " + keys + " FROM " + name() + " GROUP BY " + keys +
                        " HAVING count(*) > 1) ORDER BY " + definition_.key_list("s.") + ", s." + ordinal;
    return removed(transaction,
                   "WITH firsts AS (" + firsts + ") DELETE FROM " + name() + " t USING firsts f WHERE " +
                       definition_.key_equal("t", "f") + " AND t." + ordinal + " > f.ordinal RETURNING t." + ordinal +
                       " AS ordinal, t." + column(kSourceIndexColumn) + " AS source, t." + column(kRecordColumn) +
                       " AS record, f.source AS first_source, f.record AS first_record, " + definition_.key_text("t") +
                       " AS key",
                   cap, sources, false);
}

DuplicateKeys StagingTable::remove_keys_in_live(pqxx::transaction_base& transaction, std::size_t cap,
                                                const std::vector<std::string>& sources) const
{
    const auto first = definition_.lineage()
                           ? "l." + column(kLineageSource) + " AS first_source, l." + column(kLineageRecord) +
                                 " AS first_record"
                           : std::string{"NULL::text AS first_source, NULL::bigint AS first_record"};
    return removed(transaction,
                   "DELETE FROM " + name() + " t USING " + tables_.live() + " l WHERE " + definition_.key_equal("t", "l") +
                       " RETURNING t." + column(kOrdinalColumn) + " AS ordinal, t." + column(kSourceIndexColumn) +
                       " AS source, t." + column(kRecordColumn) + " AS record, " + first + ", " +
                       definition_.key_text("t") + " AS key",
                   cap, sources, true);
}

void StagingTable::drop_hidden_columns(pqxx::transaction_base& transaction) const
{
    if (!hidden_) return;
    transaction.exec("ALTER TABLE " + name() + " DROP COLUMN " + column(kOrdinalColumn) + ", DROP COLUMN " +
                     column(kSourceIndexColumn) + ", DROP COLUMN " + column(kRecordColumn));
}

void StagingTable::add_primary_key(pqxx::transaction_base& transaction) const
{
    // The key's index is built once over all the rows, rather than kept up row by row during the
    // COPY; Postgres names it (never a name another relation holds), and the swap renames it.
    if (definition_.has_key()) transaction.exec("ALTER TABLE " + name() + " ADD PRIMARY KEY (" + definition_.key_list() + ")");
}

} // namespace sluice
