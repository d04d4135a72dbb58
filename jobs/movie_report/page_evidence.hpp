#pragma once
// What a Wikipedia page says about itself: is it a film's article, of which year, or something
// else (a disambiguation page, a novel, a person)? Read from three places, in the dump's terms:
//
//   the lead       "Heat is a 1995 American crime film..." / "Deadfall was an English band..."
//                  / "Deadfall may refer to:"
//   infobox debris when the lead starts with a template the dump keeps one line of it:
//                  "| screenplay =" is left of a film's infobox, "| birth_place =" of a person's,
//                  "| producer =" of a film's or an album's
//   sections       a film's article has Plot, Cast, Box office; a TV series' has Episodes, an
//                  album's Track listing, a person's Early life
//
// Only docs whose title names an indexed film are read, so this is off the dump's hot path.

#include "parse/wiki_doc.hpp"

#include <optional>
#include <string_view>

namespace sluice {

// How strongly the page's text says "this is a film's article".
enum class FilmSignal {
    contrary,  // it says it is something else (a novel, a band, a person, a TV series...)
    none,      // it says nothing either way ("}}", an empty abstract, no telling sections)
    weak,      // hints (a "| producer =" line, a Plot section) that other kinds of page share
    strong,    // a lead calling it a film, or a film-only infobox line or set of sections
};

struct PageEvidence {
    FilmSignal film = FilmSignal::none;
    bool disambiguation = false;  // "Title may refer to:"
    std::optional<int> year;      // the film's year, when the lead or infobox gives one
};

PageEvidence read_evidence(const WikiDoc& doc);

// What the qualifier of "Title (qualifier)" says the page is.
struct TitleForm {
    enum Kind {
        bare,       // "Title"
        film,       // "Title (film)", "Title (American film)", "Title (TV film)"
        year_film,  // "Title (1995 film)", "Title (1995 American film)"
        other,      // "Title (novel)", "Title (disambiguation)", "Title (1959 musical)"...
    };
    Kind kind = bare;
    int year = 0;                 // for year_film
    std::string_view descriptor;  // the words before "film", after the year: "American", "TV"
};

TitleForm title_form(std::string_view qualifier);

} // namespace sluice
