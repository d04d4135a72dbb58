#pragma once
// A lexical scanner for XML markup that runs ahead of libxml2: it knows comments, CDATA
// sections, processing instructions, quoted attribute values (either quote), start, end and
// empty-element tags with any whitespace in them, and the depth of elements. Two readers use it:
//
//  - ParallelXmlParser cuts the text where an element has ended at a level from 2 to the cut
//    level (Mark::child_end): a block of text from there, wrapped in the start tags of the
//    elements then open (Mark::root_start, Mark::ancestor_start) and their end tags, parses as
//    libxml2 would parse it in place. The abstracts are cut directly under the root (level 2),
//    a record path's records between records (its record level);
//  - both readers enforce limits with it *before* libxml2 sees the bytes: libxml2's push parser
//    does not enforce its own nesting limit (30 M levels took 1 GB) and checks a tag's attributes
//    for duplicates pairwise (200,000 attributes in one tag took 8 minutes of CPU).
//
// A "record" is an element whose local name (after any prefix) is the record name, outside
// another record, at any depth (what XmlDocReader takes a <doc> to be) or at one level only
// (XmlRecordReader's record path: "/posts/row" puts its records at level 2).
//
// It scans each byte once, jumping with memchr over text, attribute values, comments and CDATA,
// and keeps no bytes: a call may end anywhere, even inside a tag's name, and the next call goes
// on from there. It follows well-formed XML exactly; on malformed XML it only has to stay
// bounded, since libxml2 reports the error (the scanner never sees further than libxml2's first
// error matters). A DOCTYPE is markup it does not follow: it says so and stops checking, and the
// reader refuses the DOCTYPE anyway.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice {

class XmlMarkupScanner {
public:
    struct Limits {
        std::size_t max_depth;            // elements open at once, the root being 1
        std::uint64_t max_record_bytes;   // a record from its '<' to its end tag's '>'
        std::size_t max_attributes;       // in one start tag (namespace declarations count)
    };

    enum class Mark : std::uint8_t {
        more,         // every byte given was scanned: give the next ones
        root_start,   // the root's start tag just ended (tag_start() is its '<'; see root_empty())
        first_child,  // the name of the root's first child element just ended (first_child_is_record())
        child_end,    // an element at a level from 2 to the cut level just ended: a place to cut the text
        ancestor_start,  // a start tag below the root and above the cut level just ended (tag_start()
                         // is its '<'): an element a block after a cut may be inside
        record_start,    // a record's name just ended (tag_start() is its '<'); only while watch_records(),
                         // and then instead of first_child when the first child is a record
        root_end,     // the root element just ended
        declaration,  // "<!DOCTYPE" or other "<!" markup: from here on the scanner checks nothing
        limit,        // a limit is passed at the byte where the scan stopped (see limit())
    };
    enum class Limit : std::uint8_t { none, depth, record_bytes, attributes };

    struct Stop {
        Mark mark;
        std::size_t scanned;  // bytes of the call's input scanned before the mark
    };

    // `record_level`: the level records are at (the root being 1), or 0 for any. `cut_level`: the
    // deepest level whose elements' ends are marked (child_end).
    XmlMarkupScanner(Limits limits, std::string record_name, std::size_t record_level = 0, std::size_t cut_level = 2);

    // Whether records' starts are marked (record_start): a reader that waits for its first record
    // turns it on, and off once it has seen it.
    void watch_records(bool on) { watch_records_ = on; }

    // Scans `bytes`, which continue the text where the last call stopped (at offset()), up to the
    // next mark. After Mark::limit every call returns it again, scanning nothing.
    Stop scan(std::string_view bytes);

    std::uint64_t offset() const { return offset_; }          // bytes scanned so far
    // Just past the '>' of the latest complete markup (tag, comment, CDATA section, PI): where a
    // piece handed to libxml2 may end with every token in it whole (see XmlDocReader::push).
    std::uint64_t markup_end() const { return markup_end_; }
    // The one before it (0 if none).
    std::uint64_t previous_markup_end() const { return previous_markup_end_; }
    std::uint64_t tag_start() const { return tag_start_; }    // the '<' of the latest markup
    std::size_t depth() const { return depth_; }              // elements open, the root being 1
    bool root_empty() const { return root_empty_; }
    // Whether text other than blanks (and a byte order mark) came before the root: not XML, or
    // not only XML.
    bool text_before_root() const { return text_before_root_; }
    bool first_child_is_record() const { return first_child_is_record_; }
    Limit limit() const { return limit_; }
    // For Limit::record_bytes: where the record that grew too long starts.
    std::uint64_t record_start() const { return record_start_; }
    const Limits& limits() const { return limits_; }

private:
    enum class State : std::uint8_t {
        content,     // text between markup
        open,        // after '<'
        start_name,  // in a start tag's name
        start_tag,   // in a start tag, after its name
        value,       // in a quoted attribute value
        end_tag,     // in an end tag
        bang,        // after "<!"
        bang_dash,   // after "<!-"
        cdata_open,  // in "<![CDATA["
        comment,     // in a comment
        cdata,       // in a CDATA section
        pi,          // in a processing instruction
        opaque,      // after markup the scanner does not follow: everything is passed
        stopped,     // after a limit
    };

    void ended_markup(std::uint64_t at);
    // Where scanning from `p` (stream offset `here`) must stop: `end`, or a record's limit.
    const char* window_end(const char* p, const char* end, std::uint64_t here) const;
    Mark whole_tags(const char*& p, const char*& window, const char* end, std::uint64_t base, const char* begin);
    Mark start_tag_ended(bool empty);
    Mark end_tag_ended();

    Limits limits_;
    std::string record_name_;
    std::size_t record_level_ = 0;
    std::size_t cut_level_ = 2;
    bool watch_records_ = false;
    std::uint64_t offset_ = 0;
    std::uint64_t tag_start_ = 0;
    std::uint64_t markup_end_ = 0;
    std::uint64_t previous_markup_end_ = 0;
    State state_ = State::content;
    char quote_ = 0;
    std::uint8_t run_ = 0;  // closing characters seen: '-' of "-->", ']' of "]]>", '?' of "?>", of "[CDATA["
    bool slash_ = false;    // the start tag's last character was '/'
    std::size_t name_length_ = 0;
    bool name_matches_ = false;  // the local name so far is a prefix of the record name
    std::size_t attributes_ = 0;
    std::size_t depth_ = 0;
    std::size_t record_depth_ = 0;  // depth of the open record, 0 outside one
    std::uint64_t record_start_ = 0;
    bool root_seen_ = false;
    bool root_empty_ = false;
    bool text_before_root_ = false;
    std::size_t mark_bytes_ = 0;  // of a byte order mark at the start
    bool root_closed_ = false;
    bool first_child_seen_ = false;
    bool first_child_is_record_ = false;
    Limit limit_ = Limit::none;
};

} // namespace sluice
