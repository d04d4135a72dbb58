#include "load/published_tables.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

#include <algorithm>
#include <cstring>

namespace sluice {

namespace {

// The longest name derived from T: the previous report's primary key index.
constexpr const char* kLongestSuffix = "_previous_pkey";
constexpr std::size_t kMaxIdentifierBytes = 63;  // NAMEDATALEN - 1: longer names are cut short

constexpr const char* kKey = "_pkey";

bool has_control_character(const std::string& text)
{
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7f;
    });
}

std::string escaped(const std::string& text)
{
    std::string out;
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

const char* kind_name(const std::string& kind)
{
    if (kind == "r") return "table";
    if (kind == "p") return "partitioned table";
    if (kind == "v") return "view";
    if (kind == "m") return "materialized view";
    if (kind == "i" || kind == "I") return "index";
    if (kind == "S") return "sequence";
    if (kind == "f") return "foreign table";
    if (kind == "c") return "composite type";
    return "relation";
}

} // namespace

void check_table_name(const std::string& table)
{
    const auto dot = table.find('.');
    if (table.empty() || dot != table.rfind('.') || dot == 0 || dot + 1 == table.size())
        throw UsageError("--table: expected NAME or SCHEMA.NAME, got '" + table + "'");
    if (has_control_character(table)) throw UsageError("--table: a name cannot hold control characters");
    const auto name = split_table_name(table);
    if (name.schema.size() > kMaxIdentifierBytes)
        throw UsageError(fmt::format("--table: the schema name is {} bytes; Postgres names are at most {}",
                                     name.schema.size(), kMaxIdentifierBytes));
    // Postgres would cut a longer derived name to 63 bytes without a word, and two reports with
    // long names could then share a staging or previous table.
    const auto longest = kMaxIdentifierBytes - std::strlen(kLongestSuffix);
    if (name.table.size() > longest)
        throw UsageError(fmt::format("--table: '{}' is {} bytes; at most {}, so that '{}{}' fits in Postgres's {}-byte names",
                                     name.table, name.table.size(), longest, name.table, kLongestSuffix,
                                     kMaxIdentifierBytes));
    if (name.table == kLedgerTable)
        throw UsageError(fmt::format("--table: '{}' is sluice's run ledger; name another table", table));
}

PublishedTables::PublishedTables(const std::string& table, std::string job, std::string kind,
                                 std::vector<std::string> legacy_columns)
    : table_(split_table_name(table)), given_(table), job_(std::move(job)), kind_(std::move(kind)),
      legacy_columns_(std::move(legacy_columns))
{
}

std::string PublishedTables::marker() const
{
    return fmt::format("sluice: {} \"{}\" of job \"{}\"", kind_, escaped(table_.table), escaped(job_));
}

std::optional<PublishedTables::Found> PublishedTables::find(pqxx::transaction_base& transaction, const std::string& name) const
{
    const auto rows = transaction.exec_params(
        "SELECT c.relkind::text, coalesce(obj_description(c.oid, 'pg_class'), '') FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
        table_.schema, name);
    if (rows.empty()) return std::nullopt;
    return Found{rows[0][0].as<std::string>(), rows[0][1].as<std::string>()};
}

bool PublishedTables::has_legacy_columns(pqxx::transaction_base& transaction, const std::string& name) const
{
    const auto rows = transaction.exec_params(
        "SELECT attname::text FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped",
        TableName{table_.schema, name}.quoted());
    if (rows.empty() || legacy_columns_.empty()) return false;
    for (const auto& row : rows) {
        if (std::find(legacy_columns_.begin(), legacy_columns_.end(), row[0].as<std::string>()) == legacy_columns_.end())
            return false;
    }
    return true;
}

bool PublishedTables::legacy_table_of_this_job(pqxx::transaction_base& transaction, const std::string& name) const
{
    // sluice 0.1 made its tables without a comment. Such a table is taken over only when it has
    // the report's columns and the ledger says this job, and no other, published T, while no
    // job's report is called `name` itself (so another job's live table "rep_previous" never
    // passes for this job's previous report). The ledger's settings begin "table=<--table> ".
    if (!has_legacy_columns(transaction, name)) return false;
    const auto ledger = TableName{table_.schema, kLedgerTable}.quoted();
    if (transaction.exec("SELECT to_regclass(" + transaction.quote(ledger) + ")")[0][0].is_null()) return false;
    const auto settings_for = [&](const std::string& table) { return "table=" + table + " member="; };
    const auto jobs = transaction.exec_params("SELECT DISTINCT job FROM " + ledger +
                                                  " WHERE status = 'LOADED' AND starts_with(settings, $1)",
                                              settings_for(given_));
    if (jobs.size() != 1 || jobs[0][0].as<std::string>() != job_) return false;
    if (name == table_.table) return true;
    const auto as_given = given_.find('.') == std::string::npos ? name : table_.schema + "." + name;
    return transaction
        .exec_params("SELECT 1 FROM " + ledger + " WHERE status = 'LOADED' AND starts_with(settings, $1) LIMIT 1",
                     settings_for(as_given))
        .empty();
}

void PublishedTables::claim(pqxx::transaction_base& transaction)
{
    if (table_.schema.empty()) {
        const auto schema = transaction.exec("SELECT current_schema()")[0][0];
        if (schema.is_null())
            throw TableConflict("--table " + given_ + ": no schema to create it in (the search_path names none "
                                "that exists); name one: --table SCHEMA.NAME");
        table_.schema = schema.as<std::string>();
    }
    // Runs of jobs that name the same table queue here, rather than fail on each other's DDL.
    transaction.exec("SELECT pg_advisory_xact_lock(hashtext(" + transaction.quote("sluice:" + table_.quoted()) + "))");
    adopt_.clear();
    for (const auto& name : {table_.table, table_.table + kStaging, table_.table + kPrevious}) {
        const auto found = find(transaction, name);
        if (!found) continue;
        if (found->kind == "r" && found->comment == marker()) continue;
        if (found->kind == "r" && found->comment.empty() && legacy_table_of_this_job(transaction, name)) {
            adopt_.push_back(name);
            continue;
        }
        const auto whose = found->comment.starts_with("sluice: ")
                               ? "it belongs to " + found->comment.substr(std::strlen("sluice: "))
                               : std::string{"sluice did not create it"};
        throw TableConflict(fmt::format("--table {}: the {} {} exists and is not this job's ({}); sluice never drops, "
                                        "renames or writes a table it did not create for job \"{}\": choose another "
                                        "--table, or the job that owns it",
                                        given_, kind_name(found->kind), TableName{table_.schema, name}.quoted(), whose,
                                        escaped(job_)));
    }
    for (const auto& name : adopt_)
        transaction.exec("COMMENT ON TABLE " + TableName{table_.schema, name}.quoted() + " IS " +
                         transaction.quote(marker()));
}

void PublishedTables::create_staging(pqxx::transaction_base& transaction, const TableDefinition& definition,
                                     bool hidden_columns) const
{
    // Claimed: a staging table here is this job's, left by a run of sluice 0.1 that committed it.
    transaction.exec("DROP TABLE IF EXISTS " + staging());
    transaction.exec(definition.create_sql(staging(), hidden_columns));
    transaction.exec("COMMENT ON TABLE " + staging() + " IS " + transaction.quote(marker()));
}

void PublishedTables::create_live(pqxx::transaction_base& transaction, const TableDefinition& definition) const
{
    transaction.exec(definition.create_sql(live()));
    transaction.exec("COMMENT ON TABLE " + live() + " IS " + transaction.quote(marker()));
}

void PublishedTables::drop_staging(pqxx::transaction_base& transaction) const
{
    transaction.exec("DROP TABLE IF EXISTS " + staging());
}

bool PublishedTables::live_exists(pqxx::transaction_base& transaction) const
{
    return find(transaction, table_.table).has_value();
}

std::vector<CatalogColumn> PublishedTables::live_columns(pqxx::transaction_base& transaction) const
{
    const auto rows = transaction.exec_params(
        "SELECT attname::text, format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = to_regclass($1) "
        "AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
        live());
    std::vector<CatalogColumn> columns;
    for (const auto& row : rows) columns.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
    return columns;
}

std::vector<std::string> PublishedTables::live_key(pqxx::transaction_base& transaction) const
{
    const auto rows = transaction.exec_params(
        "SELECT a.attname::text FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
        "WHERE i.indrelid = to_regclass($1) AND i.indisprimary ORDER BY k.n",
        live());
    std::vector<std::string> key;
    for (const auto& row : rows) key.push_back(row[0].as<std::string>());
    return key;
}

void PublishedTables::check_live_matches(pqxx::transaction_base& transaction, const TableDefinition& definition) const
{
    if (!live_exists(transaction)) return;
    const auto differences = definition.differences(live_columns(transaction), live_key(transaction));
    if (differences.empty()) return;
    std::string listed;
    for (const auto& difference : differences) listed += (listed.empty() ? "" : "; ") + difference;
    throw TableMismatch(fmt::format("--table {}: the table {} does not match the job's columns ({}); sluice never "
                                    "alters a table of data to load into it: change the job's columns, publish into "
                                    "another --table, or replace the table (mode replace)",
                                    given_, live(), listed));
}

bool PublishedTables::live_has_column(pqxx::transaction_base& transaction, const std::string& column) const
{
    return !transaction
                .exec_params("SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 "
                             "AND NOT attisdropped",
                             live(), column)
                .empty();
}

void PublishedTables::rename_primary_key(pqxx::transaction_base& transaction, const std::string& table,
                                      const std::string& name) const
{
    // Primary keys are named by Postgres when the staging table is made (never a name another
    // relation holds), then given the name of the table they now serve, if nothing else has it.
    const auto key = transaction.exec_params(
        "SELECT ic.relname::text FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
        "WHERE i.indrelid = to_regclass($1) AND i.indisprimary",
        TableName{table_.schema, table}.quoted());
    if (key.empty()) return;
    const auto current = key[0][0].as<std::string>();
    if (current == name || find(transaction, name)) return;
    transaction.exec("ALTER INDEX " + TableName{table_.schema, current}.quoted() + " RENAME TO " +
                     quote_identifier(name));
}

void PublishedTables::swap(pqxx::transaction_base& transaction) const
{
    // A reader in the middle of a long query holds the live table; waiting for it is right, but
    // not forever.
    transaction.exec("SET LOCAL lock_timeout = '120s'");
    const auto previous = table_.table + kPrevious;
    const bool live_exists = find(transaction, table_.table).has_value();
    transaction.exec("DROP TABLE IF EXISTS " + table_.quoted(kPrevious));
    if (live_exists) {
        transaction.exec("ALTER TABLE " + live() + " RENAME TO " + quote_identifier(previous));
        rename_primary_key(transaction, previous, previous + kKey);
    }
    transaction.exec("ALTER TABLE " + staging() + " RENAME TO " + quote_identifier(table_.table));
    rename_primary_key(transaction, table_.table, table_.table + kKey);
}

} // namespace sluice
