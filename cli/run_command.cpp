#include "cli/run_command.hpp"

#include "core/error.hpp"
#include "core/redact.hpp"

#include <fmt/format.h>

#include <array>
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
    // Both sources are checked before anything is fetched or connected.
    check_location(options_.movies);
    check_location(options_.abstracts);

    const auto summary = run_report_job(options_, stderr);
    fmt::print(stderr, "{}", format_summary(options_, summary));
    return 0;
}

} // namespace sluice
