#pragma once
// "Crash (2004 American film)" and "Crash (2004 Canadian film)": when films of one title and year
// share a name, Wikipedia tells them apart by nationality (or language: "(2004 Tamil film)").
// The movies data has production countries (ISO 3166-1 codes) and the original language (ISO
// 639-1), so the qualifier can be checked against the film.

#include <string>
#include <string_view>
#include <vector>

namespace sluice {

enum class Nationality {
    unknown,   // no descriptor, one that is not a nationality ("TV", "animated"), or no film data
    matches,   // "American" for a film produced in the US
    differs,   // "Indian" for a film produced only in the US, in English
};

// The film's countries packed two letters each ("USDE"): the matcher keeps them for every film of
// the movies file, so they are kept small.
std::string packed_countries(const std::vector<std::string>& country_codes);

// `descriptor` is the qualifier's words between the year and "film": "American", "South Korean".
// `countries` is packed_countries() of the film's codes.
Nationality nationality_of(std::string_view descriptor, std::string_view countries, std::string_view language_code);

} // namespace sluice
