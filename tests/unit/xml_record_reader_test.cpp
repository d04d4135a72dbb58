#include "parse/xml_record_reader.hpp"

#include "core/error.hpp"
#include "encoded_text.hpp"
#include "memory_source.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using sluice::Record;
using sluice::XmlField;
using sluice::XmlFieldPath;
using sluice::XmlRecordPath;
using sluice::XmlRecordReader;
using sluice::XmlValueForm;
using sluice::test::MemorySource;

namespace {

std::vector<XmlField> fields_of(const std::vector<std::string>& paths)
{
    std::vector<XmlField> fields;
    for (const auto& path : paths) {
        const bool json = path.starts_with("json:");
        fields.push_back({XmlFieldPath::parse(json ? path.substr(5) : path), json ? XmlValueForm::json : XmlValueForm::text});
    }
    return fields;
}

// Every record as "number line:byte f0=[a,b] f1=[]", one a line, then the error if any.
std::string read_records(const std::string& xml, const std::string& record, const std::vector<std::string>& paths,
                         std::size_t max_read = 1 << 20, sluice::XmlReadOptions options = {}, std::vector<std::string>* raws = nullptr)
{
    MemorySource source{xml, max_read, "t.xml"};
    XmlRecordReader reader{source, XmlRecordPath::parse(record), fields_of(paths), options, std::min<std::size_t>(max_read, 1 << 16)};
    std::string out;
    Record r;
    std::vector<std::string_view> values;
    std::uint64_t records = 0;
    try {
        while (reader.next(r)) {
            ++records;
            out += std::to_string(r.number) + " " + std::to_string(r.line) + ":" + std::to_string(r.byte);
            for (std::size_t f = 0; f < paths.size(); ++f) {
                r.values(f, values);
                CHECK(values.size() == r.count(f));
                out += " " + paths[f] + "=[";
                for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + std::string{values[i]};
                out += "]";
            }
            out += "\n";
            if (raws) raws->push_back(r.raw);
        }
    } catch (const sluice::Error& e) {
        out += std::string{"error: "} + e.what();
    }
    CHECK(reader.records_read() == records);
    return out;
}

// The same at every chunk size from 1 byte: what a reader gives does not depend on them.
std::string read_at_all_sizes(const std::string& xml, const std::string& record, const std::vector<std::string>& paths)
{
    const auto whole = read_records(xml, record, paths);
    for (std::size_t size : {1, 2, 3, 5, 7, 13, 64}) {
        CAPTURE(size);
        CHECK(read_records(xml, record, paths, size) == whole);
    }
    return whole;
}

} // namespace

TEST_CASE("xml records: StackExchange Posts.xml, attributes only, references replaced")
{
    const std::string xml = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n"
                            "  <row Id=\"1\" PostTypeId=\"1\" Title=\"How do I &quot;x&quot;?\" Tags=\"&lt;a&gt;&lt;b-c&gt;\" "
                            "Body=\"&lt;p&gt;one&#xA;two&lt;/p&gt;\" />\n"
                            "  <row Id=\"2\" PostTypeId=\"2\" ParentId=\"1\" Body=\"caf\xC3\xA9 &amp; cr&#232;me\" Title=\"&#38;&#x26;&amp;#38;\"/>\n"
                            "</posts>\n";
    CHECK(read_at_all_sizes(xml, "/posts/row", {"@Id", "@Title", "@Tags", "@Body", "@ParentId"}) ==
          "1 3:52 @Id=[1] @Title=[How do I \"x\"?] @Tags=[<a><b-c>] @Body=[<p>one\ntwo</p>] @ParentId=[]\n"
          "2 4:182 @Id=[2] @Title=[&&&#38;] @Tags=[] @Body=[café & crème] @ParentId=[1]\n");
    std::vector<std::string> raws;
    read_records(xml, "/posts/row", {"@Id"}, 7, {}, &raws);
    CHECK(raws == std::vector<std::string>{
                      "<row Id=\"1\" PostTypeId=\"1\" Title=\"How do I &quot;x&quot;?\" Tags=\"&lt;a&gt;&lt;b-c&gt;\" "
                      "Body=\"&lt;p&gt;one&#xA;two&lt;/p&gt;\" />",
                      "<row Id=\"2\" PostTypeId=\"2\" ParentId=\"1\" Body=\"caf\xC3\xA9 &amp; cr&#232;me\" Title=\"&#38;&#x26;&amp;#38;\"/>"});
}

TEST_CASE("xml records: PubMed, nested and repeated children, a list as jsonb")
{
    const std::string xml = R"(<?xml version="1.0"?>
<PubmedArticleSet>
<PubmedArticle>
  <MedlineCitation Status="MEDLINE">
    <PMID Version="1">101</PMID>
    <Article>
      <ArticleTitle>Cells <i>in vitro</i>.</ArticleTitle>
      <AuthorList CompleteYN="Y">
        <Author ValidYN="Y"><LastName>Smith</LastName><ForeName>Ann</ForeName></Author>
        <Author ValidYN="Y"><LastName>O'Neil</LastName><ForeName>Bo</ForeName></Author>
      </AuthorList>
    </Article>
  </MedlineCitation>
</PubmedArticle>
<PubmedArticle>
  <MedlineCitation Status="PubMed-not-MEDLINE">
    <PMID Version="1">102</PMID>
    <Article><ArticleTitle/><AuthorList><Author><CollectiveName>The "Group"</CollectiveName></Author></AuthorList></Article>
  </MedlineCitation>
</PubmedArticle>
</PubmedArticleSet>
)";
    CHECK(read_at_all_sizes(xml, "/PubmedArticleSet/PubmedArticle",
                            {"MedlineCitation/PMID", "MedlineCitation/@Status", "MedlineCitation/Article/ArticleTitle",
                             "MedlineCitation/Article/AuthorList/Author/LastName", "json:MedlineCitation/Article/AuthorList"}) ==
          "1 3:41 MedlineCitation/PMID=[101] MedlineCitation/@Status=[MEDLINE] MedlineCitation/Article/ArticleTitle=[Cells in vitro.] "
          "MedlineCitation/Article/AuthorList/Author/LastName=[Smith,O'Neil] json:MedlineCitation/Article/AuthorList=["
          R"({"@CompleteYN":"Y","Author":[{"@ValidYN":"Y","LastName":"Smith","ForeName":"Ann"},{"@ValidYN":"Y","LastName":"O'Neil","ForeName":"Bo"}]})"
          "]\n"
          "2 15:482 MedlineCitation/PMID=[102] MedlineCitation/@Status=[PubMed-not-MEDLINE] MedlineCitation/Article/ArticleTitle=[] "
          "MedlineCitation/Article/AuthorList/Author/LastName=[] json:MedlineCitation/Article/AuthorList=["
          R"({"Author":{"CollectiveName":"The \"Group\""}})"
          "]\n");
}

TEST_CASE("xml records: Discogs releases and the Wikipedia abstracts")
{
    const std::string discogs = "<releases><release id=\"7\" status=\"Accepted\"><title>Blue</title>"
                                "<artists><artist><id>1</id><name>A</name></artist><artist><id>2</id><name>B &amp; C</name></artist></artists>"
                                "</release><release id=\"8\"><title><![CDATA[<Red>]]></title></release></releases>";
    CHECK(read_at_all_sizes(discogs, "/releases/release", {"@id", "title", "artists/artist/name", "artists/artist/id"}) ==
          "1 1:10 @id=[7] title=[Blue] artists/artist/name=[A,B & C] artists/artist/id=[1,2]\n"
          "2 1:182 @id=[8] title=[<Red>] artists/artist/name=[] artists/artist/id=[]\n");

    const std::string abstracts = "<feed>\n<doc>\n<title>Wikipedia: Alien</title>\n<url>https://en.wikipedia.org/wiki/Alien</url>\n"
                                  "<abstract>A 1979 film.</abstract>\n<links>\n"
                                  "<sublink linktype=\"nav\"><anchor>Plot</anchor><link>https://x/Plot</link></sublink>\n"
                                  "<sublink linktype=\"nav\"><anchor>Cast</anchor><link>https://x/Cast</link></sublink>\n"
                                  "</links>\n</doc>\n<doc><title>Wikipedia: B</title><url>u</url><abstract/><links/></doc>\n</feed>\n";
    CHECK(read_at_all_sizes(abstracts, "/feed/doc", {"title", "url", "abstract", "links/sublink/anchor", "links/sublink/@linktype"}) ==
          "1 2:7 title=[Wikipedia: Alien] url=[https://en.wikipedia.org/wiki/Alien] abstract=[A 1979 film.] "
          "links/sublink/anchor=[Plot,Cast] links/sublink/@linktype=[nav,nav]\n"
          "2 11:316 title=[Wikipedia: B] url=[u] abstract=[] links/sublink/anchor=[] links/sublink/@linktype=[]\n");
}

TEST_CASE("xml records: the record's own text, descendants' text, CDATA, comments and PIs")
{
    const std::string xml = "<r><e>a<!-- no -->b<?pi no?><b>c<i>d</i></b><![CDATA[<e>&amp;]]>&amp;</e><e/><e></e>"
                            "<e>  </e></r>";
    CHECK(read_at_all_sizes(xml, "/r/e", {".", "b", "b/i", "json:."}) ==
          "1 1:3 .=[abcd<e>&amp;&] b=[cd] b/i=[d] json:.=[{\"b\":{\"i\":\"d\",\"#text\":\"c\"},\"#text\":\"ab<e>&amp;&\"}]\n"
          "2 1:73 .=[] b=[] b/i=[] json:.=[\"\"]\n"
          "3 1:77 .=[] b=[] b/i=[] json:.=[\"\"]\n"
          "4 1:84 .=[  ] b=[] b/i=[] json:.=[\"  \"]\n");
}

TEST_CASE("xml records: namespaces match by local name, or by prefix and local name as written")
{
    const std::string xml = R"(<a:feed xmlns:a="urn:a" xmlns:dc="urn:dc" xmlns:x="urn:x"><meta/><a:entry dc:id="1" id="2">)"
                            R"(<dc:title>T</dc:title><title>U</title><x:title>V</x:title></a:entry><entry id="3"/></a:feed>)";
    CHECK(read_at_all_sizes(xml, "/feed/entry", {"@id", "@dc:id", "title", "dc:title", "json:dc:title"}) ==
          "1 1:65 @id=[1,2] @dc:id=[1] title=[T,U,V] dc:title=[T] json:dc:title=[\"T\"]\n"
          "2 1:159 @id=[3] @dc:id=[] title=[] dc:title=[] json:dc:title=[]\n");
    CHECK(read_at_all_sizes(xml, "/a:feed/a:entry", {"@id"}) == "1 1:65 @id=[1,2]\n");
    CHECK(read_records(xml, "/x:feed/entry", {"@id"}) ==
          "error: t.xml: byte 183: no /x:feed/entry records in 183 bytes: the root element is <a:feed>, not <x:feed>");
}

TEST_CASE("xml records: deep record paths, and elements that are not records at any level")
{
    const std::string xml = "<a><meta><c>no</c></meta><b><c>1</c><d/><c>2</c></b><x><b><c>no</c></b></x>"
                            "<b k=\"v\"><c>3</c></b><c>no</c></a>";
    CHECK(read_at_all_sizes(xml, "/a/b/c", {"."}) == "1 1:28 .=[1]\n2 1:40 .=[2]\n3 1:84 .=[3]\n");
    // A record inside a record's like-named element is not one: records do not nest.
    CHECK(read_at_all_sizes("<a><b><b>x</b></b></a>", "/a/b", {".", "b"}) == "1 1:3 .=[x] b=[x]\n");
    // The root itself as the record.
    CHECK(read_at_all_sizes("<r v=\"1\">t</r>", "/r", {"@v", "."}) == "1 1:0 @v=[1] .=[t]\n");
}

TEST_CASE("xml records: a record path that matches nothing says what was there instead")
{
    CHECK(read_records("<mediawiki><page/><page/><siteinfo/></mediawiki>", "/mediawiki/doc", {"."}) ==
          "error: t.xml: byte 48: no <doc> elements under <mediawiki> in 48 bytes; found 2 <page>, 1 <siteinfo>");
    CHECK(read_records("<feed><doc/></feed>", "/posts/row", {"."}) ==
          "error: t.xml: byte 19: no /posts/row records in 19 bytes: the root element is <feed>, not <posts>");
    CHECK(read_records("<posts/>", "/posts/row", {"."}) ==
          "error: t.xml: byte 8: no <row> elements under <posts> in 8 bytes; it holds no elements");
    CHECK(read_records("<a><b><x/><x/></b><b><y/></b></a>", "/a/b/c/d", {"."}) ==
          "error: t.xml: byte 33: no <c> elements under /a/b in 33 bytes; found 2 <x>, 1 <y>");
    CHECK(read_records("<a><b><c><e/></c></b></a>", "/a/b/c/d", {"."}) ==
          "error: t.xml: byte 25: no <d> elements under /a/b/c in 25 bytes; found 1 <e>");
    CHECK(read_records("id,title\n1,x\n", "/posts/row", {"."}) ==
          "error: t.xml: line 1, column 1 (byte 0): not XML: it starts with \"id,title\\n1,x\\n\"");
}

TEST_CASE("xml records: malformed XML after the records before it, at its line, column and byte")
{
    CHECK(read_at_all_sizes("<p>\n<r i=\"1\"/>\n<r i=\"2\">\n</x></p>", "/p/r", {"@i"}) ==
          "1 2:4 @i=[1]\n"
          "error: t.xml: line 4, column 5 (byte 29): malformed XML: Opening and ending tag mismatch: r line 3 and x");
    CHECK(read_at_all_sizes("<p><r i=\"1\"/><r i=\"2\" i=\"3\"/></p>", "/p/r", {"@i"}) ==
          "1 1:3 @i=[1]\n"
          "error: t.xml: line 1, column 28 (byte 27): malformed XML: Attribute i redefined");
    CHECK(read_at_all_sizes("<!DOCTYPE p [<!ENTITY e \"x\">]><p><r/></p>", "/p/r", {"."}) ==
          "error: t.xml: line 1: refused: the XML has a DOCTYPE (DTDs and entity declarations are not accepted)");
    CHECK(read_at_all_sizes("<p><r>&e;</r></p>", "/p/r", {"."}) ==
          "error: t.xml: line 1, column 10 (byte 9): malformed XML: Entity 'e' not defined");
    CHECK(read_at_all_sizes("<p><r/>", "/p/r", {"."}) ==
          "1 1:3 .=[]\nerror: t.xml: line 1, column 8 (byte 7): malformed XML: Extra content at the end of the document");
}

TEST_CASE("xml records: limits of depth, record size and attributes hold, at the byte that passes them")
{
    sluice::XmlReadOptions shallow;
    shallow.max_depth = 3;
    CHECK(read_records("<p><r><a>1</a></r><r><a><b/></a></r></p>", "/p/r", {"a"}, 1 << 20, shallow) ==
          "1 1:3 a=[1]\n"
          "error: t.xml: line 1, column 25 (byte 24): an element nested deeper than 3 levels (the root is level 1); raise "
          "--max-depth to read it");
    sluice::XmlReadOptions small;
    small.max_record_bytes = 20;
    CHECK(read_records("<p><r>12345678901</r><r>12345678901234</r><x>1234567890123456789012345</x></p>", "/p/r", {"."}, 1 << 20,
                       small) == "1 1:3 .=[12345678901]\n"
                                 "error: t.xml: line 1, column 42 (byte 41): a <r> longer than 20 bytes; raise "
                                 "--max-record-bytes to read it");
    // Only the record path's level is a record: a like-named element elsewhere is not limited as one.
    CHECK(read_records("<r><r>1</r><x><r>1234567890123456789012345</r></x></r>", "/r/r", {"."}, 1 << 20, small) ==
          "1 1:3 .=[1]\n");
    std::string many = "<p><r";
    for (int i = 0; i < 257; ++i) many += " a" + std::to_string(i) + "=\"\"";
    many += "/></p>";
    CHECK(read_records(many, "/p/r", {"@a1"}) ==
          "error: t.xml: line 1, column 1949 (byte 1948): a start tag with more than 256 attributes");
}

TEST_CASE("xml records: decoded by the declared encoding, places counted in UTF-8")
{
    const std::string utf8 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<p><r t=\"caf\xC3\xA9\">cr\xC3\xA8me</r></p>";
    const auto latin1 = sluice::test::converted(utf8, "ISO-8859-1");
    CHECK(read_at_all_sizes(latin1, "/p/r", {"@t", "."}) == "1 2:47 @t=[café] .=[crème]\n");
    const auto utf16 = sluice::test::converted("<?xml version=\"1.0\" encoding=\"UTF-16\"?><p><r>\xC3\xA9</r></p>", "UTF-16");
    CHECK(read_at_all_sizes(utf16, "/p/r", {"."}) == "1 1:45 .=[é]\n");
    CHECK(read_records("<p><r>caf\xE9</r></p>", "/p/r", {"."}) ==
          "error: t.xml: line 1, column 10 (byte 9): malformed XML: Input is not proper UTF-8, indicate encoding !\n"
          "Bytes: 0xE9 0x3C 0x2F 0x72");
}

TEST_CASE("xml records: a start tag over several lines is placed at its '<', and raw is capped")
{
    const std::string long_text(5000, 'x');
    const std::string xml = "<p>\n<r\n  a=\"1\"\n  b=\"2\">" + long_text + "</r>\n<r a=\"3\">y</r></p>";
    std::vector<std::string> raws;
    CHECK(read_records(xml, "/p/r", {"@a", "@b"}, 1 << 20, {}, &raws) == "1 2:4 @a=[1] @b=[2]\n2 5:5028 @a=[3] @b=[]\n");
    REQUIRE(raws.size() == 2);
    CHECK(raws[0].size() <= Record::kMaxRawBytes);
    CHECK(raws[0].starts_with("<r\n  a=\"1\"\n  b=\"2\">xxx"));
    CHECK(raws[1] == "<r a=\"3\">y</r>");
}

TEST_CASE("xml records: a field that never matched is known, one that did too")
{
    MemorySource source{"<p><r a=\"1\"/><r><b/></r></p>", 1 << 20, "t.xml"};
    XmlRecordReader reader{source, XmlRecordPath::parse("/p/r"), fields_of({"@a", "b", "c", "@z"})};
    Record r;
    while (reader.next(r)) {
    }
    CHECK(reader.field_ever_matched(0));
    CHECK(reader.field_ever_matched(1));
    CHECK_FALSE(reader.field_ever_matched(2));
    CHECK_FALSE(reader.field_ever_matched(3));
    CHECK(reader.records_read() == 2);
}
