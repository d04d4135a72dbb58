// XmlShapeReader on the shapes of real dumps (StackExchange's attributes-only rows, PubMed's
// nesting, Discogs' repeated children, the abstracts), a wrapper one level down, and its bounds;
// the starter job files made of a shape or a CSV sample, read back as job files.
#include "job/job_file.hpp"
#include "job/starter_job.hpp"
#include "parse/xml_shape.hpp"
#include "tests/unit/memory_source.hpp"

#include "core/error.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using sluice::XmlShape;
using sluice::XmlShapeField;
using sluice::XmlShapeLimits;
using sluice::XmlShapeReader;

namespace {

XmlShape shape_of(std::string xml, XmlShapeLimits limits = {}, std::size_t max_read = 1 << 20)
{
    sluice::test::MemorySource source{std::move(xml), max_read};
    return XmlShapeReader::read(source, limits);
}

// Each field as "path kind type records most sample".
std::string fields(const XmlShape& shape)
{
    std::string out;
    for (const auto& f : shape.fields) {
        const char* kind = f.kind == XmlShapeField::Kind::attribute ? "attr" : f.kind == XmlShapeField::Kind::text ? "text" : "tree";
        out += f.path + " " + kind + " " + f.type + (f.format ? " " + *f.format : "") + " " + std::to_string(f.records) + " " +
               std::to_string(f.most) + " " + f.sample + "\n";
    }
    return out;
}

std::string read_example(const std::string& relative)
{
    std::ifstream in(std::string{SLUICE_SOURCE_DIR} + "/examples/" + relative, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("xml shape: StackExchange rows, attributes only, a broken date makes its column text")
{
    const auto shape = shape_of(read_example("stackexchange_posts/Posts.xml"));
    CHECK(shape.root == "posts");
    CHECK(shape.record_path == "/posts/row");
    CHECK(shape.records == 5);
    CHECK_FALSE(shape.cut);
    REQUIRE(shape.fields.size() == 17);
    CHECK(fields(shape).starts_with("@Id attr integer 5 1 1\n@PostTypeId attr integer 5 1 1\n"
                                    "@AcceptedAnswerId attr integer 1 1 3\n"
                                    "@CreationDate attr text 5 1 2010-07-19T19:12:12.510\n"));
    CHECK(fields(shape).find("@LastActivityDate attr timestamp 4 1 2023-04-01T10:00:02.103\n") != std::string::npos);
}

TEST_CASE("xml shape: PubMed nesting, attributes of children, subtrees past three levels, repeats")
{
    const auto shape = shape_of(read_example("pubmed/pubmed.xml"));
    CHECK(shape.record_path == "/PubmedArticleSet/PubmedArticle");
    CHECK(shape.records == 3);
    CHECK(fields(shape) == "MedlineCitation/@Status attr text 3 1 MEDLINE\n"
                           "MedlineCitation/@Owner attr text 3 1 NLM\n"
                           "MedlineCitation/PMID text integer 3 1 10000001\n"
                           "MedlineCitation/PMID/@Version attr integer 3 1 1\n"
                           "MedlineCitation/DateCompleted/Year text integer 2 1 1999\n"
                           "MedlineCitation/DateCompleted/Month text integer 2 1 03\n"
                           "MedlineCitation/DateCompleted/Day text integer 2 1 12\n"
                           "MedlineCitation/Article/@PubModel attr text 3 1 Print\n"
                           "MedlineCitation/Article/Journal tree jsonb 3 1 \n"
                           "MedlineCitation/Article/ArticleTitle text text 3 1 Streaming parsers in constant memory.\n"
                           "MedlineCitation/Article/AuthorList tree jsonb 2 1 \n"
                           "MedlineCitation/Article/AuthorList/@CompleteYN attr boolean 2 1 Y\n"
                           "MedlineCitation/Article/Language text text 3 1 eng\n"
                           "MedlineCitation/MeshHeadingList/MeshHeading tree text 1 2 \n");
}

TEST_CASE("xml shape: Discogs-like releases, repeated children and mixed content, dates in two forms")
{
    const auto shape = shape_of(R"(<?xml version="1.0"?>
<releases>
  <release id="1" status="Accepted">
    <artists><artist><id>7</id><name>The Persuader</name></artist><artist><id>8</id><name>Jesper</name></artist></artists>
    <title>Stockholm</title><released>1999-03-01</released><notes>Side <b>A</b> only</notes>
    <genres><genre>Electronic</genre></genres><listed>01.02.2003</listed>
  </release>
  <release id="2" status="Accepted">
    <artists><artist><id>9</id><name>Mr. James Barth</name></artist></artists>
    <title>Knockin' Boots</title><released>1998-11-20</released>
    <genres><genre>Electronic</genre><genre>House</genre></genres><listed>31.12.2004</listed>
  </release>
</releases>
)");
    CHECK(shape.record_path == "/releases/release");
    CHECK(fields(shape) == "@id attr integer 2 1 1\n"
                           "@status attr text 2 1 Accepted\n"
                           "artists/artist/id text integer 2 2 7\n"
                           "artists/artist/name text text 2 2 The Persuader\n"
                           "title text text 2 1 Stockholm\n"
                           "released text date 2 1 1999-03-01\n"
                           "notes text text 1 1 Side A only\n"
                           "genres/genre text text 2 2 Electronic\n"
                           "listed text date %d.%m.%Y 2 1 01.02.2003\n");
}

TEST_CASE("xml shape: the abstracts' docs, and a wrapper that holds the repeats one level down")
{
    const auto abstracts = shape_of("<feed><doc><title>A</title><url>u</url><links><sublink linktype=\"nav\">"
                                    "<anchor>x</anchor></sublink><sublink linktype=\"nav\"><anchor>y</anchor></sublink>"
                                    "</links></doc><doc><title>B</title><url>v</url><links/></doc></feed>");
    CHECK(abstracts.record_path == "/feed/doc");
    CHECK(fields(abstracts) == "title text text 2 1 A\nurl text text 2 1 u\nlinks/sublink/@linktype attr text 1 2 nav\n"
                               "links/sublink/anchor text text 1 2 x\n");

    const auto wrapped = shape_of("<export><meta>m</meta><items><item n=\"1\">one</item><item n=\"2\">two</item>"
                                  "<item n=\"3\">three</item></items></export>");
    CHECK(wrapped.record_path == "/export/items/item");
    CHECK(fields(wrapped) == "@n attr integer 3 1 1\n. text text 3 1 one\n");

    const auto single = shape_of("<a:doc xmlns:a=\"urn:a\"><a:only v=\"t\"/></a:doc>");
    CHECK(single.record_path == "/a:doc/a:only");
    CHECK(fields(single) == "@v attr boolean 1 1 t\n");
}

TEST_CASE("xml shape: bounded by records, bytes and distinct paths, whatever the input")
{
    std::string many = "<r>";
    for (int i = 0; i < 50; ++i) many += "<e i=\"" + std::to_string(i) + "\"/>";
    many += "</r>";
    XmlShapeLimits limits;
    limits.records = 10;
    const auto by_records = shape_of(many, limits, 7);
    CHECK(by_records.records == 10);
    CHECK(by_records.cut);

    // A document far longer than the sample is cut, mid-tag too: what libxml2 says of the cut is no error.
    std::string big = "<r>";
    while (big.size() < 100'000) big += "<e i=\"12345\">text</e>";
    big += "</r>";
    limits = {};
    limits.sample_bytes = 50'003;
    const auto by_bytes = shape_of(big, limits);
    CHECK(by_bytes.cut);
    CHECK(by_bytes.sample_bytes == 50'003);
    // The record the cut fell in counts: its start tag was read.
    CHECK(by_bytes.records == 50'000 / 21 + 1);
    CHECK(fields(by_bytes) == "@i attr integer 2381 1 12345\n. text text 2380 1 text\n");

    std::string wide = "<r><e>";
    for (int i = 0; i < 500; ++i) wide += "<f" + std::to_string(i) + ">1</f" + std::to_string(i) + ">";
    wide += "</e></r>";
    limits = {};
    limits.paths = 200;
    const auto by_paths = shape_of(wide, limits);
    CHECK(by_paths.fields.size() == 200);
    CHECK(by_paths.fields_dropped == 200);  // counted up to the cap

    std::string long_value = "<r><e>" + std::string(1000, '7') + "</e></r>";
    CHECK(fields(shape_of(long_value)) == ". text text 1 1 7777777777777777777777777777777777777777...\n");
}

TEST_CASE("xml shape: a root with no element, and text that is not XML, are errors")
{
    CHECK_THROWS_WITH_AS(shape_of("<posts></posts>"), doctest::Contains("the root element <posts> holds no elements"),
                         sluice::Error);
    CHECK_THROWS_AS(shape_of("<posts><row a=\"1\"></posts>"), sluice::Error);
}

TEST_CASE("starter job: names, tables, and the files read back as job files")
{
    CHECK(sluice::column_identifier("PostTypeId") == "post_type_id");
    CHECK(sluice::column_identifier("ISOAbbreviation") == "iso_abbreviation");
    CHECK(sluice::column_identifier("Unit price (€)") == "unit_price_€");
    CHECK(sluice::column_identifier("2024") == "column_2024");
    CHECK(sluice::column_identifier("--") == "column");
    CHECK(sluice::column_identifier(std::string(100, 'a')).size() == 63);
    CHECK(sluice::table_for({"https://x.org/dl/pubmed24n0001.XML.gz?sig=1", ""}) == "pubmed24n0001");
    CHECK(sluice::table_for({"stats.stackexchange.com.7z", "Posts.xml"}) == "posts");

    const auto csv = sluice::csv_starter_job("Id,Id,Unit Price,\n1,2,3.5,x\n2,3,4,y\n", true, {"a.csv", ""});
    const auto spec = sluice::parse_job_file(csv, "a.toml");
    REQUIRE(spec.columns.size() == 4);
    CHECK(spec.columns[0].name == "id");
    CHECK(spec.columns[0].from_position == 1u);
    CHECK(spec.columns[1].name == "id_2");
    CHECK(spec.columns[2].name == "unit_price");
    CHECK(spec.columns[2].from == "Unit Price");
    CHECK(spec.columns[2].type == "numeric");
    CHECK(spec.columns[3].name == "column_4");
    CHECK(spec.columns[3].from_position == 4u);
    CHECK(spec.table == "a");

    const auto headless = sluice::parse_job_file(sluice::csv_starter_job("1;2\n3;4\n", true, {"n.csv", ""}), "n.toml");
    CHECK(headless.csv.header_lines == 0);
    REQUIRE(headless.columns.size() == 2);
    CHECK(headless.columns[1].name == "column_2");
    CHECK(headless.columns[1].from_position == 2u);

    const auto xml = sluice::xml_starter_job(shape_of(read_example("pubmed/pubmed.xml")), {"p.xml.gz", ""});
    const auto xml_spec = sluice::parse_job_file(xml, "p.toml");
    CHECK(xml_spec.record == "/PubmedArticleSet/PubmedArticle");
    CHECK(xml_spec.columns.size() == 14);
    CHECK(xml_spec.columns.back().type == "text[]");
}
