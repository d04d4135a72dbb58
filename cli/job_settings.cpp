#include "cli/job_settings.hpp"

#include "cli/config_file.hpp"
#include "cli/option_values.hpp"
#include "core/error.hpp"
#include "core/output_path.hpp"
#include "core/redact.hpp"
#include "load/published_tables.hpp"
#include "load/sql_names.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <limits>

namespace sluice {

namespace {

// The libpq variables that name or shape a connection (see libpq's "Environment Variables").
constexpr std::array<const char*, 12> kLibpqVariables{
    "PGHOST",  "PGHOSTADDR", "PGPORT",   "PGDATABASE",    "PGUSER",    "PGPASSWORD",
    "PGSERVICE", "PGSERVICEFILE", "PGPASSFILE", "PGSSLMODE", "PGOPTIONS", "PGAPPNAME"};

} // namespace

std::optional<std::string> resolve_database(const std::string& db_flag)
{
    // Whatever names the database, its password is hidden from every line from now on.
    if (environment_has("PGPASSWORD")) remember_secret(std::getenv("PGPASSWORD"));
    const auto named = [](std::string conninfo) {
        remember_conninfo_secrets(conninfo);
        check_conninfo(conninfo);
        return conninfo;
    };
    if (!db_flag.empty()) return named(db_flag);
    if (environment_has("DATABASE_URL")) return named(std::getenv("DATABASE_URL"));
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

void add_fetch_options(CLI::App& command, FetchOptions& fetch, FetchFlags& flags, const std::string& group)
{
    const auto* sources = group.c_str();
    command.add_option("--ca-file", fetch.ca_file, "Extra CA certificates (PEM) for https")
        ->check(CLI::ExistingFile)
        ->group(sources);
    add_choice(command, "--inflate", fetch.inflater, "gzip inflater: isal (fast) or zlib (fallback)",
               {{"isal", FetchOptions::Inflater::isal}, {"zlib", FetchOptions::Inflater::zlib}})
        ->group(sources);
    command.add_flag("--no-zip-range", flags.no_zip_range,
                   "Stream a remote zip whole instead of fetching only the member by Range requests")
        ->group(sources);
    add_whole_number(command, "--retries", fetch.retries,
                     "Retries of a failed transfer (no connection, timeout, dropped, HTTP 5xx/408/429)", 0, 100)
        ->capture_default_str()
        ->group(sources);
    add_decimal_number(command, "--retry-delay", flags.retry_delay_seconds,
                       "Seconds before the first retry; doubled each time, up to 60", 0, 3600)
        ->capture_default_str()
        ->type_name("SECONDS")
        ->group(sources);
    command.add_option("--auth-header-env", flags.auth_env,
                     "Send 'Authorization: <value of this environment variable>' (never logged)")
        ->group(sources);
    add_whole_number(command, "--max-inflated", fetch.max_inflated_bytes,
                     "Refuse a gzip/zip source that inflates to more bytes than this", 1,
                     std::numeric_limits<std::uint64_t>::max())
        ->capture_default_str()
        ->type_name("BYTES")
        ->group(sources);
    add_decimal_number(command, "--max-ratio", fetch.max_inflate_ratio,
                       "Refuse a gzip/zip source that inflates more than this many times its size (past 64 MiB)", 1, 1e9)
        ->capture_default_str()
        ->type_name("R")
        ->group(sources);
}

void add_text_limit_options(CLI::App& command, std::size_t& max_depth, std::uint64_t& max_record_bytes,
                            bool& repair_utf8, const std::string& group)
{
    const auto* sources = group.c_str();
    add_whole_number(command, "--max-depth", max_depth,
                     "Refuse XML whose elements nest deeper than this (the root is level 1)", 1, 100'000)
        ->capture_default_str()
        ->group(sources);
    add_whole_number(command, "--max-record-bytes", max_record_bytes,
                     "Refuse an XML record longer than this many bytes (start tag to end tag)", 1024, std::uint64_t{1} << 30)
        ->capture_default_str()
        ->type_name("BYTES")
        ->group(sources);
    add_choice(command, "--invalid-utf8", repair_utf8,
               "Bytes invalid in the text's encoding (UTF-8, or what the XML declares): refuse (the dump fails, a CSV "
               "record is rejected) or replace (with U+FFFD)",
               {{"refuse", false}, {"replace", true}})
        ->group(sources);
}

void add_reporting_options(CLI::App& command, ReportingFlags& flags)
{
    auto* reporting = "Reporting";
    // A flag function, not a flag into the optional: CLI11 2.1 would set that to false when
    // neither flag is given, and "unset" must mean "when stderr is a terminal".
    command.add_flag_function(
               "--progress,!--no-progress", [&flags](std::int64_t count) { flags.progress = count > 0; },
               "Draw progress (bytes, MB/s, ETA, records) on stderr; default: when it is a terminal")
        ->group(reporting);
    command.add_option("--metrics-file", flags.metrics_file,
                       "Write the run's metrics here (Prometheus text format) after each run")
        ->group(reporting);
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
    add_fetch_options(command, settings.options.fetch, settings.fetch_flags, sources);
    add_text_limit_options(command, settings.options.max_depth, settings.options.max_record_bytes,
                           settings.options.repair_utf8, sources);

    auto* report = "Report";
    add_whole_number(command, "--top", settings.options.top, "Films kept, by highest budget/revenue ratio", 1, 10'000'000)
        ->capture_default_str()
        ->group(report);
    add_whole_number(command, "--min-budget", settings.options.thresholds.min_budget,
                     "Smallest budget a ranked film may have", 0, std::numeric_limits<std::int64_t>::max())
        ->capture_default_str()
        ->group(report);
    // At least 1: the ratio divides by the revenue.
    add_whole_number(command, "--min-revenue", settings.options.thresholds.min_revenue,
                     "Smallest revenue a ranked film may have", 1, std::numeric_limits<std::int64_t>::max())
        ->capture_default_str()
        ->group(report);

    auto* output = "Output";
    command.add_option("--db", settings.db, "libpq connection string or postgresql:// URL (else DATABASE_URL, else PG* variables)")
        ->group(output);
    command.add_option("--table", settings.options.table, "Report table, optionally schema-qualified")
        ->capture_default_str()
        ->group(output);
    command.add_option("--csv", settings.options.csv_path, "Also write the report to this CSV file")->group(output);
    command.add_option("--rejects", settings.options.rejects_path,
                       "Write refused CSV records (line, reason, text) here, as UTF-8: in the text a "
                       "backslash is \\\\, control and non-UTF-8 bytes are \\xHH")
        ->group(output);
    add_whole_number(command, "--max-rejects", settings.options.max_rejects,
                     "Fail the run when more CSV records than this are refused", 0,
                     std::numeric_limits<std::uint64_t>::max())
        ->capture_default_str()
        ->group(output);
    command.add_flag("--allow-empty", settings.options.publish.allow_empty, "Publish a report even when it has no rows")
        ->group(output);

    auto* ledger = "Run ledger (with a database)";
    command.add_option("--job", settings.job, "Job name in the ledger and for the lock (default: the table name)")->group(ledger);
    command.add_flag("--force", settings.force, "Load even when no source changed since the last successful run")->group(ledger);

    add_reporting_options(command, settings.reporting);
}

std::string job_name(const JobSettings& settings)
{
    return settings.job.empty() ? settings.options.table : settings.job;
}

MovieReportJob report_job(const JobSettings& settings)
{
    auto options = settings.options;
    options.progress = settings.reporting.progress.value_or(false);
    return MovieReportJob{std::move(options), job_name(settings), settings.reporting.metrics_file};
}

void prepare_fetch(FetchOptions& fetch, const FetchFlags& flags)
{
    fetch.zip_by_range = !flags.no_zip_range;
    fetch.retry_delay = std::chrono::milliseconds{static_cast<long>(flags.retry_delay_seconds * 1000)};
    if (!flags.auth_env.empty()) {
        const char* value = std::getenv(flags.auth_env.c_str());
        if (value == nullptr || *value == '\0')
            throw UsageError("--auth-header-env: the environment variable " + flags.auth_env + " is not set");
        fetch.authorization = value;
        remember_secret(value);
        // "Bearer TOKEN", "token TOKEN": the credential alone may be echoed too.
        if (const std::string_view header{value}; header.find(' ') != std::string_view::npos)
            remember_secret(header.substr(header.rfind(' ') + 1));
    }
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
    check_table_name(options.table);
    // Before the ledger, the database or a download: a run that can only fail at its end never starts.
    check_output_paths({{"--csv", options.csv_path, true, true},
                        {"--rejects", options.rejects_path, false, true},
                        {"--metrics-file", settings.reporting.metrics_file, true, false}},
                       {options.movies, options.abstracts});
    remember_url_secrets(options.movies);
    remember_url_secrets(options.abstracts);
    prepare_fetch(options.fetch, settings.fetch_flags);
}

} // namespace sluice
