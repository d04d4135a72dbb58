#include "parse/xml_doc_reader.hpp"

#include "core/error.hpp"
#include "fetch/file_source.hpp"
#include "fetch/gzip_source.hpp"
#include "memory_source.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <vector>

using sluice::WikiDoc;
using sluice::XmlDocReader;
using sluice::test::MemorySource;
using sluice::test::real_data;

namespace {

using Doc = std::tuple<std::string, std::string, std::string>;  // title, url, abstract

// What a reader produced: the records up to the end or the error, and the error's text.
struct Outcome {
    std::vector<Doc> docs;
    std::string error;
    std::uint64_t docs_read = 0;
    bool operator==(const Outcome&) const = default;
};

} // namespace

// Printed by doctest when a comparison fails.
template <>
struct doctest::StringMaker<Outcome> {
    static doctest::String convert(const Outcome& outcome)
    {
        std::string text = std::to_string(outcome.docs.size()) + " docs [";
        for (const auto& [title, url, abstract] : outcome.docs) text += "\n  " + title + " | " + url + " | " + abstract;
        text += "], docs_read " + std::to_string(outcome.docs_read) + ", error: " + outcome.error;
        return text.c_str();
    }
};

namespace {

Outcome read_docs(sluice::ByteSource& source, std::size_t chunk_size, const sluice::XmlReadOptions& options = {})
{
    Outcome outcome;
    XmlDocReader reader(source, chunk_size, {}, options);
    WikiDoc doc;
    try {
        while (reader.next(doc)) outcome.docs.emplace_back(doc.title, doc.url, doc.abstract);
    } catch (const sluice::Error& e) {
        outcome.error = e.what();
    }
    outcome.docs_read = reader.docs_read();
    return outcome;
}

Outcome read_docs(const std::string& xml, std::size_t max_read = 1 << 20, std::size_t chunk_size = 256 * 1024,
                  const sluice::XmlReadOptions& options = {})
{
    MemorySource source(xml, max_read, "abstract.xml");
    return read_docs(source, chunk_size, options);
}

// The same input read whole, and a byte at a time into a parser fed a byte at a time.
Outcome read_docs_every_way(const std::string& xml, const sluice::XmlReadOptions& options = {})
{
    const Outcome whole = read_docs(xml, 1 << 20, 256 * 1024, options);
    CHECK(read_docs(xml, 1, 1, options) == whole);
    CHECK(read_docs(xml, 1 << 20, 7, options) == whole);
    CHECK(read_docs(xml, 5, 256 * 1024, options) == whole);
    return whole;
}

// The real dump's layout: no indentation, one element a line, sublinks on one line each.
const std::string kRealLayout =
    "<feed>\n"
    "<doc>\n"
    "<title>Wikipedia: Heat (1995 film)</title>\n"
    "<url>https://en.wikipedia.org/wiki/Heat_(1995_film)</url>\n"
    "<abstract>Heat is a 1995 American crime film written and directed by Michael Mann.</abstract>\n"
    "<links>\n"
    "<sublink linktype=\"nav\"><anchor>Plot</anchor><link>https://en.wikipedia.org/wiki/Heat_(1995_film)#Plot</link></sublink>\n"
    "<sublink linktype=\"nav\"><anchor>Cast</anchor><link>https://en.wikipedia.org/wiki/Heat_(1995_film)#Cast</link></sublink>\n"
    "</links>\n"
    "</doc>\n"
    "<doc>\n"
    "<title>Wikipedia: Toy Story</title>\n"
    "<url>https://en.wikipedia.org/wiki/Toy_Story</url>\n"
    "<abstract>Toy Story is a 1995 American computer-animated comedy film.</abstract>\n"
    "<links>\n"
    "</links>\n"
    "</doc>\n"
    "</feed>\n";

} // namespace

TEST_CASE("xml: the real dump's layout, whatever the chunk boundaries")
{
    const Outcome outcome = read_docs_every_way(kRealLayout);
    CHECK(outcome.error == "");
    REQUIRE(outcome.docs.size() == 2);
    CHECK(outcome.docs[0] == Doc{"Heat (1995 film)", "https://en.wikipedia.org/wiki/Heat_(1995_film)",
                                 "Heat is a 1995 American crime film written and directed by Michael Mann."});
    CHECK(outcome.docs[1] == Doc{"Toy Story", "https://en.wikipedia.org/wiki/Toy_Story",
                                 "Toy Story is a 1995 American computer-animated comedy film."});
    CHECK(outcome.docs_read == 2);
}

TEST_CASE("xml: the real test2.xml.gz through GzipSource is one doc, Anarchism")
{
    auto file = std::make_unique<sluice::FileSource>(real_data("test2.xml.gz"));
    sluice::GzipSource gzip(std::move(file));
    const Outcome outcome = read_docs(gzip, 256 * 1024);
    CHECK(outcome.error == "");
    REQUIRE(outcome.docs.size() == 1);
    CHECK(outcome.docs[0] ==
          Doc{"Anarchism", "https://en.wikipedia.org/wiki/Anarchism",
              "Anarchism is a political philosophy and movement that is sceptical of authority and rejects all "
              "involuntary, coercive forms of hierarchy. Anarchism calls for the abolition of the state, which it "
              "holds to be undesirable, unnecessary, and harmful."});

    // Byte by byte through the inflater too.
    sluice::GzipSource slow(std::make_unique<MemorySource>(sluice::test::read_file(real_data("test2.xml.gz")), 1));
    CHECK(read_docs(slow, 1) == outcome);
}

TEST_CASE("xml: the re-indented wikipedia_test_set.xml with a <root> element")
{
    sluice::FileSource file(real_data("wikipedia_test_set.xml"));
    const Outcome outcome = read_docs(file, 256 * 1024);
    CHECK(outcome.error == "");
    CHECK(outcome.docs_read == 28);
    REQUIRE(outcome.docs.size() == 28);
    const std::vector<std::string> titles{
        "Heathenry in the United States", "Heathrow Airport", "Heat engine", "Heathers", "Heather Fargo",
        "Heat (1995 film)", "Toy Story", "Toy Story 2", "Jumanji (picture book)", "Chasing Liberty",
        "Toy Story 3", "Deadfall (1993 film)", "The Cookout", "Jumanji", "Deadfall (novel)",
        "Never Talk to Strangers", "Jumanji (TV series)", "Toy Story 2: Buzz Lightyear to the Rescue",
        "Deadfall (band)", "Toy Story Mania!", "Toy Story (video game)", "Deadfall", "Deadfall (1968 film)",
        "To Rob a Thief", "Deadfalls and Snares", "Jumanji 2", "Jumanji (disambiguation)",
        "Jumanji: Welcome to the Jungle"};
    for (std::size_t i = 0; i < titles.size(); ++i) CHECK(std::get<0>(outcome.docs[i]) == titles[i]);

    CHECK(outcome.docs[5] == Doc{"Heat (1995 film)", "https://en.wikipedia.org/wiki/Heat_(1995_film)",
                                 "| writer = Michael Mann"});
    CHECK(outcome.docs[0] ==
          Doc{"Heathenry in the United States", "https://en.wikipedia.org/wiki/Heathenry_in_the_United_States",
              "thumb|200px|[[Mjölnir, the hammer of Thor, is one of the major symbols of Ásatrú.]]"});
    CHECK(outcome.docs[21] == Doc{"Deadfall", "https://en.wikipedia.org/wiki/Deadfall", "Deadfall may refer to:"});
    // The re-indentation is inside the element, so it is part of the text: kept as it is.
    CHECK(std::get<2>(outcome.docs[2]) ==
          "In thermodynamics and engineering, a heat engine is a system that converts heat or thermal energy to\n"
          "            mechanical energy, which can then be used to do mechanical work.Fundamentals of Classical "
          "Thermodynamics,\n"
          "            3rd ed.\n"
          "        ");

    // A chunk of one byte, from a source that hands out one byte at a time: the same records.
    MemorySource slow(sluice::test::read_file(real_data("wikipedia_test_set.xml")), 1, "wikipedia_test_set.xml");
    CHECK(read_docs(slow, 1) == outcome);
}

TEST_CASE("xml: the re-indented enwiki-latest-abstract-test.xml with a <feed> root")
{
    sluice::FileSource file(real_data("enwiki-latest-abstract-test.xml"));
    const Outcome outcome = read_docs(file, 4096);
    CHECK(outcome.error == "");
    REQUIRE(outcome.docs.size() == 8);
    CHECK(std::get<0>(outcome.docs[2]) == "Antwone Fisher (film)");
    CHECK(outcome.docs[6] == Doc{"King Kong (1933 film)", "https://en.wikipedia.org/wiki/King_Kong_(1933_film)",
                                 "| producer ="});
    CHECK(outcome.docs[7] == Doc{"King Kong (1976 film)", "https://en.wikipedia.org/wiki/King_Kong_(1976_film)",
                                 "| starring = Jeff BridgesCharles GrodinJessica Lange"});
}

TEST_CASE("xml: predefined entities and character references are decoded")
{
    const Outcome outcome = read_docs_every_way(
        "<feed><doc>"
        "<title>Wikipedia: Tom &amp; Jerry: &quot;The Movie&quot;</title>"
        "<url>https://en.wikipedia.org/wiki/Tom_%26_Jerry:_The_Movie?a=1&amp;b=2</url>"
        "<abstract>It&#8217;s a 1992 film &#x2013; &lt;animated&gt; &apos;musical&apos; &#65;</abstract>"
        "</doc></feed>");
    CHECK(outcome.error == "");
    REQUIRE(outcome.docs.size() == 1);
    CHECK(outcome.docs[0] == Doc{"Tom & Jerry: \"The Movie\"",
                                 "https://en.wikipedia.org/wiki/Tom_%26_Jerry:_The_Movie?a=1&b=2",
                                 "It\u2019s a 1992 film \u2013 <animated> 'musical' A"});
}

TEST_CASE("xml: CDATA is text")
{
    const Outcome outcome = read_docs_every_way(
        "<feed><doc><title>Wikipedia: X</title><url>u</url><abstract><![CDATA[a < b & c]]> d</abstract></doc></feed>");
    REQUIRE(outcome.docs.size() == 1);
    CHECK(std::get<2>(outcome.docs[0]) == "a < b & c d");
}

TEST_CASE("xml: empty and attribute-only abstracts give an empty string")
{
    const Outcome outcome = read_docs_every_way(
        "<feed>\n"
        "<doc><title>Wikipedia: A</title><url>https://a</url><abstract></abstract></doc>\n"
        "<doc><title>Wikipedia: B</title><url>https://b</url><abstract not-applicable=\"\" /></doc>\n"
        "<doc><title>Wikipedia: C</title><url>https://c</url><abstract/></doc>\n"
        "<doc><title>Wikipedia: D</title><url>https://d</url></doc>\n"
        "<doc><title>Wikipedia: E</title><url>https://e</url><abstract>after empties</abstract></doc>\n"
        "</feed>\n");
    CHECK(outcome.error == "");
    REQUIRE(outcome.docs.size() == 5);
    CHECK(outcome.docs[0] == Doc{"A", "https://a", ""});
    CHECK(outcome.docs[1] == Doc{"B", "https://b", ""});
    CHECK(outcome.docs[2] == Doc{"C", "https://c", ""});
    CHECK(outcome.docs[3] == Doc{"D", "https://d", ""});
    // Nothing of an earlier record leaks into a later one.
    CHECK(outcome.docs[4] == Doc{"E", "https://e", "after empties"});
}

TEST_CASE("xml: anchors, links and look-alike fields below the doc's children are not fields")
{
    const Outcome outcome = read_docs_every_way(
        "<feed><doc>"
        "<links><sublink linktype=\"nav\"><anchor>Wrong anchor</anchor><link>https://wrong/link</link>"
        "<title>Wrong title</title><url>https://wrong/url</url><abstract>wrong abstract</abstract></sublink></links>"
        "<title>Wikipedia: Right</title><url>https://right</url><abstract>right</abstract>"
        "<links><sublink linktype=\"nav\"><anchor>Plot</anchor><link>https://right#Plot</link></sublink></links>"
        "</doc></feed>");
    CHECK(outcome.error == "");
    REQUIRE(outcome.docs.size() == 1);
    CHECK(outcome.docs[0] == Doc{"Right", "https://right", "right"});
}

TEST_CASE("xml: text after a child element inside a field is kept")
{
    const Outcome outcome = read_docs_every_way(
        "<feed><doc><title>Wikipedia: X</title><url>u</url>"
        "<abstract>before <b>bold</b> after</abstract></doc></feed>");
    REQUIRE(outcome.docs.size() == 1);
    CHECK(std::get<2>(outcome.docs[0]) == "before bold after");
}

TEST_CASE("xml: only a leading 'Wikipedia: ' is removed from titles, and docs may sit at any depth")
{
    const Outcome outcome = read_docs_every_way(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<root><batch>"
        "<doc><title>Wikipedia: Wikipedia: The Movie</title><url>a</url><abstract/></doc>"
        "<doc><title>Heat</title><url>b</url><abstract/></doc>"
        "<doc><title>The Wikipedia: Story</title><url>c</url><abstract/></doc>"
        "</batch></root>");
    CHECK(outcome.error == "");
    REQUIRE(outcome.docs.size() == 3);
    CHECK(std::get<0>(outcome.docs[0]) == "Wikipedia: The Movie");
    CHECK(std::get<0>(outcome.docs[1]) == "Heat");
    CHECK(std::get<0>(outcome.docs[2]) == "The Wikipedia: Story");
}

TEST_CASE("xml: malformed XML throws with the line number, after the records before it")
{
    const std::string xml =
        "<feed>\n"
        "<doc><title>Wikipedia: A</title><url>a</url><abstract>ok</abstract></doc>\n"
        "<doc>\n"
        "<title>Wikipedia: B</url>\n"
        "</doc>\n"
        "</feed>\n";
    const Outcome outcome = read_docs_every_way(xml);
    REQUIRE(outcome.docs.size() == 1);
    CHECK(outcome.docs[0] == Doc{"A", "a", "ok"});
    CHECK(outcome.error ==
          "abstract.xml: line 4, column 26 (byte 112): malformed XML: Opening and ending tag mismatch: title line 4 and url");
}

TEST_CASE("xml: a document cut short is an error")
{
    const Outcome outcome = read_docs_every_way(
        "<feed>\n<doc><title>Wikipedia: A</title><url>a</url></doc>\n<doc><title>Wikipedia: B</ti");
    REQUIRE(outcome.docs.size() == 1);
    CHECK(std::get<0>(outcome.docs[0]) == "A");
    CHECK(outcome.error == "abstract.xml: line 3, column 29 (byte 86): malformed XML: expected '>'");

    // Every record complete but the root never closed: libxml2's wording, after the records.
    const Outcome unclosed = read_docs_every_way("<feed>\n<doc><title>A</title></doc>\n");
    REQUIRE(unclosed.docs.size() == 1);
    CHECK(unclosed.error ==
          "abstract.xml: line 2, column 28 (byte 34): malformed XML: Extra content at the end of the document");
}

TEST_CASE("xml: empty input is an error")
{
    const Outcome outcome = read_docs_every_way("");
    CHECK(outcome.docs.empty());
    // libxml2's push parser words it oddly, but it is an error at byte 0.
    CHECK(outcome.error == "abstract.xml: line 1, column 1 (byte 0): malformed XML: Extra content at the end of the document");
}

TEST_CASE("xml: bytes not valid in the declared encoding are an error, not an empty document")
{
    // Found by tests/fuzz/fuzz_xml_doc_reader when libxml2 decoded: it stopped on them without a
    // structured error, so before the root element the document read as empty. ICU decodes now,
    // and names the byte.
    const std::string tail = ": not valid UTF-7: 0xE0 (--invalid-utf8 replace puts U+FFFD in its place)";
    const Outcome before_root = read_docs_every_way(
        "<?xml version=\"1.0\" encoding=\"UTF-7\"?>\xe0<feed><doc><title>A</title></doc></feed>\n");
    CHECK(before_root.docs.empty());
    CHECK(before_root.error == "abstract.xml: byte 38" + tail);

    // Inside the root: the docs before the bad bytes, then the error.
    const Outcome inside = read_docs_every_way(
        "<?xml version=\"1.0\" encoding=\"UTF-7\"?>\n<feed>\n<doc><title>A</title></doc>\n\xe0<doc><title>B</title></doc></feed>\n");
    REQUIRE(inside.docs.size() == 1);
    CHECK(std::get<0>(inside.docs[0]) == "A");
    CHECK(inside.error == "abstract.xml: byte 74" + tail);
}

TEST_CASE("xml: an undefined entity is an error, not silently dropped")
{
    const Outcome outcome = read_docs_every_way(
        "<feed>\n<doc><title>Wikipedia: A&nbsp;B</title><url>a</url></doc>\n</feed>\n");
    CHECK(outcome.docs.empty());
    CHECK(outcome.error == "abstract.xml: line 2, column 31 (byte 37): malformed XML: Entity 'nbsp' not defined");
}

TEST_CASE("xml: a DOCTYPE is refused before anything in it is expanded (billion laughs, XXE)")
{
    std::string laughs =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE feed [\n"
        "  <!ENTITY lol \"lol\">\n";
    for (int i = 1; i <= 9; ++i) {
        const std::string previous = i == 1 ? "lol" : "lol" + std::to_string(i - 1);
        laughs += "  <!ENTITY lol" + std::to_string(i) + " \"";
        for (int j = 0; j < 10; ++j) laughs += "&" + previous + ";";
        laughs += "\">\n";
    }
    laughs += "]>\n<feed><doc><title>&lol9;</title><url>u</url><abstract>&lol9;</abstract></doc></feed>\n";

    const std::string refused =
        "abstract.xml: line 2: refused: the XML has a DOCTYPE (DTDs and entity declarations are not accepted)";
    const Outcome outcome = read_docs_every_way(laughs);
    CHECK(outcome.docs.empty());
    CHECK(outcome.error == refused);

    const Outcome xxe = read_docs_every_way(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n"
        "<feed><doc><title>&xxe;</title><url>u</url></doc></feed>\n");
    CHECK(xxe.docs.empty());
    CHECK(xxe.error == refused);

    // An external DTD without an internal subset is refused too; nothing is fetched.
    const Outcome external = read_docs_every_way(
        "<!DOCTYPE feed SYSTEM \"http://127.0.0.1:1/feed.dtd\">\n<feed></feed>\n");
    CHECK(external.docs.empty());
    CHECK(external.error ==
          "abstract.xml: line 1: refused: the XML has a DOCTYPE (DTDs and entity declarations are not accepted)");
}

TEST_CASE("xml: a failing source's error propagates after the records before it")
{
    MemorySource source(kRealLayout, 16, "https://dumps.example/abstract.xml");
    source.fail_at(kRealLayout.find("<doc>\n<title>Wikipedia: Toy Story"));
    const Outcome outcome = read_docs(source, 64);
    REQUIRE(outcome.docs.size() == 1);
    CHECK(std::get<0>(outcome.docs[0]) == "Heat (1995 film)");
    CHECK(outcome.error == "https://dumps.example/abstract.xml: byte " +
                               std::to_string(kRealLayout.find("<doc>\n<title>Wikipedia: Toy Story")) +
                               ": connection reset");
}

TEST_CASE("xml: a field past the size limit is an error, not unbounded memory")
{
    std::string xml = "<feed>\n<doc><title>Wikipedia: Big</title><abstract>";
    xml += std::string(sluice::XmlDocReader::kMaxFieldBytes + 1, 'a');
    xml += "</abstract></doc>\n</feed>\n";
    sluice::test::MemorySource source{xml, 64 * 1024, "big.xml"};
    sluice::XmlDocReader reader{source};
    sluice::WikiDoc doc;
    try {
        reader.next(doc);
        FAIL("expected an error");
    } catch (const sluice::Error& error) {
        CHECK(std::string{error.what()} == "big.xml: line 2: a <doc> field is longer than 1048576 bytes");
    }
}

namespace {

std::vector<std::vector<std::string>> sections_of(const std::string& xml, std::size_t max_read)
{
    MemorySource source(xml, max_read, "abstract.xml");
    XmlDocReader reader(source, max_read);
    std::vector<std::vector<std::string>> all;
    WikiDoc doc;
    while (reader.next(doc)) all.push_back(doc.sections);
    return all;
}

} // namespace

TEST_CASE("xml: section headings are the doc's <links><sublink><anchor> texts, in order")
{
    using Sections = std::vector<std::vector<std::string>>;
    const Sections expected{{"Plot", "Cast"}, {}};
    CHECK(sections_of(kRealLayout, 1 << 20) == expected);
    CHECK(sections_of(kRealLayout, 1) == expected);

    // Anchors elsewhere are not headings; a doc's headings never leak into the next doc.
    CHECK(sections_of("<feed><doc><title>Wikipedia: A</title><anchor>not a heading</anchor>"
                      "<links><anchor>too shallow</anchor><sublink><anchor>Plot</anchor><link>x</link></sublink>"
                      "<sublink><anchor>Box office</anchor></sublink></links></doc>"
                      "<doc><title>Wikipedia: B</title><links><sublink><anchor>Early &amp; later life</anchor>"
                      "</sublink></links></doc></feed>",
                      3) == Sections{{"Plot", "Box office"}, {"Early & later life"}});

    // The real re-indented sample: Heat's page.
    sluice::FileSource file(real_data("wikipedia_test_set.xml"));
    XmlDocReader reader(file);
    WikiDoc doc;
    while (reader.next(doc) && doc.title != "Heat (1995 film)") {
    }
    REQUIRE(doc.title == "Heat (1995 film)");
    REQUIRE(doc.sections.size() >= 3);
    CHECK(doc.sections[0] == "Plot");
    CHECK(doc.sections[1] == "Cast");
    CHECK(doc.sections[2] == "Development");
}

TEST_CASE("xml: section headings are bounded in number and length")
{
    std::string xml = "<feed><doc><title>Wikipedia: Long</title><links>";
    for (int i = 0; i < 100; ++i) xml += "<sublink><anchor>Section " + std::to_string(i) + "</anchor></sublink>";
    xml += "<sublink><anchor>" + std::string(1000, 'x') + "</anchor></sublink></links></doc>";
    xml += "<doc><title>Wikipedia: Wide</title><links><sublink><anchor>" + std::string(1000, 'y') +
           "</anchor></sublink></links></doc></feed>";
    const auto sections = sections_of(xml, 1 << 20);
    REQUIRE(sections.size() == 2);
    REQUIRE(sections[0].size() == XmlDocReader::kMaxSections);
    CHECK(sections[0].front() == "Section 0");
    CHECK(sections[0].back() == "Section " + std::to_string(XmlDocReader::kMaxSections - 1));
    CHECK(sections[1] == std::vector<std::string>{std::string(XmlDocReader::kMaxSectionBytes, 'y')});
}
