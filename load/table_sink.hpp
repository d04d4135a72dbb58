#pragma once
// Where a load's rows go: a Postgres table, a CSV file, or both. A row is its values in the
// table's column order, each the canonical text of its type (see convert/) or NULL, and the
// record it came from: its source's name and its number there (for lineage, and to name a
// record refused for its key).

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace sluice {

struct RowOrigin {
    std::string_view source;
    std::uint64_t record = 0;
};

class TableSink {
public:
    virtual ~TableSink() = default;
    // `values`: one per column of the spec (lineage columns excluded: the sink fills them).
    virtual void write(std::span<const std::optional<std::string_view>> values, const RowOrigin& origin) = 0;
    // Makes the rows durable and visible; nothing is visible before it returns.
    virtual void commit() = 0;
    virtual std::uint64_t rows_written() const = 0;
};

} // namespace sluice
