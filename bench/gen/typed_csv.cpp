#include "bench/gen/typed_csv.hpp"

#include "bench/gen/calendar.hpp"
#include "bench/gen/csv_field.hpp"
#include "bench/gen/gzip_sink.hpp"
#include "bench/gen/rng.hpp"
#include "bench/gen/text_append.hpp"
#include "bench/gen/word_lists.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <string_view>

namespace sluice_gen {
namespace {

constexpr std::string_view kHeader =
    "id,name,quantity,amount,ratio,active,day,created_at,event_at,category\n";

// Some categories need quoting (a comma), most do not, as in a shop's export.
constexpr std::array kCategories{
    "Electronics"sv, "Books"sv, "Garden & Outdoors"sv, "Home & Kitchen"sv,
    "Toys & Games"sv, "Sports"sv, "Health & Personal Care"sv, "Automotive"sv, "Music"sv,
    "Office Products"sv, "Pet Supplies"sv, "Clothing, Shoes & Jewelry"sv, "Grocery"sv,
    "Tools & Home Improvement"sv, "Baby"sv, "Video Games"sv};
constexpr std::array kSubcategories{
    "Accessories"sv, "Replacement Parts"sv, "Gift Ideas"sv, "Bestsellers"sv, "New Arrivals"sv,
    "Clearance"sv, "Certified Refurbished"sv, "Bundles"sv, "Outlet"sv, "Seasonal Specials"sv};

constexpr std::array kCompanySuffixes{" Ltd."sv, " GmbH"sv, " & Sons"sv, ", Inc."sv, " LLC"sv,
                                      " S.A."sv, " Trading Co."sv, " AB"sv};

// Offsets as an export from several regions writes them (ISO 8601, as Postgres prints them).
constexpr std::array kOffsets{"+00:00"sv, "+01:00"sv, "+02:00"sv, "-05:00"sv, "-08:00"sv,
                              "+05:30"sv, "+09:00"sv, "-03:00"sv, "+10:00"sv, "Z"sv};

class TypedCsvWriter {
public:
    TypedCsvWriter(GzipSink& sink, std::uint64_t seed) : sink_(sink), rng_(seed) {}

    void header() { sink_.write(kHeader); }

    void row()
    {
        row_.clear();
        id_ += 1 + rng_.below(1u << 20);
        append_int(row_, id_);
        row_ += ',';
        name();
        append_csv_field(row_, field_);
        row_ += ',';
        // An empty unquoted field is NULL for psql's CSV COPY and for a job's default `null`.
        if (!rng_.percent(1)) append_int(row_, quantity());
        row_ += ',';
        amount();
        row_ += ',';
        if (!rng_.percent(1)) ratio();
        row_ += ',';
        row_ += rng_.percent(50) ? "true" : "false";
        row_ += ',';
        // Days from 1950 to 2030.
        if (!rng_.percent(1)) append_iso_date(row_, rng_.between(-7305, 22280));
        row_ += ',';
        // 2015 to 2025, to the microsecond as Postgres exports them, or to the second or the
        // millisecond as other systems do.
        const std::int64_t created = epoch_us(2015, 1, 1, 0, 0, 0) + rng_.between(0, 3653 * kUsPerDay);
        append_iso_date_time(row_, created, ' ', fraction_digits());
        row_ += ',';
        const std::int64_t event = created + rng_.between(0, 30 * kUsPerDay);
        append_iso_date_time(row_, event, 'T', fraction_digits());
        row_ += rng_.pick(kOffsets);
        row_ += ',';
        if (!rng_.percent(1)) {
            field_.assign(rng_.pick(kCategories));
            field_ += " > ";
            field_ += rng_.pick(kSubcategories);
            append_csv_field(row_, field_);
        }
        row_ += '\n';
        sink_.write(row_);
        ++rows_;
        if (row_.find('"') != std::string::npos) ++quoted_;
    }

    std::uint64_t written() const { return sink_.written(); }
    std::uint64_t rows() const { return rows_; }
    std::uint64_t quoted() const { return quoted_; }

private:
    // A customer or supplier: a person ("Anna Kowalski"), a person filed by surname ("Kowalski,
    // Anna", quoted), one with a nickname in quotes (doubled when quoted), or a company.
    void name()
    {
        field_.clear();
        const std::uint32_t r = rng_.below(100);
        if (r < 55) {
            field_ += rng_.pick(kFirstNames);
            field_ += ' ';
            if (rng_.percent(30)) {
                field_ += static_cast<char>('A' + rng_.below(26));
                field_ += ". ";
            }
            field_ += rng_.pick(kLastNames);
            if (rng_.percent(40)) {
                field_ += '-';
                field_ += rng_.pick(kLastNames);
            }
        } else if (r < 60) {
            field_ += rng_.pick(kLastNames);
            field_ += ", ";
            field_ += rng_.pick(kFirstNames);
        } else if (r < 63) {
            field_ += rng_.pick(kFirstNames);
            field_ += " \"";
            field_ += rng_.pick(kNouns);
            field_ += "\" ";
            field_ += rng_.pick(kLastNames);
        } else {
            field_ += rng_.pick(kAdjectives);
            field_ += ' ';
            field_ += rng_.pick(kNouns);
            field_ += ' ';
            field_ += rng_.pick(kPlaces);
            field_ += rng_.pick(kCompanySuffixes);
        }
    }

    int fraction_digits()
    {
        const std::uint32_t r = rng_.below(10);
        return r < 7 ? 6 : r < 9 ? 0 : 3;
    }

    std::int64_t quantity()
    {
        const std::uint32_t r = rng_.below(100);
        if (r < 3) return -static_cast<std::int64_t>(1 + rng_.below(100));  // returns
        if (r < 80) return 1 + rng_.below(100);
        return rng_.between(100, 2'000'000);
    }

    // Two decimals, as a numeric(12,2) of money; a few refunds below zero.
    void amount()
    {
        std::int64_t cents = rng_.percent(90) ? rng_.between(1, 100'000) : rng_.between(100'000, 99'999'999);
        if (rng_.percent(3)) cents = -cents;
        if (cents < 0) row_ += '-';
        const std::int64_t magnitude = cents < 0 ? -cents : cents;
        append_int(row_, magnitude / 100);
        row_ += '.';
        row_ += static_cast<char>('0' + magnitude % 100 / 10);
        row_ += static_cast<char>('0' + magnitude % 10);
    }

    // The shortest text that reads back as the same double (std::to_chars): the same on every
    // conforming library, and exact for a float8 column.
    void ratio()
    {
        double value = rng_.unit();
        const std::uint32_t r = rng_.below(100);
        if (r < 5) value *= 1e-6;            // small: printed with an exponent
        else if (r < 15) value = static_cast<double>(rng_.below(1000));  // whole
        else value *= 1000.0;
        char buf[32];
        const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
        (void)ec;
        row_.append(buf, end);
    }

    GzipSink& sink_;
    Rng rng_;
    // Ids as a distributed system hands them out (Snowflake-style: a timestamp in the high
    // bits), 19 digits: the bigint column holds values past 2^53.
    std::int64_t id_ = 1'400'000'000'000'000'000;
    std::string row_;
    std::string field_;
    std::uint64_t rows_ = 0;
    std::uint64_t quoted_ = 0;
};

} // namespace

void generate_typed_csv(const TypedCsvOptions& opt)
{
    GzipSink sink(opt.output);
    TypedCsvWriter writer(sink, opt.seed);
    writer.header();
    while (writer.written() < opt.size) writer.row();
    sink.finish();
    std::fprintf(stderr, "sluice-gen: %llu bytes of CSV, %llu rows (%llu with a quoted field), %.1f bytes a row\n",
                 static_cast<unsigned long long>(sink.written()),
                 static_cast<unsigned long long>(writer.rows()),
                 static_cast<unsigned long long>(writer.quoted()),
                 writer.rows() ? static_cast<double>(sink.written()) / static_cast<double>(writer.rows()) : 0.0);
}

} // namespace sluice_gen
