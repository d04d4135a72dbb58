#pragma once
// Records refused for their key, found by the database among a load's rows: a key that an
// earlier record of the load had (the first record keeps it), or, when appending, a key the
// table already holds. Handed back to the caller, which writes them to the rejects and counts
// them. Only the first few are listed, so that a load of nothing but one key stays in constant
// memory; the count is of all.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice {

struct DuplicateKey {
    std::string source;  // the refused record's source and number
    std::uint64_t record = 0;
    // The record that had the key first, in this load; nullopt when the table held the key
    // before the load (then `first_source` and `first_record` are those of the row's lineage
    // columns, if the table has them).
    std::optional<std::string> first_source;
    std::optional<std::uint64_t> first_record;
    bool in_table = false;  // the key was in the table before this load (append)
    std::string key;        // the key's text: "42", or "(2024-01-01,7)" for several columns
};

struct DuplicateKeys {
    std::vector<DuplicateKey> shown;  // in load order, at most the cap asked for
    std::uint64_t count = 0;          // all of them

    void add(DuplicateKeys more, std::size_t cap)
    {
        for (auto& duplicate : more.shown) {
            if (shown.size() < cap) shown.push_back(std::move(duplicate));
        }
        count += more.count;
    }
};

// "record 7 of posts.xml: duplicate key 42 (record 3 had it first)", for the rejects' reason.
std::string describe(const DuplicateKey& duplicate);

} // namespace sluice
