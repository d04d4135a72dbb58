// sluice-gen: deterministic synthetic inputs for sluice's benchmarks and large tests.
//
//   sluice-gen abstracts --size BYTES [--seed N] [--films-csv PATH] -o OUT.xml.gz
//   sluice-gen movies --rows N [--seed N] -o OUT.csv
//
// `abstracts` writes a gzipped Wikipedia abstract dump in the real layout (`<feed>` root, one
// element a line, no indentation) holding about BYTES of uncompressed XML. `movies` writes a
// movies_metadata.csv with the Kaggle file's 24-column header, Python-literal columns, quoted
// multi-line overviews and a few records broken the way the Kaggle file's are.
//
// Same arguments, same bytes: randomness comes from a fixed PRNG (xoshiro256**) and fixed
// reductions, never from std::*_distribution, whose output differs between standard libraries.
// A single C++ file that links only zlib, so it builds wherever sluice builds.

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_set>
#include <utility>
#include <vector>

namespace {

using namespace std::string_view_literals;

// ---------------------------------------------------------------------------------------------
// Errors and exit codes (as sluice: 0 success, 1 runtime failure, 2 bad usage)

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what); }

// ---------------------------------------------------------------------------------------------
// Randomness

std::uint64_t splitmix64(std::uint64_t& state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// One splitmix64 step as a pure function: a good 64-bit mixer.
std::uint64_t mix64(std::uint64_t x) { return splitmix64(x); }

// xoshiro256**: fast, good enough for text, and fully specified so output is reproducible.
class Rng {
public:
    explicit Rng(std::uint64_t seed)
    {
        for (auto& word : s_) word = splitmix64(seed);
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, n) by multiply-shift; the bias (n / 2^32) is irrelevant for test data.
    std::uint32_t below(std::uint32_t n)
    {
        return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32);
    }
    // Uniform in [lo, hi].
    std::int64_t between(std::int64_t lo, std::int64_t hi)
    {
        return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    bool percent(std::uint32_t p) { return below(100) < p; }
    bool permille(std::uint32_t p) { return below(1000) < p; }
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    template <typename List>
    std::string_view pick(const List& list)
    {
        return list[below(static_cast<std::uint32_t>(std::size(list)))];
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<std::uint64_t, 4> s_{};
};

// FNV-1a, mixed through splitmix64: a stable per-title hash, so which CSV films get pages does
// not depend on the order they are read in or on anything else the generator does.
std::uint64_t stable_hash(std::string_view text, std::uint64_t salt)
{
    std::uint64_t h = 0xcbf29ce484222325ULL ^ salt;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return mix64(h);
}

// ---------------------------------------------------------------------------------------------
// Word lists. Small on purpose: the point is realistic shape and size, not a language model.

constexpr std::array kFirstNames{
    "James"sv, "Mary"sv, "John"sv, "Patricia"sv, "Robert"sv, "Jennifer"sv, "Michael"sv,
    "Linda"sv, "William"sv, "Elizabeth"sv, "David"sv, "Barbara"sv, "Richard"sv, "Susan"sv,
    "Joseph"sv, "Jessica"sv, "Thomas"sv, "Sarah"sv, "Charles"sv, "Karen"sv, "Daniel"sv,
    "Nancy"sv, "Matthew"sv, "Lisa"sv, "Anthony"sv, "Margaret"sv, "Mark"sv, "Sandra"sv,
    "Paul"sv, "Ashley"sv, "Steven"sv, "Emily"sv, "Andrew"sv, "Donna"sv, "Kenneth"sv,
    "Michelle"sv, "George"sv, "Carol"sv, "Brian"sv, "Amanda"sv, "Edward"sv, "Melissa"sv,
    "Ronald"sv, "Deborah"sv, "Timothy"sv, "Stephanie"sv, "Jason"sv, "Rebecca"sv, "Jeffrey"sv,
    "Laura"sv, "Ryan"sv, "Helen"sv, "Jacob"sv, "Sharon"sv, "Gary"sv, "Cynthia"sv, "Nicholas"sv,
    "Kathleen"sv, "Eric"sv, "Amy"sv, "Jonathan"sv, "Shirley"sv, "Stephen"sv, "Angela"sv,
    "Larry"sv, "Anna"sv, "Justin"sv, "Ruth"sv, "Scott"sv, "Brenda"sv, "Pierre"sv, "Jürgen"sv,
    "Søren"sv, "José"sv, "Zoë"sv, "François"sv, "Hiroshi"sv, "Olga"sv, "Ingrid"sv, "Rajesh"sv};

constexpr std::array kLastNames{
    "Smith"sv, "Johnson"sv, "Williams"sv, "Brown"sv, "Jones"sv, "Garcia"sv, "Miller"sv,
    "Davis"sv, "Rodriguez"sv, "Martinez"sv, "Hernandez"sv, "Lopez"sv, "Gonzalez"sv,
    "Wilson"sv, "Anderson"sv, "Thomas"sv, "Taylor"sv, "Moore"sv, "Jackson"sv, "Martin"sv,
    "Lee"sv, "Perez"sv, "Thompson"sv, "White"sv, "Harris"sv, "Sanchez"sv, "Clark"sv,
    "Ramirez"sv, "Lewis"sv, "Robinson"sv, "Walker"sv, "Young"sv, "Allen"sv, "King"sv,
    "Wright"sv, "Scott"sv, "Torres"sv, "Nguyen"sv, "Hill"sv, "Flores"sv, "Green"sv, "Adams"sv,
    "Nelson"sv, "Baker"sv, "Hall"sv, "Rivera"sv, "Campbell"sv, "Mitchell"sv, "Carter"sv,
    "Roberts"sv, "O'Brien"sv, "O'Connor"sv, "McAllister"sv, "Fitzgerald"sv, "Kowalski"sv,
    "Novak"sv, "Müller"sv, "Schäfer"sv, "Dubois"sv, "Lefèvre"sv, "Rossi"sv, "Bianchi"sv,
    "Tanaka"sv, "Suzuki"sv, "Kim"sv, "Park"sv, "Chen"sv, "Wang"sv, "Singh"sv, "Patel"sv,
    "Andersson"sv, "Nielsen"sv, "Ivanov"sv, "Petrov"sv, "Costa"sv, "Silva"sv, "Okafor"sv,
    "Mensah"sv, "Haddad"sv, "Cohen"sv};

constexpr std::array kPlaces{
    "Springfield"sv, "Riverside"sv, "Fairview"sv, "Kingston"sv, "Ashford"sv, "Bradford"sv,
    "Clifton"sv, "Dover"sv, "Easton"sv, "Franklin"sv, "Georgetown"sv, "Hamilton"sv,
    "Lancaster"sv, "Madison"sv, "Newport"sv, "Oxford"sv, "Plymouth"sv, "Salem"sv,
    "Windsor"sv, "Winchester"sv, "Greenville"sv, "Milton"sv, "Chester"sv, "Burlington"sv,
    "Arlington"sv, "Ludwigsburg"sv, "Zürich"sv, "São Paulo"sv, "Kraków"sv, "Málaga"sv,
    "Nîmes"sv, "Tromsø"sv, "Göteborg"sv, "Łódź"sv, "Aarhus"sv, "Sapporo"sv, "Pune"sv,
    "Mombasa"sv, "Valparaíso"sv, "Ballarat"sv, "Dunedin"sv, "Halifax"sv, "Kamloops"sv,
    "Tampere"sv, "Brno"sv, "Cluj-Napoca"sv, "Split"sv, "Thessaloniki"sv, "Izmir"sv,
    "Tabriz"sv, "Lahore"sv, "Da Nang"sv, "Cebu"sv, "Surabaya"sv, "Arequipa"sv, "Rosario"sv};

// Made-up English place names ("Ashford", "Dunmouth") widen the title space beyond kPlaces.
constexpr std::array kPlacePrefixes{
    "Ash"sv, "Brad"sv, "Clif"sv, "Dun"sv, "East"sv, "Fair"sv, "Green"sv, "Hol"sv, "King"sv,
    "Lang"sv, "Mar"sv, "North"sv, "Oak"sv, "Pen"sv, "Red"sv, "Ship"sv, "Stan"sv, "Thorn"sv,
    "Wal"sv, "West"sv, "Whit"sv, "Wood"sv, "Bex"sv, "Cal"sv, "Hart"sv, "Kirk"sv, "Lyn"sv,
    "Mel"sv, "Roth"sv, "Sand"sv};
constexpr std::array kPlaceSuffixes{
    "ford"sv, "ton"sv, "ham"sv, "bury"sv, "field"sv, "wick"sv, "ley"sv, "mouth"sv, "stead"sv,
    "wood"sv, "by"sv, "thorpe"sv, "well"sv, "bridge"sv, "combe"sv, "dale"sv, "hurst"sv,
    "minster"sv, "port"sv, "stow"sv};

constexpr std::array kPlaceQualifiers{
    "Upper "sv, "Lower "sv, "Great "sv, "Little "sv, "New "sv, "Old "sv, "Port "sv, "Mount "sv};

constexpr std::array kRegions{
    "Ohio"sv, "Texas"sv, "Oregon"sv, "Vermont"sv, "Kentucky"sv, "Devon"sv, "Yorkshire"sv,
    "Bavaria"sv, "Normandy"sv, "Tuscany"sv, "Catalonia"sv, "Ontario"sv, "Queensland"sv,
    "Punjab"sv, "Hokkaido"sv, "Silesia"sv, "Moravia"sv, "Lapland"sv, "Andalusia"sv,
    "New South Wales"sv, "British Columbia"sv, "Minas Gerais"sv, "Kerala"sv, "Limpopo"sv};

constexpr std::array kCountries{
    "the United States"sv, "England"sv, "France"sv, "Germany"sv, "Italy"sv, "Spain"sv,
    "Poland"sv, "Canada"sv, "Australia"sv, "India"sv, "Japan"sv, "Brazil"sv, "Argentina"sv,
    "Sweden"sv, "Norway"sv, "Finland"sv, "the Czech Republic"sv, "Romania"sv, "Greece"sv,
    "Turkey"sv, "Iran"sv, "Pakistan"sv, "Vietnam"sv, "the Philippines"sv, "Indonesia"sv,
    "Peru"sv, "Kenya"sv, "Ghana"sv, "New Zealand"sv, "Scotland"sv};

constexpr std::array kNationalities{
    "American"sv, "American"sv, "American"sv, "British"sv, "British"sv, "French"sv,
    "German"sv, "Italian"sv, "Spanish"sv, "Canadian"sv, "Australian"sv, "Indian"sv,
    "Japanese"sv, "Brazilian"sv, "Swedish"sv, "Polish"sv, "Mexican"sv, "South Korean"sv,
    "Hong Kong"sv, "Irish"sv, "Danish"sv, "Czech"sv};

constexpr std::array kAdjectives{
    "Silent"sv, "Broken"sv, "Golden"sv, "Hidden"sv, "Last"sv, "Lost"sv, "Dark"sv, "Bright"sv,
    "Crimson"sv, "Endless"sv, "Frozen"sv, "Wild"sv, "Quiet"sv, "Burning"sv, "Hollow"sv,
    "Secret"sv, "Distant"sv, "Forgotten"sv, "Northern"sv, "Southern"sv, "Little"sv, "Great"sv,
    "Red"sv, "Blue"sv, "Black"sv, "White"sv, "Iron"sv, "Glass"sv, "Paper"sv, "Midnight"sv,
    "Electric"sv, "Savage"sv, "Gentle"sv, "Restless"sv, "Sweet"sv, "Bitter"sv, "Lonely"sv,
    "Strange"sv, "Sudden"sv, "Final"sv, "Deadly"sv, "Sacred"sv, "Wicked"sv, "Royal"sv};

constexpr std::array kNouns{
    "River"sv, "Harbor"sv, "Mountain"sv, "Garden"sv, "Road"sv, "Bridge"sv, "Island"sv,
    "Kingdom"sv, "Shadow"sv, "Storm"sv, "Heart"sv, "Dream"sv, "Fire"sv, "Winter"sv,
    "Summer"sv, "Night"sv, "Horizon"sv, "Crown"sv, "Mirror"sv, "Forest"sv, "City"sv,
    "Valley"sv, "Station"sv, "Empire"sv, "Promise"sv, "Secret"sv, "Letter"sv, "Stranger"sv,
    "Hunter"sv, "Witness"sv, "Angel"sv, "Ghost"sv, "Legacy"sv, "Journey"sv, "Voyage"sv,
    "Edge"sv, "Line"sv, "Circle"sv, "Game"sv, "House"sv, "Castle"sv, "Tower"sv, "Machine"sv,
    "Signal"sv, "Echo"sv, "Frontier"sv, "Desert"sv, "Ocean"sv, "Moon"sv, "Sun"sv, "Star"sv,
    "Wolf"sv, "Tiger"sv, "Raven"sv, "Falcon"sv, "Serpent"sv, "Lion"sv, "Rose"sv, "Thorn"sv,
    "Sword"sv, "Shield"sv, "Key"sv, "Door"sv, "Window"sv, "Clock"sv, "Bell"sv, "Song"sv};

constexpr std::array kTopics{
    "thermodynamics"sv, "linguistics"sv, "mathematics"sv, "botany"sv, "geology"sv,
    "economics"sv, "architecture"sv, "astronomy"sv, "chemistry"sv, "music theory"sv,
    "computer science"sv, "law"sv, "medicine"sv, "philosophy"sv, "sociology"sv,
    "zoology"sv, "cartography"sv, "metallurgy"sv, "statistics"sv, "typography"sv};

constexpr std::array kOccupations{
    "politician"sv, "footballer"sv, "actor"sv, "actress"sv, "singer"sv, "painter"sv,
    "novelist"sv, "poet"sv, "businessman"sv, "cricketer"sv, "physicist"sv, "judge"sv,
    "architect"sv, "journalist"sv, "composer"sv, "cyclist"sv, "swimmer"sv, "bishop"sv,
    "diplomat"sv, "photographer"sv, "engineer"sv, "historian"sv, "ice hockey player"sv};

constexpr std::array kGenres{
    "drama"sv, "drama"sv, "comedy"sv, "comedy-drama"sv, "romantic comedy"sv, "thriller"sv,
    "crime thriller"sv, "horror"sv, "science fiction"sv, "action"sv, "war"sv, "western"sv,
    "musical"sv, "animated"sv, "documentary"sv, "fantasy"sv, "mystery"sv, "biographical"sv,
    "psychological thriller"sv, "adventure"sv, "neo-noir"sv, "teen comedy"sv};

constexpr std::array kFamilies{
    "Noctuidae"sv, "Geometridae"sv, "Erebidae"sv, "Tortricidae"sv, "Crambidae"sv,
    "Carabidae"sv, "Curculionidae"sv, "Muricidae"sv, "Conidae"sv, "Orchidaceae"sv,
    "Asteraceae"sv, "Poaceae"sv, "Cyprinidae"sv, "Cichlidae"sv, "Salticidae"sv};

constexpr std::array kGenera{
    "Agrotis"sv, "Eupithecia"sv, "Acleris"sv, "Conus"sv, "Carabus"sv, "Dendrobium"sv,
    "Bulbophyllum"sv, "Hieracium"sv, "Barbus"sv, "Haplochromis"sv, "Phidippus"sv,
    "Trichodes"sv, "Scopula"sv, "Idaea"sv, "Euxoa"sv, "Apamea"sv};

constexpr std::array kEpithets{
    "minor"sv, "major"sv, "vulgaris"sv, "australis"sv, "borealis"sv, "elegans"sv,
    "gracilis"sv, "montana"sv, "sylvestris"sv, "robusta"sv, "nigra"sv, "alba"sv,
    "rubra"sv, "japonica"sv, "africana"sv, "smithi"sv, "walkeri"sv, "obscura"sv};

// Species epithets are built from syllables: a fixed list would repeat within a few thousand pages.
constexpr std::array kLatinSyllables{
    "al"sv, "bre"sv, "cor"sv, "den"sv, "fla"sv, "gra"sv, "hir"sv, "lon"sv, "mac"sv, "nit"sv,
    "or"sv, "pal"sv, "qua"sv, "rub"sv, "sil"sv, "ten"sv, "umb"sv, "ver"sv, "xan"sv, "zon"sv};
constexpr std::array kLatinEndings{
    "a"sv, "us"sv, "is"sv, "um"sv, "ensis"sv, "oides"sv, "ata"sv, "ella"sv, "ii"sv};

constexpr std::array kBands{
    "The Velvet Owls"sv, "Iron Harbor"sv, "Paper Lanterns"sv, "The Static Kings"sv,
    "Northern Lights"sv, "Hollow Crown"sv, "The Midnight Club"sv, "Glass Animals"sv,
    "Crimson Tide"sv, "Echo & the Wolves"sv, "Salt & Pepper"sv, "The Wandering Few"sv};

// Section names seen in real dumps' <sublink> anchors, roughly by how often they appear.
constexpr std::array kSections{
    "History"sv, "References"sv, "External links"sv, "See also"sv, "Early life"sv,
    "Career"sv, "Personal life"sv, "Biography"sv, "Plot"sv, "Cast"sv, "Production"sv,
    "Release"sv, "Reception"sv, "Box office"sv, "Critical response"sv, "Soundtrack"sv,
    "Geography"sv, "Climate"sv, "Demographics"sv, "Economy"sv, "Education"sv,
    "Transport"sv, "Notable people"sv, "Sports"sv, "Politics"sv, "Description"sv,
    "Taxonomy"sv, "Distribution"sv, "Etymology"sv, "Legacy"sv, "Awards"sv, "Discography"sv,
    "Track listing"sv, "Personnel"sv, "Charts"sv, "Filmography"sv, "Works"sv,
    "Further reading"sv, "Notes"sv, "Bibliography"sv, "Background"sv, "Development"sv,
    "Design"sv, "Service history"sv, "Results"sv, "Honours"sv, "Death"sv, "Overview"sv,
    "Architecture"sv, "Population"sv, "Culture"sv, "Religion"sv, "Media"sv, "Gallery"sv};

// A film's article: its usual headings, in their usual order, and {{Infobox film}}'s lines.
constexpr std::array kFilmSections{
    "Plot"sv, "Cast"sv, "Production"sv, "Release"sv, "Reception"sv, "Box office"sv,
    "Soundtrack"sv, "Home media"sv, "References"sv, "External links"sv};
constexpr std::array kFilmInfoboxKeys{
    "director"sv, "producer"sv, "screenplay"sv, "starring"sv, "music"sv, "cinematography"sv,
    "editing"sv, "studio"sv, "distributor"sv, "runtime"sv, "country"sv, "language"sv,
    "budget"sv, "gross"sv};

constexpr std::array kInfoboxKeys{
    "name"sv, "image"sv, "caption"sv, "producer"sv, "screenplay"sv, "starring"sv,
    "music"sv, "runtime"sv, "birth_place"sv, "order"sv, "pushpin_label"sv, "status"sv,
    "developer"sv, "writer"sv, "country"sv, "language"sv, "budget"sv, "gross"sv};

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

// ---------------------------------------------------------------------------------------------
// Output sinks. Both take text in large appends and own their C handles.

struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// Writes to PATH.tmp and renames on commit(), so an interrupted run never leaves a file that
// looks complete.
class OutputFile {
public:
    explicit OutputFile(std::string path) : path_(std::move(path)), tmp_(path_ + ".tmp")
    {
        file_.reset(std::fopen(tmp_.c_str(), "wb"));
        if (!file_) fail(tmp_ + ": cannot create: " + std::strerror(errno));
        std::setvbuf(file_.get(), nullptr, _IOFBF, 1 << 20);
    }
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile()
    {
        if (file_) {
            file_.reset();
            std::remove(tmp_.c_str());
        }
    }

    void write(const void* data, std::size_t size)
    {
        if (size != 0 && std::fwrite(data, 1, size, file_.get()) != size)
            fail(tmp_ + ": write failed: " + std::strerror(errno));
    }

    void commit()
    {
        std::FILE* f = file_.release();
        if (std::fclose(f) != 0) fail(tmp_ + ": close failed: " + std::strerror(errno));
        if (std::rename(tmp_.c_str(), path_.c_str()) != 0)
            fail(path_ + ": cannot rename from " + tmp_ + ": " + std::strerror(errno));
    }

private:
    std::string path_;
    std::string tmp_;
    FilePtr file_;
};

// Plain bytes, buffered by stdio.
class PlainSink {
public:
    explicit PlainSink(const std::string& path) : out_(path) {}
    void write(std::string_view text)
    {
        out_.write(text.data(), text.size());
        written_ += text.size();
    }
    std::uint64_t written() const { return written_; }
    void finish() { out_.commit(); }

private:
    OutputFile out_;
    std::uint64_t written_ = 0;
};

struct DeflateEnd {
    void operator()(z_stream* z) const noexcept
    {
        deflateEnd(z);
        delete z;
    }
};

// One gzip member at deflate level 6 (gzip's default). zlib writes the gzip header itself, with
// mtime 0 and no name, so the output depends only on the input bytes.
class GzipSink {
public:
    explicit GzipSink(const std::string& path) : out_(path), zbuf_(kChunk)
    {
        auto z = std::make_unique<z_stream>();
        std::memset(z.get(), 0, sizeof(z_stream));
        // 15 + 16: a 32 KiB window with a gzip wrapper instead of a zlib one.
        if (deflateInit2(z.get(), 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            fail("deflateInit2 failed");
        z_.reset(z.release());
        pending_.reserve(kChunk);
    }

    void write(std::string_view text)
    {
        pending_.append(text);
        written_ += text.size();
        if (pending_.size() >= kChunk) flush_pending(Z_NO_FLUSH);
    }
    std::uint64_t written() const { return written_; }

    void finish()
    {
        flush_pending(Z_FINISH);
        out_.commit();
    }

private:
    // Large enough that deflate() call overhead vanishes, small enough to stay in L2/L3.
    static constexpr std::size_t kChunk = 1 << 20;

    void flush_pending(int flush)
    {
        z_->next_in = reinterpret_cast<Bytef*>(pending_.data());
        z_->avail_in = static_cast<uInt>(pending_.size());
        int rc;
        do {
            z_->next_out = zbuf_.data();
            z_->avail_out = static_cast<uInt>(zbuf_.size());
            rc = deflate(z_.get(), flush);
            if (rc == Z_STREAM_ERROR) fail("deflate failed");
            out_.write(zbuf_.data(), zbuf_.size() - z_->avail_out);
        } while (z_->avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
        pending_.clear();
    }

    OutputFile out_;
    std::unique_ptr<z_stream, DeflateEnd> z_;
    std::vector<Bytef> zbuf_;
    std::string pending_;
    std::uint64_t written_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Small text helpers

void append_int(std::string& out, std::int64_t value)
{
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    (void)ec;
    out.append(buf, end);
}

void append_fixed(std::string& out, double value, int decimals)
{
    char buf[48];
    int n = std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    out.append(buf, static_cast<std::size_t>(n));
}

// "a painter", "an architect".
void append_indefinite(std::string& out, std::string_view noun)
{
    const bool vowel = std::string_view("aeiouAEIOU").find(noun.front()) != std::string_view::npos;
    out += vowel ? "an " : "a ";
    out += noun;
}

// Text content and attribute values: the dump escapes & < > and " (htmlspecialchars).
void append_xml_escaped(std::string& out, std::string_view text)
{
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
}

// MediaWiki's canonical URL form: spaces become underscores, and the characters that would
// break a URL are percent-encoded (wfUrlencode). The result is XML-escaped by the caller's rules.
void append_wiki_path(std::string& out, std::string_view title)
{
    for (char c : title) {
        switch (c) {
        case ' ': out += '_'; break;
        case '&': out += "%26"; break;
        case '"': out += "%22"; break;
        case '?': out += "%3F"; break;
        case '#': out += "%23"; break;
        case '%': out += "%25"; break;
        case '+': out += "%2B"; break;
        case '<': out += "%3C"; break;
        case '>': out += "%3E"; break;
        default: out += c;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// CSV: the films list for `abstracts --films-csv`, and the writer for `movies`.

// Reads RFC 4180 records (quoted fields may hold commas, doubled quotes and newlines) from a
// file, one record at a time, without loading the file.
class CsvFileReader {
public:
    explicit CsvFileReader(const std::string& path) : path_(path)
    {
        file_.reset(std::fopen(path.c_str(), "rb"));
        if (!file_) fail(path + ": cannot open: " + std::strerror(errno));
        buf_.resize(1 << 16);
    }

    // False at end of input. A final line without a newline still counts as a record.
    bool next(std::vector<std::string>& fields)
    {
        fields.clear();
        int c = get();
        if (c == EOF) return false;
        std::string field;
        bool quoted = false;
        for (;; c = get()) {
            if (quoted) {
                if (c == EOF) fail(path_ + ": end of file inside a quoted field");
                if (c == '"') {
                    int d = peek();
                    if (d == '"') {
                        get();
                        field += '"';
                    } else {
                        quoted = false;
                    }
                } else {
                    field += static_cast<char>(c);
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.push_back(std::move(field));
                field.clear();
            } else if (c == '\n' || c == EOF) {
                if (!field.empty() && field.back() == '\r') field.pop_back();
                fields.push_back(std::move(field));
                return true;
            } else {
                field += static_cast<char>(c);
            }
        }
    }

private:
    int get()
    {
        if (pos_ == len_ && !refill()) return EOF;
        return static_cast<unsigned char>(buf_[pos_++]);
    }
    int peek()
    {
        if (pos_ == len_ && !refill()) return EOF;
        return static_cast<unsigned char>(buf_[pos_]);
    }
    bool refill()
    {
        len_ = std::fread(buf_.data(), 1, buf_.size(), file_.get());
        pos_ = 0;
        if (len_ == 0 && std::ferror(file_.get())) fail(path_ + ": read failed");
        return len_ != 0;
    }

    std::string path_;
    FilePtr file_;
    std::vector<char> buf_;
    std::size_t pos_ = 0;
    std::size_t len_ = 0;
};

// Appends one CSV field, quoted when it holds a comma, a quote or a line break: the minimal
// quoting Python's csv module (and so the Kaggle file) uses.
void append_csv_field(std::string& out, std::string_view field)
{
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(field);
        return;
    }
    out += '"';
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

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

// ---------------------------------------------------------------------------------------------
// Shared generators of names and prose

std::string person_name(Rng& rng)
{
    std::string s{rng.pick(kFirstNames)};
    s += ' ';
    if (rng.percent(8)) {
        s += static_cast<char>('A' + rng.below(26));
        s += ". ";
    }
    s += rng.pick(kLastNames);
    return s;
}

std::string film_title(Rng& rng)
{
    std::string t;
    switch (rng.below(10)) {
    case 0:
    case 1:
        t = "The ";
        t += rng.pick(kAdjectives);
        t += ' ';
        t += rng.pick(kNouns);
        break;
    case 2:
        t = rng.pick(kNouns);
        t += " of the ";
        t += rng.pick(kNouns);
        break;
    case 3:
        t = rng.pick(kAdjectives);
        t += ' ';
        t += rng.pick(kNouns);
        break;
    case 4:
        t = rng.pick(kFirstNames);
        t += " & ";
        t += rng.pick(kFirstNames);
        break;
    case 5:
        t = rng.pick(kPlaces);
        break;
    case 6:
        t = rng.pick(kFirstNames);
        t += "'s ";
        t += rng.pick(kNouns);
        break;
    case 7:
        t = "The ";
        t += rng.pick(kNouns);
        if (rng.percent(30)) {
            t += ", Part ";
            t += rng.percent(50) ? "II" : "III";
        }
        break;
    case 8:
        t = rng.pick(kAdjectives);
        t += ' ';
        t += rng.pick(kNouns);
        t += ' ';
        append_int(t, rng.between(2, 4));
        break;
    default:
        t = rng.pick(kNouns);
        t += ": ";
        t += rng.pick(kAdjectives);
        t += ' ';
        t += rng.pick(kNouns);
        break;
    }
    return t;
}

// One sentence of filler prose, already XML-escaped. Some sentences carry the entities the real
// dump is full of (&amp; &quot; &lt; &#8217;), so a reader's entity handling is always exercised.
void filler_sentence(Rng& rng, std::string& out)
{
    switch (rng.below(12)) {
    case 0:
        out += "It was founded in ";
        append_int(out, rng.between(1750, 2015));
        out += " by ";
        append_xml_escaped(out, person_name(rng));
        out += " and is based in ";
        out += rng.pick(kPlaces);
        out += ".";
        break;
    case 1:
        out += "The ";
        out += rng.pick(kNouns);
        out += " has been described as &quot;";
        out += rng.pick(kAdjectives);
        out += " and ";
        out += rng.pick(kAdjectives);
        out += "&quot; by critics.";
        break;
    case 2:
        out += "It is located ";
        append_int(out, rng.between(2, 90));
        out += " km north of ";
        out += rng.pick(kPlaces);
        out += ", in the ";
        out += rng.pick(kRegions);
        out += " region of ";
        out += rng.pick(kCountries);
        out += ".";
        break;
    case 3:
        out += "As of the ";
        append_int(out, 2000 + 10 * rng.between(0, 2));
        out += " census, the population was ";
        append_int(out, rng.between(120, 98000));
        out += ".";
        break;
    case 4:
        out += "It was published by ";
        append_xml_escaped(out, person_name(rng));
        out += " &amp; Sons in ";
        append_int(out, rng.between(1850, 2019));
        out += ".";
        break;
    case 5:
        out += "The work is notable for its use of ";
        out += rng.pick(kTopics);
        out += " in the study of ";
        out += rng.pick(kTopics);
        out += ".";
        break;
    case 6:
        out += "He later moved to ";
        out += rng.pick(kPlaces);
        out += ", where he worked as ";
        append_indefinite(out, rng.pick(kOccupations));
        out += " until ";
        append_int(out, rng.between(1950, 2021));
        out += ".";
        break;
    case 7:
        out += "The ";
        out += rng.pick(kAdjectives);
        out += " ";
        out += rng.pick(kNouns);
        out += " Award was presented to the project in ";
        append_int(out, rng.between(1960, 2021));
        out += ".";
        break;
    case 8:
        out += "It is one of the ";
        append_int(out, rng.between(3, 400));
        out += " listed buildings in ";
        out += rng.pick(kRegions);
        out += " and is maintained by the ";
        out += rng.pick(kPlaces);
        out += " Historical Society.";
        break;
    case 9:
        out += "The name derives from the ";
        out += rng.pick(kTopics);
        out += " term for a ";
        out += rng.pick(kNouns);
        out += ", a usage first recorded in ";
        append_int(out, rng.between(1400, 1900));
        out += ".";
        break;
    case 10:
        out += "Its ";
        out += rng.pick(kNouns);
        out += " is flanked by two towers (&lt;";
        append_int(out, rng.between(10, 60));
        out += " m) designed by ";
        append_xml_escaped(out, person_name(rng));
        out += ".";
        break;
    default:
        out += "The club&#8217;s home ground is the ";
        out += rng.pick(kPlaces);
        out += " ";
        out += rng.pick(kNouns);
        out += " Stadium, which holds ";
        append_int(out, rng.between(800, 60000));
        out += " spectators.";
        break;
    }
}

// ---------------------------------------------------------------------------------------------
// abstracts

// Page titles are unique in a real dump, and sluice may rely on it. Every title that a CSV film
// could match (`T`, `T (film)`, `T (YEAR film)`) is reserved for the film pages, so the only
// pages a CSV film can match are the ones written for it. Titles are kept as 64-bit hashes: a
// false collision just gives a page a disambiguator. Costs about 40 bytes a page.
class TitleRegistry {
public:
    void reserve(std::string_view title) { reserved_.insert(stable_hash(title, 0)); }
    // For film pages and their decoys: only other film pages compete.
    bool claim_film(std::string_view title) { return taken_.insert(stable_hash(title, 0)).second; }
    // For everything else: reserved titles are off limits too.
    bool claim(std::string_view title)
    {
        const std::uint64_t h = stable_hash(title, 0);
        return !reserved_.contains(h) && taken_.insert(h).second;
    }

private:
    std::unordered_set<std::uint64_t> reserved_;
    std::unordered_set<std::uint64_t> taken_;
};

struct FilmEntry {
    std::string title;      // the page title, unescaped
    std::string abstract;   // already XML-escaped
    std::uint64_t order = 0;  // position key, so decoys do not sit next to their film
};

// What to put in <abstract>: the length mix is a guess at the real dump's, which is dominated
// by one- to three-sentence leads, with infobox debris where the lead starts with a template.
enum class AbstractKind { Prose, Empty, NotApplicable, Debris };

class AbstractsWriter {
public:
    AbstractsWriter(GzipSink& sink, std::uint64_t seed) : sink_(sink), rng_(seed) {}

    TitleRegistry& titles() { return titles_; }

    void begin() { sink_.write("<feed>\n"); }
    void end() { sink_.write("</feed>\n"); }

    // A page on anything but a CSV film.
    void random_doc()
    {
        title_.clear();
        base_.clear();
        abstract_.clear();
        qualifier_.clear();
        AbstractKind kind = AbstractKind::Prose;
        const std::uint32_t k = rng_.below(1000);
        if (k < 40)
            kind = AbstractKind::Empty;
        else if (k < 60)
            kind = AbstractKind::NotApplicable;
        else if (k < 150)
            kind = AbstractKind::Debris;

        std::string& t = title_;
        std::string& a = abstract_;
        // If the title is taken, the page becomes `base (q)`, the way Wikipedia disambiguates.
        std::string& base = base_;
        std::string& q = qualifier_;
        switch (rng_.below(8)) {
        case 0:
        case 1: {  // a person
            t = person_name(rng_);
            const auto occupation = rng_.pick(kOccupations);
            const auto born = rng_.between(1900, 2004);
            base = t;
            q = occupation;
            q += ", born ";
            append_int(q, born);
            append_xml_escaped(a, t);
            if (rng_.percent(20)) {
                t += " (";
                t += occupation;
                t += ')';
            }
            a += " (born ";
            append_int(a, rng_.between(1, 28));
            a += ' ';
            a += kMonths[rng_.below(12)];
            a += ' ';
            append_int(a, born);
            a += ") is ";
            append_indefinite(a, rng_.pick(kNationalities));
            a += ' ';
            a += occupation;
            a += ".";
            break;
        }
        case 2: {  // a place
            const auto region = rng_.pick(kRegions);
            const auto country = rng_.pick(kCountries);
            if (rng_.percent(5)) {
                t = rng_.pick(kPlaces);
            } else {
                if (rng_.percent(30)) t = rng_.pick(kPlaceQualifiers);
                t += rng_.pick(kPlacePrefixes);
                t += rng_.pick(kPlaceSuffixes);
            }
            base = t;
            if (rng_.percent(50)) {
                t += ", ";
                t += region;
            }
            const bool village = rng_.percent(50);
            q = country.starts_with("the ") ? country.substr(4) : country;
            append_xml_escaped(a, t);
            a += " is a ";
            a += village ? "village" : "town";
            a += " in ";
            a += region;
            a += ", ";
            a += country;
            a += ".";
            break;
        }
        case 3: {  // a species
            t = rng_.pick(kGenera);
            t += ' ';
            if (rng_.percent(5)) {
                t += rng_.pick(kEpithets);
            } else {
                for (std::uint32_t i = 0, n = 2 + rng_.below(2); i < n; ++i)
                    t += rng_.pick(kLatinSyllables);
                t += rng_.pick(kLatinEndings);
            }
            base = t;
            q = rng_.percent(60) ? "moth" : "beetle";
            a += t;
            a += " is a species of ";
            a += q;
            a += " in the family ";
            a += rng_.pick(kFamilies);
            a += ". It was described by ";
            append_xml_escaped(a, std::string{rng_.pick(kLastNames)});
            a += " in ";
            append_int(a, rng_.between(1758, 1990));
            a += ".";
            break;
        }
        case 4: {  // an album or song, sometimes with a title that needs escaping
            const bool album = rng_.percent(60);
            std::string name = other_work_title();
            const auto band = rng_.pick(kBands);
            t = name;
            t += album ? " (album)" : " (song)";
            base = name;
            q = band;
            q += album ? " album" : " song";
            append_xml_escaped(a, name);
            a += album ? " is the " : " is a song by ";
            if (album) {
                a += kOrdinals[rng_.below(kOrdinals.size())];
                a += " studio album by ";
            }
            append_xml_escaped(a, band);
            a += ", released in ";
            append_int(a, rng_.between(1962, 2021));
            a += ".";
            break;
        }
        case 5: {  // a film that is not in the CSV: the dump is full of them
            std::string name = other_work_title();
            const auto year = rng_.between(1915, 2021);
            t = name;
            t += " (";
            if (rng_.percent(60)) {
                append_int(t, year);
                t += ' ';
            }
            t += "film)";
            const auto nationality = rng_.pick(kNationalities);
            base = name;
            append_int(q, year);
            q += ' ';
            q += nationality;
            q += " film";  // "(1982 American film)", as Wikipedia does for same-year namesakes
            film_lead(a, name, year, nationality);
            break;
        }
        case 6: {  // a topic ("Frozen harbor effect": film titles rarely read like one)
            t = rng_.pick(kAdjectives);
            t += ' ';
            std::string noun{rng_.pick(kNouns)};
            noun[0] = static_cast<char>(noun[0] - 'A' + 'a');
            t += noun;
            t += rng_.percent(50) ? " effect" : " theory";
            const auto topic = rng_.pick(kTopics);
            base = t;
            q = topic;
            a += "In ";
            a += topic;
            a += ", ";
            a += t;
            a += " is a concept describing the ";
            a += rng_.pick(kNouns);
            a += " of a system.";
            break;
        }
        default: {  // organisations, ships, titles that need escaping
            switch (rng_.below(3)) {
            case 0:
                t = rng_.pick(kLastNames);
                t += " & ";
                t += rng_.pick(kLastNames);
                break;
            case 1:
                t = "HMS ";
                t += rng_.pick(kNouns);
                t += " (";
                append_int(t, rng_.between(1790, 1990));
                t += ')';
                break;
            default:
                t = '"';
                t += rng_.pick(kAdjectives);
                t += "\" ";
                t += rng_.pick(kLastNames);
                break;
            }
            const auto place = rng_.pick(kPlaces);
            base = t;
            q = place;
            append_xml_escaped(a, t);
            a += " is an organisation based in ";
            a += place;
            a += ".";
            break;
        }
        }

        if (kind == AbstractKind::Prose) {
            extend_prose(a);
        } else if (kind == AbstractKind::Debris) {
            a.clear();
            debris(a);
        } else {
            a.clear();
        }
        make_unique(t, base, q);
        emit(t, kind, a);
    }

    // A title for an album, a song or a film that is not in the CSV. Most share no title with a
    // CSV film, as in the real dump, where about one page in forty does.
    std::string other_work_title()
    {
        std::string name = film_title(rng_);
        if (rng_.percent(90)) {
            name += ' ';
            name += rng_.pick(kPlacePrefixes);
            name += rng_.pick(kPlaceSuffixes);
        }
        return name;
    }

    void film_doc(const FilmEntry& film)
    {
        AbstractKind kind = film.abstract.empty() ? AbstractKind::Debris : AbstractKind::Prose;
        std::string debris_text;
        if (kind == AbstractKind::Debris) film_debris(debris_text);
        emit(film.title, kind, kind == AbstractKind::Debris ? debris_text : film.abstract, PageKind::film);
    }

    // "Title is a 1995 American drama film directed by ...", XML-escaped; a year of 0 is left out.
    void film_lead(std::string& a, std::string_view title, std::int64_t year,
                   std::string_view nationality = {})
    {
        if (nationality.empty()) nationality = rng_.pick(kNationalities);
        append_xml_escaped(a, title);
        a += " is ";
        if (year > 0) {
            a += "a ";
            append_int(a, year);
            a += ' ';
            a += nationality;
        } else {
            append_indefinite(a, nationality);
        }
        a += ' ';
        a += rng_.pick(kGenres);
        a += " film directed by ";
        append_xml_escaped(a, person_name(rng_));
        a += " and starring ";
        append_xml_escaped(a, person_name(rng_));
        a += ", ";
        append_xml_escaped(a, person_name(rng_));
        a += " and ";
        append_xml_escaped(a, person_name(rng_));
        a += ".";
    }

    void extend_prose(std::string& a)
    {
        // Mostly short leads, a long tail up to 600 bytes.
        const std::size_t target = rng_.percent(70) ? 50 + rng_.below(250) : 300 + rng_.below(300);
        std::string sentence;
        while (a.size() < target) {
            sentence.clear();
            filler_sentence(rng_, sentence);
            if (a.size() + 1 + sentence.size() > 600) break;
            a += ' ';
            a += sentence;
        }
    }

    Rng& rng() { return rng_; }
    std::uint64_t written() const { return sink_.written(); }

private:
    static constexpr std::array kMonths{"January"sv, "February"sv, "March"sv, "April"sv,
                                        "May"sv, "June"sv, "July"sv, "August"sv,
                                        "September"sv, "October"sv, "November"sv, "December"sv};
    static constexpr std::array kOrdinals{"debut"sv, "second"sv, "third"sv, "fourth"sv,
                                          "fifth"sv, "sixth"sv, "seventh"sv};

    // "James Smith" is taken: try "James Smith (politician, born 1956)", then number it.
    void make_unique(std::string& title, std::string_view base, std::string_view qualifier)
    {
        if (titles_.claim(title)) return;
        title.assign(base);
        title += " (";
        title += qualifier;
        const std::size_t unnumbered = title.size();
        title += ')';
        for (std::int64_t n = 2; !titles_.claim(title); ++n) {
            title.resize(unnumbered);
            title += ", ";
            append_int(title, n);
            title += ')';
        }
    }

    // Leads that start with a template come out of the real dump as its last parameter line.
    void debris(std::string& a)
    {
        switch (rng_.below(4)) {
        case 0: a += "}}"; break;
        case 1:
            a += "thumb|200px|[[";
            a += rng_.pick(kPlaces);
            a += " ";
            a += rng_.pick(kNouns);
            a += " in ";
            append_int(a, rng_.between(1890, 2015));
            a += ".]]";
            break;
        default:
            a += "| ";
            a += rng_.pick(kInfoboxKeys);
            a += " =";
            if (rng_.percent(60)) {
                a += ' ';
                append_xml_escaped(a, person_name(rng_));
            }
            break;
        }
    }

    // A film's article: the last line of {{Infobox film}}, or the end of the template.
    void film_debris(std::string& a)
    {
        if (rng_.percent(15)) {
            a += "}}";
            return;
        }
        a += "| ";
        a += rng_.pick(kFilmInfoboxKeys);
        a += " =";
        if (rng_.percent(60)) {
            a += ' ';
            append_xml_escaped(a, person_name(rng_));
        }
    }

    enum class PageKind { any, film };

    void emit(std::string_view title, AbstractKind kind, std::string_view abstract, PageKind page = PageKind::any)
    {
        doc_.clear();
        doc_ += "<doc>\n<title>Wikipedia: ";
        append_xml_escaped(doc_, title);
        doc_ += "</title>\n<url>https://en.wikipedia.org/wiki/";
        const std::size_t path_start = doc_.size();
        append_wiki_path(doc_, title);
        path_.assign(doc_, path_start, std::string::npos);
        doc_ += "</url>\n";
        switch (kind) {
        case AbstractKind::Empty: doc_ += "<abstract></abstract>\n"; break;
        case AbstractKind::NotApplicable: doc_ += "<abstract not-applicable=\"\" />\n"; break;
        default:
            doc_ += "<abstract>";
            doc_ += abstract;
            doc_ += "</abstract>\n";
        }
        doc_ += "<links>\n";
        // Most pages have a handful of sections; some long articles have dozens.
        std::uint32_t links = rng_.percent(85) ? rng_.below(12) : 12 + rng_.below(30);
        // A film's article has the film headings first (Plot, Cast, Production...).
        if (page == PageKind::film) links = 2 + rng_.below(kFilmSections.size() - 1);
        for (std::uint32_t i = 0; i < links; ++i) {
            const auto section = page == PageKind::film ? kFilmSections[i] : rng_.pick(kSections);
            doc_ += "<sublink linktype=\"nav\"><anchor>";
            doc_ += section;
            doc_ += "</anchor><link>https://en.wikipedia.org/wiki/";
            doc_ += path_;
            doc_ += '#';
            append_wiki_path(doc_, section);
            doc_ += "</link></sublink>\n";
        }
        doc_ += "</links>\n</doc>\n";
        sink_.write(doc_);
    }

    GzipSink& sink_;
    Rng rng_;
    TitleRegistry titles_;
    std::string title_;
    std::string base_;
    std::string abstract_;
    std::string qualifier_;
    std::string doc_;
    std::string path_;
};

struct CsvFilm {
    std::string title;
    std::int64_t year = 0;  // 0 when release_date is blank or malformed
};

std::vector<CsvFilm> read_films(const std::string& path)
{
    CsvFileReader reader(path);
    std::vector<std::string> fields;
    if (!reader.next(fields)) fail(path + ": empty file");
    std::size_t title_col = fields.size();
    std::size_t date_col = fields.size();
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i] == "title") title_col = i;
        if (fields[i] == "release_date") date_col = i;
    }
    if (title_col == fields.size() || date_col == fields.size())
        fail(path + ": header has no title and release_date columns");
    const std::size_t width = fields.size();

    std::vector<CsvFilm> films;
    while (reader.next(fields)) {
        // Broken records (wrong field count) are skipped: sluice rejects them too.
        if (fields.size() != width || fields[title_col].empty()) continue;
        CsvFilm film;
        film.title = fields[title_col];
        const std::string& date = fields[date_col];
        auto digit = [](char c) { return c >= '0' && c <= '9'; };
        if (date.size() >= 4 && std::all_of(date.begin(), date.begin() + 4, digit))
            film.year = std::stoi(date.substr(0, 4));
        films.push_back(std::move(film));
    }
    return films;
}

// Pages for a deterministic subset of the CSV films, and decoys beside them: the film's page is
// titled `T`, `T (film)` or `T (YEAR film)`; decoys are `T (novel)` and `T (soundtrack)`.
std::vector<FilmEntry> film_entries(const std::vector<CsvFilm>& films, AbstractsWriter& writer,
                                    std::uint64_t seed)
{
    std::vector<FilmEntry> entries;
    TitleRegistry& titles = writer.titles();
    Rng& rng = writer.rng();
    for (const CsvFilm& film : films) {
        std::string candidate = film.title;
        titles.reserve(candidate);
        candidate += " (film)";
        titles.reserve(candidate);
        if (film.year > 0) {
            candidate.resize(film.title.size());
            candidate += " (";
            append_int(candidate, film.year);
            candidate += " film)";
            titles.reserve(candidate);
        }
    }
    for (const CsvFilm& film : films) {
        std::string key = film.title;
        key += '|';
        append_int(key, film.year);
        const std::uint64_t h = stable_hash(key, seed);
        if (h % 100 >= 70) continue;  // 70% of films have a page

        FilmEntry page;
        page.title = film.title;
        const std::uint64_t form = (h >> 8) % 10;
        if (form >= 6 && film.year > 0) {
            page.title += " (";
            append_int(page.title, film.year);
            page.title += " film)";
        } else if (form >= 4) {
            page.title += " (film)";
        }
        // The CSV repeats titles (remakes, duplicate rows); a page title occurs once.
        if (!titles.claim_film(page.title)) continue;
        // One film page in five has template debris for an abstract, as in the real dump.
        if ((h >> 16) % 5 != 0) {
            writer.film_lead(page.abstract, film.title, film.year);
            writer.extend_prose(page.abstract);
        }
        page.order = mix64(h);
        entries.push_back(std::move(page));

        const std::uint64_t decoy = (h >> 24) % 100;
        if (decoy < 25) {
            FilmEntry other;
            other.title = film.title;
            const bool novel = decoy < 15;
            other.title += novel ? " (novel)" : " (soundtrack)";
            if (!titles.claim_film(other.title)) continue;
            append_xml_escaped(other.abstract, film.title);
            if (novel) {
                other.abstract += " is a ";
                const std::int64_t published = film.year > 0 ? film.year - 1 - rng.between(0, 19)
                                                             : rng.between(1950, 2009);
                append_int(other.abstract, published);
                other.abstract += " novel by ";
                append_xml_escaped(other.abstract, person_name(rng));
                other.abstract += ".";
            } else {
                other.abstract += " is the soundtrack album to the film of the same name, ";
                other.abstract += "composed by ";
                append_xml_escaped(other.abstract, person_name(rng));
                other.abstract += ".";
            }
            writer.extend_prose(other.abstract);
            other.order = mix64(h ^ 0x5bd1e995);
            entries.push_back(std::move(other));
        }
    }
    // Spread decoys and films through the dump independently of CSV order.
    std::sort(entries.begin(), entries.end(), [](const FilmEntry& a, const FilmEntry& b) {
        return a.order != b.order ? a.order < b.order : a.title < b.title;
    });
    return entries;
}

struct AbstractsOptions {
    std::uint64_t size = 0;
    std::uint64_t seed = 0;
    std::string films_csv;
    std::string output;
};

void generate_abstracts(const AbstractsOptions& opt)
{
    std::vector<CsvFilm> films;
    if (!opt.films_csv.empty()) films = read_films(opt.films_csv);

    GzipSink sink(opt.output);
    AbstractsWriter writer(sink, opt.seed);
    std::vector<FilmEntry> entries = film_entries(films, writer, opt.seed);

    writer.begin();
    // Film page k goes out once k/(n+1) of the requested size has been written, so the pages
    // are spread evenly however large the dump is.
    std::size_t next = 0;
    const std::size_t n = entries.size();
    const double step = static_cast<double>(opt.size) / static_cast<double>(n + 1);
    auto due = [&](std::size_t k) {
        return static_cast<double>(writer.written()) >= step * static_cast<double>(k + 1);
    };
    while (writer.written() < opt.size) {
        while (next < n && due(next)) writer.film_doc(entries[next++]);
        if (writer.written() >= opt.size) break;
        writer.random_doc();
    }
    writer.end();
    sink.finish();
    std::fprintf(stderr, "sluice-gen: %llu bytes of XML, %zu of %zu film pages and decoys%s\n",
                 static_cast<unsigned long long>(sink.written()), next, n,
                 next < n ? " (raise --size to fit them all)" : "");
}

// ---------------------------------------------------------------------------------------------
// movies

struct MoviesOptions {
    std::uint64_t rows = 0;
    std::uint64_t seed = 0;
    std::string output;
};

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

// ---------------------------------------------------------------------------------------------
// Command line

constexpr std::uint64_t kDefaultSeed = 20240601;

constexpr std::string_view kUsage =
    "usage: sluice-gen abstracts --size BYTES [--seed N] [--films-csv PATH] -o OUT.xml.gz\n"
    "       sluice-gen movies --rows N [--seed N] -o OUT.csv\n"
    "\n"
    "BYTES is uncompressed XML and may end in K, M or G (powers of 1024).\n"
    "The default seed is 20240601; the same arguments always give the same bytes.\n";

std::uint64_t parse_count(std::string_view option, std::string_view text, bool allow_suffix)
{
    std::uint64_t multiplier = 1;
    if (allow_suffix && !text.empty()) {
        switch (text.back()) {
        case 'K': case 'k': multiplier = 1ULL << 10; break;
        case 'M': case 'm': multiplier = 1ULL << 20; break;
        case 'G': case 'g': multiplier = 1ULL << 30; break;
        default: break;
        }
        if (multiplier != 1) text.remove_suffix(1);
    }
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
        throw UsageError(std::string(option) + ": not a number: " + std::string(text));
    if (value > UINT64_MAX / multiplier) throw UsageError(std::string(option) + ": too large");
    return value * multiplier;
}

int run(int argc, char** argv)
{
    if (argc < 2) throw UsageError("missing subcommand");
    const std::string_view command = argv[1];
    if (command == "-h" || command == "--help") {
        std::fputs(kUsage.data(), stdout);
        return 0;
    }
    if (command != "abstracts" && command != "movies")
        throw UsageError("unknown subcommand: " + std::string(command));

    std::optional<std::uint64_t> size, rows;
    std::uint64_t seed = kDefaultSeed;
    std::string films_csv, output;
    for (int i = 2; i < argc; ++i) {
        const std::string_view arg = argv[i];
        auto value = [&]() -> std::string_view {
            if (i + 1 >= argc) throw UsageError(std::string(arg) + " needs a value");
            return argv[++i];
        };
        if (arg == "-h" || arg == "--help") {
            std::fputs(kUsage.data(), stdout);
            return 0;
        } else if (arg == "--size" && command == "abstracts") {
            size = parse_count(arg, value(), true);
        } else if (arg == "--films-csv" && command == "abstracts") {
            films_csv = value();
        } else if (arg == "--rows" && command == "movies") {
            rows = parse_count(arg, value(), false);
        } else if (arg == "--seed") {
            seed = parse_count(arg, value(), false);
        } else if (arg == "-o" || arg == "--output") {
            output = value();
        } else {
            throw UsageError("unknown option for " + std::string(command) + ": " +
                             std::string(arg));
        }
    }
    if (output.empty()) throw UsageError("-o OUT is required");

    if (command == "abstracts") {
        if (!size) throw UsageError("--size BYTES is required");
        generate_abstracts({*size, seed, films_csv, output});
    } else {
        if (!rows) throw UsageError("--rows N is required");
        generate_movies({*rows, seed, output});
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        return run(argc, argv);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "sluice-gen: %s\n%s", e.what(), kUsage.data());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sluice-gen: %s\n", e.what());
        return 1;
    }
}
