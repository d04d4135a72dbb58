#include "cli/run_command.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/log.hpp"
#include "core/redact.hpp"
#include "fetch/source_version.hpp"
#include "load/run_ledger.hpp"
#include "load/sql_names.hpp"

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cstdlib>

namespace sluice {

namespace {

// The libpq variables that name or shape a connection (see libpq's "Environment Variables").
constexpr std::array<const char*, 12> kLibpqVariables{
    "PGHOST",  "PGHOSTADDR", "PGPORT",   "PGDATABASE",    "PGUSER",    "PGPASSWORD",
    "PGSERVICE", "PGSERVICEFILE", "PGPASSFILE", "PGSSLMODE", "PGOPTIONS", "PGAPPNAME"};

bool set_and_not_empty(const char* name)
{
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0';
}

} // namespace

std::optional<std::string> resolve_database(const std::string& db_flag)
{
    if (!db_flag.empty()) return db_flag;
    if (set_and_not_empty("DATABASE_URL")) return std::string{std::getenv("DATABASE_URL")};
    for (const char* name : kLibpqVariables) {
        if (set_and_not_empty(name)) return std::string{};
    }
    return std::nullopt;
}

RunCommand::RunCommand(CLI::App& parent)
    : app_(parent.add_subcommand("run", "Stream the movies metadata and the abstracts dump into the report"))
{
    auto* sources = "Sources (a path, or an http://, https:// or file:// URL)";
    app_->add_option("--movies", options_.movies,
                     "Kaggle movies archive (.zip), or movies_metadata.csv, plain or .gz")
        ->required()
        ->group(sources);
    app_->add_option("--abstracts", options_.abstracts, "Wikipedia abstracts dump (.xml.gz or .xml)")
        ->required()
        ->group(sources);
    app_->add_option("--movies-member", options_.movies_member, "Zip member holding the movies CSV")
        ->capture_default_str()
        ->group(sources);
    app_->add_option("--ca-file", options_.fetch.ca_file, "Extra CA certificates (PEM) for https")
        ->check(CLI::ExistingFile)
        ->group(sources);
    app_->add_option("--inflate", options_.fetch.inflater, "gzip inflater: isal (fast) or zlib (fallback)")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, FetchOptions::Inflater>{{"isal", FetchOptions::Inflater::isal},
                                                          {"zlib", FetchOptions::Inflater::zlib}},
            CLI::ignore_case))
        ->group(sources);
    app_->add_flag("!--no-zip-range", options_.fetch.zip_by_range,
                   "Stream a remote zip whole instead of fetching only the member by Range requests")
        ->group(sources);
    app_->add_option("--retries", options_.fetch.retries,
                     "Retries of a failed transfer (no connection, timeout, dropped, HTTP 5xx/408/429)")
        ->capture_default_str()
        ->check(CLI::Range(0, 100))
        ->group(sources);
    app_->add_option("--retry-delay", retry_delay_seconds_, "Seconds before the first retry; doubled each time, up to 60")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 3600.0))
        ->group(sources);
    app_->add_option("--auth-header-env", auth_env_,
                     "Send 'Authorization: <value of this environment variable>' (never logged)")
        ->group(sources);
    app_->add_option("--max-inflated", options_.fetch.max_inflated_bytes,
                     "Refuse a gzip/zip source that inflates to more bytes than this")
        ->capture_default_str()
        ->check(CLI::PositiveNumber)
        ->group(sources);
    app_->add_option("--max-ratio", options_.fetch.max_inflate_ratio,
                     "Refuse a gzip/zip source that inflates more than this many times its size (past 64 MiB)")
        ->capture_default_str()
        ->check(CLI::Range(1.0, 1e9))
        ->group(sources);

    auto* report = "Report";
    app_->add_option("--top", options_.top, "Films kept, by highest budget/revenue ratio")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}))
        ->group(report);
    app_->add_option("--min-budget", options_.thresholds.min_budget, "Smallest budget a ranked film may have")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber)
        ->group(report);
    app_->add_option("--min-revenue", options_.thresholds.min_revenue,
                     "Smallest revenue a ranked film may have (at least 1)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber)
        ->group(report);

    auto* output = "Output";
    app_->add_option("--db", db_, "libpq connection string or postgresql:// URL (else DATABASE_URL, else PG* variables)")
        ->group(output);
    app_->add_option("--table", options_.table, "Report table, optionally schema-qualified")
        ->capture_default_str()
        ->group(output);
    app_->add_option("--csv", options_.csv_path, "Also write the report to this CSV file")->group(output);
    app_->add_option("--rejects", options_.rejects_path, "Write refused CSV records (line, reason, text) here")
        ->group(output);
    app_->add_option("--max-rejects", options_.max_rejects, "Fail the run when more CSV records than this are refused")
        ->capture_default_str()
        ->group(output);
    app_->add_option("--invalid-utf8", options_.repair_utf8,
                     "Ill-formed UTF-8: refuse (the dump fails, a CSV record is rejected) or replace (with U+FFFD)")
        ->transform(CLI::CheckedTransformer(std::map<std::string, bool>{{"refuse", false}, {"replace", true}},
                                            CLI::ignore_case))
        ->default_str("refuse")
        ->group(sources);
    app_->add_flag("--allow-empty", options_.publish.allow_empty, "Publish a report even when it has no rows")
        ->group(output);

    auto* ledger = "Run ledger (with a database)";
    app_->add_option("--job", job_, "Job name in the ledger and for the lock (default: the table name)")->group(ledger);
    app_->add_flag("--force", force_, "Load even when no source changed since the last successful run")->group(ledger);
}

std::string report_settings(const ReportJobOptions& options)
{
    return fmt::format("table={} member={} top={} min_budget={} min_revenue={}", options.table, options.movies_member,
                       options.top, options.thresholds.min_budget, options.thresholds.min_revenue);
}

int RunCommand::execute()
{
    options_.database = resolve_database(db_);
    if (!options_.database && options_.csv_path.empty())
        throw UsageError("no database named: pass --db CONNINFO, set DATABASE_URL or PG* variables, "
                         "or write the report to a file with --csv PATH");
    const auto dot = options_.table.find('.');
    if (options_.table.empty() || dot != options_.table.rfind('.') || dot == 0 || dot + 1 == options_.table.size())
        throw UsageError("--table: expected NAME or SCHEMA.NAME, got '" + options_.table + "'");
    const auto& name = split_table_name(options_.table).table;
    // The swap names <table>_staging_pkey and <table>_previous_pkey: they must fit in
    // Postgres's 63-byte identifiers, or it would cut them short and two could collide.
    if (name.size() > 49) throw UsageError("--table: at most 49 bytes, got '" + options_.table + "'");
    // Both sources are checked before anything is fetched or connected.
    check_location(options_.movies);
    check_location(options_.abstracts);
    options_.fetch.retry_delay = std::chrono::milliseconds{static_cast<long>(retry_delay_seconds_ * 1000)};
    if (!auth_env_.empty()) {
        const char* value = std::getenv(auth_env_.c_str());
        if (value == nullptr || *value == '\0')
            throw UsageError("--auth-header-env: the environment variable " + auth_env_ + " is not set");
        options_.fetch.authorization = value;
    }
    catch_interrupts();
    if (options_.database) return execute_recorded();

    const auto summary = run_restarting(stderr, {});
    fmt::print(stderr, "{}", format_summary(options_, summary));
    return 0;
}

ReportJobSummary RunCommand::run_restarting(std::FILE* log,
                                            const std::function<void(const ReportJobSummary&)>& before_publish)
{
    // A source that changed while it was read (a resumed download got another file) is read
    // again from the start, once: nothing of the first attempt was published.
    for (int attempt = 0;; ++attempt) {
        try {
            return run_report_job(options_, log, before_publish);
        } catch (const SourceChanged& changed) {
            if (attempt > 0) throw;
            log_line(std::string{changed.what()} + ": starting the run again");
        }
    }
}

int RunCommand::execute_recorded()
{
    const auto job = job_.empty() ? options_.table : job_;
    RunLedger ledger{*options_.database, job, split_table_name(options_.table).schema};
    std::vector<LedgerSource> sources{
        {"movies", redact_url(options_.movies), probe_version(options_.movies, options_.fetch), 0},
        {"abstracts", redact_url(options_.abstracts), probe_version(options_.abstracts, options_.fetch), 0}};
    const auto settings = report_settings(options_);
    if (!force_) {
        if (const auto last = ledger.up_to_date(settings, sources, options_.table)) {
            const auto reason = fmt::format("up to date: no source changed since run {}", *last);
            ledger.skip(settings, sources, reason);
            log_line(reason + " (pass --force to load anyway)");
            return 0;
        }
    }

    const auto id = ledger.start(settings, sources);
    const auto record = ledger.publish_record(id);
    options_.publish.record = record.get();
    try {
        const auto summary = run_restarting(stderr, [&](const ReportJobSummary& s) {
            sources[0].bytes = s.movies.bytes_fetched;
            sources[1].bytes = s.abstracts.bytes_fetched;
            ledger.progress(id, {s.films_read, s.films_rejected}, sources);
        });
        fmt::print(stderr, "{}", format_summary(options_, summary));
        log_line(fmt::format("run {} of job '{}' loaded", id, job));
        return 0;
    } catch (const std::exception& failure) {
        ledger.fail(id, one_line(failure.what()));
        throw;
    }
}

} // namespace sluice
