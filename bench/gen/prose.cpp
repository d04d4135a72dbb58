#include "bench/gen/prose.hpp"

#include "bench/gen/text_append.hpp"
#include "bench/gen/word_lists.hpp"
#include "bench/gen/xml_escape.hpp"

namespace sluice_gen {

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

} // namespace sluice_gen
