#include "bench/gen/abstracts_writer.hpp"

#include "bench/gen/prose.hpp"
#include "bench/gen/text_append.hpp"
#include "bench/gen/word_lists.hpp"
#include "bench/gen/xml_escape.hpp"

#include <array>

namespace sluice_gen {
namespace {

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

constexpr std::array kMonths{"January"sv, "February"sv, "March"sv, "April"sv,
                             "May"sv, "June"sv, "July"sv, "August"sv,
                             "September"sv, "October"sv, "November"sv, "December"sv};
constexpr std::array kOrdinals{"debut"sv, "second"sv, "third"sv, "fourth"sv,
                               "fifth"sv, "sixth"sv, "seventh"sv};

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

} // namespace

// A page on anything but a CSV film.
void AbstractsWriter::random_doc()
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
std::string AbstractsWriter::other_work_title()
{
    std::string name = film_title(rng_);
    if (rng_.percent(90)) {
        name += ' ';
        name += rng_.pick(kPlacePrefixes);
        name += rng_.pick(kPlaceSuffixes);
    }
    return name;
}

void AbstractsWriter::film_doc(const FilmEntry& film)
{
    AbstractKind kind = film.abstract.empty() ? AbstractKind::Debris : AbstractKind::Prose;
    std::string debris_text;
    if (kind == AbstractKind::Debris) film_debris(debris_text);
    emit(film.title, kind, kind == AbstractKind::Debris ? debris_text : film.abstract, PageKind::film);
}

// "Title is a 1995 American drama film directed by ...", XML-escaped; a year of 0 is left out.
void AbstractsWriter::film_lead(std::string& a, std::string_view title, std::int64_t year,
                                std::string_view nationality)
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

void AbstractsWriter::extend_prose(std::string& a)
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

// "James Smith" is taken: try "James Smith (politician, born 1956)", then number it.
void AbstractsWriter::make_unique(std::string& title, std::string_view base, std::string_view qualifier)
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
void AbstractsWriter::debris(std::string& a)
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
void AbstractsWriter::film_debris(std::string& a)
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

void AbstractsWriter::emit(std::string_view title, AbstractKind kind, std::string_view abstract, PageKind page)
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

} // namespace sluice_gen
