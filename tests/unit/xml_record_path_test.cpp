#include "parse/xml_record_path.hpp"

#include "core/error.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using sluice::XmlFieldPath;
using sluice::XmlName;
using sluice::XmlRecordPath;

namespace {

std::string refusal_of_record(const std::string& path)
{
    try {
        XmlRecordPath::parse(path);
    } catch (const sluice::UsageError& e) {
        return e.what();
    }
    return "accepted";
}

std::string refusal_of_field(const std::string& path)
{
    try {
        XmlFieldPath::parse(path);
    } catch (const sluice::UsageError& e) {
        return e.what();
    }
    return "accepted";
}

const xmlChar* x(const char* text) { return reinterpret_cast<const xmlChar*>(text); }

} // namespace

TEST_CASE("xml record path: steps from the root, with and without prefixes")
{
    const auto posts = XmlRecordPath::parse("/posts/row");
    CHECK(posts.steps == std::vector<XmlName>{{"", "posts"}, {"", "row"}});
    CHECK(posts.text == "/posts/row");
    CHECK(posts.record() == XmlName{"", "row"});

    const auto pubmed = XmlRecordPath::parse("/PubmedArticleSet/PubmedArticle");
    CHECK(pubmed.steps.size() == 2);
    const auto deep = XmlRecordPath::parse("/a/b-c/d.e/_f/g1");
    CHECK(deep.steps.size() == 5);
    const auto atom = XmlRecordPath::parse("/atom:feed/atom:entry");
    CHECK(atom.steps == std::vector<XmlName>{{"atom", "feed"}, {"atom", "entry"}});
    const auto root = XmlRecordPath::parse("/feed");
    CHECK(root.steps == std::vector<XmlName>{{"", "feed"}});
    CHECK(XmlRecordPath::parse("/caf\xC3\xA9/r").steps[0].local == "caf\xC3\xA9");  // non-ASCII names
}

TEST_CASE("xml record path: each unsupported form is refused with its reason")
{
    CHECK(refusal_of_record("") == R"~(bad XML record path "": it is empty; write the element path of one record, e.g. "/posts/row")~");
    CHECK(refusal_of_record("/") == R"~(bad XML record path "/": it names no element; write the element path of one record, e.g. "/posts/row")~");
    CHECK(refusal_of_record("posts/row") == R"~(bad XML record path "posts/row": it starts at the root: "/posts/row")~");
    CHECK(refusal_of_record("row") == R"~(bad XML record path "row": it starts at the root: "/row")~");
    CHECK(refusal_of_record("//row") ==
          R"~(bad XML record path "//row": "//" (descendants at any depth) is not supported; write each step from the root)~");
    CHECK(refusal_of_record("/posts//row") ==
          R"~(bad XML record path "/posts//row": "//" (descendants at any depth) is not supported; write each step)~");
    CHECK(refusal_of_record("/posts/") == R"~(bad XML record path "/posts/": an empty step)~");
    CHECK(refusal_of_record("/posts/@Id") == R"~(bad XML record path "/posts/@Id": a record is an element, not an attribute)~");
    CHECK(refusal_of_record("/posts/../row") ==
          R"~(bad XML record path "/posts/../row": ".." is not supported: a path goes down from the record only)~");
    CHECK(refusal_of_record("/posts/./row") ==
          R"~(bad XML record path "/posts/./row": "." is a path of its own (the record's text), not a step)~");
    CHECK(refusal_of_record("/posts/*") == R"~(bad XML record path "/posts/*": wildcards ("*") are not supported; name the element)~");
    CHECK(refusal_of_record("/posts/row[1]") ==
          R"~(bad XML record path "/posts/row[1]": predicates ("row[1]") are not supported; every match is a value)~");
    CHECK(refusal_of_record("/posts/row[@Id='1']") ==
          R"~(bad XML record path "/posts/row[@Id='1']": predicates ("row[@Id='1']") are not supported; every match is a value)~");
    CHECK(refusal_of_record("/posts/text()") ==
          R"~(bad XML record path "/posts/text()": functions ("text()") are not supported; an element's text is its value)~");
    CHECK(refusal_of_record("/posts/1row") == R"~(bad XML record path "/posts/1row": "1row" is not an XML name)~");
    CHECK(refusal_of_record("/posts/a b") == R"~(bad XML record path "/posts/a b": "a b" is not an XML name)~");
    CHECK(refusal_of_record("/posts/:row") == R"~(bad XML record path "/posts/:row": ":row" is not an XML name)~");
    CHECK(refusal_of_record("/posts/a:") == R"~(bad XML record path "/posts/a:": "a:" is not an XML name)~");
    CHECK(refusal_of_record("/posts/a:b:c") == R"~(bad XML record path "/posts/a:b:c": "a:b:c" is not an XML name)~");
}

TEST_CASE("xml field path: attributes, children, grandchildren, a child's attribute and the record's text")
{
    const auto id = XmlFieldPath::parse("@Id");
    CHECK(id.elements.empty());
    CHECK(id.attribute == XmlName{"", "Id"});
    CHECK_FALSE(id.is_record_text());

    const auto title = XmlFieldPath::parse("title");
    CHECK(title.elements == std::vector<XmlName>{{"", "title"}});
    CHECK_FALSE(title.attribute);

    const auto name = XmlFieldPath::parse("artists/artist/name");
    CHECK(name.elements == std::vector<XmlName>{{"", "artists"}, {"", "artist"}, {"", "name"}});

    const auto lang = XmlFieldPath::parse("Article/@xml:lang");
    CHECK(lang.elements == std::vector<XmlName>{{"", "Article"}});
    CHECK(lang.attribute == XmlName{"xml", "lang"});

    const auto self = XmlFieldPath::parse(".");
    CHECK(self.is_record_text());
    CHECK(self.text == ".");
}

TEST_CASE("xml field path: each unsupported form is refused with its reason")
{
    CHECK(refusal_of_field("") == R"~(bad XML field path "": it is empty; write "." for the record's own text)~");
    CHECK(refusal_of_field("/title") == R"~(bad XML field path "/title": a field path is relative to the record: no leading '/')~");
    CHECK(refusal_of_field("a//b") ==
          R"~(bad XML field path "a//b": "//" (descendants at any depth) is not supported; write each step)~");
    CHECK(refusal_of_field("a/") == R"~(bad XML field path "a/": an empty step)~");
    CHECK(refusal_of_field("@a/b") == R"~(bad XML field path "@a/b": an attribute ("@...") can only be the last step)~");
    CHECK(refusal_of_field("a/@b/c") == R"~(bad XML field path "a/@b/c": an attribute ("@...") can only be the last step)~");
    CHECK(refusal_of_field("a@b") == R"~(bad XML field path "a@b": "a@b": write an attribute as its own step, "a/@b")~");
    CHECK(refusal_of_field("@") == R"~(bad XML field path "@": "" is not an XML name)~");
    CHECK(refusal_of_field("@@a") == R"~(bad XML field path "@@a": "@a" is not an XML name)~");
    CHECK(refusal_of_field("..") == R"~(bad XML field path "..": ".." is not supported: a path goes down from the record only)~");
    CHECK(refusal_of_field("../b") == R"~(bad XML field path "../b": ".." is not supported: a path goes down from the record only)~");
    CHECK(refusal_of_field("./b") == R"~(bad XML field path "./b": "." is a path of its own (the record's text), not a step)~");
    CHECK(refusal_of_field("@*") == R"~(bad XML field path "@*": wildcards ("*") are not supported; name the element)~");
    CHECK(refusal_of_field("a[2]") == R"~(bad XML field path "a[2]": predicates ("a[2]") are not supported; every match is a value)~");
    CHECK(refusal_of_field("text()") ==
          R"~(bad XML field path "text()": functions ("text()") are not supported; an element's text is its value)~");
    CHECK(refusal_of_field("a/-b") == R"~(bad XML field path "a/-b": "-b" is not an XML name)~");
}

TEST_CASE("xml names: a step without a prefix matches by local name, one with a prefix only that prefix")
{
    const XmlName bare{"", "title"};
    CHECK(bare.matches(x("title"), nullptr));
    CHECK(bare.matches(x("title"), x("dc")));
    CHECK_FALSE(bare.matches(x("titles"), nullptr));
    CHECK_FALSE(bare.matches(x("titl"), nullptr));
    const XmlName prefixed{"dc", "title"};
    CHECK(prefixed.matches(x("title"), x("dc")));
    CHECK_FALSE(prefixed.matches(x("title"), nullptr));
    CHECK_FALSE(prefixed.matches(x("title"), x("atom")));
    CHECK_FALSE(prefixed.matches(x("name"), x("dc")));
    CHECK(prefixed.written() == "dc:title");
    CHECK(bare.written() == "title");
}
