#include "cli/backfill_command.hpp"

#include "cli/cli_main.hpp"
#include "cli/job_settings.hpp"
#include "cli/load_command.hpp"
#include "cli/option_values.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/log.hpp"
#include "core/redact.hpp"
#include "job/job_runner.hpp"
#include "load/sql_names.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <charconv>

namespace sluice {

namespace {

using std::chrono::year_month_day;

constexpr std::array<const char*, 5> kPlaceholders{"{yyyymmdd}", "{date}", "{yyyy}", "{mm}", "{dd}"};
// The longest step, in days, weeks or months: no dump is rarer, and one step of 2^32 days would
// wrap the date arithmetic.
constexpr unsigned kLongestStep = 10'000;

year_month_day parse_date(const std::string& option, const std::string& text)
{
    check_date(option, text);
    return year_month_day{std::chrono::year{std::stoi(text.substr(0, 4))},
                          std::chrono::month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                          std::chrono::day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
}

// A date's fields, not fmt's "%Y-%m-%d": fmt goes through system_clock's nanoseconds, which end
// in 2262, so a later date came out as one of the 1700s.
struct DateText {
    std::string year, month, day;
    explicit DateText(year_month_day date)
        : year(fmt::format("{:04}", static_cast<int>(date.year()))),
          month(fmt::format("{:02}", static_cast<unsigned>(date.month()))),
          day(fmt::format("{:02}", static_cast<unsigned>(date.day())))
    {
    }
};

std::string iso(year_month_day date)
{
    const DateText text{date};
    return text.year + "-" + text.month + "-" + text.day;
}

void replace_all(std::string& text, std::string_view what, const std::string& with)
{
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
        text.replace(at, what.size(), with);
}

bool has_placeholder(const std::string& location)
{
    return std::any_of(kPlaceholders.begin(), kPlaceholders.end(),
                       [&](const char* placeholder) { return location.find(placeholder) != std::string::npos; });
}

} // namespace

std::vector<year_month_day> backfill_dates(const std::string& from, const std::string& to, const std::string& every)
{
    const auto first = parse_date("--from", from);
    const auto last = parse_date("--to", to);
    if (std::chrono::sys_days{last} < std::chrono::sys_days{first})
        throw UsageError("--to " + to + " is before --from " + from);
    unsigned count = 0;
    const char* end = every.data() + every.size();
    const auto parsed = std::from_chars(every.data(), end, count);
    if (parsed.ec != std::errc{} || count == 0 || count > kLongestStep || parsed.ptr + 1 != end ||
        std::string_view{"dwm"}.find(*parsed.ptr) == std::string_view::npos)
        throw UsageError(fmt::format("--every: expected a whole number from 1 to {} and d, w or m (1d, 2w, 1m), got {}",
                                     kLongestStep, quoted_value(every)));
    const char unit = *parsed.ptr;

    std::vector<year_month_day> dates;
    for (unsigned step = 0;; ++step) {
        year_month_day date = first;
        if (unit == 'm') {
            // Months keep the first date's day where the month has it, else its last day.
            const auto month = std::chrono::year_month{first.year(), first.month()} + std::chrono::months{step * count};
            const auto last_day = std::chrono::year_month_day_last{month.year(), std::chrono::month_day_last{month.month()}}.day();
            date = year_month_day{month.year(), month.month(), std::min(first.day(), last_day)};
        } else {
            const auto days = std::chrono::days{static_cast<int>(step * count * (unit == 'w' ? 7 : 1))};
            date = year_month_day{std::chrono::sys_days{first} + days};
        }
        if (std::chrono::sys_days{last} < std::chrono::sys_days{date}) break;
        dates.push_back(date);
        if (dates.size() > 100'000) throw UsageError("--from/--to/--every: more than 100000 dates");
    }
    return dates;
}

std::string fill_date(const std::string& location, year_month_day date)
{
    const DateText text{date};
    auto filled = location;
    replace_all(filled, "{yyyymmdd}", text.year + text.month + text.day);
    replace_all(filled, "{date}", iso(date));
    replace_all(filled, "{yyyy}", text.year);
    replace_all(filled, "{mm}", text.month);
    replace_all(filled, "{dd}", text.day);
    return filled;
}

BackfillCommand::BackfillCommand(CLI::App& parent)
    : app_(parent.add_subcommand("backfill", "Load a range of dated dumps, one snapshot per date"))
{
    app_->footer("Sources are templates: {yyyymmdd}, {date} (YYYY-MM-DD), {yyyy}, {mm} and {dd} become each date, e.g.\n"
                 "  --abstracts 'https://example.org/enwiki/{yyyymmdd}/enwiki-{yyyymmdd}-abstract.xml.gz'\n"
                 "A load job instead of the report: sluice backfill --from D --to D -- load JOB.toml [its options]\n"
                 "(its mode snapshot, append or upsert; its [source] location with the placeholders)");
    add_job_options(*app_, settings_);
    auto* dates = "Dates";
    auto* from = app_->add_option("--from", from_, "First date, YYYY-MM-DD")->group(dates);
    auto* to = app_->add_option("--to", to_, "Last date, YYYY-MM-DD (inclusive)")->group(dates);
    auto* every = app_->add_option("--every", every_,
                                   "Step between dates: Nd, Nw or Nm, N from 1 to 10000 (months keep the day)")
                      ->capture_default_str()
                      ->group(dates);
    auto* list = app_->add_option("--dates", dates_, "These dates instead of a range (YYYY-MM-DD, comma-separated)")
                     ->group(dates);
    list->excludes(from)->excludes(to)->excludes(every);
    app_->add_option("load", load_args_, "A load job and its options, after -- (`-- load JOB.toml ...`)")
        ->configurable(false);
}

int BackfillCommand::execute()
{
    if (!load_args_.empty() && load_args_.front() != "load")
        throw UsageError("backfill runs the report (its own options) or a load job: put the load's options after "
                         "`-- load JOB.toml`, got '" + load_args_.front() + "'");
    const auto dates = chosen_dates();
    if (!load_args_.empty()) return backfill_load(dates);

    if (!resolve_database(settings_.db))
        throw UsageError("backfill needs a database (--db, DATABASE_URL or PG*): the ledger records each date");
    prepare_job(settings_);
    if (!has_placeholder(settings_.options.abstracts))
        throw UsageError("--abstracts has no date in it ({yyyymmdd}, {date}, {yyyy}, {mm} or {dd}): "
                         "every date would load the same dump");
    if (!settings_.reporting.progress) settings_.reporting.progress = ::isatty(STDERR_FILENO) == 1;
    catch_interrupts();

    const auto movies = settings_.options.movies;
    const auto abstracts = settings_.options.abstracts;
    // One ledger, and so one hold of the job's lock, for the whole walk.
    RunLedger ledger{*settings_.options.database, job_name(settings_), split_table_name(settings_.options.table).schema};
    return walk(dates, [&](year_month_day date, const RunLabel& label) {
        settings_.options.movies = fill_date(movies, date);
        settings_.options.abstracts = fill_date(abstracts, date);
        log_line(fmt::format("backfill {}: {}", label.snapshot_date, redact_url(settings_.options.abstracts)),
                 {{"snapshot_date", label.snapshot_date}});
        auto job = report_job(settings_);
        return run_job(job, &ledger, label, {.by_snapshot = true, .force = settings_.force});
    });
}

std::vector<year_month_day> BackfillCommand::chosen_dates() const
{
    std::vector<year_month_day> dates;
    if (!dates_.empty()) {
        // One word split here, not a list option: CLI11 ends a list at `--`, which must instead
        // start the load's options.
        for (std::size_t start = 0; start <= dates_.size();) {
            auto end = dates_.find(',', start);
            if (end == std::string::npos) end = dates_.size();
            dates.push_back(parse_date("--dates", dates_.substr(start, end - start)));
            start = end + 1;
        }
        std::sort(dates.begin(), dates.end());
        dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
        return dates;
    }
    if (from_.empty() || to_.empty()) throw UsageError("backfill needs --from and --to, or --dates");
    return backfill_dates(from_, to_, every_);
}

int BackfillCommand::backfill_load(const std::vector<year_month_day>& dates)
{
    CommandLine load_line;
    auto& load = load_line.parse_load(load_args_);
    if (load.snapshot_date_given())
        throw UsageError("backfill names each date's snapshot itself: drop --snapshot-date from the load's options");
    // The job as written, checked once before any date: its mode and its locations' placeholders.
    const auto written = load.check();
    const auto& spec = written->spec();
    if (!written->database())
        throw UsageError("backfill needs a database (--db, DATABASE_URL or PG*): the ledger records each date");
    if (spec.mode == "replace")
        throw UsageError("backfill of a replace job would leave only the last date's rows: use mode snapshot "
                         "(one snapshot per date), append or upsert");
    if (std::none_of(spec.locations.begin(), spec.locations.end(), has_placeholder))
        throw UsageError("the load's sources have no date in them ({yyyymmdd}, {date}, {yyyy}, {mm} or {dd}): "
                         "every date would load the same files");
    catch_interrupts();
    const bool snapshots = spec.mode == "snapshot";
    const auto ledger = open_ledger(*written, {});
    return walk(dates, [&](year_month_day date, const RunLabel& label) {
        auto job = load.check([&](LoadJobSpec& dated) {
            for (auto& location : dated.locations) location = fill_date(location, date);
        });
        log_line(fmt::format("backfill {}: {}", iso(date), redact_url(job->spec().locations.front())),
                 {{"date", iso(date)}});
        const RunLabel run_label{snapshots ? label.snapshot_date : std::string{}, label.run_id};
        return run_job(*job, ledger.get(), run_label, {.by_snapshot = snapshots, .skip_missing = true, .force = load.force()});
    });
}

int BackfillCommand::walk(const std::vector<year_month_day>& dates,
                          const std::function<JobRunOutcome(year_month_day, const RunLabel&)>& run_date)
{
    std::size_t loaded = 0, skipped = 0;
    std::vector<std::string> failed;
    for (const auto date : dates) {
        const RunLabel label{iso(date), new_run_id()};
        set_run_id(label.run_id);
        try {
            const auto outcome = run_date(date, label);
            if (outcome.status == JobRunStatus::skipped) {
                ++skipped;
                log_line(fmt::format("backfill {}: skipped: {}", label.snapshot_date, outcome.message),
                         {{"snapshot_date", label.snapshot_date}, {"status", std::string{"SKIPPED"}}});
            } else {
                ++loaded;
            }
        } catch (const Interrupted&) {
            throw;
        } catch (const UsageError&) {
            throw;  // the job is wrong for every date
        } catch (const std::exception& failure) {
            failed.push_back(label.snapshot_date);
            log_error(fmt::format("backfill {}: {}", label.snapshot_date, one_line(failure.what())),
                      {{"snapshot_date", label.snapshot_date}, {"status", std::string{"FAILED"}}});
        }
    }
    set_run_id("");
    std::string failed_list;
    for (const auto& date : failed) failed_list += (failed_list.empty() ? "" : ", ") + date;
    log_line(fmt::format("backfill of {} dates: {} loaded, {} skipped, {} failed{}", dates.size(), loaded, skipped,
                         failed.size(), failed.empty() ? "" : " (" + failed_list + ")"),
             {{"dates", static_cast<std::uint64_t>(dates.size())},
              {"loaded", static_cast<std::uint64_t>(loaded)},
              {"skipped", static_cast<std::uint64_t>(skipped)},
              {"failed", static_cast<std::uint64_t>(failed.size())}});
    return failed.empty() ? 0 : 1;
}

} // namespace sluice
