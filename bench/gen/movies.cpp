#include "bench/gen/movies.hpp"

#include "bench/gen/csv_field.hpp"
#include "bench/gen/plain_sink.hpp"
#include "bench/gen/prose.hpp"
#include "bench/gen/rng.hpp"
#include "bench/gen/text_append.hpp"
#include "bench/gen/word_lists.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>
#include <unordered_set>

namespace sluice_gen {
namespace {

constexpr std::array kCompanies{
    "Warner Bros."sv, "Paramount Pictures"sv, "Universal Pictures"sv, "Columbia Pictures"sv,
    "Twentieth Century Fox Film Corporation"sv, "Metro-Goldwyn-Mayer (MGM)"sv,
    "New Line Cinema"sv, "Miramax Films"sv, "TriStar Pictures"sv, "Touchstone Pictures"sv,
    "Walt Disney Pictures"sv, "Pixar Animation Studios"sv, "DreamWorks SKG"sv,
    "Lionsgate"sv, "Canal+"sv, "StudioCanal"sv, "BBC Films"sv, "Film4"sv,
    "Channel Four Films"sv, "Working Title Films"sv, "Regency Enterprises"sv,
    "Castle Rock Entertainment"sv, "Summit Entertainment"sv, "Gaumont"sv, "Toho Company"sv,
    "Telefilm Canada"sv, "Svensk Filmindustri (SF)"sv, "Nordisk Film"sv,
    // Names with an apostrophe: Python's repr switches to double quotes for these.
    "Loew's"sv, "Lee's Films"sv, "Po' Boy Productions"sv, "Butcher's Run Productions"sv,
    "Xi'an Film Studio"sv, "Loew's Incorporated"sv};

struct Named {
    int id;
    std::string_view name;
};
constexpr std::array kGenreList{
    Named{28, "Action"sv}, Named{12, "Adventure"sv}, Named{16, "Animation"sv},
    Named{35, "Comedy"sv}, Named{80, "Crime"sv}, Named{99, "Documentary"sv},
    Named{18, "Drama"sv}, Named{10751, "Family"sv}, Named{14, "Fantasy"sv},
    Named{36, "History"sv}, Named{27, "Horror"sv}, Named{10402, "Music"sv},
    Named{9648, "Mystery"sv}, Named{10749, "Romance"sv}, Named{878, "Science Fiction"sv},
    Named{53, "Thriller"sv}, Named{10752, "War"sv}, Named{37, "Western"sv}};

struct Language {
    std::string_view code;
    std::string_view name;
};
constexpr std::array kLanguages{
    Language{"en"sv, "English"sv}, Language{"en"sv, "English"sv}, Language{"en"sv, "English"sv},
    Language{"en"sv, "English"sv}, Language{"fr"sv, "Français"sv}, Language{"es"sv, "Español"sv},
    Language{"de"sv, "Deutsch"sv}, Language{"it"sv, "Italiano"sv}, Language{"ja"sv, "日本語"sv},
    Language{"sv"sv, "svenska"sv}, Language{"pl"sv, "Polski"sv}, Language{"ko"sv, "한국어/조선말"sv}};

struct Country {
    std::string_view code;
    std::string_view name;
};
constexpr std::array kProductionCountries{
    Country{"US"sv, "United States of America"sv}, Country{"US"sv, "United States of America"sv},
    Country{"US"sv, "United States of America"sv}, Country{"GB"sv, "United Kingdom"sv},
    Country{"FR"sv, "France"sv}, Country{"DE"sv, "Germany"sv}, Country{"CA"sv, "Canada"sv},
    Country{"IT"sv, "Italy"sv}, Country{"JP"sv, "Japan"sv}, Country{"ES"sv, "Spain"sv},
    Country{"SE"sv, "Sweden"sv}, Country{"AU"sv, "Australia"sv}};

// Python's repr() of a str, as the Kaggle columns were written: single quotes unless the text
// holds a single quote and no double quote.
void append_py_str(std::string& out, std::string_view text)
{
    const bool has_single = text.find('\'') != std::string_view::npos;
    const bool has_double = text.find('"') != std::string_view::npos;
    const char q = (has_single && !has_double) ? '"' : '\'';
    out += q;
    for (char c : text) {
        if (c == q || c == '\\') out += '\\';
        out += c;
    }
    out += q;
}

constexpr std::string_view kMoviesHeader =
    "adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,original_language,"
    "original_title,overview,popularity,poster_path,production_companies,production_countries,"
    "release_date,revenue,runtime,spoken_languages,status,tagline,title,video,vote_average,"
    "vote_count\n";

void append_image_path(Rng& rng, std::string& out)
{
    static constexpr std::string_view kAlphabet =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    out += '/';
    for (int i = 0; i < 27; ++i)
        out += kAlphabet[rng.below(static_cast<std::uint32_t>(kAlphabet.size()))];
    out += ".jpg";
}

// Overview prose. `plain` leaves out commas and quotes: a broken record's overview is unquoted,
// and a comma in it would shift the fields further than the real broken records do.
std::string overview_text(Rng& rng, std::string_view title, bool plain)
{
    std::string s;
    const std::size_t target = 60 + rng.below(500);
    s += rng.pick(kFirstNames);
    s += " returns to ";
    s += rng.pick(kPlaces);
    s += " after ";
    append_int(s, rng.between(2, 30));
    s += " years.";
    while (s.size() < target) {
        s += ' ';
        switch (rng.below(6)) {
        case 0: {
            std::string thing;
            append_indefinite(thing, rng.pick(kAdjectives));
            thing[0] = 'A';
            s += thing;
            s += ' ';
            s += rng.pick(kNouns);
            s += " threatens everything ";
            s += rng.pick(kFirstNames);
            s += " has built.";
            break;
        }
        case 1:
            // Titles may hold commas, which a broken record's unquoted overview must not.
            s += "An old friend brings news of ";
            if (plain) {
                s += "the ";
                s += rng.pick(kNouns);
            } else {
                s += title;
            }
            s += '.';
            break;
        case 2:
            s += plain ? "The family" : "The family, long divided,";
            s += " must face the ";
            s += rng.pick(kNouns);
            s += " together.";
            break;
        case 3:
            if (plain) {
                s += "Based on a true story.";
            } else {
                s += "Based on the \"true\" story of ";
                s += person_name(rng);
                s += '.';
            }
            break;
        case 4:
            s += "She can't ignore the ";
            s += rng.pick(kNouns);
            s += " any longer.";
            break;
        default:
            s += "Nothing in ";
            s += rng.pick(kRegions);
            s += " will be the same.";
            break;
        }
    }
    return s;
}

class MoviesWriter {
public:
    MoviesWriter(PlainSink& sink, std::uint64_t seed) : sink_(sink), rng_(seed) {}

    // Kaggle's titles are 99% distinct (remakes and namesakes are the rest): a drawn title that
    // is taken is redrawn, with a few deliberate repeats kept, and a place name gets a prefix.
    std::string unique_title(Rng& r)
    {
        std::string title = film_title(r);
        for (int attempt = 0; attempt < 8 && seen_.contains(stable_hash(title, 0)) && !r.percent(3); ++attempt) {
            title = film_title(r);
            if (attempt >= 3) {
                title += ' ';
                title += r.pick(kPlacePrefixes);
                title += r.pick(kPlaceSuffixes);
            }
        }
        seen_.insert(stable_hash(title, 0));
        return title;
    }

    // Writes record `index` of `rows`; a broken record spans two physical lines. Returns the
    // physical line the record starts on.
    std::uint64_t record(std::uint64_t index, bool broken)
    {
        const std::uint64_t start_line = line_;
        Rng& r = rng_;
        row_.clear();
        next_id_ += 1 + r.below(r.percent(90) ? 10 : 100);
        const std::string title = unique_title(r);

        std::int64_t budget = 0;
        if (r.percent(22)) budget = r.between(1, 400) * 500000;
        else if (r.permille(10)) budget = r.between(1, 999);  // junk, as in the real file
        std::int64_t revenue = 0;
        if (budget > 0 ? r.percent(70) : r.percent(10))
            revenue = r.between(10000, 900000000);
        else if (r.permille(15))
            revenue = r.between(1, 999);

        // adult, belongs_to_collection
        row_ += "False,";
        if (r.percent(10)) {
            std::string coll = "{'id': ";
            append_int(coll, r.between(10, 500000));
            coll += ", 'name': ";
            std::string name{r.pick(kAdjectives)};
            name += ' ';
            name += r.pick(kNouns);
            name += " Collection";
            append_py_str(coll, name);
            coll += ", 'poster_path': '";
            append_image_path(r, coll);
            coll += "', 'backdrop_path': '";
            append_image_path(r, coll);
            coll += "'}";
            append_csv_field(row_, coll);
        }
        row_ += ',';
        append_int(row_, budget);
        row_ += ',';
        // genres
        {
            std::string g = "[";
            const std::uint32_t n = r.below(4);
            for (std::uint32_t i = 0; i < n; ++i) {
                const Named& genre = kGenreList[r.below(kGenreList.size())];
                if (i) g += ", ";
                g += "{'id': ";
                append_int(g, genre.id);
                g += ", 'name': ";
                append_py_str(g, genre.name);
                g += '}';
            }
            g += ']';
            append_csv_field(row_, g);
        }
        row_ += ',';
        if (r.percent(15)) {
            row_ += "http://www.";
            for (char c : title)
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
                    row_ += static_cast<char>(c | 0x20);
            row_ += ".com/";
        }
        row_ += ',';
        append_int(row_, next_id_);
        row_ += ",tt";
        {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%07u", static_cast<unsigned>(r.below(9000000)));
            row_ += buf;
        }
        const Language& lang = kLanguages[r.below(kLanguages.size())];
        row_ += ',';
        row_ += lang.code;
        row_ += ',';
        append_csv_field(row_, title);  // original_title
        row_ += ',';

        if (broken) {
            // The overview is unquoted and holds a newline, so the record ends here after 10
            // fields and its tail becomes a 15-field line of its own (Kaggle rows ~19730).
            row_ += overview_text(r, title, true);
            row_ += "\n - Written by ";
            row_ += r.pick(kFirstNames);
            ++line_;
        } else if (r.percent(2)) {
            // empty overview
        } else {
            std::string overview = overview_text(r, title, false);
            if (r.permille(4)) {
                overview += "\n - Written by ";
                overview += person_name(r);
                ++line_;
            }
            append_csv_field(row_, overview);
        }
        row_ += ',';
        append_fixed(row_, r.unit() * r.unit() * 30.0, 6);  // popularity
        row_ += ',';
        append_image_path(r, row_);
        row_ += ',';
        // production_companies
        {
            std::string c = "[";
            const std::uint32_t n = r.percent(12) ? 0 : 1 + r.below(4);
            for (std::uint32_t i = 0; i < n; ++i) {
                if (i) c += ", ";
                c += "{'name': ";
                append_py_str(c, r.pick(kCompanies));
                c += ", 'id': ";
                append_int(c, r.between(1, 90000));
                c += '}';
            }
            c += ']';
            append_csv_field(row_, c);
        }
        row_ += ',';
        {
            const Country& country = kProductionCountries[r.below(kProductionCountries.size())];
            std::string c = "[{'iso_3166_1': ";
            append_py_str(c, country.code);
            c += ", 'name': ";
            append_py_str(c, country.name);
            c += "}]";
            append_csv_field(row_, c);
        }
        row_ += ',';
        if (!r.permille(15)) {
            char buf[16];
            const auto year = static_cast<int>(r.between(1915, 2017));
            const auto month = static_cast<int>(r.between(1, 12));
            const auto day = static_cast<int>(r.between(1, 28));
            std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
            row_ += buf;
        }
        row_ += ',';
        append_int(row_, revenue);
        row_ += ',';
        append_int(row_, r.between(60, 200));
        row_ += ".0,";
        {
            std::string s = "[{'iso_639_1': ";
            append_py_str(s, lang.code);
            s += ", 'name': ";
            append_py_str(s, lang.name);
            s += "}]";
            append_csv_field(row_, s);
        }
        row_ += ',';
        row_ += r.percent(97) ? "Released" : (r.percent(50) ? "Rumored" : "Post Production");
        row_ += ',';
        if (r.percent(45)) {
            std::string tagline = "The ";
            tagline += r.pick(kNouns);
            tagline += r.percent(30) ? " is coming, and nothing can stop it." : " is coming.";
            append_csv_field(row_, tagline);
        }
        row_ += ',';
        append_csv_field(row_, title);
        row_ += ",False,";
        append_fixed(row_, static_cast<double>(r.below(101)) / 10.0, 1);
        row_ += ',';
        append_int(row_, r.percent(20) ? r.below(10) : r.below(6000));
        // The real file has no newline after its last record.
        if (index + 1 != rows_) row_ += '\n';
        ++line_;
        sink_.write(row_);
        return start_line;
    }

    void set_rows(std::uint64_t rows) { rows_ = rows; }
    void header()
    {
        sink_.write(kMoviesHeader);
        line_ = 2;
    }

private:
    std::unordered_set<std::uint64_t> seen_;  // hashes of the titles written
    PlainSink& sink_;
    Rng rng_;
    std::string row_;
    std::int64_t next_id_ = 0;
    std::uint64_t rows_ = 0;
    std::uint64_t line_ = 1;
};

} // namespace

void generate_movies(const MoviesOptions& opt)
{
    PlainSink sink(opt.output);
    MoviesWriter writer(sink, opt.seed);
    writer.set_rows(opt.rows);
    writer.header();

    // Broken records sit where the Kaggle file's three do (rows 19730, 29503 and 35587 of
    // 45466), scaled to the requested size.
    std::array<std::uint64_t, 3> broken_at{};
    const std::array<double, 3> fractions{19730.0 / 45466.0, 29503.0 / 45466.0, 35587.0 / 45466.0};
    for (std::size_t i = 0; i < broken_at.size(); ++i)
        broken_at[i] = static_cast<std::uint64_t>(static_cast<double>(opt.rows) * fractions[i]);

    std::string broken_lines;
    for (std::uint64_t i = 0; i < opt.rows; ++i) {
        const bool broken =
            opt.rows >= 10 && std::find(broken_at.begin(), broken_at.end(), i) != broken_at.end();
        const std::uint64_t line = writer.record(i, broken);
        if (broken) {
            if (!broken_lines.empty()) broken_lines += ", ";
            append_int(broken_lines, static_cast<std::int64_t>(line));
            broken_lines += '+';
            append_int(broken_lines, static_cast<std::int64_t>(line + 1));
        }
    }
    sink.finish();
    std::fprintf(stderr, "sluice-gen: %llu records, %llu bytes; broken records on lines %s\n",
                 static_cast<unsigned long long>(opt.rows),
                 static_cast<unsigned long long>(sink.written()),
                 broken_lines.empty() ? "(none)" : broken_lines.c_str());
}

} // namespace sluice_gen
