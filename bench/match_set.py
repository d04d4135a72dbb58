#!/usr/bin/env python3
"""Generate a labelled film-to-Wikipedia matching set.

    bench/match_set.py --films N --seed S -o DIR

writes, deterministically (same arguments, same bytes):

  DIR/movies_metadata.csv   Kaggle "The Movies Dataset" layout (24 columns), N films, every one
                            with budget > 0 and revenue > 0.
  DIR/abstracts.xml.gz      An abstracts dump in the real layout (<feed>, one element per line),
                            holding the films' true pages, the decoys around them, and about 3
                            unrelated filler pages per film, in random order. Titles are unique.
  DIR/expected.csv          movie_id,expected_url,scenario: the URL of each film's true page (empty
                            when the film has no page in the dump) and the difficulty it was built for.

Every page is modelled on a real dump page of its kind: a film page's abstract is a prose lead
("X is a 1995 American crime film ...") or the infobox debris the dump really holds ("| music =
David Newman", "| runtime = 97 minutes"), and its sections are Plot, Cast, Production ... (a few
of them on a short article); a person page has "| birth_place = ..." debris and Early life /
Career sections; and so on. A decoy carries the evidence a real page of its kind carries (its own
year in its title or lead, its own infobox's line, its own headings). That line is sometimes one
{{Infobox film}} has too (an album's "| producer =", a TV series' "| starring =", a novel's
"| country ="), and a short article's few headings may not tell: such pages, like the stubs
(References / External links only), cannot all be told apart, and a careful reader leaves them
unmatched.

Only the Python 3 standard library is used; randomness comes from random.Random(seed) alone.
"""

import argparse
import calendar
import csv
import gzip
import os
import random
import re
import sys
import unicodedata
import urllib.parse

WIKI = "https://en.wikipedia.org/wiki/"

HEADER = ["adult", "belongs_to_collection", "budget", "genres", "homepage", "id", "imdb_id",
          "original_language", "original_title", "overview", "popularity", "poster_path",
          "production_companies", "production_countries", "release_date", "revenue", "runtime",
          "spoken_languages", "status", "tagline", "title", "video", "vote_average", "vote_count"]

# Scenario, share of films (percent), and whether the film has a page in the dump.
SCENARIOS = [
    # The film has a page.
    ("bare_unique", 13.0),                 # unique title: page `T`, nothing else named T
    ("bare_with_namesakes", 5.0),          # page `T`; `T (novel)`, `T (soundtrack)`, `T 2` ... beside it
    ("film_qualifier", 10.0),              # page `T (film)`; bare `T` is a non-film (or a disambiguation page)
    ("year_qualifier", 6.0),               # page `T (YEAR film)`; other films' `T (YEAR2 film)` pages are decoys
    ("year_festival", 3.0),                # page `T (YEAR-1 film)`: the festival premiere year; decoys of other years
    ("year_country", 3.0),                 # `T (YEAR American film)` beside `T (YEAR British film)`: same title, same year
    ("remake_all_in_csv", 5.0),            # 2-3 films of the CSV share a title, each with its own `T (YEAR film)`
    ("remake_original_at_bare", 3.0),      # the film is a remake at `T (YEAR film)`; bare `T` is the original film
    ("original_with_remake_decoy", 3.0),   # the film is the original at bare `T`; the remake's `T (YEAR2 film)` is a decoy
    ("disambig_page_leads_with_film", 3.0),  # `T (disambiguation)` whose first sentence describes the film
    ("case_ascii", 3.0),                   # "The Man Who Knew Too Little" vs page "The Man who Knew Too Little"
    ("case_nonascii", 2.5),                # "Château Noir" vs "CHÂTEAU NOIR", "æon flux" vs "Æon Flux"
    ("apostrophe", 2.5),                   # ' vs ’
    ("dash", 2.5),                         # hyphen vs en/em dash
    ("spacing", 2.5),                      # double space or U+00A0 in the CSV title
    ("unicode_nfd", 2.5),                  # CSV precomposed é, page e + U+0301
    ("stub", 2.0),                         # film page with only References / External links (some with debris)
    ("bare_debris_few_sections", 4.0),     # page `T`: an {{Infobox film}} line for an abstract, a short article's few headings
    # The film has no page; its bare title belongs to something else.
    ("nopage_person", 5.0),                # a person ("| birth_place = ..." debris or a biography lead)
    ("nopage_novel", 3.5),
    ("nopage_album", 3.0),                 # an album or a song
    ("nopage_place", 3.0),
    ("nopage_disambig", 2.5),              # a disambiguation page listing only non-films, plus those pages
    ("nopage_other_kind", 2.5),            # a TV series, band, musical, video game or picture book
    ("nopage_debris_lookalike", 4.0),      # bare `T` is a non-film whose abstract is its infobox's line, often one
                                           # {{Infobox film}} shares ("| producer =", "| runtime = 22 minutes")
    ("nopage_other_film_qualified", 5.0),  # another film's `T (film)` (lead names its year) or `T (YEAR2 film)`
    ("nopage_other_film_bare", 4.0),       # bare `T` is another film: "T is a 1962 British drama film ..."
]
SCENARIO_NAMES = [s for s, _ in SCENARIOS]

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

ADJ = """Dark Silent Broken Last Lost Hidden Golden Crimson Wild Cold Burning Endless Bitter Sweet
Secret Savage Quiet Distant Hollow Iron Silver Black White Red Blue Green Scarlet Frozen Fallen
Rising Wicked Gentle Brave Lonely Restless Deadly Perfect Little Big Long Final First Strange
Dangerous Electric Velvet Stolen Forgotten Shattered Eternal Blind Naked Private Royal Sacred
Twisted Wandering Borrowed Painted Hard Young Late Empty Open Narrow High Deep Bright Pale Proud
Lucky Sleeping Running Falling Flying Howling Crooked Hungry Midnight Northern Southern Western
Eastern Forbidden Faithful Fearless Reckless Desperate Innocent Guilty Hollywood Brooklyn Texas
Paper Glass Copper Wooden Velvet Crystal Shallow Heavy Raw Bleeding Burnt Drowned Sunken""".split()

NOUN = """Road River Summer Winter Night Heart Shadow Storm Fire Water Stone Wolf Horse Garden House
City Island Kingdom Angel Devil Stranger Witness Hunter Soldier Prisoner Dancer Pilot Doctor Lady
King Queen Prince Thief Killer Lover Child Mother Father Daughter Son Brother Sister Widow Bride
Judge Sheriff Gambler Preacher Harvest Promise Mirror Window Door Bridge Tower Castle Valley
Mountain Desert Ocean Harbor Station Train Highway Sky Star Moon Sun Dawn Dusk Rain Snow Wind
Thunder Dream Memory Journey Game War Honor Glory Silence Music Song Dance Voice Letter Key Ring
Crown Sword Gun Bullet Badge Flag Empire Frontier Border Line Circle Edge Hour Day Season Legacy
Orchard Lighthouse Carnival Circus Hotel Motel Diner Casino Saloon Ranch Farm Factory Village
Forest Jungle Swamp Canyon Glacier Volcano Tide Harbour Wedding Funeral Reunion Party Heist
Ransom Contract Verdict Alibi Confession Bargain Wager Debt Fortune Treasure Map Compass Lantern
Violin Piano Trumpet Drum Cowboy Outlaw Ghost Witch Vampire Monster Giant Dragon Tiger Eagle Raven
Sparrow Falcon Serpent Spider Butterfly Rose Lily Orchid Diamond Pearl Emerald Sapphire Ruby""".split()

SMALL_NOUN = """Man Woman Girl Boy Kid Stranger Soldier Doctor Lady Thief Dancer Pilot Preacher Sheriff
Gambler Widow Hunter Ghost Cowboy Judge""".split()

VERB_ING = ["Chasing", "Finding", "Catching", "Saving", "Losing", "Killing", "Loving", "Leaving",
            "Raising", "Burning", "Crossing", "Breaking", "Waiting for", "Hunting", "Running from",
            "Searching for", "Dancing with", "Talking to", "Sleeping with", "Never Talk to"]

VERB_PAST = """Knew Saw Loved Lost Found Stole Killed Shot Fell Came Walked Sold Bought Kept Left Fought""".split()
OBJ_END = """Too Little|Too Much|Too Late|the Sun|the Moon|Liberty Valance|the King|Home|Nothing|
Everything|the World|the Truth|His Shadow|Her Name|the Devil|the Rain""".replace("\n", "").split("|")

SINGLE = """Deadfall Heat Nightfall Firestorm Undertow Crossfire Blackout Backdraft Whiteout Overdrive
Breakdown Lockdown Showdown Sundown Fallout Outbreak Wildfire Downpour Stormfront Hailstorm
Redemption Vendetta Obsession Exposure Escape Impact Payback Sanctuary Eclipse Vertigo Quicksand
Aftermath Tailspin Nightwatch Daybreak Firewall Riptide Landslide Avalanche Tempest Mirage
Masquerade Rampage Uprising Exile Mutiny Ransom Deception Hysteria Reckoning Insomnia Paranoia
Solitude Serenity Intruder Outsider Survivor Impostor Drifter Wanderer Bodyguard Ladykiller
Heartbreaker Lifeguard Gatekeeper Peacemaker Troublemaker Moonlighting Sleepwalkers Homecoming""".split()

PREFIX = "Dead Night Fire Cross Black Iron Blood Storm Sun Moon Star Dark Shadow Steel Stone Wild High Under Over Back Red Silver Frost Ash Thorn".split()
SUFFIX = "fall fire storm light wood line water burn bound side gate field down break wind born heart run shot hold watch ward haven crest".split()

FIRST = """James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel
Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Edward Ronald
Timothy Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon
Benjamin Samuel Frank Gregory Raymond Alexander Patrick Jack Dennis Jerry Tyler Aaron Henry Adam
Douglas Nathan Peter Zachary Kyle Walter Harold Jeremy Ethan Carl Keith Roger Gerald Christian
Terry Sean Arthur Austin Noah Lawrence Jesse Joe Bryan Billy Jordan Albert Dylan Bruce Willie
Gabriel Alan Juan Logan Wayne Ralph Roy Eugene Randy Vincent Russell Louis Philip Bobby Johnny
Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Betty Margaret
Sandra Ashley Kimberly Emily Donna Michelle Dorothy Carol Amanda Melissa Deborah Stephanie Rebecca
Sharon Laura Cynthia Kathleen Amy Shirley Angela Helen Anna Brenda Pamela Nicole Emma Samantha
Katherine Christine Debra Rachel Catherine Carolyn Janet Ruth Maria Heather Diane Virginia Julie
Joyce Victoria Olivia Kelly Christina Lauren Joan Evelyn Judith Megan Cheryl Andrea Hannah Martha
Jacqueline Frances Gloria Ann Teresa Kathryn Sara Janice Jean Alice Madison Doris Abigail Julia
Judy Grace Denise Amber Marilyn Beverly Danielle Theresa Sophia Marie Diana Brittany Natalie Isabella
Charlotte Rose Alexis Kayla Antwone Erin Frida Ferris Wendell Clement Horace Ambrose Cornelius""".split()

LAST = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez
Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green
Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz
Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan
Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood
James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster
Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher
Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno
West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall
Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb
Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon
Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills
Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant
Dunn Kelley Spencer Hawkins Arnold Pierce Hansen Peters Santos Hart Bradley Knight Elliott
Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Ray Berry Perkins Hoffman Johnston
Matthews Pena Richards Willis Carpenter Lawrence Sandoval Brockovich Bueller Kowalski Lindqvist""".split()

TOWN_A = "Ash Oak Mill Elm Black Red Green Stone Fair Clear Maple Cedar Pine Spring Bridge Wood Glen Lake Brook Rock Silver Haw North South East West Kings Queens Win Dun Bel Har Lin Marl".split()
TOWN_B = "ford field wood brook ton ville burg dale port haven mouth wick ham bury stead ridge view creek moor minster".split()
STATES = ["Ohio", "Texas", "Iowa", "Kansas", "Oregon", "Maine", "Vermont", "Georgia", "Alabama",
          "Kentucky", "Indiana", "Michigan", "Nebraska", "Montana", "Idaho", "Utah", "Nevada",
          "Virginia", "Tennessee", "Missouri", "Wisconsin", "Minnesota", "Colorado", "Arizona"]
UK_COUNTIES = ["Kent", "Essex", "Devon", "Norfolk", "Suffolk", "Yorkshire", "Cornwall", "Dorset",
               "Lancashire", "Cumbria", "Somerset", "Surrey", "Sussex", "Wiltshire"]
BIG_CITIES = ["Cleveland, Ohio, U.S.", "Chicago, Illinois, U.S.", "Los Angeles, California, U.S.",
              "Brooklyn, New York, U.S.", "Houston, Texas, U.S.", "Atlanta, Georgia, U.S.",
              "Manchester, England", "Glasgow, Scotland", "Toronto, Ontario, Canada",
              "Sydney, New South Wales, Australia", "Dublin, Ireland", "Lyon, France",
              "Nottingham, England", "Philadelphia, Pennsylvania, U.S.", "Detroit, Michigan, U.S."]

# Words with non-ASCII letters. The first group decomposes under NFD (é = e + U+0301).
ACCENT_WORDS = """Café Été Noël Élan Âme Rêve Fête Château Mémoire Désir Éternité Lumière Étoile Forêt
Fenêtre Île Hélène Amélie Léon Chérie Garçon Mañana Señor Niño Corazón Canción Pasión Jardín
Fräulein Über Mädchen Schön Grün König Cortège Déjà Naïve Protégé Soirée Fiancée Crème Piñata
Réveillon Sérénade Müller Zoë Beyoncé Açaí Ça""".split()
NONDECOMP_WORDS = "Æon Ærø Ødegaard Œuvre Ørsted Cœur Æther Øresund Þór".split()


NATIONS = [  # adjective, weight, iso country, country name, language code, language name
    ("American", 62, "US", "United States of America", "en", "English"),
    ("British", 10, "GB", "United Kingdom", "en", "English"),
    ("French", 6, "FR", "France", "fr", "Français"),
    ("Canadian", 4, "CA", "Canada", "en", "English"),
    ("Australian", 3, "AU", "Australia", "en", "English"),
    ("Italian", 3, "IT", "Italy", "it", "Italiano"),
    ("German", 3, "DE", "Germany", "de", "Deutsch"),
    ("Spanish", 2, "ES", "Spain", "es", "Español"),
    ("Japanese", 3, "JP", "Japan", "ja", "日本語"),
    ("Indian", 2, "IN", "India", "hi", "हिन्दी"),
    ("Irish", 2, "IE", "Ireland", "en", "English"),
]
NATION = {n[0]: n for n in NATIONS}
# How an infobox names them (TMDb says "United States of America" and "Français").
WIKI_COUNTRY = {"US": "United States"}
WIKI_LANGUAGE = {"en": "English", "fr": "French", "it": "Italian", "de": "German", "es": "Spanish",
                 "ja": "Japanese", "hi": "Hindi"}
COUNTRY_PAIRS = [("American", "British"), ("American", "Canadian"), ("British", "Australian"),
                 ("American", "Australian"), ("French", "Canadian"), ("American", "Indian"),
                 ("British", "Irish"), ("Italian", "Spanish")]

GENRE_IDS = {"Action": 28, "Adventure": 12, "Animation": 16, "Comedy": 35, "Crime": 80,
             "Documentary": 99, "Drama": 18, "Family": 10751, "Fantasy": 14, "History": 36,
             "Horror": 27, "Music": 10402, "Mystery": 9648, "Romance": 10749,
             "Science Fiction": 878, "TV Movie": 10770, "Thriller": 53, "War": 10752, "Western": 37}
GENRES = [  # lead phrase, TMDb genres
    ("crime drama", ["Crime", "Drama"]), ("crime thriller", ["Crime", "Thriller"]),
    ("romantic comedy", ["Romance", "Comedy"]), ("comedy", ["Comedy"]),
    ("comedy-drama", ["Comedy", "Drama"]), ("drama", ["Drama"]), ("horror", ["Horror"]),
    ("supernatural horror", ["Horror", "Fantasy"]), ("science fiction", ["Science Fiction"]),
    ("science fiction action", ["Science Fiction", "Action"]), ("action thriller", ["Action", "Thriller"]),
    ("fantasy adventure", ["Fantasy", "Adventure", "Family"]), ("war", ["War", "Drama"]),
    ("western", ["Western"]), ("musical comedy", ["Music", "Comedy"]),
    ("mystery thriller", ["Mystery", "Thriller"]), ("biographical drama", ["Drama", "History"]),
    ("family comedy", ["Family", "Comedy"]), ("animated adventure", ["Animation", "Adventure", "Family"]),
    ("historical drama", ["History", "Drama"]), ("neo-noir crime", ["Crime", "Thriller"]),
    ("erotic thriller", ["Thriller", "Drama"]), ("teen comedy", ["Comedy"]),
    ("psychological thriller", ["Thriller", "Mystery"]), ("disaster", ["Action", "Drama"]),
]
COMPANIES = [("Warner Bros.", 6194), ("Paramount Pictures", 4), ("Universal Pictures", 33),
             ("Columbia Pictures", 5), ("Twentieth Century Fox Film Corporation", 306),
             ("Metro-Goldwyn-Mayer (MGM)", 8411), ("New Line Cinema", 12), ("Miramax Films", 14),
             ("TriStar Pictures", 559), ("Lions Gate Films", 35), ("Canal+", 5358),
             ("StudioCanal", 694), ("BBC Films", 288), ("Film4", 6705), ("Gaumont", 9),
             ("Pathé", 7981), ("Toho Company", 882), ("Village Roadshow Pictures", 79),
             ("DreamWorks SKG", 27), ("Touchstone Pictures", 9195), ("Walt Disney Pictures", 2),
             ("Orion Pictures", 41), ("Carolco Pictures", 14723), ("Working Title Films", 10163),
             ("Amblin Entertainment", 56), ("Castle Rock Entertainment", 97),
             ("Fox Searchlight Pictures", 43), ("Focus Features", 10146), ("Dimension Films", 7405),
             ("Summit Entertainment", 491), ("United Artists", 60), ("RKO Radio Pictures", 6),
             ("Hammer Film Productions", 1314), ("The Rank Organisation", 14), ("Hollywood Pictures", 915),
             ("Workin' Man Films", 12910), ("Club d'Investissement Média", 8170), ("France 3 Cinéma", 591)]
FESTIVALS = [("Toronto International Film Festival", range(9, 10)), ("Venice Film Festival", range(8, 10)),
             ("Cannes Film Festival", range(5, 6)), ("Sundance Film Festival", range(1, 2)),
             ("Berlin International Film Festival", range(2, 3)), ("Telluride Film Festival", range(9, 10)),
             ("South by Southwest", range(3, 4))]
NETWORKS = ["NBC", "CBS", "ABC", "Fox", "HBO", "BBC One", "ITV", "Showtime", "The WB", "USA Network", "Channel 4"]
LABELS = ["Columbia Records", "Epic Records", "Geffen Records", "Island Records", "Sub Pop",
          "Matador Records", "Atlantic Records", "Capitol Records", "Virgin Records", "Rough Trade",
          "Def Jam Recordings", "Warp Records", "4AD", "Elektra Records", "Mute Records"]
PUBLISHERS = ["Random House", "Penguin Books", "Doubleday", "Faber and Faber", "Simon & Schuster",
              "HarperCollins", "Bloomsbury", "Virgin Books", "Knopf", "Scribner"]
PLATFORMS = ["Nintendo 64", "Game Boy Color", "Dreamcast", "Microsoft Windows", "PlayStation",
             "Macintosh", "Sega Genesis", "Super NES", "Xbox", "GameCube", "PlayStation 2"]
MONTHS = list(calendar.month_name)[1:]
TAXA = [("moth", "Noctuidae"), ("moth", "Geometridae"), ("beetle", "Carabidae"), ("beetle", "Curculionidae"),
        ("sea snail", "Conidae"), ("spider", "Salticidae"), ("fly", "Tachinidae"), ("wasp", "Braconidae"),
        ("flowering plant", "Asteraceae"), ("orchid", "Orchidaceae"), ("fish", "Cichlidae"), ("frog", "Hylidae")]
GENUS_A = "Acro Ble Cala Dio Eri Glypto Helio Lepto Micro Neo Oxy Pachy Phyllo Scoli Steno Tricho Xylo Zyg Cteno Mega".split()
GENUS_B = "phora ptera soma notus cera gaster dera pus morpha ota stoma lepis cnemis ophis".split()
EPITHETS = "alba nigra rubra minor major elegans gracilis montana sylvestris vulgaris borealis australis occidentalis orientalis robusta pallida ornata maculata hirsuta cana".split()

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def key(title):
    """Identity of a title for collision checks: case, accents, punctuation and spacing removed."""
    s = unicodedata.normalize("NFKD", title)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"[\W_]+", " ", s)
    return " ".join(s.split())


def page_url(title):
    # MediaWiki: spaces as underscores, UTF-8 percent-encoding, ( ) , ' ! : ; @ $ * / ~ kept.
    return WIKI + urllib.parse.quote(title.replace(" ", "_"), safe="()_,'!:;@$*/~")


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def article(word):
    return "an" if word[:1].lower() in "aeiou" else "a"


def plural(noun):
    irregular = {"Man": "Men", "Woman": "Women", "Child": "Children", "Wolf": "Wolves",
                 "Thief": "Thieves", "Sheriff": "Sheriffs", "Mouse": "Mice"}
    if noun in irregular:
        return irregular[noun]
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    if re.search(r"(s|x|ch|sh)$", noun):
        return noun + "es"
    return noun + "s"


def and_list(items):
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


class Registry:
    """Claims base titles so that no two groups of pages share one by accident."""

    def __init__(self):
        self.owner = {}
        self.titles = set()

    def claim(self, base, owner):
        k = key(base)
        if not k or k in self.owner:
            return False
        self.owner[k] = owner
        return True

    def owner_of(self, base):
        return self.owner.get(key(base))


class Gen:
    def __init__(self, films, seed):
        self.n = films
        self.rng = random.Random(seed)
        self.reg = Registry()
        self.pages = []            # (title, abstract, sections)
        self.page_titles = set()
        self.films = []            # dicts
        self.used_ids = set()
        self.used_imdb = set()

    # ---- names and titles ----------------------------------------------------------------

    def person(self):
        r = self.rng
        name = f"{r.choice(FIRST)} {r.choice(LAST)}"
        if r.random() < 0.08:
            name = f"{r.choice(FIRST)} {r.choice('ABCDEFGHJKLMNPRSTW')}. {r.choice(LAST)}"
        return name

    def town(self):
        r = self.rng
        x = r.random()
        base = r.choice(TOWN_A) + r.choice(TOWN_B)
        if x < 0.7:
            return base
        if x < 0.8:
            return "Port " + r.choice(TOWN_A) + r.choice(TOWN_B)
        if x < 0.9:
            return base + r.choice([" Falls", " Springs", " Heights", " Crossing"])
        return "Fort " + r.choice(LAST)

    def film_title(self, style=None):
        """A plausible film (or album, novel, show) title."""
        r = self.rng
        p = style if style is not None else r.choices(
            ["the_adj_noun", "single", "compound", "adj_noun", "noun_of_the", "noun_of_place",
             "verb_the", "a_noun_in", "possessive", "noun_and_noun", "subtitle", "man_who",
             "ampersand", "question", "exclaim", "mister", "hyphen", "accent", "number", "quoted"],
            [14, 5, 6, 10, 10, 5, 7, 4, 5, 5, 4, 4, 2, 2, 1, 2, 4, 3, 2, 0.5])[0]
        if p == "the_adj_noun":
            return f"The {r.choice(ADJ)} {r.choice(NOUN)}"
        if p == "single":
            return r.choice(SINGLE)
        if p == "compound":
            return r.choice(PREFIX) + r.choice(SUFFIX)
        if p == "adj_noun":
            n = r.choice(NOUN)
            return f"{r.choice(ADJ)} {plural(n) if r.random() < 0.3 else n}"
        if p == "noun_of_the":
            return f"{r.choice(['The ', ''])}{r.choice(NOUN)} of the {r.choice(ADJ) + ' ' if r.random() < 0.3 else ''}{r.choice(NOUN)}"
        if p == "noun_of_place":
            return f"The {r.choice(NOUN)} of {self.town()}"
        if p == "verb_the":
            return f"{r.choice(VERB_ING)} {r.choice(['the ', 'a ', ''])}{r.choice(NOUN)}"
        if p == "a_noun_in":
            n = r.choice(NOUN)
            return f"{r.choice([article(n).capitalize(), 'The'])} {n} in {r.choice([self.town(), 'Paris', 'Rome', 'Winter', 'the Dark', 'the Rain'])}"
        if p == "possessive":
            return r.choice([f"{r.choice(FIRST)}'s {r.choice(NOUN)}", f"The {r.choice(NOUN)}'s {r.choice(NOUN)}",
                             f"Don't {r.choice(['Look', 'Tell', 'Wake', 'Touch', 'Call'])} the {r.choice(NOUN)}",
                             f"{r.choice(ADJ)} Man's {r.choice(NOUN)}", f"Ain't No {r.choice(NOUN)}",
                             f"{r.choice(LAST)}'s {r.choice(['Day Off', 'Last Stand', 'Law', 'Island', 'War', 'Gold'])}"])
        if p == "noun_and_noun":
            return f"{plural(r.choice(NOUN))} and {plural(r.choice(NOUN))}"
        if p == "subtitle":
            return f"{r.choice(SINGLE + [r.choice(PREFIX) + r.choice(SUFFIX)])}: {r.choice(['The', 'A'])} {r.choice(ADJ)} {r.choice(NOUN)}"
        if p == "man_who":
            return f"The {r.choice(SMALL_NOUN)} Who {r.choice(VERB_PAST)} {r.choice(OBJ_END)}"
        if p == "ampersand":
            return f"{r.choice(FIRST)} & {r.choice(FIRST)}"
        if p == "question":
            return r.choice([f"What About {r.choice(FIRST)}?", f"Who Killed {r.choice(FIRST)} {r.choice(LAST)}?",
                             f"Where Is the {r.choice(NOUN)}?"])
        if p == "exclaim":
            return f"{r.choice(NOUN)}{r.choice(['!', '!', ', ' + r.choice(NOUN) + '!'])}"
        if p == "mister":
            return f"{r.choice(['Mr.', 'Mrs.', 'Dr.'])} {r.choice(LAST)}{r.choice(['', ' Goes to Town', ' and the ' + r.choice(NOUN)])}"
        if p == "hyphen":
            return r.choice([f"{r.choice(['Half', 'Mid', 'Semi', 'Ex', 'Self', 'Anti', 'Over', 'Well'])}-{r.choice(NOUN)}",
                             f"{self.town()}-{self.town()}", f"{r.choice(NOUN)}-{r.choice(NOUN)}",
                             f"The {r.choice(ADJ)}-{r.choice(['Hearted', 'Eyed', 'Handed', 'Headed'])} {r.choice(NOUN)}"])
        if p == "accent":
            return self.accent_title(r.random() < 0.8)
        if p == "number":
            return r.choice([f"{r.randint(2, 99)} {r.choice(NOUN)}s", f"100% {r.choice(NOUN)}",
                             f"The {r.choice(['Seventh', 'Third', 'Ninth', 'Thirteenth'])} {r.choice(NOUN)}"])
        if p == "quoted":
            return f"The \"{r.choice(ADJ)}\" {r.choice(NOUN)}"
        raise AssertionError(p)

    def accent_title(self, decomposable=True):
        r = self.rng
        w = r.choice(ACCENT_WORDS if decomposable else NONDECOMP_WORDS)
        x = r.random()
        if x < 0.25:
            return f"{w} {r.choice(NOUN)}"
        if x < 0.4:
            return f"{w} {r.choice(['de', 'du', 'pour'])} {r.choice(FIRST)}"
        if x < 0.55:
            return f"The {w} of {r.choice(FIRST)} {r.choice(LAST)}"
        if x < 0.7:
            return f"{w} in {self.town()}"
        if x < 0.8:
            return f"{r.choice(FIRST)}'s {w}"
        if x < 0.85:
            return f"{w} {r.choice(['ira', 'Flux', 'Noir', 'Blanc', 'Express'])}"
        return f"{r.choice(ADJ)} {w}"

    def new_base(self, owner, make, tries=200):
        """A base title (from make()) claimed for owner; None if the vocabulary is exhausted."""
        for i in range(tries):
            t = make()
            if i > 50:
                t = f"{t} {self.rng.choice(['Blues', 'Forever', 'Rising', 'Redux', 'Returns', 'Again', 'Story', 'Affair'])}"
            if self.reg.claim(t, owner):
                return t
        for i in range(tries):
            t = f"{make()} {self.rng.randint(2, 9999)}"
            if self.reg.claim(t, owner):
                return t
        raise RuntimeError("title vocabulary exhausted")

    # ---- page bookkeeping ------------------------------------------------------------------

    def add_page(self, title, abstract, sections):
        if title in self.page_titles:
            raise AssertionError(f"duplicate page title {title!r}")
        self.page_titles.add(title)
        self.pages.append((title, abstract, sections))
        return page_url(title)

    # ---- film attributes -------------------------------------------------------------------

    def nation(self, exclude=()):
        r = self.rng
        while True:
            n = r.choices(NATIONS, [x[1] for x in NATIONS])[0]
            if n[0] not in exclude:
                return n[0]

    def year(self, lo=1930, hi=2017):
        r = self.rng
        while True:
            y = int(r.triangular(1925, 2017, 2008))
            if lo <= y <= hi:
                return y

    def other_year(self, avoid, lo=1925, hi=2017, gap=3):
        """A year at least `gap` away from every year in avoid."""
        r = self.rng
        for _ in range(1000):
            y = r.randint(lo, hi)
            if all(abs(y - a) >= gap for a in avoid):
                return y
        raise RuntimeError("no year")

    def film_spec(self, year, nat=None, kind=None):
        r = self.rng
        genre = r.choice(GENRES)
        if kind is None:
            kind = r.choices(["film", "tv", "doc"], [90, 5 if year >= 1960 else 0, 5])[0]
        if kind == "doc":
            genre = ("documentary", ["Documentary"])
        return {
            "year": year, "nat": nat or self.nation(), "genre": genre, "kind": kind,
            "director": self.person(), "cast": [self.person() for _ in range(r.randint(2, 4))],
            "writer": self.person(), "composer": self.person(),
            "runtime": r.randint(74, 158) if kind != "tv" else r.randint(84, 98),
            "topic": r.choice([f"the {r.choice(NOUN).lower()} trade in {self.town()}",
                               f"the life of {self.person()}", f"competitive {r.choice(['chess', 'surfing', 'ballroom dancing', 'spelling bees', 'rodeo'])}",
                               f"the {r.choice(['1968', '1974', '1989', '1994'])} {r.choice(['strike', 'flood', 'election', 'riots'])} in {self.town()}"]),
            "festival": None, "remake_of": None, "based_on": None,
        }

    # ---- abstracts ---------------------------------------------------------------------------

    def film_lead(self, base, spec, upcoming=False):
        r = self.rng
        y, nat, (gphrase, _), kind = spec["year"], spec["nat"], spec["genre"], spec["kind"]
        if upcoming:
            s = f"{base} is an upcoming {nat} {gphrase} film directed by {spec['director']}."
        elif kind == "doc":
            s = f"{base} is {article(str(y))} {y} documentary film about {spec['topic']}."
            if r.random() < 0.5:
                s = f"{base} is {article(str(y))} {y} {nat} documentary film about {spec['topic']}, directed by {spec['director']}."
        elif kind == "tv":
            s = f"{base} is {article(str(y))} {y} {nat} made-for-television {gphrase} film directed by {spec['director']}."
        else:
            x = r.random()
            if x < 0.35:
                s = f"{base} is {article(str(y))} {y} {nat} {gphrase} film directed by {spec['director']}."
            elif x < 0.55:
                s = f"{base} is {article(str(y))} {y} {nat} {gphrase} film written and directed by {spec['director']}."
            elif x < 0.8:
                s = (f"{base} is {article(str(y))} {y} {nat} {gphrase} film directed by {spec['director']} "
                     f"and starring {and_list(spec['cast'])}.")
            else:
                s = (f"{base} is {article(str(y))} {y} {nat} {gphrase} film directed by {spec['director']} "
                     f"from a screenplay by {spec['writer']}.")
        if spec.get("based_on"):
            s += f" It is based on the {spec['based_on']}."
        if spec.get("remake_of"):
            s += f" It is a remake of the {spec['remake_of']} film of the same name."
        if spec.get("festival"):
            fest, month = spec["festival"]
            s += (f" It premiered at the {fest} in {month} {y}, and was released theatrically "
                  f"in {spec['release_year']}.")
        elif r.random() < 0.3 and not upcoming:
            s += r.choice([f" The film stars {and_list(spec['cast'])}.",
                           f" It was produced by {r.choice(COMPANIES)[0]}.",
                           f" The film received mixed reviews from critics."])
        return s

    def weighted(self, *choices):
        """One of (weight, value) pairs; a callable value is called, so only the chosen one
        draws from the generator."""
        value = self.rng.choices([c[1] for c in choices], [c[0] for c in choices])[0]
        return value() if callable(value) else value

    def infobox_line(self, key, value=""):
        """"| key = value" as the dump keeps it: usually "| key = value", sometimes aligned with
        spaces as many infoboxes are written ("| website        ="), sometimes unspaced."""
        r = self.rng
        x = r.random()
        if x < 0.75:
            line = f"| {key} = {value}"
        elif x < 0.93:
            line = f"| {key}{' ' * max(1, 17 - len(key))}= {value}"
        else:
            line = f"|{key}={value}"
        return line.rstrip()

    def money(self, low, high):
        r = self.rng
        amount = r.uniform(low, high)
        figure = f"{amount:.1f}".rstrip("0").rstrip(".") if amount < 100 else str(int(amount))
        return r.choice(["$", "$", "$", "US$", "£"]) + f"{figure} million"

    def film_debris(self, spec):
        """A line of the film's {{Infobox film}}, as the dump leaves it when the line before was a
        multi-line template: after a {{Plainlist}} of producers the screenplay line, after the
        starring list the music line, after {{Film date}} the runtime, after the countries the
        language, and so on. The weights follow the 16 film pages of the real samples whose
        abstract is such a line (screenplay 4, producer 3, starring 3, music 3, runtime 2, writer
        1; none is "}}", which a video game's is), with a tail for the lines they do not show."""
        r = self.rng
        c = spec["cast"]
        nat = NATION[spec["nat"]]
        line = self.infobox_line
        return self.weighted(
            (17, lambda: line("screenplay")), (3, lambda: line("screenplay", spec["writer"])),
            (13, lambda: line("music", spec["composer"])), (3, lambda: line("music", spec["composer"] + self.person())),
            (8, lambda: line("starring", "".join(c))), (4, lambda: line("starring", " ".join(c))), (4, lambda: line("starring")),
            (9, lambda: line("producer")), (5, lambda: line("producer", self.person())),
            (10, lambda: line("runtime", f"{spec['runtime']} minutes")), (1, lambda: line("runtime", f"{spec['runtime']} min")),
            (5, lambda: line("writer", spec["writer"])), (2, lambda: line("director", spec["director"])),
            (4, lambda: line("cinematography", self.person())), (3, lambda: line("editing", self.person())),
            (3, lambda: line("distributor", r.choice(COMPANIES)[0])),
            (2, lambda: line("studio", r.choice(COMPANIES)[0])),
            (2, lambda: line(r.choice(["production_companies", "production_company"]), r.choice(COMPANIES)[0])),
            (3, lambda: line("country", WIKI_COUNTRY.get(nat[2], nat[3]))), (3, lambda: line("language", WIKI_LANGUAGE[nat[4]])),
            (2, lambda: line("budget", self.money(0.5, 150))), (2, lambda: line("gross", self.money(0.1, 600))),
            (1, lambda: line("released")), (1, lambda: line("story", self.person())), (1, lambda: line("based_on")),
            (1, lambda: line("narrator", self.person())),
            (3, "}}"),
            (3, lambda: f"thumb|250px|[[{r.choice(['Theatrical release poster', 'Original theatrical poster', c[0] + ' in a scene', 'Promotional poster'])}]]"),
        )

    def film_sections(self, stub=False, animated=False):
        r = self.rng
        if stub:
            return r.choice([["References", "External links"], ["External links"], ["References"]])
        s = []
        if r.random() < 0.93:
            s.append(r.choices(["Plot", "Synopsis", "Premise", "Plot summary"], [85, 6, 5, 4])[0])
        if r.random() < 0.9:
            s.append("Voice cast" if animated else "Cast")
        if r.random() < 0.7:
            s.append("Production")
            for sub in ("Development", "Casting", "Filming", "Music", "Visual effects"):
                if r.random() < 0.3:
                    s.append(sub)
        box = False
        if r.random() < 0.75:
            s.append("Release")
            if r.random() < 0.2:
                s.append("Marketing")
            if r.random() < 0.4:
                s.append("Home media")
            if r.random() < 0.3:
                s.append("Box office")
                box = True
        if r.random() < 0.85:
            s.append("Reception")
            if not box and r.random() < 0.5:
                s.append("Box office")
            if r.random() < 0.5:
                s.append(r.choice(["Critical response", "Critical reception"]))
            if r.random() < 0.3:
                s.append("Accolades")
        for sec, p in (("Soundtrack", 0.2), ("Legacy", 0.1), ("Sequel", 0.08), ("See also", 0.15), ("Notes", 0.1)):
            if r.random() < p:
                s.append(sec)
        if r.random() < 0.95:
            s.append("References")
        if r.random() < 0.9:
            s.append("External links")
        return s

    def few_film_sections(self):
        """The headings of a short film article: a Plot or a Cast, a Reception, and the looser
        headings small articles use (Summary, Awards, Music). An article with no heading but the
        references is a stub (s_stub)."""
        r = self.rng
        plot = lambda: r.choices(["Plot", "Synopsis", "Premise", "Plot summary", "Summary"], [70, 10, 5, 5, 10])[0]
        reception = lambda: r.choice(["Reception", "Reception", "Critical reception", "Critical response"])
        body = self.weighted(
            (12, lambda: [plot()]), (5, lambda: ["Cast"]), (3, lambda: ["Production"]), (3, lambda: ["Release"]),
            (5, lambda: [reception()]), (2, lambda: [r.choice(["Awards", "Awards and nominations", "Accolades"])]),
            (2, lambda: [r.choice(["Soundtrack", "Music"])]),
            (10, lambda: [plot(), "Cast"]), (8, lambda: [plot(), reception()]), (3, lambda: ["Cast", "Production"]),
            (3, lambda: ["Production", "Release"]), (3, lambda: [plot(), "Release"]), (3, lambda: ["Cast", reception()]),
            (3, lambda: ["Release", reception()]), (2, lambda: [plot(), r.choice(["Awards", "Awards and nominations"])]),
            (2, lambda: [plot(), r.choice(["Soundtrack", "Music"])]),
            (5, lambda: [plot(), "Cast", reception()]), (2, lambda: [plot(), "Production", "Release"]),
            (2, lambda: [plot(), "Cast", "Release"]), (1, lambda: [plot(), "Cast", "Awards and nominations"]),
        )
        tail = self.pick(["References", 0.8], ["External links", 0.7], ["See also", 0.1], ["Notes", 0.1])
        return body + tail

    def add_film_page(self, title, base, spec, mode="auto", stub=False, upcoming=False, few=False):
        """mode: prose, debris, or auto (60% prose). few: the headings of a short article."""
        if mode == "auto":
            mode = "prose" if self.rng.random() < 0.6 else "debris"
        abstract = self.film_lead(base, spec, upcoming) if mode == "prose" else self.film_debris(spec)
        sections = self.few_film_sections() if few else self.film_sections(stub, "animated" in spec["genre"][0])
        return self.add_page(title, abstract, sections)

    # Non-film pages: kind -> (qualifier, prose, debris, sections)

    def other_page(self, kind, base, qualified=True, year=None, film_year=None, small=False, debris=None):
        """Add a non-film page about `base`: bare title, or `base (qualifier)`. Returns its title.

        small: the headings of a short article of its kind (a few, or none but the references).
        debris: True for an infobox line as the abstract, False for the prose lead, None for
        either. The infobox lines are those of the kind's real infobox, including the ones it
        shares with {{Infobox film}}: an album's "| producer =" and "| studio =", a TV series'
        "| starring =", "| runtime =" and "| cinematography =", a novel's "| country =", a
        musical's "| music =", a play's "| writer ="."""
        r = self.rng
        line = self.infobox_line
        span = {"novel": (1900, 2016), "album": (1960, 2016), "soundtrack": (1960, 2016), "song": (1955, 2016),
                "tv": (1950, 2012), "band": (1965, 2010), "musical": (1920, 2016), "game": (1982, 2016),
                "picture_book": (1950, 2016), "play": (1890, 2016)}.get(kind, (1940, 2016))
        y = year or self.rng.randint(*span)
        p = self.person()
        prose_share = 0.5
        end = lambda: self.pick(["References", 0.85], ["External links", 0.6])
        if kind == "disambig":
            title = f"{base} (disambiguation)" if qualified else base
            self.add_page(title, f"{base} may refer to:", ["See also"])
            return title
        if kind == "novel":
            q = "novel"
            prose = lambda: r.choice([f"{base} is {article(str(y))} {y} novel by {p}.",
                                      f"{base} is {article(str(y))} {y} {r.choice(['crime', 'historical', 'science fiction', 'thriller', 'young adult'])} novel by the {r.choice(['American', 'British', 'Canadian'])} writer {p}.",
                                      f"{base} is an original novel by {p} featuring the fictional archaeologist {self.person()}."])
            debris_line = lambda: self.weighted(
                (3, lambda: line("author", p)), (4, lambda: line("publisher", r.choice(PUBLISHERS))),
                (3, lambda: line("pages", str(r.randint(180, 640)))), (2, lambda: line("isbn", f"0-{r.randint(100, 999)}-{r.randint(10000, 99999)}-{r.randint(0, 9)}")),
                (2, lambda: line("media_type", "Print (hardback & paperback)")),
                (2, lambda: line("country", r.choice(["United States", "United Kingdom", "Canada"]))), (2, lambda: line("language", "English")),
                (1, lambda: line("genre", r.choice(["Crime novel", "Science fiction", "Historical novel"]))),
                (1, lambda: line("followed_by", self.film_title("adj_noun"))), (1, lambda: line("cover_artist", self.person())),
                (1, lambda: line("published", f"{y} ({r.choice(PUBLISHERS)})")))
            secs = lambda: self.pick(["Plot", "Plot summary"], ["Characters", 0.7], ["Publication history", 0.6], ["Reception", 0.7],
                                     ["Adaptations", 0.3], ["References", 0.9], ["External links", 0.7])
            few = lambda: self.weighted(
                (15, ["Plot"]), (10, ["Plot summary"]), (5, ["Synopsis"]), (12, ["Plot", "Reception"]),
                (8, ["Plot summary", "Characters"]), (6, ["Plot", "Characters", "Reception"]), (5, ["Reception"]),
                (5, ["Plot", "Adaptations"]), (4, ["Publication history"]), (4, ["Background", "Plot"]),
                (3, ["Plot", "Film adaptation"]), (10, []))
        elif kind in ("album", "soundtrack"):
            fy = film_year or y
            if kind == "album":
                q = "album"
                t = self.film_title("the_adj_noun").split(" ")
                band = " ".join(t[:-1] + [plural(t[-1])])
                artist = r.choice([f"{r.choice(['rock band', 'indie pop band', 'heavy metal band'])} {band}",
                                   f"{r.choice(['singer', 'rapper', 'singer-songwriter'])} {self.person()}"])
                prose = lambda: r.choice([f"{base} is the {r.choice(['debut', 'second', 'third', 'fourth', 'fifth'])} studio album by {r.choice(['American', 'English', 'Canadian'])} {artist}, released on {r.choice(MONTHS)} {r.randint(1, 28)}, {y} by {r.choice(LABELS)}.",
                                          f"{base} is the second and final album by {band}, released on {r.randint(1, 28)} {r.choice(MONTHS)} {y}."])
            else:
                q = "soundtrack"
                prose = lambda: r.choice([f"{base} is the soundtrack album to the {fy} film of the same name, released by {r.choice(LABELS)}.",
                                          f"{base}: Original Motion Picture Soundtrack is the soundtrack to the {fy} film {base}."])
            debris_line = lambda: self.weighted(
                (4, lambda: line("label", r.choice(LABELS))), (1, lambda: line("label")),
                (4, lambda: line("length", f"{r.randint(31, 68)}:{r.randint(0, 59):02d}")),
                (2, lambda: line("recorded", str(fy if kind == "soundtrack" else y))),
                (2, lambda: line("studio", r.choice([f"{r.choice(LAST)} Sound Studios", "Abbey Road Studios", "Electric Lady Studios", f"{r.choice(LAST)} Recording, {r.choice(['Los Angeles', 'London', 'Nashville'])}"]))),
                (1, lambda: line("prev_title", self.film_title("adj_noun"))),
                (2, lambda: line("producer", self.person())), (1, lambda: line("producer")),
                (1, lambda: line("released", f"{r.choice(MONTHS)} {r.randint(1, 28)}, {y}")),
                (1, lambda: line("language", "English")), (2, lambda: line("genre", r.choice(["Rock", "Pop", "Hip hop", "Film score"]))))
            secs = lambda: (self.pick(["Background", 0.5], ["Recording", 0.3], ["Commercial performance", 0.3], ["Critical reception", 0.6],
                                      ["Track listing"], ["Personnel", 0.8], ["Charts", 0.6], ["Certifications", 0.2], ["References"])
                            if kind == "album" else
                            self.pick(["Background", 0.3], ["Track listing"], ["Personnel", 0.6], ["Charts", 0.5], ["References"]))
            few = lambda: self.weighted(
                (30, ["Track listing"]), (25, ["Track listing", "Personnel"]), (10, ["Background", "Track listing"]),
                (10, ["Critical reception", "Track listing"]), (5, ["Track listing", "Charts"]), (5, ["Reception"]),
                (3, ["Background"]), (8, []))
        elif kind == "song":
            q = "song"
            artist = self.person()
            prose = lambda: f"\"{base}\" is a song by {r.choice(['American', 'English', 'Australian'])} singer {artist}, released in {y} as the {r.choice(['lead', 'second', 'third'])} single from the album {self.film_title('adj_noun')}."
            debris_line = lambda: self.weighted(
                (3, lambda: line("B-side", f"\"{self.film_title('adj_noun')}\"")), (3, lambda: line("songwriter", artist)),
                (2, lambda: line("writer", artist)), (3, lambda: line("label", r.choice(LABELS))),
                (3, lambda: line("length", f"{r.randint(2, 6)}:{r.randint(0, 59):02d}")),
                (3, lambda: line("producer", self.person())), (1, lambda: line("released", f"{r.choice(MONTHS)} {y}")),
                (1, lambda: line("studio", f"{r.choice(LAST)} Sound Studios")), (1, lambda: line("format", r.choice(["7-inch single", "CD single", "Digital download"]))),
                (1, lambda: line("recorded", str(y))), (1, lambda: line("genre", r.choice(["Pop", "Rock", "R&B"]))))
            secs = lambda: self.pick(["Background", 0.6], ["Composition", 0.4], ["Music video", 0.6], ["Track listing", 0.6],
                                     ["Charts", 0.7], ["Cover versions", 0.2], ["References"])
            few = lambda: self.weighted(
                (10, ["Background", "Music video"]), (15, ["Track listing", "Charts"]), (10, ["Charts"]), (10, ["Music video"]),
                (5, ["Critical reception"]), (8, ["Background"]), (15, ["Track listing"]), (5, ["Composition", "Critical reception"]),
                (10, []))
        elif kind == "tv":
            q = "TV series"
            y2 = y + r.randint(1, 6)
            nat = r.choice(["American", "American", "British", "Canadian"])
            prose = lambda: f"{base} is {article(nat)} {nat} {r.choice(['animated', 'comedy', 'drama', 'crime drama', 'science fiction'])} television series that aired on {r.choice(NETWORKS)} from {y} to {y2}."
            runtime = lambda: r.choices(["22 minutes", "22–24 minutes", "42 minutes", "44–48 minutes", "30 minutes", "60 minutes"],
                                        [30, 20, 20, 10, 10, 10])[0]
            debris_line = lambda: self.weighted(
                (2, "|developer="), (4, lambda: line("num_episodes", str(r.randint(6, 140)))), (3, lambda: line("network", r.choice(NETWORKS))),
                (2, lambda: line("num_seasons", str(r.randint(1, 7)))),
                (3, lambda: line("first_aired", f"{{{{Start date|{y}|{r.randint(1, 12)}|{r.randint(1, 28)}}}}}")),
                (2, lambda: line("last_aired", f"{{{{End date|{y2}|{r.randint(1, 12)}|{r.randint(1, 28)}}}}}")),
                (4, lambda: line("starring", "".join(self.person() for _ in range(r.randint(2, 4))))),
                (3, lambda: line("country", r.choice(["United States", "United Kingdom", "Canada"]))), (3, lambda: line("language", "English")),
                (3, lambda: line("runtime", runtime())), (2, lambda: line("producer", self.person())),
                (3, lambda: line("executive_producer", self.person())), (2, lambda: line("company", f"{r.choice(LAST)} Productions")),
                (1, lambda: line("distributor", r.choice(["Warner Bros. Television Distribution", "CBS Television Distribution", "Sony Pictures Television",
                                                           "NBCUniversal Television Distribution", "BBC Worldwide", "ITV Studios", "Fremantle"]))),
                (1, lambda: line("cinematography", self.person())), (1, lambda: line("editor", self.person())),
                (2, lambda: line("theme_music_composer", self.person())), (1, lambda: line("composer", self.person())),
                (1, lambda: line("camera", "Single-camera")), (1, lambda: line("picture_format", r.choice(["NTSC", "HDTV 1080i"]))),
                (1, lambda: line("based_on")), (2, lambda: line("creator", self.person())), (1, lambda: line("genre", "Sitcom")))
            secs = lambda: self.pick(["Premise", 0.8], ["Cast and characters", 0.9], ["Main", 0.4], ["Recurring", 0.3],
                                     ["Episodes", 0.9], ["Production", 0.4], ["Broadcast", 0.4], ["Home media", 0.2],
                                     ["Reception", 0.5], ["References"], ["External links", 0.8])
            few = lambda: self.weighted(
                (15, ["Premise", "Cast", "Episodes"]), (15, ["Episodes"]), (10, ["Cast", "Episodes"]), (10, ["Premise", "Cast"]),
                (4, ["Plot", "Cast"]), (6, ["Cast and characters"]), (4, ["Production", "Broadcast"]), (8, ["Premise"]),
                (4, ["Premise", "Reception"]), (3, ["Cast", "Production", "Reception"]), (5, ["Format"]), (8, []))
        elif kind == "band":
            q = "band"
            city = r.choice(BIG_CITIES)
            prose = lambda: r.choice([f"{base} was an English thrash metal band from {r.choice(['Nottingham', 'Leeds', 'Bristol', 'Sheffield'])}, England.",
                                      f"{base} are a {r.choice(['indie rock', 'punk rock', 'folk', 'heavy metal', 'electronic'])} band from {city}, formed in {y}."])
            debris_line = lambda: self.weighted(
                (1, lambda: line("origin", city)), (1, lambda: line("years_active", f"{y}–{y + r.randint(2, 12)}")),
                (1, lambda: line("label", r.choice(LABELS))), (1, lambda: line("genre", r.choice(["Thrash metal", "Indie rock", "Punk rock"]))))
            secs = lambda: self.pick(["History", 0.8], ["Early days", 0.3], ["Members", 0.7], ["Discography"], ["References"])
            few = lambda: self.weighted((20, ["History", "Members"]), (20, ["Discography"]), (20, ["History"]),
                                        (20, ["Members", "Discography"]), (10, []))
        elif kind == "musical":
            q = f"{y} musical"
            prose = lambda: r.choice([f"{base} is a musical with music by {p} and lyrics by {self.person()}. It premiered in {y}.",
                                      f"{base} ({y}) was a landmark musical that premiered in {r.choice(['Johannesburg', 'London', 'New York'])}."])
            debris_line = lambda: self.weighted(
                (3, lambda: line("music", p)), (4, lambda: line("lyrics", p)), (4, lambda: line("book", self.person())),
                (3, lambda: line("basis", f"{self.film_title('adj_noun')} by {self.person()}")),
                (3, lambda: line("productions", f"{y} {r.choice(['West End', 'Broadway', 'Johannesburg'])}")),
                (2, lambda: line("awards", "Tony Award for Best Musical")))
            secs = lambda: self.pick(["Background"], ["Plot", 0.7], ["Synopsis", 0.2], ["Cast", 0.6], ["Songs", 0.6],
                                     ["Musical numbers", 0.3], ["Productions", 0.5], ["Legacy", 0.3], ["References"])
            few = lambda: self.weighted(
                (15, ["Synopsis", "Musical numbers"]), (10, ["Productions"]), (10, ["Background", "Songs"]),
                (10, ["Plot", "Productions"]), (8, ["Synopsis"]), (5, ["Synopsis", "Roles"]), (8, ["Production history"]),
                (4, ["Plot", "Cast"]), (5, ["Background", "Synopsis"]), (8, []))
        elif kind == "game":
            q = "video game"
            plats = r.sample(PLATFORMS, r.randint(2, 4))
            prose = lambda: f"{base} is {article(str(y))} {y} {r.choice(['platform', 'action-adventure', 'racing', 'puzzle', 'role-playing'])} video game developed by {r.choice(LAST)} {r.choice(['Games', 'Interactive', 'Software'])} and published by {r.choice(['Activision', 'THQ', 'Sega', 'Ubisoft', 'Electronic Arts'])}."
            debris_line = lambda: self.weighted(
                (2, "}}" + "".join(plats) + "}}"), (1, "}}" + "".join(plats) + f'(in section "{base} Ships")}}}}Macintosh}}}}'),
                (3, lambda: line("platforms", ", ".join(plats))),
                (2, lambda: line("genre", f"[[{r.choice(['Platform game|Platform', 'Racing game|Racing'])}]]")),
                (2, lambda: line("modes", r.choice(["Single-player", "Single-player, multiplayer"]))),
                (1, lambda: line("developer", f"{r.choice(LAST)} Games")), (2, lambda: line("publisher", r.choice(["Activision", "THQ", "Sega", "Ubisoft"]))),
                (1, lambda: line("director", self.person())), (2, lambda: line("producer", self.person())),
                (1, lambda: line("designer", self.person())), (2, lambda: line("composer", self.person())),
                (1, lambda: line("writer", self.person())), (1, lambda: line("released", str(y))),
                (1, lambda: line("engine", r.choice(["Unreal Engine", "id Tech 3"]))), (1, lambda: line("series", self.film_title("adj_noun"))))
            secs = lambda: self.pick(["Plot", 0.7], ["Gameplay"], ["Development", 0.7], ["Development and release", 0.2], ["Release", 0.4],
                                     ["Reception", 0.8], ["See also", 0.2], ["References"], ["External links", 0.7])
            few = lambda: self.weighted(
                (25, ["Gameplay"]), (20, ["Gameplay", "Reception"]), (15, ["Plot", "Gameplay"]), (10, ["Gameplay", "Development"]),
                (6, ["Reception"]), (4, ["Plot", "Reception"]), (3, ["Development", "Release"]), (8, []))
        elif kind == "picture_book":
            q = "picture book"
            prose = lambda: f"{base} is {article(str(y))} {y} fantasy children's picture book, written and illustrated by the American author {p}."
            debris_line = lambda: self.weighted(
                (3, lambda: line("author", p)), (3, lambda: line("illustrator", p)), (3, lambda: line("publisher", r.choice(PUBLISHERS))),
                (1, lambda: line("country", "United States")), (1, lambda: line("language", "English")),
                (1, lambda: line("pages", str(r.randint(24, 48)))))
            secs = lambda: self.pick(["Storyline"], ["Adaptations", 0.7], ["Sequel", 0.3], ["References"], ["External links", 0.6])
            few = lambda: self.weighted((20, ["Storyline"]), (20, ["Plot"]), (20, ["Plot", "Adaptations"]), (10, ["Adaptations"]),
                                        (10, ["Reception"]), (10, []))
        elif kind == "play":
            q = "play"
            prose = lambda: f"{base} is {article(str(y))} {y} play by {p}."
            debris_line = lambda: self.weighted(
                (3, lambda: line("writer", p)), (3, lambda: line("premiere", str(y))),
                (3, lambda: line("place", r.choice(["Royal Court Theatre", "Lyceum Theatre", "Abbey Theatre"]))),
                (2, lambda: line("characters", f"{self.person()}{self.person()}")),
                (2, lambda: line("setting", f"{r.choice(['A farmhouse', 'A London flat', 'A hotel room'])}, {r.randint(1900, 1990)}")),
                (1, lambda: line("orig_lang", "English")), (1, lambda: line("genre", r.choice(["Drama", "Comedy", "Tragedy"]))),
                (1, lambda: line("subject", r.choice(["Marriage", "War", "Family"]))))
            secs = lambda: self.pick(["Plot", 0.7], ["Characters", 0.8], ["Productions", 0.7], ["References"])
            few = lambda: self.weighted(
                (20, ["Plot", "Characters"]), (10, ["Synopsis"]), (10, ["Characters", "Productions"]), (10, ["Production history"]),
                (10, ["Plot"]), (10, ["Plot", "Productions"]), (10, ["Characters"]), (5, ["Plot", "Reception"]), (8, []))
        elif kind == "comics":
            q = "comics"
            prose = lambda: f"Throughout the decades {base} has been featured in numerous comic book publications from numerous publishers."
            debris_line = lambda: line("publisher", r.choice(["Marvel Comics", "DC Comics", "Dark Horse Comics", "Gold Key Comics"]))
            secs = lambda: self.pick(["Publication history"], ["Fictional character biography", 0.5], ["Other appearances", 0.5], ["References"])
            few = lambda: self.weighted((30, ["Publication history"]), (20, ["Fictional character biography"]), (10, []))
        elif kind == "person":
            q = r.choice(["actor", "politician", "musician", "author"])
            occ = {"actor": "actor", "politician": "politician", "musician": "musician", "author": "writer"}[q]
            prose = lambda: f"{base} (born {r.choice(MONTHS)} {r.randint(1, 28)}, {r.randint(1930, 1990)}) is {article(r.choice(['American']))} American {occ}{r.choice(['', ' and author', ' and activist'])}."
            debris_line = lambda: self.weighted(
                (4, lambda: line("birth_place", r.choice(BIG_CITIES))), (1, lambda: line("order", r.choice(["54th", "12th", "3rd", "21st"]))),
                (1, lambda: line("occupation", occ.capitalize())), (1, lambda: line("alma_mater", f"University of {r.choice(STATES)}")),
                (1, lambda: line("spouse", f"{self.person()} (m. {y})")), (1, lambda: line("years_active", f"{r.randint(1950, 2000)}–present")))
            secs = lambda: self.pick(["Early life", 0.6], ["Early life and education", 0.3], ["Career"], ["Personal life", 0.6],
                                     ["Filmography", 0.1 if q == "actor" else 0.0], ["Awards and honors", 0.2], ["See also", 0.1],
                                     ["References"], ["External links", 0.7])
            few = lambda: self.weighted((30, ["Early life", "Career"]), (20, ["Career"]), (10, ["Biography"]),
                                        (15, ["Career", "Personal life"]), (5 if q == "actor" else 0, ["Filmography"]), (10, []))
            prose_share = 0.4
        elif kind == "place":
            q = r.choice(STATES)
            if r.random() < 0.5:
                prose = lambda: f"{base} is a {r.choice(['city', 'town', 'village'])} in {r.choice(LAST)} County, {r.choice(STATES)}, United States. The population was {r.randint(300, 90000):,} at the 2010 census."
            else:
                prose = lambda: f"{base} is a {r.choice(['village', 'market town', 'civil parish'])} in {r.choice(UK_COUNTIES)}, England."
            debris_line = lambda: r.choice([f"| pushpin_label = {base[:3].upper()}/{base[:4].upper()}", "| locmapin =", "| locmapin =",
                                            f"| population_total = {r.randint(300, 90000)}", f"| elevation_ft = {r.randint(10, 3000)}",
                                            "| subdivision_type = Country"])
            secs = lambda: self.pick(["History"], ["Geography", 0.8], ["Climate", 0.3], ["Demographics", 0.8], ["Economy", 0.4],
                                     ["Education", 0.4], ["Notable people", 0.3], ["References"], ["External links", 0.7])
            few = lambda: self.weighted((30, ["History"]), (20, ["Geography"]), (20, ["History", "Geography"]), (10, []))
        elif kind == "character":
            q = "character"
            prose = lambda: f"{base} is a fictional character who first appeared in {r.choice(['a 1930s pulp magazine', 'a comic strip', 'a radio serial'])}."
            debris_line = lambda: line("creator", p)
            secs = lambda: self.pick(["Overview"], ["Appearances", 0.8], ["In other media", 0.6], ["References"])
            few = lambda: self.weighted((30, ["Overview"]), (20, ["In other media"]), (10, []))
        else:
            raise AssertionError(kind)
        if debris is None:
            debris = r.random() >= prose_share
        abstract = debris_line() if debris else prose()
        sections = (few() + end()) if small else secs()
        title = f"{base} ({q})" if qualified else base
        self.add_page(title, abstract, sections)
        return title

    def pick(self, *items):
        """Sections: [name] always, [name, p] with probability p, [a, b, ...] one of them."""
        out = []
        for it in items:
            if len(it) == 2 and isinstance(it[1], float):
                if self.rng.random() < it[1]:
                    out.append(it[0])
            else:
                out.append(it[0] if len(it) == 1 else self.rng.choice(it))
        return out

    # ---- CSV films ---------------------------------------------------------------------------

    def add_film(self, csv_title, spec, scenario, expected_url, release_year=None, countries=None, early=False):
        r = self.rng
        y = release_year or spec["year"]
        nat = NATION[spec["nat"]]
        while True:
            mid = r.randint(2, 469000)
            if mid not in self.used_ids:
                self.used_ids.add(mid)
                break
        while True:
            imdb = f"tt{r.randint(1000, 7999999):07d}"
            if imdb not in self.used_imdb:
                self.used_imdb.add(imdb)
                break
        month = r.randint(1, 6) if early else r.randint(1, 12)
        day = r.randint(1, calendar.monthrange(y, month)[1])
        genres = list(spec["genre"][1])
        if spec["kind"] == "tv":
            genres.append("TV Movie")
        budget = r.choice([r.randint(1, 300) * 100000, r.randint(5, 900) * 10000, r.randint(20000, 90000000)])
        x = r.random()
        if x < 0.03:
            revenue = r.randint(1, 999)           # the real file holds such junk revenues
        else:
            revenue = max(1, int(budget * r.lognormvariate(0.3, 1.1)))
        companies = sorted(r.sample(COMPANIES, r.randint(1, 3)), key=lambda c: c[1])
        if countries is None:
            countries = [nat]
            if r.random() < 0.12:
                other = NATION[self.nation(exclude=(nat[0],))]
                countries.append(other)
        langs = [(nat[4], nat[5])]
        if r.random() < 0.1 and nat[4] != "fr":
            langs.append(("fr", "Français"))
        overview = self.overview(spec)
        row = {
            "adult": "False",
            "belongs_to_collection": "" if r.random() < 0.85 else repr({
                "id": r.randint(8000, 500000), "name": f"{csv_title.strip()} Collection",
                "poster_path": self.img(), "backdrop_path": self.img()}),
            "budget": str(budget),
            "genres": repr([{"id": GENRE_IDS[g], "name": g} for g in genres]),
            "homepage": "" if r.random() < 0.9 else f"http://www.{key(csv_title).replace(' ', '') or 'film'}movie.com/",
            "id": str(mid),
            "imdb_id": imdb,
            "original_language": nat[4],
            "original_title": csv_title,
            "overview": overview,
            "popularity": f"{r.lognormvariate(1.0, 1.3):.6f}",
            "poster_path": self.img(),
            "production_companies": repr([{"name": c[0], "id": c[1]} for c in companies]),
            "production_countries": repr([{"iso_3166_1": c[2], "name": c[3]} for c in countries]),
            "release_date": f"{y:04d}-{month:02d}-{day:02d}",
            "revenue": str(revenue),
            "runtime": f"{float(spec['runtime'])}",
            "spoken_languages": repr([{"iso_639_1": a, "name": b} for a, b in langs]),
            "status": "Released",
            "tagline": "" if r.random() < 0.25 else r.choice([f"No one stays {r.choice(ADJ).lower()} forever.",
                                                              "Based on a true story.", f"The {r.choice(NOUN).lower()} is coming.",
                                                              f"Some {r.choice(NOUN).lower()}s never die."]),
            "title": csv_title,
            "video": "False",
            "vote_average": f"{round(min(10.0, max(0.0, r.gauss(6.1, 1.2))), 1)}",
            "vote_count": str(int(r.lognormvariate(4.0, 1.6))),
        }
        self.films.append({"row": row, "expected": expected_url or "", "scenario": scenario})

    def img(self):
        r = self.rng
        return "/" + "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(27)) + ".jpg"

    def overview(self, spec):
        r = self.rng
        a, b = r.sample(FIRST, 2)
        adj = r.choice(ADJ).lower()
        s = (f"When {a} {r.choice(['discovers', 'inherits', 'loses', 'steals'])} {article(adj)} "
             f"{adj} {r.choice(NOUN).lower()}, {r.choice(['she', 'he'])} must team up with {b} "
             f"to {r.choice(['survive', 'escape', 'find the truth', 'win it back'])}.")
        if r.random() < 0.3:
            s += f" But \"{r.choice(NOUN).lower()}\" means something different in {self.town()}."
        if r.random() < 0.01:
            s += "\n" + f"{b} has other plans."
        return s

    # --------------------------------------------------------------------------------------------
    # Scenarios. Each builder adds pages and CSV films and returns how many films it added.
    # --------------------------------------------------------------------------------------------

    def true_spec(self, year=None, nat=None, kind=None):
        return self.film_spec(year or self.year(), nat, kind)

    def extras(self, base, exclude, film_year=None, k=None, allow_sequel=False, allow_soundtrack=True):
        """Add namesake pages `base (kind)` beside the main page."""
        r = self.rng
        kinds = ["novel", "album", "song", "tv", "band", "game", "musical", "play", "picture_book", "comics"]
        if allow_soundtrack and film_year:
            kinds.insert(0, "soundtrack")
        kinds = [x for x in kinds if x not in exclude]
        k = r.randint(0, 2) if k is None else k
        for kind in r.sample(kinds, min(k, len(kinds))):
            self.other_page(kind, base, qualified=True, film_year=film_year)
        if allow_sequel and r.random() < 0.3:
            seq = f"{base} 2"
            if self.reg.claim(seq, "sequel"):
                spec = self.film_spec(min(2017, (film_year or 1990) + r.randint(2, 6)))
                self.add_film_page(seq, seq, spec, "prose" if r.random() < 0.6 else "debris")

    def nonfilm_kind(self, with_person_place=True):
        kinds = ["disambig", "disambig", "disambig", "novel", "album", "song", "tv", "band", "musical", "game", "picture_book"]
        if with_person_place:
            kinds += ["person", "person", "place"]
        return self.rng.choice(kinds)

    def base_for_kind(self, kind, owner):
        if kind == "person":
            return self.new_base(owner, self.person)
        if kind == "place":
            return self.new_base(owner, self.town)
        return self.new_base(owner, self.film_title)

    def bare_nonfilm(self, kind, base):
        if kind == "musical":
            # A musical at the bare title still names its year in its lead.
            return self.other_page("musical", base, qualified=False)
        return self.other_page(kind, base, qualified=False)

    def maybe_upcoming(self, spec):
        """A few recent films' pages still call them upcoming (the lead was never updated)."""
        return spec["year"] >= 2014 and self.rng.random() < 0.25

    def s_bare_unique(self, scen, want):
        base = self.new_base(scen, self.film_title)
        spec = self.true_spec()
        url = self.add_film_page(base, base, spec, upcoming=self.maybe_upcoming(spec))
        self.add_film(base, spec, scen, url)
        return 1

    def s_bare_with_namesakes(self, scen, want):
        base = self.new_base(scen, self.film_title)
        spec = self.true_spec()
        if self.rng.random() < 0.3:
            spec["based_on"] = f"{self.rng.choice(['1987', '1991', '1962', '2001'])} novel of the same name by {self.person()}"
        url = self.add_film_page(base, base, spec)
        self.extras(base, (), film_year=spec["year"], k=self.rng.randint(1, 3), allow_sequel=True)
        self.add_film(base, spec, scen, url)
        return 1

    def s_film_qualifier(self, scen, want):
        kind = self.nonfilm_kind()
        base = self.base_for_kind(kind, scen)
        spec = self.true_spec()
        self.bare_nonfilm(kind, base)
        url = self.add_film_page(f"{base} (film)", base, spec, upcoming=self.maybe_upcoming(spec))
        if kind not in ("person", "place"):
            self.extras(base, (kind,), film_year=spec["year"])
        self.add_film(base, spec, scen, url)
        return 1

    def decoy_films(self, base, avoid, n):
        """Other films with the same title, at `base (YEAR film)`; their years are >= 3 from avoid."""
        years = list(avoid)
        for _ in range(n):
            y = self.other_year(years)
            years.append(y)
            self.add_film_page(f"{base} ({y} film)", base, self.film_spec(y))

    def s_year_qualifier(self, scen, want):
        base = self.new_base(scen, self.film_title)
        spec = self.true_spec()
        y = spec["year"]
        url = self.add_film_page(f"{base} ({y} film)", base, spec)
        self.decoy_films(base, [y], self.rng.randint(1, 3))
        kind = self.rng.choice(["disambig", "disambig", "disambig", "novel", "album", "tv", "song"])
        self.bare_nonfilm(kind, base)
        self.extras(base, (kind,), film_year=y, k=self.rng.randint(0, 1))
        self.add_film(base, spec, scen, url)
        return 1

    def s_year_festival(self, scen, want):
        base = self.new_base(scen, self.film_title)
        release = self.year(1975, 2017)
        spec = self.true_spec(release - 1, kind="film")
        spec["release_year"] = release
        if self.rng.random() < 0.6:
            fest, months = self.rng.choice(FESTIVALS)
            spec["festival"] = (fest, MONTHS[self.rng.choice(list(months)) - 1])
        url = self.add_film_page(f"{base} ({release - 1} film)", base, spec)
        self.decoy_films(base, [release, release - 1], self.rng.randint(1, 2))
        self.bare_nonfilm(self.rng.choice(["disambig", "disambig", "novel", "album"]), base)
        self.add_film(base, spec, scen, url, release_year=release, early=True)
        return 1

    def s_year_country(self, scen, want):
        r = self.rng
        base = self.new_base(scen, self.film_title)
        y = self.year(1950, 2017)
        a, b = r.choice(COUNTRY_PAIRS)
        if r.random() < 0.5:
            a, b = b, a
        both = want >= 2 and r.random() < 0.4
        made = 0
        for i, nat in enumerate((a, b)):
            spec = self.film_spec(y, nat, kind="film")
            url = self.add_film_page(f"{base} ({y} {nat} film)", base, spec)
            if i == 0 or both:
                self.add_film(base, spec, scen, url, countries=[NATION[nat]])
                made += 1
        if r.random() < 0.5:
            self.decoy_films(base, [y], 1)
        self.bare_nonfilm("disambig", base)
        return made

    def s_remake_all_in_csv(self, scen, want):
        r = self.rng
        base = self.new_base(scen, self.film_title)
        n = want if want <= 3 else (2 if want == 4 else r.choice([2, 2, 3]))
        years = []
        for _ in range(n):
            years.append(self.other_year(years, 1930, 2017, gap=4))
        years.sort()
        oldest_bare = r.random() < 0.3
        for i, y in enumerate(years):
            spec = self.film_spec(y, kind="film")
            if i > 0 and r.random() < 0.3:
                spec["remake_of"] = years[0]
            if i == 0 and oldest_bare:
                url = self.add_film_page(base, base, spec)
            else:
                url = self.add_film_page(f"{base} ({y} film)", base, spec)
            self.add_film(base, spec, scen, url)
        if r.random() < 0.3:
            self.decoy_films(base, years, 1)
        if not oldest_bare:
            self.bare_nonfilm(r.choice(["disambig", "disambig", "character", "novel"]), base)
        else:
            self.other_page("disambig", base, qualified=True)
        self.extras(base, ("soundtrack",), k=r.randint(0, 1), allow_soundtrack=False)
        return n

    def s_remake_original_at_bare(self, scen, want):
        r = self.rng
        base = self.new_base(scen, self.film_title)
        y = self.year(1960, 2017)
        orig_year = self.other_year([y], 1930, y - 3)
        orig = self.film_spec(orig_year, kind="film")
        self.add_film_page(base, base, orig, "prose")        # its lead names its own year
        spec = self.film_spec(y, kind="film")
        if r.random() < 0.4:
            spec["remake_of"] = orig_year
        url = self.add_film_page(f"{base} ({y} film)", base, spec)
        if r.random() < 0.5:
            self.other_page("disambig", base, qualified=True)
        self.extras(base, ("soundtrack",), k=r.randint(0, 1), allow_soundtrack=False)
        self.add_film(base, spec, scen, url)
        return 1

    def s_original_with_remake_decoy(self, scen, want):
        r = self.rng
        base = self.new_base(scen, self.film_title)
        y = self.year(1930, 2012)
        spec = self.film_spec(y, kind="film")
        url = self.add_film_page(base, base, spec)
        ry = self.other_year([y], y + 3, 2017)
        remake = self.film_spec(ry, kind="film")
        if r.random() < 0.4:
            remake["remake_of"] = y
        self.add_film_page(f"{base} ({ry} film)", base, remake)
        if r.random() < 0.5:
            self.other_page("disambig", base, qualified=True)
        self.extras(base, ("soundtrack",), film_year=y, k=r.randint(0, 1))
        self.add_film(base, spec, scen, url)
        return 1

    def s_disambig_page_leads_with_film(self, scen, want):
        r = self.rng
        base = self.new_base(scen, self.film_title)
        spec = self.true_spec(kind="film")
        lead = (f"{base} is {article(str(spec['year']))} {spec['year']} {spec['nat']} {spec['genre'][0]} film about "
                + r.choice(["a supernatural board game, which makes wild animals and other jungle hazards materialize upon each player's move.",
                            "a family feud.", "a stolen painting.", "a haunted lighthouse and the family who keeps it.",
                            "two rival magicians.", "a small-town heist that goes wrong."]))
        self.add_page(f"{base} (disambiguation)", lead, ["See also"])
        if r.random() < 0.8:
            url = self.add_film_page(base, base, spec)
            self.extras(base, (), film_year=spec["year"], k=r.randint(1, 2))
        else:
            kind = r.choice(["picture_book", "novel", "tv"])
            self.bare_nonfilm(kind, base)
            url = self.add_film_page(f"{base} (film)", base, spec)
            self.extras(base, (kind,), film_year=spec["year"], k=r.randint(0, 2))
        self.add_film(base, spec, scen, url)
        return 1

    # Text variants: csv_title vs page base. Layout around the page varies.

    def variant_layout(self, scen, csv_title, page_base, stub=False):
        """The film's page is `page_base` (70%), `page_base (film)` beside a non-film at the bare
        title (20%), or `page_base (YEAR film)` beside another year's film (10%)."""
        r = self.rng
        spec = self.true_spec()
        x = r.random()
        mode = "auto"
        if stub:
            mode = "prose" if r.random() < 0.55 else "debris"
            x = 0.0 if r.random() < 0.7 else 0.8
        if x < 0.7:
            url = self.add_film_page(page_base, page_base, spec, mode, stub=stub)
        elif x < 0.9:
            kind = self.nonfilm_kind(with_person_place=False)
            self.bare_nonfilm(kind, page_base)
            url = self.add_film_page(f"{page_base} (film)", page_base, spec, mode, stub=stub)
        else:
            y = spec["year"]
            url = self.add_film_page(f"{page_base} ({y} film)", page_base, spec)
            self.decoy_films(page_base, [y], 1)
            self.bare_nonfilm("disambig", page_base)
        self.add_film(csv_title, spec, scen, url)
        return 1

    def s_stub(self, scen, want):
        base = self.new_base(scen, self.film_title)
        return self.variant_layout(scen, base, base, stub=True)

    def s_bare_debris_few_sections(self, scen, want):
        base = self.new_base(scen, self.film_title)
        spec = self.true_spec()
        url = self.add_film_page(base, base, spec, "debris", few=True)
        self.extras(base, (), film_year=spec["year"], k=self.rng.randint(0, 1))
        self.add_film(base, spec, scen, url)
        return 1

    SMALL = {"a", "an", "the", "of", "in", "on", "to", "who", "and", "for", "at", "by", "from", "with", "too", "is"}

    def s_case_ascii(self, scen, want):
        r = self.rng

        def make():
            return self.film_title(r.choice(["noun_of_the", "man_who", "verb_the", "a_noun_in", "noun_of_place",
                                              "noun_and_noun", "the_adj_noun"]))
        base = self.new_base(scen, make)
        words = base.split(" ")
        small = [i for i, w in enumerate(words) if i > 0 and w.lower() in self.SMALL]
        if small:
            toggled = list(words)
            for i in small:
                if r.random() < 0.7 or i == small[-1]:
                    w = toggled[i]
                    toggled[i] = w[0].swapcase() + w[1:]
            other = " ".join(toggled)
        else:
            other = words[0] + " " + " ".join(w.lower() if w[0].isupper() else w.capitalize() for w in words[1:])
            if r.random() < 0.3:
                other = base.upper()
        csv_title, page = (base, other) if r.random() < 0.5 else (other, base)
        if page[0].islower():
            page = page[0].upper() + page[1:]
        return self.variant_layout(scen, csv_title, page)

    def s_case_nonascii(self, scen, want):
        r = self.rng
        while True:
            base = self.new_base(scen, lambda: self.accent_title(r.random() < 0.6))
            # Only case changes of non-ASCII letters count: "Ça ira" / "ÇA IRA", "æon flux" / "Æon Flux".
            ways = []
            if any(ord(c) > 127 and c.islower() and c.upper() != c for c in base):
                ways += ["page_upper", "csv_upper"]
            if any(ord(c) > 127 and c.isupper() for c in base):
                ways += ["csv_lower", "csv_lower"]
            if ways:
                break
        way = r.choice(ways)
        if way == "page_upper":
            csv_title, page = base, base.upper()
        elif way == "csv_upper":
            csv_title, page = base.upper(), base
        else:
            csv_title, page = base.lower(), base
        return self.variant_layout(scen, csv_title, page)

    def s_apostrophe(self, scen, want):
        r = self.rng
        base = self.new_base(scen, lambda: self.film_title("possessive"))
        curly = base.replace("'", "\u2019")
        csv_title, page = (base, curly) if r.random() < 0.8 else (curly, base)
        return self.variant_layout(scen, csv_title, page)

    def s_dash(self, scen, want):
        r = self.rng

        def make():
            if r.random() < 0.75:
                return self.film_title("hyphen")
            return f"{self.film_title('the_adj_noun')} - {r.choice(['The Beginning', 'Part Two', 'A Love Story', 'The Reckoning'])}"
        base = self.new_base(scen, make)
        dash = "\u2013" if r.random() < 0.7 else "\u2014"
        other = base.replace("-", dash)
        csv_title, page = (base, other) if r.random() < 0.75 else (other, base)
        return self.variant_layout(scen, csv_title, page)

    def s_spacing(self, scen, want):
        r = self.rng
        base = self.new_base(scen, lambda: self.film_title(r.choice(["the_adj_noun", "noun_of_the", "adj_noun", "verb_the", "man_who"])))
        spaces = [m.start() for m in re.finditer(" ", base)]
        i = r.choice(spaces)
        x = r.random()
        if x < 0.45:
            csv_title = base[:i] + "  " + base[i + 1:]
        elif x < 0.9:
            csv_title = base[:i] + "\u00a0" + base[i + 1:]
        else:
            csv_title = base[:i] + "  " + base[i + 1:] + " "
        return self.variant_layout(scen, csv_title, base)

    def s_unicode_nfd(self, scen, want):
        base = self.new_base(scen, lambda: self.accent_title(True))
        base = unicodedata.normalize("NFC", base)
        page = unicodedata.normalize("NFD", base)
        assert page != base
        return self.variant_layout(scen, base, page)

    # No page for the film.

    def s_nopage(self, scen, kind):
        r = self.rng
        base = self.base_for_kind(kind, scen)
        spec = self.true_spec()
        self.bare_nonfilm(kind, base)
        if kind not in ("person", "place"):
            self.extras(base, (kind,), k=r.randint(0, 1), allow_soundtrack=False)
        self.add_film(base, spec, scen, "")
        return 1

    def s_nopage_person(self, scen, want):
        return self.s_nopage(scen, "person")

    def s_nopage_novel(self, scen, want):
        return self.s_nopage(scen, "novel")

    def s_nopage_album(self, scen, want):
        return self.s_nopage(scen, self.rng.choice(["album", "album", "song"]))

    def s_nopage_place(self, scen, want):
        return self.s_nopage(scen, "place")

    def s_nopage_disambig(self, scen, want):
        r = self.rng
        base = self.new_base(scen, self.film_title)
        spec = self.true_spec()
        self.bare_nonfilm("disambig", base)
        self.extras(base, ("disambig",), k=r.randint(1, 3), allow_soundtrack=False)
        self.add_film(base, spec, scen, "")
        return 1

    def s_nopage_other_kind(self, scen, want):
        return self.s_nopage(scen, self.rng.choice(["tv", "band", "musical", "game", "picture_book"]))

    def s_nopage_debris_lookalike(self, scen, want):
        r = self.rng
        kind = r.choices(["tv", "novel", "album", "song", "game", "musical", "play", "picture_book", "person", "band"],
                         [18, 18, 15, 8, 8, 8, 8, 4, 10, 3])[0]
        base = self.base_for_kind(kind, scen)
        spec = self.true_spec()
        self.other_page(kind, base, qualified=False, small=r.random() < 0.6, debris=True)
        if kind not in ("person",):
            self.extras(base, (kind,), k=r.randint(0, 1), allow_soundtrack=False)
        self.add_film(base, spec, scen, "")
        return 1

    def s_nopage_other_film_qualified(self, scen, want):
        r = self.rng
        base = self.new_base(scen, self.film_title)
        spec = self.true_spec(kind="film")
        y = spec["year"]
        if r.random() < 0.6:
            other = self.film_spec(self.other_year([y]), kind="film")
            self.add_film_page(f"{base} (film)", base, other, "prose")   # its lead names its own year
        else:
            self.decoy_films(base, [y], r.randint(1, 2))
        self.bare_nonfilm(self.nonfilm_kind(with_person_place=False), base)
        self.add_film(base, spec, scen, "")
        return 1

    def s_nopage_other_film_bare(self, scen, want):
        r = self.rng
        base = self.new_base(scen, self.film_title)
        spec = self.true_spec(kind="film")
        other = self.film_spec(self.other_year([spec["year"]]), kind="film")
        self.add_film_page(base, base, other, "prose")               # "T is a 1962 British drama film ..."
        if r.random() < 0.4:
            self.extras(base, (), k=1, allow_soundtrack=False)
        self.add_film(base, spec, scen, "")
        return 1

    # ---- filler pages ------------------------------------------------------------------------

    def fillers(self, n):
        r = self.rng
        kinds = ["person", "place", "album", "species", "film", "tv", "novel", "band", "game", "company"]
        weights = [30, 18, 8, 10, 15, 5, 5, 3, 2, 4]
        made = 0
        while made < n:
            kind = r.choices(kinds, weights)[0]
            if kind == "person":
                name = self.person()
                owner = self.reg.owner_of(name)
                if owner is None:
                    self.reg.claim(name, "filler-person")
                    self.other_page("person", name, qualified=False)
                elif owner == "filler-person":
                    q = r.choice(["actor", "politician", "footballer", "musician", "judge", "bishop"])
                    if r.random() < 0.4:
                        q += f", born {r.randint(1900, 1995)}"
                    title = f"{name} ({q})"
                    if title in self.page_titles:
                        continue
                    self.add_page(title, r.choice([f"| birth_place = {r.choice(BIG_CITIES)}",
                                                   f"{name} (born {r.randint(1900, 1995)}) is an American {q.split(',')[0]}."]),
                                  self.pick(["Early life", 0.6], ["Career"], ["Personal life", 0.5], ["References"]))
                else:
                    continue
            elif kind == "place":
                t = self.town()
                if r.random() < 0.5:
                    t = f"{t}, {r.choice(STATES + UK_COUNTIES)}"
                if not self.reg.claim(t, "filler"):
                    continue
                self.other_page("place", t, qualified=False)
            elif kind == "species":
                t = f"{r.choice(GENUS_A)}{r.choice(GENUS_B)} {r.choice(EPITHETS)}"
                if not self.reg.claim(t, "filler"):
                    continue
                what, fam = r.choice(TAXA)
                ab = r.choice([f"{t} is a species of {what} in the family {fam}.",
                               f"{t} is a species of {what} in the family {fam}. It is found in {r.choice(['Brazil', 'Kenya', 'Borneo', 'Madagascar', 'Queensland'])}.",
                               f"| genus = {t.split()[0]}", f"| authority = ({r.choice(LAST)}, {r.randint(1758, 1990)})"])
                self.add_page(t, ab, self.pick(["Description", 0.6], ["Distribution", 0.5], ["Habitat", 0.2], ["References"]))
            elif kind == "film":
                t = self.film_title()
                if not self.reg.claim(t, "filler"):
                    continue
                spec = self.film_spec(self.year())
                x = r.random()
                title = t if x < 0.75 else (f"{t} (film)" if x < 0.9 else f"{t} ({spec['year']} film)")
                self.add_film_page(title, t, spec)
            elif kind == "company":
                t = f"{r.choice(LAST)} {r.choice(['Industries', 'Records', 'Airlines', 'Motor Company', 'Brewery', 'Bank', 'Pictures'])}"
                if not self.reg.claim(t, "filler"):
                    continue
                self.add_page(t, r.choice([f"{t} is an American company founded in {r.randint(1880, 2005)}.",
                                           f"| foundation = {r.randint(1880, 2005)}", f"| industry = {r.choice(['Manufacturing', 'Entertainment', 'Banking'])}"]),
                              self.pick(["History"], ["Products", 0.5], ["Operations", 0.3], ["References"], ["External links", 0.5]))
            else:
                t = self.film_title()
                if not self.reg.claim(t, "filler"):
                    continue
                self.other_page(kind, t, qualified=r.random() < 0.2)
            made += 1

    # ---- driver ------------------------------------------------------------------------------

    def counts(self):
        total = sum(w for _, w in SCENARIOS)
        raw = [(s, self.n * w / total) for s, w in SCENARIOS]
        base = {s: int(x) for s, x in raw}
        rest = self.n - sum(base.values())
        order = sorted(range(len(raw)), key=lambda i: (-(raw[i][1] - int(raw[i][1])), i))
        for i in order[:rest]:
            base[raw[i][0]] += 1
        return base

    def build(self):
        targets = self.counts()
        for scen in SCENARIO_NAMES:
            builder = getattr(self, "s_" + scen)
            done = 0
            while done < targets[scen]:
                done += builder(scen, targets[scen] - done)
        assert len(self.films) == self.n, (len(self.films), self.n)
        self.fillers(3 * self.n)
        self.rng.shuffle(self.films)
        self.rng.shuffle(self.pages)

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "movies_metadata.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(HEADER)
            for film in self.films:
                w.writerow([film["row"][h] for h in HEADER])
        with open(os.path.join(out, "expected.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["movie_id", "expected_url", "scenario"])
            for film in sorted(self.films, key=lambda x: int(x["row"]["id"])):
                w.writerow([film["row"]["id"], film["expected"], film["scenario"]])
        parts = ["<feed>\n"]
        for title, abstract, sections in self.pages:
            url = page_url(title)
            parts.append(f"<doc>\n<title>Wikipedia: {xml_escape(title)}</title>\n<url>{xml_escape(url)}</url>\n"
                         f"<abstract>{xml_escape(abstract)}</abstract>\n<links>\n")
            for a in sections:
                parts.append(f'<sublink linktype="nav"><anchor>{xml_escape(a)}</anchor>'
                             f"<link>{xml_escape(url)}#{xml_escape(a.replace(' ', '_'))}</link></sublink>\n")
            parts.append("</links>\n</doc>\n")
        parts.append("</feed>\n")
        data = "".join(parts).encode("utf-8")
        with open(os.path.join(out, "abstracts.xml.gz"), "wb") as raw:
            with gzip.GzipFile(filename="abstracts.xml", mode="wb", fileobj=raw, compresslevel=6, mtime=0) as gz:
                gz.write(data)
        return len(data)


def generate(films, seed, out):
    """Write the set into out; return {scenario: (films, films with a page)} and the page count."""
    g = Gen(films, seed)
    g.build()
    urls = {page_url(t) for t, _, _ in g.pages}
    assert len(urls) == len(g.pages), "two pages share a URL"
    assert all(f["expected"] in urls for f in g.films if f["expected"]), "an expected URL is not in the dump"
    g.write(out)
    summary = {s: [0, 0] for s in SCENARIO_NAMES}
    for f in g.films:
        summary[f["scenario"]][0] += 1
        summary[f["scenario"]][1] += bool(f["expected"])
    return summary, len(g.pages)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate a labelled film-to-Wikipedia matching set.")
    ap.add_argument("--films", type=int, default=5000, help="films in movies_metadata.csv (default 5000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("-o", "--out", required=True, help="output directory")
    ap.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    a = ap.parse_args(argv)
    if a.films < 1:
        ap.error("--films must be at least 1")
    summary, pages = generate(a.films, a.seed, a.out)
    if not a.quiet:
        print(f"{a.films} films, {pages} pages written to {a.out}", file=sys.stderr)
        print(f"{'scenario':32} {'films':>6} {'with page':>9}", file=sys.stderr)
        for s in SCENARIO_NAMES:
            print(f"{s:32} {summary[s][0]:6d} {summary[s][1]:9d}", file=sys.stderr)


if __name__ == "__main__":
    main()
