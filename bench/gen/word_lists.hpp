#pragma once
// English vocabulary every generator draws from: people, places, adjectives and nouns. Small on
// purpose: the point is realistic shape and size, not a language model. Lists only one
// generator uses sit in that generator's file.

#include <array>
#include <string_view>

namespace sluice_gen {

using namespace std::string_view_literals;

inline constexpr std::array kFirstNames{
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

inline constexpr std::array kLastNames{
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

inline constexpr std::array kPlaces{
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
inline constexpr std::array kPlacePrefixes{
    "Ash"sv, "Brad"sv, "Clif"sv, "Dun"sv, "East"sv, "Fair"sv, "Green"sv, "Hol"sv, "King"sv,
    "Lang"sv, "Mar"sv, "North"sv, "Oak"sv, "Pen"sv, "Red"sv, "Ship"sv, "Stan"sv, "Thorn"sv,
    "Wal"sv, "West"sv, "Whit"sv, "Wood"sv, "Bex"sv, "Cal"sv, "Hart"sv, "Kirk"sv, "Lyn"sv,
    "Mel"sv, "Roth"sv, "Sand"sv};
inline constexpr std::array kPlaceSuffixes{
    "ford"sv, "ton"sv, "ham"sv, "bury"sv, "field"sv, "wick"sv, "ley"sv, "mouth"sv, "stead"sv,
    "wood"sv, "by"sv, "thorpe"sv, "well"sv, "bridge"sv, "combe"sv, "dale"sv, "hurst"sv,
    "minster"sv, "port"sv, "stow"sv};

inline constexpr std::array kPlaceQualifiers{
    "Upper "sv, "Lower "sv, "Great "sv, "Little "sv, "New "sv, "Old "sv, "Port "sv, "Mount "sv};

inline constexpr std::array kRegions{
    "Ohio"sv, "Texas"sv, "Oregon"sv, "Vermont"sv, "Kentucky"sv, "Devon"sv, "Yorkshire"sv,
    "Bavaria"sv, "Normandy"sv, "Tuscany"sv, "Catalonia"sv, "Ontario"sv, "Queensland"sv,
    "Punjab"sv, "Hokkaido"sv, "Silesia"sv, "Moravia"sv, "Lapland"sv, "Andalusia"sv,
    "New South Wales"sv, "British Columbia"sv, "Minas Gerais"sv, "Kerala"sv, "Limpopo"sv};

inline constexpr std::array kCountries{
    "the United States"sv, "England"sv, "France"sv, "Germany"sv, "Italy"sv, "Spain"sv,
    "Poland"sv, "Canada"sv, "Australia"sv, "India"sv, "Japan"sv, "Brazil"sv, "Argentina"sv,
    "Sweden"sv, "Norway"sv, "Finland"sv, "the Czech Republic"sv, "Romania"sv, "Greece"sv,
    "Turkey"sv, "Iran"sv, "Pakistan"sv, "Vietnam"sv, "the Philippines"sv, "Indonesia"sv,
    "Peru"sv, "Kenya"sv, "Ghana"sv, "New Zealand"sv, "Scotland"sv};

inline constexpr std::array kNationalities{
    "American"sv, "American"sv, "American"sv, "British"sv, "British"sv, "French"sv,
    "German"sv, "Italian"sv, "Spanish"sv, "Canadian"sv, "Australian"sv, "Indian"sv,
    "Japanese"sv, "Brazilian"sv, "Swedish"sv, "Polish"sv, "Mexican"sv, "South Korean"sv,
    "Hong Kong"sv, "Irish"sv, "Danish"sv, "Czech"sv};

inline constexpr std::array kAdjectives{
    "Silent"sv, "Broken"sv, "Golden"sv, "Hidden"sv, "Last"sv, "Lost"sv, "Dark"sv, "Bright"sv,
    "Crimson"sv, "Endless"sv, "Frozen"sv, "Wild"sv, "Quiet"sv, "Burning"sv, "Hollow"sv,
    "Secret"sv, "Distant"sv, "Forgotten"sv, "Northern"sv, "Southern"sv, "Little"sv, "Great"sv,
    "Red"sv, "Blue"sv, "Black"sv, "White"sv, "Iron"sv, "Glass"sv, "Paper"sv, "Midnight"sv,
    "Electric"sv, "Savage"sv, "Gentle"sv, "Restless"sv, "Sweet"sv, "Bitter"sv, "Lonely"sv,
    "Strange"sv, "Sudden"sv, "Final"sv, "Deadly"sv, "Sacred"sv, "Wicked"sv, "Royal"sv};

inline constexpr std::array kNouns{
    "River"sv, "Harbor"sv, "Mountain"sv, "Garden"sv, "Road"sv, "Bridge"sv, "Island"sv,
    "Kingdom"sv, "Shadow"sv, "Storm"sv, "Heart"sv, "Dream"sv, "Fire"sv, "Winter"sv,
    "Summer"sv, "Night"sv, "Horizon"sv, "Crown"sv, "Mirror"sv, "Forest"sv, "City"sv,
    "Valley"sv, "Station"sv, "Empire"sv, "Promise"sv, "Secret"sv, "Letter"sv, "Stranger"sv,
    "Hunter"sv, "Witness"sv, "Angel"sv, "Ghost"sv, "Legacy"sv, "Journey"sv, "Voyage"sv,
    "Edge"sv, "Line"sv, "Circle"sv, "Game"sv, "House"sv, "Castle"sv, "Tower"sv, "Machine"sv,
    "Signal"sv, "Echo"sv, "Frontier"sv, "Desert"sv, "Ocean"sv, "Moon"sv, "Sun"sv, "Star"sv,
    "Wolf"sv, "Tiger"sv, "Raven"sv, "Falcon"sv, "Serpent"sv, "Lion"sv, "Rose"sv, "Thorn"sv,
    "Sword"sv, "Shield"sv, "Key"sv, "Door"sv, "Window"sv, "Clock"sv, "Bell"sv, "Song"sv};

inline constexpr std::array kTopics{
    "thermodynamics"sv, "linguistics"sv, "mathematics"sv, "botany"sv, "geology"sv,
    "economics"sv, "architecture"sv, "astronomy"sv, "chemistry"sv, "music theory"sv,
    "computer science"sv, "law"sv, "medicine"sv, "philosophy"sv, "sociology"sv,
    "zoology"sv, "cartography"sv, "metallurgy"sv, "statistics"sv, "typography"sv};

inline constexpr std::array kOccupations{
    "politician"sv, "footballer"sv, "actor"sv, "actress"sv, "singer"sv, "painter"sv,
    "novelist"sv, "poet"sv, "businessman"sv, "cricketer"sv, "physicist"sv, "judge"sv,
    "architect"sv, "journalist"sv, "composer"sv, "cyclist"sv, "swimmer"sv, "bishop"sv,
    "diplomat"sv, "photographer"sv, "engineer"sv, "historian"sv, "ice hockey player"sv};


} // namespace sluice_gen
