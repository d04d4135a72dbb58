#include "parse/xml_markup_scanner.hpp"

#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sluice {

namespace {

// The characters that end a stretch of a start tag after its name: a quote opens a value, '='
// counts an attribute, '/' may begin "/>", '>' ends the tag.
constexpr std::array<bool, 256> kTagStops = [] {
    std::array<bool, 256> stops{};
    for (const unsigned char c : {'"', '\'', '=', '/', '>'}) stops[c] = true;
    return stops;
}();

// What ends an element's name: XML's whitespace, "/>" and '>'.
constexpr std::array<bool, 256> kNameEnds = [] {
    std::array<bool, 256> ends{};
    for (const unsigned char c : {' ', '\t', '\r', '\n', '/', '>'}) ends[c] = true;
    return ends;
}();

constexpr std::string_view kCdataOpen = "[CDATA[";
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// The next `c` in [from, to), or null. Most stretches between markup in a dump are a few dozen
// bytes, where a call to memchr costs more than the search: the first 64 bytes are searched 16
// at a time inline (SSE2, which every x86-64 has), the rest by memchr.
inline __attribute__((always_inline)) const char* find(const char* from, const char* to, char c)
{
#if defined(__SSE2__)
    const __m128i wanted = _mm_set1_epi8(c);
    for (int i = 0; i < 4 && to - from >= 16; ++i, from += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
        const int found = _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, wanted));
        if (found != 0) return from + __builtin_ctz(static_cast<unsigned>(found));
    }
#endif
    const void* at = std::memchr(from, c, static_cast<std::size_t>(to - from));
    return at ? static_cast<const char*>(at) : nullptr;
}

// The next byte of a start tag after its '<' that matters (kTagStops), or `to`.
inline __attribute__((always_inline)) const char* find_tag_stop(const char* from, const char* to)
{
#if defined(__SSE2__)
    for (; to - from >= 16; from += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
        const __m128i quotes = _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')), _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\'')));
        const __m128i marks = _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('=')), _mm_cmpeq_epi8(bytes, _mm_set1_epi8('/')));
        const __m128i stops = _mm_or_si128(_mm_or_si128(quotes, marks), _mm_cmpeq_epi8(bytes, _mm_set1_epi8('>')));
        const int found = _mm_movemask_epi8(stops);
        if (found != 0) return from + __builtin_ctz(static_cast<unsigned>(found));
    }
#endif
    while (from < to && !kTagStops[static_cast<unsigned char>(*from)]) ++from;
    return from;
}

} // namespace

XmlMarkupScanner::XmlMarkupScanner(Limits limits, std::string record_name, std::size_t record_level,
                                   std::size_t cut_level)
    : limits_(limits), record_name_(std::move(record_name)), record_level_(record_level), cut_level_(cut_level)
{
}

void XmlMarkupScanner::ended_markup(std::uint64_t at)
{
    previous_markup_end_ = markup_end_;
    markup_end_ = at;
}

XmlMarkupScanner::Mark XmlMarkupScanner::start_tag_ended(bool empty)
{
    state_ = State::content;
    const std::size_t depth = depth_ + 1;  // the element's own
    if (!empty) depth_ = depth;
    else if (record_depth_ == depth) record_depth_ = 0;  // an empty record: ended as it began
    if (!root_seen_) {
        root_seen_ = true;
        root_empty_ = empty;
        root_closed_ = empty;
        return Mark::root_start;
    }
    if (root_closed_ || depth < 2 || depth > cut_level_) return Mark::more;
    if (empty) return Mark::child_end;
    return depth < cut_level_ ? Mark::ancestor_start : Mark::more;
}

XmlMarkupScanner::Mark XmlMarkupScanner::end_tag_ended()
{
    state_ = State::content;
    if (depth_ == 0) return Mark::more;  // nothing open: malformed, and libxml2 says so
    const std::size_t depth = depth_--;
    if (record_depth_ == depth) record_depth_ = 0;
    if (root_closed_) return Mark::more;
    if (depth == 1) {
        root_closed_ = true;
        return Mark::root_end;
    }
    return depth >= 2 && depth <= cut_level_ ? Mark::child_end : Mark::more;
}

const char* XmlMarkupScanner::window_end(const char* p, const char* end, std::uint64_t here) const
{
    if (record_depth_ == 0) return end;
    const std::uint64_t last = record_start_ + limits_.max_record_bytes;  // the first byte too many
    if (last <= here) return p;
    if (last - here < static_cast<std::uint64_t>(end - p)) return p + (last - here);
    return end;
}

XmlMarkupScanner::Mark XmlMarkupScanner::whole_tags(const char*& p, const char*& window, const char* end,
                                                    std::uint64_t base, const char* begin)
{
    // The dump is mostly short tags and text inside docs: taking a whole tag at once, without
    // going round the state machine for its name, attributes and end, and with the depth and the
    // last markup ends in registers, halves the scanner's time. Below the root's children no tag
    // opens a record or raises a mark but the end of one of them. Anything else (a tag cut by the
    // window, a limit, a comment, CDATA or PI) is left to the state machine from its '<', which
    // then does the same.
    std::size_t depth = depth_;
    std::uint64_t markup_end = markup_end_;
    std::uint64_t previous_markup_end = previous_markup_end_;
    Mark mark = Mark::more;
    const auto ended = [&](const char* at) {
        previous_markup_end = markup_end;
        markup_end = base + static_cast<std::uint64_t>(at - begin);
    };
    const auto generic = [&](const char* lt, State state, const char* at) {
        tag_start_ = base + static_cast<std::uint64_t>(lt - begin);
        state_ = state;
        p = at;
    };
    while (true) {
        const char* lt = find(p, window, '<');
        if (!lt) {
            p = window;
            break;
        }
        if (window - lt < 2) {
            generic(lt, State::open, lt + 1);
            break;
        }
        if (lt[1] == '/') {
            const char* gt = find(lt + 2, window, '>');
            if (!gt) {
                generic(lt, State::end_tag, lt + 2);
                break;
            }
            p = gt + 1;
            ended(p);
            const std::size_t closed = depth--;
            if (record_depth_ == closed) {
                record_depth_ = 0;
                window = end;
            }
            if (closed >= 2 && closed <= cut_level_ && !root_closed_) {
                mark = Mark::child_end;
                break;
            }
            if (record_depth_ == 0 || depth < 2) break;
            continue;
        }
        if (lt[1] == '!' || lt[1] == '?' || depth + 1 > limits_.max_depth) {
            generic(lt, State::open, lt + 1);
            break;
        }
        // The name holds none of the bytes that matter after it: no need to find its end.
        const char* q = lt + 1;
        std::size_t attributes = 0;
        bool slash = false;
        bool whole = true;
        while (true) {
            const char* from = q;
            q = find_tag_stop(q, window);
            if (q == window) {
                whole = false;
                break;
            }
            if (q != from) slash = false;
            const char c = *q;
            if (c == '>') break;
            if (c == '/') {
                slash = true;
                ++q;
            } else if (c == '=') {
                if (++attributes > limits_.max_attributes) {
                    whole = false;
                    break;
                }
                slash = false;
                ++q;
            } else {
                const char* closing = find(q + 1, window, c);
                if (!closing) {
                    whole = false;
                    break;
                }
                q = closing + 1;
                slash = false;
            }
        }
        if (!whole) {
            generic(lt, State::open, lt + 1);
            break;
        }
        p = q + 1;
        ended(p);
        if (!slash) ++depth;
    }
    depth_ = depth;
    markup_end_ = markup_end;
    previous_markup_end_ = previous_markup_end;
    return mark;
}

XmlMarkupScanner::Stop XmlMarkupScanner::scan(std::string_view bytes)
{
    const char* const begin = bytes.data();
    const char* const end = begin + bytes.size();
    const char* p = begin;
    const std::uint64_t base = offset_;
    const auto stop = [&](Mark mark) {
        const auto scanned = static_cast<std::size_t>(p - begin);
        offset_ = base + scanned;
        return Stop{mark, scanned};
    };
    if (state_ == State::stopped) return {Mark::limit, 0};
    if (state_ == State::opaque) {
        p = end;
        return stop(Mark::more);
    }

    // Inside a record no byte past its limit is scanned: `window` ends there, or at `end`.
    const char* window = end;
    const auto set_window = [&] { window = window_end(p, end, base + static_cast<std::uint64_t>(p - begin)); };
    set_window();

    while (true) {
        if (p == window) {
            if (window == end) return stop(Mark::more);
            limit_ = Limit::record_bytes;
            state_ = State::stopped;
            return stop(Mark::limit);
        }
        switch (state_) {
        case State::content: {
            if (record_depth_ != 0 && depth_ >= 2) {
                // Inside a record, below the root's children, whole tags are taken in one go.
                const Mark mark = whole_tags(p, window, end, base, begin);
                if (mark != Mark::more) return stop(mark);
                if (state_ != State::content || p == window) break;
            }
            const char* lt = find(p, window, '<');
            if (!root_seen_ && !text_before_root_) {
                // Blanks, and a whole byte order mark at the very start, are not text.
                const char* text_end = lt ? lt : window;
                for (const char* c = p; c < text_end; ++c) {
                    const std::uint64_t at = base + static_cast<std::uint64_t>(c - begin);
                    if (at < kByteOrderMark.size() && at == mark_bytes_ && *c == kByteOrderMark[at]) {
                        ++mark_bytes_;
                        continue;
                    }
                    const bool part_of_a_mark = mark_bytes_ > 0 && mark_bytes_ < kByteOrderMark.size();
                    if (part_of_a_mark || (*c != ' ' && *c != '\t' && *c != '\r' && *c != '\n')) text_before_root_ = true;
                }
                if (lt && mark_bytes_ > 0 && mark_bytes_ < kByteOrderMark.size()) text_before_root_ = true;
            }
            if (!lt) {
                p = window;
                break;
            }
            tag_start_ = base + static_cast<std::uint64_t>(lt - begin);
            p = lt + 1;
            state_ = State::open;
            break;
        }
        case State::open: {
            const char c = *p;
            if (c == '/') {
                ++p;
                state_ = State::end_tag;
            } else if (c == '?') {
                ++p;
                run_ = 0;
                state_ = State::pi;
            } else if (c == '!') {
                ++p;
                state_ = State::bang;
            } else {
                // A start tag (or junk libxml2 will refuse): its element is one level deeper.
                if (depth_ + 1 > limits_.max_depth) {
                    limit_ = Limit::depth;
                    state_ = State::stopped;
                    return stop(Mark::limit);
                }
                state_ = State::start_name;
                name_length_ = 0;
                name_matches_ = true;
                attributes_ = 0;
                slash_ = false;
            }
            break;
        }
        case State::start_name: {
            if (record_depth_ == 0) {
                // Outside a record every name is compared, a byte at a time: names are short.
                for (; p < window && !kNameEnds[static_cast<unsigned char>(*p)]; ++p) {
                    if (*p == ':') {  // a prefix: the local name starts again after it
                        name_length_ = 0;
                        name_matches_ = true;
                        continue;
                    }
                    name_matches_ = name_matches_ && name_length_ < record_name_.size() && record_name_[name_length_] == *p;
                    ++name_length_;
                }
            } else {
                while (p < window && !kNameEnds[static_cast<unsigned char>(*p)]) ++p;
                name_matches_ = false;
            }
            if (p == window) break;
            const bool is_record = name_matches_ && name_length_ == record_name_.size() &&
                                   (record_level_ == 0 || depth_ + 1 == record_level_);
            state_ = State::start_tag;
            if (is_record && record_depth_ == 0) {
                // The record counts from its '<': its start tag is limited too.
                record_depth_ = depth_ + 1;
                record_start_ = tag_start_;
                set_window();
            }
            if (root_seen_ && !root_closed_ && depth_ == 1 && !first_child_seen_) {
                first_child_seen_ = true;
                first_child_is_record_ = is_record;
                // A watcher of records is told of a record rather than of a first child.
                return stop(is_record && watch_records_ ? Mark::record_start : Mark::first_child);
            }
            if (is_record && watch_records_ && record_depth_ == depth_ + 1) return stop(Mark::record_start);
            break;
        }
        case State::start_tag: {
            const char* from = p;
            while (p < window && !kTagStops[static_cast<unsigned char>(*p)]) ++p;
            if (p == window) {
                if (p != from) slash_ = false;
                break;
            }
            if (p != from) slash_ = false;
            const char c = *p;
            if (c == '>') {
                ++p;
                ended_markup(base + static_cast<std::uint64_t>(p - begin));
                const Mark mark = start_tag_ended(slash_);
                set_window();
                if (mark != Mark::more) return stop(mark);
            } else if (c == '/') {
                ++p;
                slash_ = true;
            } else if (c == '=') {
                if (++attributes_ > limits_.max_attributes) {
                    limit_ = Limit::attributes;
                    state_ = State::stopped;
                    return stop(Mark::limit);
                }
                ++p;
                slash_ = false;
            } else {  // a quote
                quote_ = c;
                ++p;
                slash_ = false;
                state_ = State::value;
            }
            break;
        }
        case State::value: {
            const char* closing = find(p, window, quote_);
            if (!closing) {
                p = window;
                break;
            }
            p = closing + 1;
            state_ = State::start_tag;
            break;
        }
        case State::end_tag: {
            const char* gt = find(p, window, '>');
            if (!gt) {
                p = window;
                break;
            }
            p = gt + 1;
            ended_markup(base + static_cast<std::uint64_t>(p - begin));
            const Mark mark = end_tag_ended();
            set_window();
            if (mark != Mark::more) return stop(mark);
            break;
        }
        case State::bang: {
            if (*p == '-') {
                ++p;
                state_ = State::bang_dash;
            } else if (*p == '[') {
                ++p;
                run_ = 1;
                state_ = State::cdata_open;
            } else {
                state_ = State::opaque;
                return stop(Mark::declaration);
            }
            break;
        }
        case State::bang_dash: {
            if (*p != '-') {
                state_ = State::opaque;
                return stop(Mark::declaration);
            }
            ++p;
            run_ = 0;
            state_ = State::comment;
            break;
        }
        case State::cdata_open: {
            for (; p < window && run_ < kCdataOpen.size(); ++p, ++run_) {
                if (*p != kCdataOpen[run_]) {
                    state_ = State::opaque;
                    return stop(Mark::declaration);
                }
            }
            if (run_ == kCdataOpen.size()) {
                run_ = 0;
                state_ = State::cdata;
            }
            break;
        }
        case State::comment:
        case State::cdata:
        case State::pi: {
            // Ends at "-->", "]]>" or "?>": `run_` counts the closing characters seen before '>'.
            const char closing = state_ == State::comment ? '-' : state_ == State::cdata ? ']' : '?';
            const std::uint8_t needed = state_ == State::pi ? 1 : 2;
            while (p < window) {
                if (run_ == 0) {
                    const char* at = find(p, window, closing);
                    if (!at) {
                        p = window;
                        break;
                    }
                    p = at + 1;
                    run_ = 1;
                    continue;
                }
                const char c = *p++;
                if (c == '>' && run_ >= needed) {
                    ended_markup(base + static_cast<std::uint64_t>(p - begin));
                    state_ = State::content;
                    break;
                }
                // "--->" ends a comment ("--" before '>'), "]]]>" a CDATA section, "??>" a PI.
                run_ = c == closing ? static_cast<std::uint8_t>(run_ < needed ? run_ + 1 : needed) : 0;
            }
            break;
        }
        case State::opaque:
            p = end;
            return stop(Mark::more);
        case State::stopped:
            return stop(Mark::limit);
        }
    }
}

} // namespace sluice
