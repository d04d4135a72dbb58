#include "transform/page_evidence.hpp"

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
    CHECK(signal(of("| music = David Newman")) == "weak");
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
