#pragma once
// One record as a reader found it, before any conversion: for each field the job asked for (a
// CSV column, an XML field path), the texts it matched, in document order. A field may match
// nothing (NULL, or "missing" for a required column), one text, or several (an array column's
// values; for a scalar column a reject, never a silent pick).
//
// Built to be reused: clear() keeps the capacity, so a reader that fills one Record per record
// allocates nothing once the largest record has been seen. Values are appended in the order the
// reader meets them, which for XML interleaves fields; values(field) collects one field's.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

class Record {
public:
    // Forgets the values; `fields` is how many fields the job asked for.
    void clear(std::size_t fields)
    {
        text_.clear();
        values_.clear();
        counts_.assign(fields, 0);
        error.reset();
        raw.clear();
    }

    // Gives back the memory of a record much larger than `bytes`: a slot reused for millions of
    // records then holds what a usual one needs, not the largest it ever held.
    void release_if_larger(std::size_t bytes)
    {
        if (text_.capacity() > bytes) std::string{}.swap(text_);
        if (raw.capacity() > bytes) std::string{}.swap(raw);
    }

    void add(std::size_t field, std::string_view value)
    {
        values_.push_back({field, text_.size(), value.size()});
        text_.append(value);
        ++counts_[field];
    }
    // For a reader that builds a value in pieces (SAX text callbacks): starts an empty value,
    // then append() grows the last value added.
    void append(std::string_view more)
    {
        text_.append(more);
        values_.back().length += more.size();
    }

    std::size_t fields() const { return counts_.size(); }
    std::size_t count(std::size_t field) const { return counts_[field]; }

    // The value of a field that matched exactly once (check count() first).
    std::string_view value(std::size_t field) const
    {
        for (const auto& v : values_)
            if (v.field == field) return view(v);
        return {};
    }
    // Every value of `field`, in document order, into `out` (cleared first).
    void values(std::size_t field, std::vector<std::string_view>& out) const
    {
        out.clear();
        for (const auto& v : values_)
            if (v.field == field) out.push_back(view(v));
    }

    // Where the record starts in the decoded text: 1-based line, 0-based byte.
    std::uint64_t line = 0;
    std::uint64_t byte = 0;
    std::uint64_t number = 0;  // 1-based count of records in its source
    // The record's own text as read, at most kMaxRawBytes of it, for the rejects file.
    std::string raw;
    // Set when the record is malformed as a whole (a CSV row with too many fields, a broken
    // quote): the record goes to the rejects with this reason and is not converted.
    std::optional<std::string> error;

    static constexpr std::size_t kMaxRawBytes = 4096;

private:
    struct Value {
        std::size_t field;
        std::size_t offset;
        std::size_t length;
    };
    std::string_view view(const Value& v) const { return {text_.data() + v.offset, v.length}; }

    std::string text_;
    std::vector<Value> values_;
    std::vector<std::size_t> counts_;
};

} // namespace sluice
