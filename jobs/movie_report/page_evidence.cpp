#include "jobs/movie_report/page_evidence.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <vector>

namespace sluice {

namespace {

using namespace std::string_view_literals;

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N>& words)
{
    return std::find(words.begin(), words.end(), word) != words.end();
}

// A lead's kind is named within its first clause: "X is a 1995 American crime film directed
// by...". Only that much of the abstract is read.
constexpr std::size_t kLeadBytes = 400;
constexpr std::size_t kKindWords = 14;

// Nouns that make "X is a ... NOUN" something other than a film, unless "film" follows
// ("a musical film", "a television film").
constexpr std::array kOtherKinds{
    "novel"sv, "novella"sv, "book"sv, "books"sv, "album"sv, "ep"sv, "lp"sv, "mixtape"sv,
    "song"sv, "single"sv, "band"sv, "duo"sv, "trio"sv, "group"sv, "series"sv, "miniseries"sv,
    "sitcom"sv, "show"sv, "programme"sv, "program"sv, "serial"sv, "soap"sv, "telenovela"sv,
    "game"sv, "videogame"sv, "musical"sv, "play"sv, "opera"sv, "operetta"sv, "ballet"sv,
    "poem"sv, "comic"sv, "comics"sv, "manga"sv, "anime"sv, "magazine"sv, "newspaper"sv,
    "journal"sv, "city"sv, "town"sv, "village"sv, "hamlet"sv, "river"sv, "mountain"sv,
    "lake"sv, "island"sv, "county"sv, "municipality"sv, "district"sv, "suburb"sv,
    "neighborhood"sv, "neighbourhood"sv, "community"sv, "region"sv, "province"sv, "parish"sv,
    "company"sv, "corporation"sv, "brand"sv, "label"sv, "character"sv, "creature"sv,
    "monster"sv, "franchise"sv, "episode"sv, "soundtrack"sv, "score"sv, "footballer"sv,
    "actor"sv, "actress"sv, "singer"sv, "musician"sv, "politician"sv, "writer"sv, "author"sv,
    "novelist"sv, "rapper"sv, "player"sv, "painter"sv, "artist"sv, "poet"sv, "composer"sv,
    "director"sv, "producer"sv, "screenwriter"sv, "filmmaker"sv, "journalist"sv,
    "comedian"sv, "businessman"sv, "businesswoman"sv, "model"sv, "dancer"sv, "wrestler"sv,
    "boxer"sv, "cricketer"sv, "athlete"sv, "species"sv, "genus"sv, "moth"sv, "beetle"sv,
    "school"sv, "university"sv, "college"sv, "station"sv, "airport"sv, "ship"sv,
    "organisation"sv, "organization"sv, "team"sv, "club"sv, "website"sv, "software"sv,
    "television"sv, "tv"sv, "radio"sv, "channel"sv, "network"sv};

constexpr std::array kFilmNouns{"film"sv, "films"sv, "movie"sv, "documentary"sv, "docudrama"sv, "biopic"sv};

// "film director", "film festival", "documentary series": a film noun that qualifies another.
constexpr std::array kFilmQualified{
    "director"sv, "directors"sv, "producer"sv, "producers"sv, "actor"sv, "actress"sv, "critic"sv,
    "critics"sv, "editor"sv, "composer"sv, "studio"sv, "studios"sv, "festival"sv, "series"sv,
    "miniseries"sv, "score"sv, "company"sv, "distributor"sv, "award"sv, "awards"sv,
    "franchise"sv, "industry"sv, "maker"sv, "makers"sv, "theorist"sv, "historian"sv,
    "scholar"sv, "genre"sv, "character"sv, "photographer"sv, "filmmaker"sv, "television"sv};

// Words after which the noun phrase naming the page's kind is over.
constexpr std::array kPhraseEnds{
    "of"sv, "about"sv, "by"sv, "from"sv, "based"sv, "directed"sv, "written"sv, "produced"sv,
    "that"sv, "which"sv, "who"sv, "whose"sv, "starring"sv, "in"sv, "on"sv, "for"sv,
    "with"sv, "where"sv, "set"sv, "to"sv, "at"sv, "as"sv, "after"sv, "featuring"sv,
    "released"sv, "published"sv, "recorded"sv, "composed"sv, "performed"sv, "broadcast"sv,
    "aired"sv, "located"sv, "situated"sv, "resembling"sv};

constexpr std::array kDisambiguationPhrases{
    "may refer to"sv, "may also refer to"sv, "can refer to"sv, "might refer to"sv,
    "may stand for"sv, "most commonly refers to"sv};

// Infobox lines, by which infoboxes have them. The dump leaves one line of the infobox as the
// abstract (the one after a multi-line template: "| music =" after a {{Plainlist}} of the cast,
// "| runtime =" after {{Film date}}), so its key says which infobox the page has.
//
// {{Infobox film}}'s own: the infoboxes of a film's namesakes (album, song, TV series, video
// game, book, musical, play) do not have them, or seldom fill them (a musical's "| music =", a
// TV series' "| cinematography ="), and those pages name their kind in their headings.
constexpr std::array kFilmOnlyKeys{
    "screenplay"sv, "cinematography"sv, "editing"sv, "music"sv, "distributor"sv, "production_companies"sv,
    "production_company"sv, "budget"sv, "gross"sv, "based_on"sv, "film_name"sv};
// ...ones that other infoboxes fill as often: an album's producer and studio, a song's writer,
// a video game's director and release date, a TV series' cast and running time.
constexpr std::array kFilmSharedKeys{
    "director"sv, "producer"sv, "producers"sv, "writer"sv, "story"sv, "starring"sv, "narrator"sv, "studio"sv,
    "released"sv, "runtime"sv};
// ...and ones every kind of work has (a novel's, a TV series'): they say "a work", not "a film".
constexpr std::array kWorkKeys{"country"sv, "language"sv};
// Any infobox's: they tell nothing.
constexpr std::array kGenericKeys{
    "name"sv, "image"sv, "image_size"sv, "imagesize"sv, "image_upright"sv, "image_alt"sv, "alt"sv, "caption"sv,
    "border"sv, "italic_title"sv};

// Section headings of a film's article that other kinds of article rarely have.
constexpr std::array kFilmCastSections{"Cast"sv, "Voice cast"sv, "Cast and crew"sv};
constexpr std::array kFilmOnlySections{"Box office"sv, "Filming"sv, "Casting"sv, "Home media"sv,
                                       "Principal photography"sv};
constexpr std::array kStorySections{"Plot"sv, "Synopsis"sv, "Premise"sv, "Plot summary"sv, "Summary"sv};
// A work that was produced and released: a novel is published instead, a TV series broadcast.
constexpr std::array kMakingSections{"Production"sv, "Development"sv, "Release"sv, "Soundtrack"sv, "Music"sv};
constexpr std::array kReceptionSections{"Reception"sv, "Critical reception"sv, "Critical response"sv,
                                        "Accolades"sv};
// ...and headings a film's article does not have: a TV series' Episodes and Main / Recurring
// cast, an album's Track listing, a song's Music video, a novel's or a play's Characters and
// Adaptations, a musical's Roles and Production history, a person's Career.
constexpr std::array kOtherSections{
    "Episodes"sv, "Series overview"sv, "Main"sv, "Recurring"sv, "Format"sv, "Track listing"sv, "Personnel"sv,
    "Recording"sv, "Composition"sv, "Music video"sv, "Gameplay"sv, "Early life"sv, "Early life and education"sv,
    "Personal life"sv, "Career"sv, "Discography"sv, "Publication history"sv, "Publication"sv, "Characters"sv,
    "Adaptations"sv, "Film adaptation"sv, "Film adaptations"sv, "Storyline"sv, "Musical numbers"sv, "Songs"sv,
    "Roles"sv, "Productions"sv, "Production history"sv, "Geography"sv, "Demographics"sv, "Climate"sv,
    "Members"sv, "Band members"sv, "Filmography"sv, "Biography"sv, "Chart performance"sv, "Charts"sv,
    "Cast and characters"sv, "Broadcast"sv, "Awards and honors"sv};

std::optional<int> as_year(std::string_view word)
{
    if (word.size() != 4) return std::nullopt;
    int year = 0;
    const auto [end, error] = std::from_chars(word.data(), word.data() + 4, year);
    if (error != std::errc{} || end != word.data() + 4 || year < 1870 || year > 2039) return std::nullopt;
    return year;
}

// The first bytes of the abstract, ASCII-lowered, whitespace collapsed (re-indented dumps break
// leads over several lines).
std::string lowered_lead(std::string_view abstract)
{
    std::string lead;
    lead.reserve(std::min(abstract.size(), kLeadBytes));
    bool space = false;
    for (const char c : abstract.substr(0, kLeadBytes)) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = !lead.empty();
            continue;
        }
        if (space) lead += ' ';
        space = false;
        lead += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return lead;
}

struct Word {
    std::string_view text;  // punctuation around it stripped
    bool ends_clause = false;
};

std::vector<Word> words_of(std::string_view lead)
{
    std::vector<Word> words;
    std::size_t i = 0;
    while (i < lead.size()) {
        const auto end = std::min(lead.find(' ', i), lead.size());
        auto token = lead.substr(i, end - i);
        i = end + 1;
        // "film." ends the phrase; "Mr." and "U.S." do not.
        const bool abbreviation = token.size() <= 3 || token.substr(0, token.size() - 1).find('.') != std::string_view::npos;
        const bool ends_clause = !token.empty() && (token.back() == ';' || (token.back() == '.' && !abbreviation));
        constexpr std::string_view kStrip = "()[],;:.\"'!?";
        while (!token.empty() && kStrip.find(token.front()) != std::string_view::npos) token.remove_prefix(1);
        while (!token.empty() && kStrip.find(token.back()) != std::string_view::npos) token.remove_suffix(1);
        words.push_back({token, ends_clause});
    }
    return words;
}

// "X is a 1995 American crime film": the kind is the first telling noun after the copula, the
// year the last one before it.
void read_lead(std::string_view abstract, PageEvidence& evidence)
{
    const auto lead = lowered_lead(abstract);
    for (const auto phrase : kDisambiguationPhrases) {
        if (lead.find(phrase) != std::string::npos) {
            evidence.disambiguation = true;
            evidence.film = FilmSignal::contrary;
            return;
        }
    }
    const auto words = words_of(lead);
    std::size_t start = words.size();
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        const auto verb = words[i].text;
        const auto article = words[i + 1].text;
        if ((verb == "is" || verb == "was" || verb == "are" || verb == "were") &&
            (article == "a" || article == "an" || article == "the")) {
            start = i + 2;
            break;
        }
    }
    // Kind nouns may be stacked ("a musical fantasy film", "the soundtrack album"): the last one
    // of the noun phrase is its head, so a film noun anywhere in the phrase makes it a film.
    std::optional<int> year;
    bool other_kind = false;
    for (std::size_t i = start; i < words.size() && i < start + kKindWords; ++i) {
        const auto word = words[i].text;
        const auto next = i + 1 < words.size() ? words[i + 1].text : std::string_view{};
        if (const auto y = as_year(word)) {
            year = y;
        } else if (is_one_of(word, kFilmNouns)) {
            if (is_one_of(next, kFilmQualified)) {  // "a film director", "a documentary series"
                other_kind = true;
                break;
            }
            evidence.film = FilmSignal::strong;
            evidence.year = year;
            return;
        } else if (is_one_of(word, kOtherKinds)) {
            other_kind = true;
        } else if (is_one_of(word, kPhraseEnds)) {
            break;
        }
        if (words[i].ends_clause) break;
    }
    if (other_kind) evidence.film = FilmSignal::contrary;
}

// "| screenplay =" and "| released = 1995": the key and value of a template's last line.
struct InfoboxLine {
    std::string key;
    std::string_view value;
};

std::optional<InfoboxLine> infobox_line(std::string_view abstract)
{
    while (!abstract.empty() && (abstract.front() == ' ' || abstract.front() == '\n')) abstract.remove_prefix(1);
    if (!abstract.starts_with('|')) return std::nullopt;
    const auto equals = abstract.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    InfoboxLine line;
    for (const char c : abstract.substr(1, equals - 1)) {
        if (c >= 'A' && c <= 'Z') line.key += static_cast<char>(c - 'A' + 'a');
        else if (c == ' ' || c == '_') line.key += line.key.empty() || line.key.back() == '_' ? "" : "_";
        else line.key += c;
    }
    while (!line.key.empty() && line.key.back() == '_') line.key.pop_back();
    line.value = abstract.substr(equals + 1);
    return line;
}

// Points for and against "film" from one kind of evidence.
constexpr int kStrongFor = 2;
constexpr int kWeakFor = 1;
constexpr int kAgainst = -3;

// "| runtime = 97 minutes": a feature's length, one figure of an hour or more. A TV series'
// episodes run "22 minutes" or "42–48 minutes".
bool feature_length(std::string_view value)
{
    const auto digits = value.find_first_of("0123456789");
    if (digits == std::string_view::npos) return false;
    int minutes = 0;
    const auto [end, error] = std::from_chars(value.data() + digits, value.data() + value.size(), minutes);
    if (error != std::errc{}) return false;
    auto rest = value.substr(static_cast<std::size_t>(end - value.data()));
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    // A range ("44-48", "44–48" with an en dash) is a series' episodes.
    if (rest.starts_with('-') || rest.starts_with("\u2013"sv)) return false;
    return minutes >= 60 && rest.starts_with("min");
}

// What the headings say, by family.
struct Headings {
    bool other = false;      // a heading a film's article does not have
    bool film_only = false;  // Box office, Filming
    bool cast = false;
    bool story = false;      // Plot, Synopsis: a novel's or a play's as much as a film's
    bool making = false;     // Production, Release
    bool reception = false;  // any work's
};

Headings read_headings(const std::vector<std::string>& sections)
{
    Headings h;
    for (const auto& heading : sections) {
        const std::string_view name{heading};
        h.other = h.other || is_one_of(name, kOtherSections);
        h.film_only = h.film_only || is_one_of(name, kFilmOnlySections);
        h.cast = h.cast || is_one_of(name, kFilmCastSections);
        h.story = h.story || is_one_of(name, kStorySections);
        h.making = h.making || is_one_of(name, kMakingSections);
        h.reception = h.reception || is_one_of(name, kReceptionSections);
    }
    return h;
}

// "thumb|250px|[[Theatrical release poster]]", "| caption = Original theatrical poster": the
// caption {{Infobox film}} gives its image. A TV series' is a "promotional poster" or a title card.
bool captions_a_film_poster(std::string_view abstract)
{
    const auto lead = lowered_lead(abstract);
    if (!lead.starts_with('|') && !lead.starts_with("thumb|")) return false;
    return lead.find("theatrical release poster") != std::string::npos ||
           lead.find("theatrical poster") != std::string::npos;
}

int infobox_points(std::string_view abstract, const Headings& headings, PageEvidence& evidence)
{
    if (captions_a_film_poster(abstract)) return kStrongFor;
    const auto line = infobox_line(abstract);
    if (!line) return 0;
    const std::string_view key{line->key};
    if (is_one_of(key, kGenericKeys)) return 0;
    // A novel has a country and a language, and a plot and a reception too; it has no cast, and
    // it is published, not produced and released.
    if (is_one_of(key, kWorkKeys)) return headings.cast || headings.making || headings.film_only ? kWeakFor : 0;
    if (is_one_of(key, kFilmOnlyKeys)) {
        // "| distributor = CBS Television Distribution" is a TV series' line.
        if (key == "distributor" && line->value.find("Television") != std::string_view::npos) return kWeakFor;
        return kStrongFor;
    }
    if (is_one_of(key, kFilmSharedKeys)) {
        if (key == "runtime" && feature_length(line->value)) return kStrongFor;
        if (key == "released") {
            for (std::size_t i = 0; i + 4 <= line->value.size(); ++i) {
                if (const auto year = as_year(line->value.substr(i, 4))) {
                    evidence.year = year;
                    break;
                }
            }
        }
        return kWeakFor;
    }
    return kAgainst;  // "| birth_place =", "|developer=", "| pushpin_label =", "| label ="...
}

int section_points(const Headings& h)
{
    if (h.other) return kAgainst;
    // A cast with anything else a film's article has, or a plot that was produced and released.
    if (h.film_only || (h.cast && (h.story || h.making || h.reception)) || (h.story && h.making)) return kStrongFor;
    if (h.story || h.cast || h.making || h.reception) return kWeakFor;
    return 0;
}

} // namespace

PageEvidence read_evidence(const WikiDoc& doc)
{
    PageEvidence evidence;
    read_lead(doc.abstract, evidence);
    // A lead that names the page's kind settles it; otherwise the debris and the headings are
    // weighed together, and anything saying "not a film" outweighs a hint.
    if (evidence.film != FilmSignal::none) return evidence;
    const auto headings = read_headings(doc.sections);
    const int points = infobox_points(doc.abstract, headings, evidence) + section_points(headings);
    if (points < 0) evidence.film = FilmSignal::contrary;
    else if (points >= kStrongFor) evidence.film = FilmSignal::strong;
    else if (points > 0) evidence.film = FilmSignal::weak;
    if (evidence.film == FilmSignal::contrary) evidence.year.reset();
    return evidence;
}

TitleForm title_form(std::string_view qualifier)
{
    if (qualifier.empty()) return {TitleForm::bare, 0, {}};
    // "film", "1995 film", "1995 American film", "TV film", "2004 Tamil film"
    const auto last_space = qualifier.rfind(' ');
    const auto last = last_space == std::string_view::npos ? qualifier : qualifier.substr(last_space + 1);
    if (last != "film" && last != "movie") return {TitleForm::other, 0, {}};
    auto words = last_space == std::string_view::npos ? std::string_view{} : qualifier.substr(0, last_space);
    const auto first = words.substr(0, words.find(' '));
    TitleForm form{TitleForm::film, 0, words};
    if (const auto year = as_year(first)) {
        form = {TitleForm::year_film, *year, {}};
        form.descriptor = first.size() < words.size() ? words.substr(first.size() + 1) : std::string_view{};
    } else if (!first.empty() && first.find_first_not_of("0123456789") == std::string_view::npos) {
        return {TitleForm::other, 0, {}};  // "(93 film)"
    }
    // "(film series)" ended above; words before "film" are descriptive ("American", "TV").
    return form;
}

} // namespace sluice
