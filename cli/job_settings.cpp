#include "cli/job_settings.hpp"

#include "cli/config_file.hpp"
#include "core/error.hpp"
#include "load/sql_names.hpp"

#include <fmt/chrono.h>
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

} // namespace

std::optional<std::string> resolve_database(const std::string& db_flag)
{
    if (!db_flag.empty()) return db_flag;
    if (environment_has("DATABASE_URL")) return std::string{std::getenv("DATABASE_URL")};
    for (const char* name : kLibpqVariables) {
        if (environment_has(name)) return std::string{};
    }
    return std::nullopt;
}

std::string utc_today()
{
    return fmt::format("{:%Y-%m-%d}", std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

void check_date(const std::string& option, const std::string& date)
{
    unsigned year = 0, month = 0, day = 0;
    char end = 0;
    if (date.size() != 10 || std::sscanf(date.c_str(), "%4u-%2u-%2u%c", &year, &month, &day, &end) != 3 ||
        date[4] != '-' || date[7] != '-' ||
        !std::chrono::year_month_day{std::chrono::year(static_cast<int>(year)), std::chrono::month(month),
                                     std::chrono::day(day)}
             .ok())
        throw UsageError(option + ": expected a date as YYYY-MM-DD, got '" + date + "'");
}

void add_job_options(CLI::App& command, JobSettings& settings)
{
    auto* sources = "Sources (a path, or an http://, https:// or file:// URL)";
    command.add_option("--movies", settings.options.movies,
                     "Kaggle movies archive (.zip), or movies_metadata.csv, plain or .gz")
        ->group(sources);
    command.add_option("--abstracts", settings.options.abstracts, "Wikipedia abstracts dump (.xml.gz or .xml)")
        ->group(sources);
    command.add_option("--movies-member", settings.options.movies_member, "Zip member holding the movies CSV")
        ->capture_default_str()
        ->group(sources);
    command.add_option("--ca-file", settings.options.fetch.ca_file, "Extra CA certificates (PEM) for https")
        ->check(CLI::ExistingFile)
        ->group(sources);
    command.add_option("--inflate", settings.options.fetch.inflater, "gzip inflater: isal (fast) or zlib (fallback)")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, FetchOptions::Inflater>{{"isal", FetchOptions::Inflater::isal},
                                                          {"zlib", FetchOptions::Inflater::zlib}},
            CLI::ignore_case))
        ->default_str("isal")
        ->group(sources);
    command.add_flag("--no-zip-range", settings.no_zip_range,
                   "Stream a remote zip whole instead of fetching only the member by Range requests")
        ->group(sources);
    command.add_option("--retries", settings.options.fetch.retries,
                     "Retries of a failed transfer (no connection, timeout, dropped, HTTP 5xx/408/429)")
        ->capture_default_str()
        ->check(CLI::Range(0, 100))
        ->group(sources);
    command.add_option("--retry-delay", settings.retry_delay_seconds, "Seconds before the first retry; doubled each time, up to 60")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 3600.0))
        ->group(sources);
    command.add_option("--auth-header-env", settings.auth_env,
                     "Send 'Authorization: <value of this environment variable>' (never logged)")
        ->group(sources);
    command.add_option("--max-inflated", settings.options.fetch.max_inflated_bytes,
                     "Refuse a gzip/zip source that inflates to more bytes than this")
        ->capture_default_str()
        ->check(CLI::PositiveNumber)
        ->group(sources);
    command.add_option("--max-ratio", settings.options.fetch.max_inflate_ratio,
                     "Refuse a gzip/zip source that inflates more than this many times its size (past 64 MiB)")
        ->capture_default_str()
        ->check(CLI::Range(1.0, 1e9))
        ->group(sources);
    command.add_option("--max-depth", settings.options.max_depth,
                     "Refuse XML whose elements nest deeper than this (the root is level 1)")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{100'000}))
        ->group(sources);
    command.add_option("--max-record-bytes", settings.options.max_record_bytes,
                     "Refuse an XML <doc> longer than this many bytes (start tag to end tag)")
        ->capture_default_str()
        ->check(CLI::Range(std::uint64_t{1024}, std::uint64_t{1} << 30))
        ->group(sources);

    auto* report = "Report";
    command.add_option("--top", settings.options.top, "Films kept, by highest budget/revenue ratio")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}))
        ->group(report);
    command.add_option("--min-budget", settings.options.thresholds.min_budget, "Smallest budget a ranked film may have")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber)
        ->group(report);
    command.add_option("--min-revenue", settings.options.thresholds.min_revenue,
                     "Smallest revenue a ranked film may have (at least 1)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber)
        ->group(report);

    auto* output = "Output";
    command.add_option("--db", settings.db, "libpq connection string or postgresql:// URL (else DATABASE_URL, else PG* variables)")
        ->group(output);
    command.add_option("--table", settings.options.table, "Report table, optionally schema-qualified")
        ->capture_default_str()
        ->group(output);
    command.add_option("--csv", settings.options.csv_path, "Also write the report to this CSV file")->group(output);
    command.add_option("--rejects", settings.options.rejects_path, "Write refused CSV records (line, reason, text) here")
        ->group(output);
    command.add_option("--max-rejects", settings.options.max_rejects, "Fail the run when more CSV records than this are refused")
        ->capture_default_str()
        ->group(output);
    command.add_option("--invalid-utf8", settings.options.repair_utf8,
                     "Bytes invalid in the text's encoding (UTF-8, or what the XML declares): refuse (the dump fails, a CSV record is rejected) or replace (with U+FFFD)")
        ->transform(CLI::CheckedTransformer(std::map<std::string, bool>{{"refuse", false}, {"replace", true}},
                                            CLI::ignore_case))
        ->default_str("refuse")
        ->group(sources);
    command.add_flag("--allow-empty", settings.options.publish.allow_empty, "Publish a report even when it has no rows")
        ->group(output);

    auto* ledger = "Run ledger (with a database)";
    command.add_option("--job", settings.job, "Job name in the ledger and for the lock (default: the table name)")->group(ledger);
    command.add_flag("--force", settings.force, "Load even when no source changed since the last successful run")->group(ledger);

    auto* reporting = "Reporting";
    // A flag function, not a flag into the optional: CLI11 2.1 would set that to false when
    // neither flag is given, and "unset" must mean "when stderr is a terminal".
    command.add_flag_function(
               "--progress,!--no-progress", [&settings](std::int64_t count) { settings.progress = count > 0; },
               "Draw progress (bytes, MB/s, ETA, docs, matches) on stderr; default: when it is a terminal")
        ->group(reporting);
    command.add_option("--metrics-file", settings.metrics_file,
                       "Write the run's metrics here (Prometheus text format) after each run")
        ->group(reporting);
}

std::string report_settings(const ReportJobOptions& options)
{
    return fmt::format("table={} member={} top={} min_budget={} min_revenue={}", options.table, options.movies_member,
                       options.top, options.thresholds.min_budget, options.thresholds.min_revenue);
}

void prepare_job(JobSettings& settings)
{
    auto& options = settings.options;
    if (options.movies.empty()) throw UsageError("--movies is required (or SLUICE_MOVIES, or movies in the config file)");
    if (options.abstracts.empty())
        throw UsageError("--abstracts is required (or SLUICE_ABSTRACTS, or abstracts in the config file)");
    options.database = resolve_database(settings.db);
    if (!options.database && options.csv_path.empty())
        throw UsageError("no database named: pass --db CONNINFO, set DATABASE_URL or PG* variables, "
                         "or write the report to a file with --csv PATH");
    const auto dot = options.table.find('.');
    if (options.table.empty() || dot != options.table.rfind('.') || dot == 0 || dot + 1 == options.table.size())
        throw UsageError("--table: expected NAME or SCHEMA.NAME, got '" + options.table + "'");
    const auto& name = split_table_name(options.table).table;
    // The swap names <table>_staging_pkey and <table>_previous_pkey: they must fit in
    // Postgres's 63-byte identifiers, or it would cut them short and two could collide.
    if (name.size() > 49) throw UsageError("--table: at most 49 bytes, got '" + options.table + "'");
    options.fetch.zip_by_range = !settings.no_zip_range;
    options.fetch.retry_delay = std::chrono::milliseconds{static_cast<long>(settings.retry_delay_seconds * 1000)};
    if (!settings.auth_env.empty()) {
        const char* value = std::getenv(settings.auth_env.c_str());
        if (value == nullptr || *value == '\0')
            throw UsageError("--auth-header-env: the environment variable " + settings.auth_env + " is not set");
        options.fetch.authorization = value;
    }
}

} // namespace sluice
