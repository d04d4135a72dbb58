#include "jobs/movie_report/page_evidence.hpp"

#include "fetch/file_source.hpp"
#include "parse/xml_doc_reader.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

using sluice::FilmSignal;
using sluice::PageEvidence;
using sluice::read_evidence;
using sluice::title_form;
using sluice::TitleForm;
using sluice::WikiDoc;

namespace {

PageEvidence of(std::string abstract, std::vector<std::string> sections = {})
{
    return read_evidence(WikiDoc{"T", "https://t", std::move(abstract), std::move(sections)});
}

std::string signal(const PageEvidence& e)
{
    switch (e.film) {
    case FilmSignal::contrary: return "contrary";
    case FilmSignal::none: return "none";
    case FilmSignal::weak: return "weak";
    case FilmSignal::strong: return "strong";
    }
    return "?";
}

} // namespace

TEST_CASE("evidence: a lead that calls the page a film gives the year before the noun")
{
    auto e = of("Heat is a 1995 American crime film written and directed by Michael Mann.");
    CHECK(signal(e) == "strong");
    CHECK(e.year == 1995);
    CHECK_FALSE(e.disambiguation);

    // Stacked kind words: the film noun heads the phrase.
    e = of("Willy Wonka & the Chocolate Factory is a 1971 American musical fantasy film directed by Mel Stuart.");
    CHECK(signal(e) == "strong");
    CHECK(e.year == 1971);
    CHECK(of("Oliver & Company is a 1988 American animated musical comedy-drama film produced by Disney.").year == 1988);
    CHECK(of("X is a 1990 American television film.").year == 1990);
    CHECK(of("X is a 1996 American made-for-television film.").year == 1996);
    CHECK(of("Roger & Me is a 1989 American documentary film written by Michael Moore.").year == 1989);
    CHECK(of("X was a 1950 movie.").year == 1950);

    // A film without a year in the lead.
    e = of("X is an upcoming film by Jane Doe.");
    CHECK(signal(e) == "strong");
    CHECK_FALSE(e.year.has_value());

    // Re-indented leads span lines; case does not matter.
    e = of("King Kong Is A 1933\n            American Monster FILM.");
    CHECK(signal(e) == "strong");
    CHECK(e.year == 1933);
}

TEST_CASE("evidence: a lead naming another kind of page is contrary")
{
    for (const char* lead : {
             "Jumanji is a 1981 fantasy children's picture book, written and illustrated by Chris Van Allsburg.",
             "Deadfall was an English thrash metal band from Nottingham, England.",
             "Deadfall is an original novel by Gary Russell featuring Bernice Summerfield.",
             "King Kong Groover is the second and final album by Babylon Zoo, released on 26 February 1999.",
             "Heat is the soundtrack album to the 1995 film of the same name.",
             "X is a 1995 American television series created by Y.",
             "X is an American film director and producer.",
             "X (born 12 May 1970) is an English actor.",
             "X is a 2004 documentary series about whales.",
             "King Kong is a fictional giant monster resembling a gorilla, who has appeared in various media since 1933.",
             "X is a village in Kent, England.",
             "X is a 1959 musical by Todd Matshikiza.",
         }) {
        CAPTURE(lead);
        const auto e = of(lead);
        CHECK(signal(e) == "contrary");
        CHECK_FALSE(e.year.has_value());
    }
}

TEST_CASE("evidence: disambiguation leads")
{
    for (const char* lead : {"Deadfall may refer to:", "Jumanji 2 may refer to:", "X may also refer to:",
                             "X can refer to several films:", "X most commonly refers to a film."}) {
        CAPTURE(lead);
        const auto e = of(lead, {"Plot", "Cast", "Box office"});
        CHECK(e.disambiguation);
        CHECK(signal(e) == "contrary");
    }
}

TEST_CASE("evidence: a lead that names no kind leaves it to the debris and the sections")
{
    CHECK(signal(of("In thermodynamics and engineering, a heat engine is a system that converts heat.")) == "none");
    CHECK(signal(of("An American in Paris is a jazz-influenced orchestral piece by George Gershwin.")) == "none");
    CHECK(signal(of("Throughout the decades King Kong has been featured in numerous comic book publications.")) == "none");
    // Titles with colons and abbreviations.
    CHECK(of("Jumanji: Welcome to the Jungle is a 2017 American fantasy film.").year == 2017);
    CHECK(of("Mr. Holland's Opus is a 1995 American drama film.").year == 1995);
    CHECK(of("X is a 1995 U.S. film.").year == 1995);
    // The kind is named in the first clause after "is a", not anywhere later.
    CHECK(signal(of("X is a 1995 study. A film followed.")) == "none");
    CHECK(signal(of("")) == "none");
    CHECK(signal(of("}}")) == "none");
    CHECK(signal(of("thumb|200px|[[The hammer of Thor.]]")) == "none");
}

TEST_CASE("evidence: infobox debris, weighed with the sections")
{
    // Film-only infobox lines are enough alone; lines other infoboxes share need film sections.
    CHECK(signal(of("| screenplay =")) == "strong");
    CHECK(signal(of("| Screenplay = Joe")) == "strong");
    CHECK(signal(of("| based on = The novel")) == "strong");
    CHECK(signal(of("| music = David Newman")) == "strong");
    CHECK(signal(of("| producer =")) == "weak");
    CHECK(signal(of("| music = David Newman", {"Plot", "Cast", "Production"})) == "strong");
    CHECK(signal(of("| producer =", {"Plot", "Reception"})) == "strong");
    CHECK(signal(of("| name = X")) == "none");
    CHECK(signal(of("| image = X.jpg", {"Plot", "Cast"})) == "strong");

    // Another infobox's line says "not a film", whatever the sections.
    CHECK(signal(of("| birth_place = Cleveland, Ohio, U.S.")) == "contrary");
    CHECK(signal(of("|developer=", {"Plot"})) == "contrary");
    CHECK(signal(of("| pushpin_label = LHR/EGLL")) == "contrary");
    CHECK(signal(of("| locmapin =")) == "contrary");
    CHECK(signal(of("| label = Warner", {"Plot", "Cast", "Box office"})) == "contrary");

    // The release year from "| released =".
    const auto e = of("| released = {{Film date|1995|12|15}}", {"Plot", "Cast"});
    CHECK(signal(e) == "strong");
    CHECK(e.year == 1995);
}

TEST_CASE("evidence: section headings")
{
    CHECK(signal(of("}}", {"Plot", "Cast", "Production"})) == "strong");
    CHECK(signal(of("}}", {"Box office"})) == "strong");
    CHECK(signal(of("}}", {"Voice cast", "Release"})) == "strong");
    CHECK(signal(of("}}", {"Plot", "Reception"})) == "weak");
    CHECK(signal(of("}}", {"References", "External links"})) == "none");
    // Headings a film's article does not have.
    CHECK(signal(of("}}", {"Plot", "Episodes"})) == "contrary");
    CHECK(signal(of("}}", {"Background", "Cast", "Songs", "Plot"})) == "contrary");
    CHECK(signal(of("}}", {"Plot", "Gameplay", "Development"})) == "contrary");
    CHECK(signal(of("}}", {"Track listing", "Personnel"})) == "contrary");
    CHECK(signal(of("}}", {"Early life", "Career"})) == "contrary");
    // A lead that names the kind is not overruled by the headings.
    CHECK(signal(of("X is a 2004 film.", {"Episodes"})) == "strong");
}

// The ways a dump writes one infobox line: spaced, aligned, unspaced, capitalised.
std::vector<std::string> spellings(const std::string& key, const std::string& value)
{
    std::string capitalised = key;
    capitalised[0] = static_cast<char>(capitalised[0] - 'a' + 'A');
    return {"| " + key + " = " + value, "| " + key + "          = " + value, "|" + key + "=" + value,
            "| " + capitalised + " = " + value, "\n  | " + key + " =  " + value};
}

TEST_CASE("evidence: a film-only infobox line is enough alone, unless a heading says otherwise")
{
    // The lines {{Infobox film}} has and a film's namesakes' infoboxes do not (or seldom fill).
    const std::vector<std::pair<std::string, std::string>> lines{
        {"screenplay", ""}, {"cinematography", "Dean Cundey"}, {"editing", "Dede Allen"}, {"music", "David Newman"},
        {"music", "Pino DonaggioSteve Sexton"}, {"distributor", "Warner Bros."}, {"production_companies", "Amblin Entertainment"},
        {"production_company", "Hammer Film Productions"}, {"budget", "$12 million"}, {"gross", "$45.2 million"},
        {"based_on", ""}, {"film_name", ""}, {"runtime", "97 minutes"}, {"runtime", "120 min"},
        {"runtime", "98 minutes[1]"}, {"runtime", "102 minutes (theatrical)"}};
    const std::vector<std::vector<std::string>> quiet{
        {}, {"References"}, {"References", "External links"}, {"External links", "Notes"}, {"See also"},
        {"Plot"}, {"Cast"}, {"Reception"}, {"Summary", "Awards"}, {"Awards and nominations"}};
    const std::vector<std::vector<std::string>> telling{
        {"Episodes"}, {"Premise", "Main", "Recurring"}, {"Synopsis", "Musical numbers"}, {"Productions"},
        {"Production history"}, {"Roles"}, {"Plot", "Characters"}, {"Track listing"}, {"Early life", "Career"}};
    for (const auto& [key, value] : lines) {
        for (const auto& line : spellings(key, value)) {
            CAPTURE(line);
            for (const auto& sections : quiet) CHECK(signal(of(line, sections)) == "strong");
            for (const auto& sections : telling) CHECK(signal(of(line, sections)) == "contrary");
        }
    }
}

TEST_CASE("evidence: a running time says film when it is a feature's, not a TV series' episodes'")
{
    for (const char* line : {"| runtime = 97 minutes", "| runtime = 60 minutes", "| runtime = 88 min", "|runtime=140 minutes",
                             "| runtime          = 94 minutes", "| runtime = 102 minutes<br>98 minutes (cut)"}) {
        CAPTURE(line);
        CHECK(signal(of(line, {"References"})) == "strong");
    }
    // Episodes' lengths, ranges, no figure, another unit: a line a TV series shares, which needs
    // the headings of a film to count.
    for (const char* line : {"| runtime = 22 minutes", "| runtime = 22–24 minutes", "| runtime = 44-48 minutes",
                             "| runtime = 42 – 48 minutes", "| runtime = 30 min", "| runtime =", "| runtime = 1 hour",
                             "| runtime = 59 minutes", "| runtime = approx. 45 minutes"}) {
        CAPTURE(line);
        CHECK(signal(of(line)) == "weak");
        CHECK(signal(of(line, {"References", "External links"})) == "weak");
        CHECK(signal(of(line, {"Plot", "Reception"})) == "strong");
        CHECK(signal(of(line, {"Premise", "Episodes"})) == "contrary");
    }
}

TEST_CASE("evidence: a distributor of television is a TV series' line")
{
    for (const char* line : {"| distributor = CBS Television Distribution", "| distributor = Sony Pictures Television",
                             "|distributor=Warner Bros. Television Distribution"}) {
        CAPTURE(line);
        CHECK(signal(of(line)) == "weak");
        CHECK(signal(of(line, {"References"})) == "weak");
        CHECK(signal(of(line, {"Cast and characters", "Episodes"})) == "contrary");
    }
    CHECK(signal(of("| distributor = Columbia Pictures", {"References"})) == "strong");
}

TEST_CASE("evidence: a film line other infoboxes share needs a film's headings")
{
    // An album's producer and studio, a song's writer, a video game's director and release, a TV
    // series' cast, narrator and story.
    for (const char* key : {"director", "producer", "producers", "writer", "story", "starring", "narrator", "studio", "released"}) {
        for (const auto& line : spellings(key, "Jane Doe")) {
            CAPTURE(line);
            CHECK(signal(of(line)) == "weak");
            CHECK(signal(of(line, {"References", "External links"})) == "weak");
            for (const auto& sections : {std::vector<std::string>{"Plot"}, {"Cast"}, {"Reception"},
                                                             {"Production", "Release"}, {"Summary", "Critical response"}})
                CHECK(signal(of(line, sections)) == "strong");
            CHECK(signal(of(line, {"Track listing"})) == "contrary");
            CHECK(signal(of(line, {"Plot", "Gameplay"})) == "contrary");
        }
    }
}

TEST_CASE("evidence: a country or a language is any work's: a plot and a reception do not make it a film")
{
    for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"country", "United Kingdom"}, {"country", "United States"}, {"language", "English"}, {"language", "French"}}) {
        for (const auto& line : spellings(key, value)) {
            CAPTURE(line);
            CHECK(signal(of(line)) == "none");
            CHECK(signal(of(line, {"References"})) == "none");
            // A novel's headings.
            CHECK(signal(of(line, {"Plot"})) == "weak");
            CHECK(signal(of(line, {"Plot summary", "Reception"})) == "weak");
            CHECK(signal(of(line, {"Synopsis", "Critical reception"})) == "weak");
            CHECK(signal(of(line, {"Plot", "Characters"})) == "contrary");
            CHECK(signal(of(line, {"Plot", "Adaptations"})) == "contrary");
            CHECK(signal(of(line, {"Plot", "Film adaptation"})) == "contrary");
            CHECK(signal(of(line, {"Publication history"})) == "contrary");
            // A cast, a production, a release: a film's.
            CHECK(signal(of(line, {"Release"})) == "strong");
            CHECK(signal(of(line, {"Production", "References"})) == "strong");
            CHECK(signal(of(line, {"Plot", "Release"})) == "strong");
            CHECK(signal(of(line, {"Cast"})) == "strong");
            CHECK(signal(of(line, {"Box office"})) == "strong");
            CHECK(signal(of(line, {"Plot", "Music"})) == "strong");
        }
    }
}

TEST_CASE("evidence: the look-alikes, kind by kind, with their own infobox lines and few headings")
{
    using Sections = std::vector<std::string>;
    struct Page {
        const char* abstract;
        Sections sections;
        const char* verdict;
    };
    const std::vector<std::pair<const char*, std::vector<Page>>> kinds{
        {"album", {{"| producer = Butch Vig", {"Background", "Track listing", "Personnel", "References"}, "contrary"},
                   {"| producer =", {"Track listing"}, "contrary"},
                   {"| studio = Abbey Road Studios", {"Track listing"}, "contrary"},
                   {"| released = May 5, 1995", {"Critical reception", "Track listing"}, "contrary"},
                   {"| language = English", {"Track listing", "Personnel"}, "contrary"},
                   {"| label = 4AD", {}, "contrary"},
                   {"| length = 43:12", {"Reception"}, "contrary"},
                   {"| recorded = 1994", {"References"}, "contrary"},
                   {"| prev_title = Nevermind", {}, "contrary"}}},
        {"song", {{"| writer = Jane Doe", {"Background", "Music video", "Charts"}, "contrary"},
                  {"| producer = Max Martin", {"Track listing"}, "contrary"},
                  {"| producer = Max Martin", {"Composition", "Critical reception"}, "contrary"},
                  {"| B-side = \"Velvet Doctor\"", {}, "contrary"},
                  {"| songwriter = Jane Doe", {"References"}, "contrary"},
                  {"| format = 7-inch single", {}, "contrary"}}},
        {"TV series", {{"| num_episodes = 13", {}, "contrary"},
                       {"|developer=", {"Plot"}, "contrary"},
                       {"| network = NBC", {"References"}, "contrary"},
                       {"| first_aired = {{Start date|1999|1|1}}", {}, "contrary"},
                       {"| runtime = 22 minutes", {"Premise", "Cast", "Episodes"}, "contrary"},
                       {"| runtime = 22–24 minutes", {"References"}, "weak"},
                       {"| starring = Jane DoeJohn Roe", {"Cast and characters", "Episodes"}, "contrary"},
                       {"| starring = Jane DoeJohn Roe", {"References"}, "weak"},
                       {"| cinematography = John Doe", {"Premise", "Main", "Recurring"}, "contrary"},
                       {"| country = United States", {"Premise", "Episodes"}, "contrary"},
                       {"| producer = John Doe", {"Format"}, "contrary"},
                       {"| theme_music_composer = John Doe", {}, "contrary"},
                       {"| composer = John Doe", {}, "contrary"},
                       {"| editor = John Doe", {}, "contrary"},
                       {"| company = Doe Productions", {}, "contrary"},
                       {"| executive_producer = John Doe", {}, "contrary"},
                       {"| camera = Single-camera", {}, "contrary"}}},
        {"video game", {{"| platforms = Nintendo 64, Dreamcast", {}, "contrary"},
                        {"| developer = Doe Games", {}, "contrary"},
                        {"| producer = John Doe", {"Gameplay", "Reception"}, "contrary"},
                        {"| director = John Doe", {"Plot", "Gameplay"}, "contrary"},
                        {"| released = 1999", {"Gameplay"}, "contrary"},
                        {"| composer = John Doe", {}, "contrary"},
                        {"| modes = Single-player", {}, "contrary"},
                        {"}}Nintendo 64Dreamcast}}", {"Gameplay", "Development"}, "contrary"}}},
        {"novel", {{"| publisher = Doubleday", {"Plot"}, "contrary"},
                   {"| pages = 320", {}, "contrary"},
                   {"| isbn = 0-394-53528-4", {}, "contrary"},
                   {"| author = Jane Doe", {}, "contrary"},
                   {"| media_type = Print (hardback & paperback)", {}, "contrary"},
                   {"| country = United Kingdom", {"Plot summary", "Reception"}, "weak"},
                   {"| language = English", {"Plot", "Characters", "Reception"}, "contrary"},
                   {"| country = Canada", {"Plot", "Adaptations"}, "contrary"}}},
        {"musical", {{"| lyrics = Pat Williams", {}, "contrary"},
                     {"| book = Harry Bloom", {}, "contrary"},
                     {"| basis = A novel", {}, "contrary"},
                     {"| productions = 1959 Johannesburg", {}, "contrary"},
                     {"| music = Todd Matshikiza", {"Synopsis", "Musical numbers"}, "contrary"},
                     {"| music = Todd Matshikiza", {"Background", "Songs"}, "contrary"},
                     {"| music = Todd Matshikiza", {"Productions"}, "contrary"},
                     {"| music = Todd Matshikiza", {"Synopsis", "Roles"}, "contrary"},
                     {"| music = Todd Matshikiza", {"Production history"}, "contrary"}}},
        {"play", {{"| writer = Jane Doe", {"Plot", "Characters"}, "contrary"},
                  {"| writer = Jane Doe", {"Production history"}, "contrary"},
                  {"| premiere = 1953", {}, "contrary"},
                  {"| place = Royal Court Theatre", {}, "contrary"},
                  {"| characters = John DoeJane Doe", {}, "contrary"},
                  {"| setting = A farmhouse, 1930", {}, "contrary"},
                  {"| orig_lang = English", {}, "contrary"}}},
        {"picture book", {{"| illustrator = Chris Van Allsburg", {}, "contrary"},
                          {"| language = English", {"Storyline"}, "contrary"}}},
        {"person", {{"| birth_place = Cleveland, Ohio, U.S.", {}, "contrary"},
                    {"| occupation = Actor", {}, "contrary"},
                    {"| years_active = 1990–present", {"Filmography"}, "contrary"},
                    {"| writer = Jane Doe", {"Early life", "Career"}, "contrary"}}},
        {"band", {{"| origin = Nottingham, England", {}, "contrary"},
                  {"| producer = John Doe", {"History", "Members"}, "contrary"}}},
    };
    for (const auto& [kind, pages] : kinds) {
        for (const auto& page : pages) {
            CAPTURE(kind);
            CAPTURE(page.abstract);
            CHECK(signal(of(page.abstract, page.sections)) == page.verdict);
        }
    }
}

TEST_CASE("evidence: an image captioned as a film's poster")
{
    for (const char* abstract : {"thumb|250px|[[Theatrical release poster]]", "thumb|200px|[[Original theatrical poster]]",
                                 "| caption = Theatrical release poster", "|caption=British theatrical poster"}) {
        CAPTURE(abstract);
        CHECK(signal(of(abstract)) == "strong");
        CHECK(signal(of(abstract, {"References"})) == "strong");
        CHECK(signal(of(abstract, {"Episodes"})) == "contrary");
    }
    // A TV series' poster, a scene, a lead that mentions a poster: nothing.
    for (const char* abstract : {"thumb|250px|[[Promotional poster]]", "thumb|250px|[[Jane Doe in a scene]]",
                                 "thumb|200px|[[Mjölnir, the hammer of Thor, is one of the major symbols of Ásatrú.]]",
                                 "| caption = Title card", "The theatrical release poster was designed by Saul Bass."}) {
        CAPTURE(abstract);
        CHECK(signal(of(abstract, {"References"})) == "none");
    }
}

TEST_CASE("evidence: headings of a short film article, and headings of other kinds")
{
    // A plot that was produced or released, a cast with anything a film has.
    for (const auto& sections :
         {std::vector<std::string>{"Plot", "Release"}, {"Synopsis", "Production"}, {"Plot", "Music"},
          {"Plot summary", "Soundtrack"}, {"Summary", "Cast"}, {"Cast", "Critical response"},
          {"Plot", "Cast", "Awards and nominations"}}) {
        CAPTURE(sections);
        CHECK(signal(of("}}", sections)) == "strong");
    }
    // A plot and a reception is a novel's as much as a film's.
    CHECK(signal(of("}}", {"Plot", "Critical response"})) == "weak");
    CHECK(signal(of("}}", {"Production", "Release"})) == "weak");
    CHECK(signal(of("}}", {"Awards and nominations"})) == "none");
    for (const char* other : {"Characters", "Main", "Recurring", "Format", "Recording", "Composition", "Music video",
                              "Publication", "Adaptations", "Film adaptation", "Film adaptations", "Storyline", "Roles",
                              "Production history"}) {
        CAPTURE(other);
        CHECK(signal(of("}}", {"Plot", "Cast", other})) == "contrary");
        CHECK(signal(of("| music = Jane Doe", {other})) == "contrary");
    }
}

TEST_CASE("evidence: the real pages' infobox lines with only a few headings")
{
    // The real abstracts, as if their articles were short: the film-only lines (screenplay,
    // music, a feature's runtime) still say film; the shared ones (producer, starring, writer)
    // need a heading; the other infoboxes' lines still say otherwise.
    const std::map<std::string, std::string> alone{
        {"Antwone Fisher", "contrary"},
        {"Antwone Fisher (film)", "weak"},         // | producer =
        {"Chasing Liberty", "weak"},               // | producer =
        {"Deadfall (1968 film)", "weak"},          // | starring = Michael Caine Giovanna Ralli ...
        {"Deadfall (1993 film)", "strong"},        // | music = Jim Fox
        {"Heat (1995 film)", "weak"},              // | writer = Michael Mann
        {"Heather Fargo", "contrary"},
        {"Heathers", "strong"},                    // | music = David Newman
        {"Heathrow Airport", "contrary"},
        {"Jumanji", "strong"},                     // | screenplay =
        {"Jumanji (TV series)", "contrary"},
        {"Jumanji: Welcome to the Jungle", "strong"},
        {"King Kong (1933 film)", "weak"},
        {"King Kong (1976 film)", "weak"},
        {"Never Talk to Strangers", "strong"},     // | music = Pino DonaggioSteve Sexton
        {"The Cookout", "strong"},                 // | runtime = 97 minutes
        {"To Rob a Thief", "strong"},              // | runtime = 98 minutes
        {"Toy Story", "strong"},
        {"Toy Story 2", "strong"},
        {"Toy Story 3", "weak"},
        {"Toy Story Mania!", "contrary"},
        {"Vollmer House", "contrary"},
    };
    std::map<std::string, std::string> found_alone, found_with_plot;
    for (const char* name : {"wikipedia_test_set.xml", "enwiki-latest-abstract-test.xml"}) {
        sluice::FileSource file(sluice::test::real_data(name));
        sluice::XmlDocReader reader(file);
        WikiDoc doc;
        while (reader.next(doc)) {
            if (!doc.abstract.starts_with('|')) continue;
            found_alone[doc.title] = signal(read_evidence({doc.title, doc.url, doc.abstract, {"References", "External links"}}));
            found_with_plot[doc.title] = signal(read_evidence({doc.title, doc.url, doc.abstract, {"Plot", "References"}}));
        }
    }
    CHECK(found_alone == alone);
    for (const auto& [title, verdict] : alone) {
        CAPTURE(title);
        CHECK(found_with_plot[title] == (verdict == "contrary" ? "contrary" : "strong"));
    }
}

TEST_CASE("evidence: the real sample pages")
{
    std::map<std::string, std::string> found;
    std::map<std::string, std::optional<int>> years;
    for (const char* name : {"wikipedia_test_set.xml", "enwiki-latest-abstract-test.xml"}) {
        sluice::FileSource file(sluice::test::real_data(name));
        sluice::XmlDocReader reader(file);
        WikiDoc doc;
        while (reader.next(doc)) {
            const auto e = read_evidence(doc);
            found[doc.title] = signal(e) + (e.disambiguation ? " disambiguation" : "");
            years[doc.title] = e.year;
        }
    }
    const std::map<std::string, std::string> expected{
        {"Antwone Fisher", "contrary"},
        {"Antwone Fisher (film)", "strong"},
        {"Chasing Liberty", "strong"},
        {"Deadfall", "contrary disambiguation"},
        {"Deadfall (1968 film)", "strong"},
        {"Deadfall (1993 film)", "strong"},
        {"Deadfall (band)", "contrary"},
        {"Deadfall (novel)", "contrary"},
        {"Deadfalls and Snares", "contrary"},
        {"Heat (1995 film)", "strong"},
        {"Heat engine", "none"},
        {"Heather Fargo", "contrary"},
        {"Heathenry in the United States", "contrary"},
        {"Heathers", "strong"},
        {"Heathrow Airport", "contrary"},
        {"Jumanji", "strong"},
        {"Jumanji (disambiguation)", "strong"},
        {"Jumanji (TV series)", "contrary"},
        {"Jumanji (picture book)", "contrary"},
        {"Jumanji 2", "contrary disambiguation"},
        {"Jumanji: Welcome to the Jungle", "strong"},
        {"King Kong (1933 film)", "strong"},
        {"King Kong (1959 musical)", "contrary"},
        {"King Kong (1976 film)", "strong"},
        {"King Kong (comics)", "none"},
        {"King Kong Groover", "contrary"},
        {"Never Talk to Strangers", "strong"},
        {"The Cookout", "strong"},
        {"To Rob a Thief", "strong"},
        {"Toy Story", "strong"},
        {"Toy Story (video game)", "contrary"},
        {"Toy Story 2", "strong"},
        {"Toy Story 2: Buzz Lightyear to the Rescue", "contrary"},
        {"Toy Story 3", "strong"},
        {"Toy Story Mania!", "contrary"},
        {"Vollmer House", "contrary"},
    };
    for (const auto& [title, verdict] : expected) {
        CAPTURE(title);
        CHECK(found[title] == verdict);
    }
    CHECK(found.size() == expected.size());
    // The film-like lead of the disambiguation page gives its year; the title (disambiguation)
    // is what rules it out.
    CHECK(years["Jumanji (disambiguation)"] == 1995);
    CHECK(years["Heat (1995 film)"] == std::nullopt);
}

TEST_CASE("title form: what the qualifier says")
{
    const auto form = [](std::string_view q) {
        const auto f = title_form(q);
        return std::to_string(static_cast<int>(f.kind)) + ":" + std::to_string(f.year);
    };
    CHECK(form("") == "0:0");
    CHECK(form("film") == "1:0");
    CHECK(form("American film") == "1:0");
    CHECK(form("TV film") == "1:0");
    CHECK(form("movie") == "1:0");
    CHECK(form("1995 film") == "2:1995");
    CHECK(form("1995 American film") == "2:1995");
    CHECK(form("2004 Tamil film") == "2:2004");
    for (const char* other : {"novel", "disambiguation", "1959 musical", "film series", "films", "19933 film",
                              "93 film", "soundtrack", "TV series", "band", "filmmaker"}) {
        CAPTURE(other);
        CHECK(title_form(other).kind == TitleForm::other);
    }
}
