#include "load/duplicate_keys.hpp"

#include <fmt/format.h>

namespace sluice {

std::string describe(const DuplicateKey& duplicate)
{
    const auto first = [&] {
        if (!duplicate.first_record) return std::string{};
        if (duplicate.first_source && *duplicate.first_source != duplicate.source)
            return fmt::format("record {} of {}", *duplicate.first_record, *duplicate.first_source);
        return fmt::format("record {}", *duplicate.first_record);
    }();
    if (duplicate.in_table)
        return first.empty() ? fmt::format("key {} is already in the table", duplicate.key)
                             : fmt::format("key {} is already in the table (loaded from {})", duplicate.key, first);
    return fmt::format("duplicate key {} ({} had it first)", duplicate.key, first);
}

} // namespace sluice
