#pragma once
// The column type a sample of values suggests, for `sluice inspect SRC --job`: the narrowest type
// whose rule (convert/value_converter.hpp, the loader's own) takes every non-empty value seen.
// Narrowest first: boolean, integer, bigint, numeric, double precision, date (ISO 8601, then
// %d.%m.%Y, %d/%m/%Y, %m/%d/%Y), timestamp, timestamptz; else text. Two choices that differ from
// the bare order, both because a starter job file should not surprise:
//   - boolean needs a word (true, no, t...) among the values: a column of 0s and 1s is a count or
//     a code more often than a flag, and integer takes it as well;
//   - no value at all (or only empty ones) is text.
// A value longer than kMaxValueBytes is text: no number or date is that long, and a sampler
// may keep only that much of one (so a cut value is never mistaken for a number).
//
// Memory: a TypeGuess is a few words; the converters live once in TypeCandidates, which one
// thread shares between all the guesses of a sample.

#include "convert/value_converter.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

class TypeCandidates;

class TypeGuess {
public:
    static constexpr std::size_t kMaxValueBytes = 256;

    // Empty values are not looked at.
    void see(std::string_view value, TypeCandidates& candidates);
    // A value known to be longer than kMaxValueBytes (a sampler that cut it): text.
    void see_long_value() { alive_ = 0; ++values_; }

    std::uint64_t values() const { return values_; }  // non-empty values seen
    // "integer", "date", "text"...: the scalar's SQL name.
    std::string type(const TypeCandidates& candidates) const;
    // For a date not written as ISO 8601: its pattern ("%d.%m.%Y").
    std::optional<std::string> format(const TypeCandidates& candidates) const;

private:
    std::optional<std::size_t> winner(const TypeCandidates& candidates) const;

    std::uint32_t alive_ = ~std::uint32_t{0};  // a bit per candidate still taking every value
    std::uint64_t values_ = 0;
    bool boolean_word_ = false;  // a value that is a boolean and not 0 or 1
};

// The candidate types in order, each with its converter (one thread's).
class TypeCandidates {
public:
    TypeCandidates();

private:
    friend class TypeGuess;
    struct Candidate {
        std::string type;                   // SQL name
        std::optional<std::string> format;  // a date pattern
        ValueConverter converter;
    };
    std::vector<Candidate> candidates_;
};

} // namespace sluice
