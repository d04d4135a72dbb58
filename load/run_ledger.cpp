#include "load/run_ledger.hpp"

#include "core/redact.hpp"
#include "load/database_connection.hpp"
#include "load/database_error.hpp"
#include "load/published_tables.hpp"
#include "load/sql_names.hpp"

#include <pqxx/pqxx>

#include <chrono>
#include <thread>

namespace sluice {

namespace {

constexpr const char* kAbandoned =
    "abandoned: the run stopped without finishing (the process was killed or lost its database connection)";

std::string text(const pqxx::field& field)
{
    return field.is_null() ? std::string{} : field.as<std::string>();
}

std::optional<std::uint64_t> count(const pqxx::field& field)
{
    if (field.is_null()) return std::nullopt;
    return field.as<std::uint64_t>();
}

// {"movies": {"url": ..., "etag": ..., "last_modified": ..., "size": ..., "bytes": ...}, ...}
// built by Postgres from parameters, so nothing is quoted by hand.
std::string sources_json(pqxx::transaction_base& transaction, const std::vector<LedgerSource>& sources)
{
    std::string json = "{}";
    for (const auto& source : sources) {
        json = transaction
                   .exec_params("SELECT ($1::jsonb || jsonb_build_object($2::text, jsonb_strip_nulls(jsonb_build_object("
                                "'url', $3::text, 'etag', NULLIF($4, ''), 'last_modified', NULLIF($5, ''), "
                                "'size', NULLIF($6, '')::bigint, 'bytes', $7::bigint))))::text",
                                json, source.role, source.url, source.version.etag, source.version.last_modified,
                                source.version.size ? std::to_string(*source.version.size) : std::string{},
                                std::to_string(source.bytes))[0][0]
                   .as<std::string>();
    }
    return json;
}

constexpr const char* kLedgerMarker = "sluice: run ledger";

// The ledger is written by every run: a table of that name that sluice did not make (a user's,
// or a view) is left alone and the run refused. A ledger of sluice 0.1, made before the comment,
// is known by its columns.
void claim_ledger(pqxx::transaction_base& transaction, const std::string& ledger)
{
    const auto found = transaction.exec_params(
        "SELECT c.relkind::text, coalesce(obj_description(c.oid, 'pg_class'), ''), "
        "(SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND NOT a.attisdropped AND a.attname IN "
        "('id', 'job', 'started_at', 'finished_at', 'status', 'settings', 'sources', 'records_read', "
        "'records_rejected', 'rows_loaded', 'message')) FROM pg_class c WHERE c.oid = to_regclass($1)",
        ledger);
    if (found.empty()) return;
    const auto kind = found[0][0].as<std::string>();
    const auto comment = found[0][1].as<std::string>();
    if (kind == "r" && (comment == kLedgerMarker || (comment.empty() && found[0][2].as<int>() == 11))) return;
    throw TableConflict("the run ledger " + ledger + " exists but is not sluice's (" +
                        (kind == "r" ? std::string{"a table sluice did not create"} : "not a table") +
                        "); sluice never writes a table it did not create: rename it, or publish into another schema");
}

} // namespace

std::string ledger_table(const std::string& schema)
{
    return TableName{schema, "sluice_runs"}.quoted();
}

RunLedger::RunLedger(std::string conninfo, std::string job, std::string schema)
    : conninfo_(std::move(conninfo)), name_(describe_database(conninfo_)), job_(std::move(job)),
      ledger_(ledger_table(schema))
{
    try {
        connection_ = connect_database(conninfo_, name_);
        pqxx::work transaction{*connection_, "sluice ledger"};
        if (schema.empty()) {
            // The schema the report's tables are made in (see PublishedTables::claim), named, so the
            // ledger checked is the ledger written whatever else the search_path holds.
            const auto current = transaction.exec("SELECT current_schema()")[0][0];
            if (current.is_null())
                throw TableConflict("no schema to keep the run ledger in (the search_path names none that exists); "
                                    "name one: --table SCHEMA.NAME");
            ledger_ = ledger_table(current.as<std::string>());
        }
        // First runs of several jobs may create the ledger at once.
        transaction.exec("SELECT pg_advisory_xact_lock(hashtext(" + transaction.quote("sluice:" + ledger_) + "))");
        claim_ledger(transaction, ledger_);
        transaction.exec("CREATE TABLE IF NOT EXISTS " + ledger_ +
                         " (id bigserial PRIMARY KEY, job text NOT NULL, started_at timestamptz NOT NULL DEFAULT now(), "
                         "finished_at timestamptz, status text NOT NULL CHECK (status IN "
                         "('RUNNING', 'LOADED', 'FAILED', 'SKIPPED')), settings text NOT NULL DEFAULT '', "
                         "sources jsonb NOT NULL DEFAULT '{}', records_read bigint, records_rejected bigint, "
                         "rows_loaded bigint, message text, snapshot_date date, run_id text)");
        transaction.exec("COMMENT ON TABLE " + ledger_ + " IS " + transaction.quote(kLedgerMarker));
        // Ledgers made by sluice before snapshot dates and run ids.
        transaction.exec("ALTER TABLE " + ledger_ +
                         " ADD COLUMN IF NOT EXISTS snapshot_date date, ADD COLUMN IF NOT EXISTS run_id text");
        transaction.commit();

        bool locked = false;
        {
            // Outside a transaction: the lock belongs to the session, for the whole run.
            pqxx::nontransaction query{*connection_};
            locked = query.exec_params("SELECT pg_try_advisory_lock(hashtext($1))", "sluice-job:" + job_)[0][0].as<bool>();
        }
        if (!locked)
            throw AlreadyRunning(name_, "job '" + job_ + "' is already running (another sluice holds its lock); "
                                        "this run did nothing");
        // Holding the lock, no other process runs this job: a RUNNING row is a dead run's.
        pqxx::work cleanup{*connection_, "sluice ledger"};
        cleanup.exec_params("UPDATE " + ledger_ + " SET status = 'FAILED', finished_at = now(), message = $2 "
                            "WHERE job = $1 AND status = 'RUNNING'",
                            job_, std::string{kAbandoned});
        cleanup.commit();
    } catch (const Error&) {
        throw;
    } catch (const TableConflict&) {
        throw;
    } catch (const std::exception& failure) {
        throw_database_error(name_, failure);
    }
}

RunLedger::~RunLedger() = default;  // closing the connection releases the job's lock

std::optional<std::int64_t> RunLedger::up_to_date(const std::string& settings, const std::vector<LedgerSource>& sources,
                                                  const std::string& table, const std::string& snapshot_date)
{
    try {
        pqxx::work transaction{*connection_, "sluice ledger"};
        if (transaction.exec("SELECT to_regclass(" + transaction.quote(quote_table_name(table)) + ")")[0][0].is_null())
            return std::nullopt;
        const auto last = transaction.exec_params(
            "SELECT id, settings, sources::text FROM " + ledger_ +
                " WHERE job = $1 AND status = 'LOADED' AND ($2 = '' OR snapshot_date = NULLIF($2, '')::date) "
                "ORDER BY id DESC LIMIT 1",
            job_, snapshot_date);
        if (last.empty() || text(last[0][1]) != settings) return std::nullopt;
        for (const auto& source : sources) {
            const auto before = transaction.exec_params(
                "SELECT s->>'url', s->>'etag', s->>'last_modified', s->>'size' FROM (SELECT $1::jsonb -> $2 AS s) x",
                text(last[0][2]), source.role);
            if (text(before[0][0]) != source.url) return std::nullopt;
            SourceVersion version{text(before[0][1]), text(before[0][2]), count(before[0][3]), {}};
            if (!version.same_as(source.version)) return std::nullopt;
        }
        return last[0][0].as<std::int64_t>();
    } catch (const std::exception& failure) {
        throw_database_error(name_, failure);
    }
}

std::optional<std::int64_t> RunLedger::loaded_snapshot(const std::string& snapshot_date, const std::string& table)
{
    try {
        pqxx::work transaction{*connection_, "sluice ledger"};
        if (transaction.exec("SELECT to_regclass(" + transaction.quote(quote_table_name(table)) + ")")[0][0].is_null())
            return std::nullopt;
        const auto last = transaction.exec_params("SELECT id FROM " + ledger_ +
                                                      " WHERE job = $1 AND status = 'LOADED' AND snapshot_date = $2::date "
                                                      "ORDER BY id DESC LIMIT 1",
                                                  job_, snapshot_date);
        if (last.empty()) return std::nullopt;
        return last[0][0].as<std::int64_t>();
    } catch (const std::exception& failure) {
        throw_database_error(name_, failure);
    }
}

std::vector<RunLedger::Appended> RunLedger::appended(const std::vector<LedgerSource>& sources)
{
    std::vector<Appended> found;
    try {
        pqxx::work transaction{*connection_, "sluice ledger"};
        for (std::size_t i = 0; i < sources.size(); ++i) {
            if (!sources[i].version.known()) continue;
            // Only the runs that took in this url come back, newest first: few rows, whatever the
            // ledger's length.
            const auto runs = transaction.exec_params(
                "SELECT r.id, s.value->>'etag', s.value->>'last_modified', s.value->>'size' FROM " + ledger_ +
                    " r CROSS JOIN LATERAL jsonb_each(r.sources) s WHERE r.job = $1 AND r.status = 'LOADED' "
                    "AND s.value->>'url' = $2 ORDER BY r.id DESC",
                job_, sources[i].url);
            for (const auto& run : runs) {
                const SourceVersion before{text(run[1]), text(run[2]), count(run[3]), {}};
                if (!before.same_as(sources[i].version)) continue;
                found.push_back({i, run[0].as<std::int64_t>()});
                break;
            }
        }
    } catch (const std::exception& failure) {
        throw_database_error(name_, failure);
    }
    return found;
}

std::int64_t RunLedger::start(const RunLabel& label, const std::string& settings,
                              const std::vector<LedgerSource>& sources)
{
    try {
        pqxx::work transaction{*connection_, "sluice ledger"};
        const auto id = transaction
                            .exec_params("INSERT INTO " + ledger_ +
                                             " (job, status, settings, sources, snapshot_date, run_id) "
                                             "VALUES ($1, 'RUNNING', $2, $3::jsonb, NULLIF($4, '')::date, $5) "
                                             "RETURNING id",
                                         job_, settings, sources_json(transaction, sources), label.snapshot_date,
                                         label.run_id)[0][0]
                            .as<std::int64_t>();
        transaction.commit();
        return id;
    } catch (const std::exception& failure) {
        throw_database_error(name_, failure);
    }
}

void RunLedger::skip(const RunLabel& label, const std::string& settings, const std::vector<LedgerSource>& sources,
                     const std::string& reason)
{
    try {
        pqxx::work transaction{*connection_, "sluice ledger"};
        transaction.exec_params("INSERT INTO " + ledger_ +
                                    " (job, status, finished_at, settings, sources, message, snapshot_date, run_id) "
                                    "VALUES ($1, 'SKIPPED', now(), $2, $3::jsonb, $4, NULLIF($5, '')::date, $6)",
                                job_, settings, sources_json(transaction, sources), redact_text(reason), label.snapshot_date,
                                label.run_id);
        transaction.commit();
    } catch (const std::exception& failure) {
        throw_database_error(name_, failure);
    }
}

void RunLedger::progress(std::int64_t id, const RunCounts& counts, const std::vector<LedgerSource>& sources)
{
    try {
        pqxx::work transaction{*connection_, "sluice ledger"};
        transaction.exec_params("UPDATE " + ledger_ +
                                    " SET records_read = $2, records_rejected = $3, sources = $4::jsonb WHERE id = $1",
                                id, counts.read, counts.rejected, sources_json(transaction, sources));
        transaction.commit();
    } catch (const std::exception& failure) {
        throw_database_error(name_, failure);
    }
}

void RunLedger::fail(std::int64_t id, const std::string& message) noexcept
{
    try {
        pqxx::work transaction{*connection_, "sluice ledger"};
        transaction.exec_params("UPDATE " + ledger_ +
                                    " SET status = 'FAILED', finished_at = now(), message = $2 "
                                    "WHERE id = $1 AND status = 'RUNNING'",
                                id, redact_text(message));
        transaction.commit();
    } catch (...) {
    }
}

namespace {

class LedgerPublishRecord final : public PublishRecord {
public:
    LedgerPublishRecord(std::string conninfo, std::string ledger, std::int64_t id)
        : conninfo_(std::move(conninfo)), ledger_(std::move(ledger)), id_(id)
    {
    }

    void record(pqxx::transaction_base& transaction, std::uint64_t rows) override
    {
        transaction.exec_params("UPDATE " + ledger_ +
                                    " SET status = 'LOADED', finished_at = now(), rows_loaded = $2 WHERE id = $1",
                                id_, rows);
    }

    bool recorded() override
    {
        // The server may be restarting: give it a few seconds to answer.
        for (int attempt = 0; attempt < 10; ++attempt) {
            try {
                pqxx::connection connection{sluice_conninfo(conninfo_)};
                pqxx::nontransaction query{connection};
                const auto status = query.exec_params("SELECT status FROM " + ledger_ + " WHERE id = $1", id_);
                return !status.empty() && status[0][0].as<std::string>() == "LOADED";
            } catch (const std::exception&) {
                std::this_thread::sleep_for(std::chrono::milliseconds{500});
            }
        }
        return false;
    }

private:
    std::string conninfo_;
    std::string ledger_;
    std::int64_t id_;
};

} // namespace

std::unique_ptr<PublishRecord> RunLedger::publish_record(std::int64_t id)
{
    return std::make_unique<LedgerPublishRecord>(conninfo_, ledger_, id);
}

std::vector<LedgerRun> RunLedger::recent(const std::string& conninfo, const std::string& schema, const std::string& job,
                                         int limit)
{
    const auto ledger = ledger_table(schema);
    try {
        const auto connection = connect_database(conninfo, describe_database(conninfo));
        pqxx::nontransaction query{*connection};
        if (query.exec("SELECT to_regclass(" + query.quote(ledger) + ")")[0][0].is_null()) return {};
        const auto rows = query.exec_params(
            "SELECT id, job, status, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS\"Z\"'), "
            "extract(epoch FROM finished_at - started_at), records_read, records_rejected, rows_loaded, message, "
            "COALESCE(to_char(snapshot_date, 'YYYY-MM-DD'), '') FROM " +
                ledger + " WHERE $1 = '' OR job = $1 ORDER BY id DESC LIMIT $2",
            job, limit);
        std::vector<LedgerRun> runs;
        for (const auto& row : rows) {
            LedgerRun run;
            run.id = row[0].as<std::int64_t>();
            run.job = text(row[1]);
            run.status = text(row[2]);
            run.started_at = text(row[3]);
            if (!row[4].is_null()) run.seconds = row[4].as<double>();
            run.read = count(row[5]);
            run.rejected = count(row[6]);
            run.loaded = count(row[7]);
            run.message = text(row[8]);
            run.snapshot_date = text(row[9]);
            runs.push_back(std::move(run));
        }
        return runs;
    } catch (const Error&) {
        throw;
    } catch (const std::exception& failure) {
        throw_database_error(describe_database(conninfo), failure);
    }
}

} // namespace sluice
