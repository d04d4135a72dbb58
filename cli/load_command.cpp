#include "cli/load_command.hpp"

#include "cli/config_file.hpp"
#include "cli/option_values.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/log.hpp"
#include "core/output_path.hpp"
#include "core/redact.hpp"
#include "job/job_file.hpp"
#include "job/job_runner.hpp"

#include <unistd.h>

#include <cstdlib>

namespace sluice {

namespace {

// --column NAME[:TYPE[:FROM]]: the short form of a [[column]] table. FROM is everything after
// the second ':' (an XML path may hold one: "dc:title"); all digits, it is a CSV position.
ColumnDecl column_from_flag(const std::string& text)
{
    ColumnDecl column;
    column.origin = "--column " + text;
    const auto first = text.find(':');
    column.name = text.substr(0, first);
    if (first != std::string::npos) {
        const auto second = text.find(':', first + 1);
        column.type = text.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
        if (second != std::string::npos) {
            const auto from = text.substr(second + 1);
            if (!from.empty() && from.find_first_not_of("0123456789") == std::string::npos && from.size() < 10 &&
                std::stoul(from) > 0)
                column.from_position = std::stoul(from);
            else
                column.from = from;
        }
    }
    if (column.name.empty()) throw UsageError("--column '" + text + "': expected NAME[:TYPE[:FROM]]");
    if (column.type.empty()) column.type = "text";
    return column;
}

} // namespace

LoadCommand::LoadCommand(CLI::App& parent)
    : app_(parent.add_subcommand("load", "Load any dump (XML or CSV) into a table, as a job file declares it"))
{
    app_->footer("Every key of the job file is also a flag: flags and SLUICE_* variables beat the job file.\n"
                 "Without a job file, --source and --table are enough for a CSV with a header (every field a text\n"
                 "column); name the columns with --column NAME:TYPE:FROM, or declare them in the job file.");
    app_->add_option("job", job_file_, "The job file (TOML): [job], [source], [xml] or [csv], [[column]], [target], [rejects]")
        ->check(CLI::ExistingFile);

    auto* job = "Job";
    mirror(app_->add_option("--job", flags_.name, "Job name in the ledger and for the lock (default: the table name)")
               ->group(job),
           "[job] name", [this](LoadJobSpec& s) { s.name = flags_.name; });

    auto* sources = "Sources (a path, or an http://, https:// or file:// URL)";
    mirror(app_->add_option("--source", flags_.locations, "What to load; give it again for several parts, loaded in order")
               ->group(sources),
           "[source] location", [this](LoadJobSpec& s) { s.locations = flags_.locations; });
    mirror(app_->add_option("--member", flags_.member, "The member to read inside a zip archive")->group(sources),
           "[source] member", [this](LoadJobSpec& s) { s.member = flags_.member; });
    mirror(add_choice(*app_, "--format", flags_.format, "xml or csv; default: recognised from the first bytes",
                      std::vector<std::pair<std::string, std::string>>{{"xml", "xml"}, {"csv", "csv"}})
               ->group(sources),
           "[source] format", [this](LoadJobSpec& s) { s.format = flags_.format; });
    add_fetch_options(*app_, run_.fetch, fetch_flags_, sources);
    add_text_limit_options(*app_, run_.max_depth, run_.max_record_bytes, run_.repair_utf8, sources);

    auto* xml = "XML records";
    mirror(app_->add_option("--record", flags_.record, "Element path of one record, from the root: /posts/row")->group(xml),
           "[xml] record", [this](LoadJobSpec& s) { s.record = flags_.record; });

    auto* csv = "CSV dialect";
    mirror(app_->add_option("--delimiter", flags_.csv.delimiter, "Field delimiter, one or more characters (default ,)")
               ->group(csv),
           "[csv] delimiter", [this](LoadJobSpec& s) { s.csv.delimiter = flags_.csv.delimiter; });
    mirror(app_->add_option("--quote", flags_.csv.quote, "Quote character (default \"; '' for none)")->group(csv),
           "[csv] quote", [this](LoadJobSpec& s) { s.csv.quote = flags_.csv.quote; });
    mirror(app_->add_option("--escape", flags_.csv.escape, "Escape inside quotes: the quote itself (doubling) or \\")
               ->group(csv),
           "[csv] escape", [this](LoadJobSpec& s) { s.csv.escape = flags_.csv.escape; });
    mirror(app_->add_option("--encoding", flags_.csv.encoding, "The text's encoding (default utf-8)")->group(csv),
           "[csv] encoding", [this](LoadJobSpec& s) { s.csv.encoding = flags_.csv.encoding; });
    mirror(add_whole_number(*app_, "--header-lines", flags_.csv.header_lines, "Header lines naming the fields (default 1)", 0, 100)
               ->group(csv),
           "[csv] header_lines", [this](LoadJobSpec& s) { s.csv.header_lines = flags_.csv.header_lines; });
    mirror(add_whole_number(*app_, "--skip-lines", flags_.csv.skip_lines, "Lines dropped before the header (a preamble)", 0,
                            std::numeric_limits<std::uint32_t>::max())
               ->group(csv),
           "[csv] skip_lines", [this](LoadJobSpec& s) { s.csv.skip_lines = flags_.csv.skip_lines; });
    mirror(app_->add_option("--field-names", flags_.csv.columns, "The fields' names in order (the header is then skipped)")
               ->delimiter(',')
               ->group(csv),
           "[csv] columns", [this](LoadJobSpec& s) { s.csv.columns = flags_.csv.columns; });
    mirror(app_->add_option("--null", flags_.csv.null, "A field text that means NULL (default: the empty field)")->group(csv),
           "[csv] null", [this](LoadJobSpec& s) { s.csv.null = flags_.csv.null; });
    mirror(add_choice(*app_, "--short-rows", flags_.csv.short_rows, "A row with too few fields: reject, or pad with NULLs",
                      std::vector<std::pair<std::string, std::string>>{{"reject", "reject"}, {"pad", "pad"}})
               ->group(csv),
           "[csv] short_rows", [this](LoadJobSpec& s) { s.csv.short_rows = flags_.csv.short_rows; });
    mirror(add_choice(*app_, "--long-rows", flags_.csv.long_rows, "A row with too many fields: reject, or truncate",
                      std::vector<std::pair<std::string, std::string>>{{"reject", "reject"}, {"truncate", "truncate"}})
               ->group(csv),
           "[csv] long_rows", [this](LoadJobSpec& s) { s.csv.long_rows = flags_.csv.long_rows; });

    auto* columns = "Columns";
    mirror(app_->add_option("--column", column_flags_,
                            "A column as NAME[:TYPE[:FROM]] (repeat it; replaces the job file's [[column]] tables)")
               ->group(columns),
           "[[column]]", [this](LoadJobSpec& s) {
               s.columns.clear();
               for (const auto& text : column_flags_) s.columns.push_back(column_from_flag(text));
           });

    auto* target = "Target";
    app_->add_option("--db", db_, "libpq connection string or postgresql:// URL (else DATABASE_URL, else PG* variables)")
        ->group(target);
    mirror(app_->add_option("--table", flags_.table, "The table, optionally schema-qualified")->group(target),
           "[target] table", [this](LoadJobSpec& s) { s.table = flags_.table; });
    mirror(add_choice(*app_, "--mode", flags_.mode, "How the table is published",
                      std::vector<std::pair<std::string, std::string>>{
                          {"replace", "replace"}, {"append", "append"}, {"upsert", "upsert"}, {"snapshot", "snapshot"}})
               ->group(target),
           "[target] mode", [this](LoadJobSpec& s) { s.mode = flags_.mode; });
    mirror(app_->add_option("--key", flags_.key, "The key columns (comma-separated)")->delimiter(',')->group(target),
           "[target] key", [this](LoadJobSpec& s) { s.key = flags_.key; });
    mirror(app_->add_flag("--lineage", lineage_, "Add _source and _record columns: where each row came from")->group(target),
           "[target] lineage", [this](LoadJobSpec& s) { s.lineage = lineage_; });
    mirror(app_->add_option("--sql", flags_.sql, "A statement run before the publish, in its transaction (repeat it)")
               ->group(target),
           "[target] sql", [this](LoadJobSpec& s) { s.sql = flags_.sql; });
    app_->add_option("--csv", run_.csv_path, "Also (or, without a database, only) write the rows to this CSV file")
        ->group(target);
    mirror(app_->add_option("--rejects", flags_.rejects_file,
                            "Write refused records (source, record, line, byte, column, reason, text) here")
               ->group(target),
           "[rejects] file", [this](LoadJobSpec& s) { s.rejects_file = flags_.rejects_file; });
    mirror(app_->add_option("--max-rejects", flags_.rejects_max,
                            "Fail the load past this many refused records, or this share of those read (\"1%\")")
               ->group(target),
           "[rejects] max", [this](LoadJobSpec& s) { s.rejects_max = flags_.rejects_max; });

    auto* ledger = "Run ledger (with a database)";
    app_->add_option("--snapshot-date", snapshot_date_,
                     "Mode snapshot: the date whose rows this load replaces (YYYY-MM-DD; default: today, UTC)")
        ->group(target);
    app_->add_flag("--force", force_, "Load even when no source changed since the last successful run")->group(ledger);
    add_reporting_options(*app_, reporting_);
}

void LoadCommand::mirror(CLI::Option* option, std::string key, std::function<void(LoadJobSpec&)> apply)
{
    mirrors_.push_back({option, std::move(key), std::move(apply)});
}

LoadJobSpec LoadCommand::spec() const
{
    LoadJobSpec spec = job_file_.empty() ? LoadJobSpec{} : read_job_file(job_file_);
    for (const auto& m : mirrors_) {
        if (m.option->count() == 0) continue;
        const auto origin = value_origin(*app_, *m.option);
        // The config file (sluice.toml) serves every job: it fills in what a job file leaves out,
        // and never overrides what the job file says.
        const bool from_config = !origin.starts_with("--") && !origin.starts_with("SLUICE_");
        const bool in_job_file = m.key == "[[column]]" ? !spec.columns.empty() : spec.origins.contains(m.key);
        if (from_config && in_job_file) continue;
        m.apply(spec);
        spec.origins[m.key] = origin;
    }
    return spec;
}

std::unique_ptr<TableLoadJob> LoadCommand::check()
{
    return check({});
}

std::unique_ptr<TableLoadJob> LoadCommand::check(const std::function<void(LoadJobSpec&)>& adjust)
{
    auto spec = this->spec();
    if (adjust) adjust(spec);
    if (spec.locations.empty())
        throw UsageError("no source: pass --source LOCATION, or give [source] location in the job file");
    for (const auto& location : spec.locations) remember_url_secrets(location);
    run_.database = resolve_database(db_);
    if (!run_.database && run_.csv_path.empty())
        throw UsageError("no database named: pass --db CONNINFO, set DATABASE_URL or PG* variables, "
                         "or write the rows to a file with --csv PATH");
    if (spec.table.empty()) {
        if (run_.database) throw UsageError("no table: pass --table NAME, or give [target] table in the job file");
    }
    check_output_paths({{"--csv", run_.csv_path, true, true},
                        {"--rejects", spec.rejects_file, false, true},
                        {"--metrics-file", reporting_.metrics_file, true, false}},
                       spec.locations);
    if (!snapshot_date_.empty()) {
        if (spec.mode != "snapshot")
            throw UsageError("--snapshot-date is for mode snapshot (this job's mode is " + spec.mode + ")");
        check_date("--snapshot-date", snapshot_date_);
    }
    prepare_fetch(run_.fetch, fetch_flags_);
    run_.metrics_file = reporting_.metrics_file;
    run_.progress = reporting_.progress.value_or(::isatty(STDERR_FILENO) == 1);
    return std::make_unique<TableLoadJob>(std::move(spec), run_);
}

int LoadCommand::execute()
{
    auto job = check();
    const char* given_id = std::getenv("SLUICE_RUN_ID");
    const auto snapshot_date =
        job->spec().mode == "snapshot" ? (snapshot_date_.empty() ? utc_today() : snapshot_date_) : std::string{};
    const RunLabel label{snapshot_date, given_id != nullptr && *given_id != '\0' ? given_id : new_run_id()};
    set_run_id(label.run_id);
    catch_interrupts();
    const auto ledger = open_ledger(*job, label);
    run_job(*job, ledger.get(), label, {.snapshot_named = !snapshot_date_.empty(), .force = force_});
    return 0;
}

} // namespace sluice
