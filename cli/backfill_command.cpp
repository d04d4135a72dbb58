#include "cli/backfill_command.hpp"

#include "cli/job_settings.hpp"
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
                 "  --abstracts 'https://example.org/enwiki/{yyyymmdd}/enwiki-{yyyymmdd}-abstract.xml.gz'");
    add_job_options(*app_, settings_);
    auto* dates = "Dates";
    auto* from = app_->add_option("--from", from_, "First date, YYYY-MM-DD")->group(dates);
    auto* to = app_->add_option("--to", to_, "Last date, YYYY-MM-DD (inclusive)")->group(dates);
    auto* every = app_->add_option("--every", every_,
                                   "Step between dates: Nd, Nw or Nm, N from 1 to 10000 (months keep the day)")
                      ->capture_default_str()
                      ->group(dates);
    auto* list = app_->add_option("--dates", dates_, "These dates instead of a range (YYYY-MM-DD, comma-separated)")
                     ->delimiter(',')
                     ->group(dates);
    list->excludes(from)->excludes(to)->excludes(every);
}

int BackfillCommand::execute()
{
    if (!resolve_database(settings_.db))
        throw UsageError("backfill needs a database (--db, DATABASE_URL or PG*): the ledger records each date");
    prepare_job(settings_);
    if (!has_placeholder(settings_.options.abstracts))
        throw UsageError("--abstracts has no date in it ({yyyymmdd}, {date}, {yyyy}, {mm} or {dd}): "
                         "every date would load the same dump");
    std::vector<year_month_day> dates;
    if (!dates_.empty()) {
        for (const auto& date : dates_) dates.push_back(parse_date("--dates", date));
        std::sort(dates.begin(), dates.end());
        dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
    } else {
        if (from_.empty() || to_.empty()) throw UsageError("backfill needs --from and --to, or --dates");
        dates = backfill_dates(from_, to_, every_);
    }
    if (!settings_.reporting.progress) settings_.reporting.progress = ::isatty(STDERR_FILENO) == 1;
    catch_interrupts();

    const auto movies = settings_.options.movies;
    const auto abstracts = settings_.options.abstracts;
    // One ledger, and so one hold of the job's lock, for the whole walk.
    RunLedger ledger{*settings_.options.database, job_name(settings_), split_table_name(settings_.options.table).schema};
    std::size_t loaded = 0, skipped = 0;
    std::vector<std::string> failed;
    for (const auto date : dates) {
        const RunLabel label{iso(date), new_run_id()};
        set_run_id(label.run_id);
        settings_.options.movies = fill_date(movies, date);
        settings_.options.abstracts = fill_date(abstracts, date);
        log_line(fmt::format("backfill {}: {}", label.snapshot_date, redact_url(settings_.options.abstracts)),
                 {{"snapshot_date", label.snapshot_date}});
        try {
            auto job = report_job(settings_);
            const auto outcome = run_job(job, &ledger, label, {.by_snapshot = true, .force = settings_.force});
            if (outcome.status == JobRunStatus::skipped) {
                ++skipped;
                log_line(fmt::format("backfill {}: skipped: {}", label.snapshot_date, outcome.message),
                         {{"snapshot_date", label.snapshot_date}, {"status", std::string{"SKIPPED"}}});
            } else {
                ++loaded;
            }
        } catch (const Interrupted&) {
            throw;
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
