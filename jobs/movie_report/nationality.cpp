#include "jobs/movie_report/nationality.hpp"

#include <algorithm>
#include <array>

namespace sluice {

namespace {

struct Demonym {
    std::string_view adjective;
    std::string_view code;
};

// The adjectives enwiki uses in "(YEAR ... film)" qualifiers, by ISO 3166-1 code (with the
// historical codes TMDB uses: SU, CS, YU, XG). Several codes may share one adjective.
constexpr std::array kCountries{
    Demonym{"American", "US"},       Demonym{"British", "GB"},        Demonym{"English", "GB"},
    Demonym{"Scottish", "GB"},       Demonym{"Welsh", "GB"},          Demonym{"French", "FR"},
    Demonym{"German", "DE"},         Demonym{"German", "XG"},         Demonym{"West German", "DE"},
    Demonym{"East German", "XG"},    Demonym{"Italian", "IT"},        Demonym{"Spanish", "ES"},
    Demonym{"Indian", "IN"},         Demonym{"Japanese", "JP"},       Demonym{"Chinese", "CN"},
    Demonym{"Hong Kong", "HK"},      Demonym{"South Korean", "KR"},   Demonym{"Korean", "KR"},
    Demonym{"Canadian", "CA"},       Demonym{"Australian", "AU"},     Demonym{"New Zealand", "NZ"},
    Demonym{"Irish", "IE"},          Demonym{"Swedish", "SE"},        Demonym{"Danish", "DK"},
    Demonym{"Norwegian", "NO"},      Demonym{"Finnish", "FI"},        Demonym{"Dutch", "NL"},
    Demonym{"Belgian", "BE"},        Demonym{"Swiss", "CH"},          Demonym{"Austrian", "AT"},
    Demonym{"Polish", "PL"},         Demonym{"Russian", "RU"},        Demonym{"Soviet", "SU"},
    Demonym{"Brazilian", "BR"},      Demonym{"Argentine", "AR"},      Demonym{"Argentinian", "AR"},
    Demonym{"Mexican", "MX"},        Demonym{"Portuguese", "PT"},     Demonym{"Greek", "GR"},
    Demonym{"Turkish", "TR"},        Demonym{"Iranian", "IR"},        Demonym{"Israeli", "IL"},
    Demonym{"Egyptian", "EG"},       Demonym{"South African", "ZA"},  Demonym{"Nigerian", "NG"},
    Demonym{"Filipino", "PH"},       Demonym{"Philippine", "PH"},     Demonym{"Thai", "TH"},
    Demonym{"Taiwanese", "TW"},      Demonym{"Indonesian", "ID"},     Demonym{"Malaysian", "MY"},
    Demonym{"Singaporean", "SG"},    Demonym{"Pakistani", "PK"},      Demonym{"Bangladeshi", "BD"},
    Demonym{"Sri Lankan", "LK"},     Demonym{"Czech", "CZ"},          Demonym{"Czechoslovak", "CS"},
    Demonym{"Hungarian", "HU"},      Demonym{"Romanian", "RO"},       Demonym{"Bulgarian", "BG"},
    Demonym{"Serbian", "RS"},        Demonym{"Yugoslav", "YU"},       Demonym{"Croatian", "HR"},
    Demonym{"Ukrainian", "UA"},      Demonym{"Icelandic", "IS"},      Demonym{"Chilean", "CL"},
    Demonym{"Colombian", "CO"},      Demonym{"Peruvian", "PE"},       Demonym{"Venezuelan", "VE"},
    Demonym{"Cuban", "CU"},          Demonym{"Estonian", "EE"},       Demonym{"Latvian", "LV"},
    Demonym{"Lithuanian", "LT"},     Demonym{"Slovak", "SK"},         Demonym{"Slovenian", "SI"},
    Demonym{"Georgian", "GE"},       Demonym{"Kazakh", "KZ"},         Demonym{"Vietnamese", "VN"},
    Demonym{"Lebanese", "LB"},       Demonym{"Moroccan", "MA"},       Demonym{"Tunisian", "TN"},
    Demonym{"Algerian", "DZ"},       Demonym{"Kenyan", "KE"},         Demonym{"Luxembourgish", "LU"},
};

// Indian and other films are often told apart by language: "(2004 Tamil film)".
constexpr std::array kLanguages{
    Demonym{"Tamil", "ta"},     Demonym{"Telugu", "te"},    Demonym{"Hindi", "hi"},
    Demonym{"Malayalam", "ml"}, Demonym{"Kannada", "kn"},   Demonym{"Bengali", "bn"},
    Demonym{"Marathi", "mr"},   Demonym{"Punjabi", "pa"},   Demonym{"Gujarati", "gu"},
    Demonym{"Urdu", "ur"},      Demonym{"Cantonese", "cn"}, Demonym{"Mandarin", "zh"},
    Demonym{"Tagalog", "tl"},   Demonym{"Odia", "or"},      Demonym{"Assamese", "as"},
};

bool same_letters(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

} // namespace

std::string packed_countries(const std::vector<std::string>& country_codes)
{
    std::string packed;
    for (const auto& code : country_codes) {
        if (code.size() == 2) packed += code;
    }
    return packed;
}

Nationality nationality_of(std::string_view descriptor, std::string_view countries, std::string_view language_code)
{
    bool known = false;
    for (const auto& [adjective, code] : kCountries) {
        if (!same_letters(adjective, descriptor)) continue;
        known = true;
        for (std::size_t i = 0; i + 2 <= countries.size(); i += 2) {
            if (countries.substr(i, 2) == code) return Nationality::matches;
        }
    }
    for (const auto& [adjective, code] : kLanguages) {
        if (!same_letters(adjective, descriptor)) continue;
        known = true;
        if (language_code == code) return Nationality::matches;
    }
    // Without the film's countries there is nothing to compare with.
    if (!known || countries.empty()) return Nationality::unknown;
    return Nationality::differs;
}

} // namespace sluice
