#pragma once
// What a CSV source holds, learnt record by record in one pass: its header, how many records
// follow it, the malformed ones (counted, the first few described), what each column holds
// (FieldStats), and the first few records cut short for display. Memory depends on the number of
// columns and the records shown, never on the number of records.

#include "parse/csv_reader.hpp"
#include "parse/field_stats.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sluice {

class CsvProfile {
public:
    static constexpr std::size_t kMalformedDescribed = 3;

    // Keeps the first `records_shown` records, each value cut to `preview_chars` characters.
    CsvProfile(std::size_t records_shown, std::size_t preview_chars);

    // The first record is the header; every later one is a record.
    void add(const CsvRecord& record);

    bool has_header() const { return has_header_; }
    const std::vector<std::string>& header() const { return header_; }  // byte order mark removed
    std::uint64_t records() const { return records_; }                  // after the header, malformed ones too
    std::uint64_t malformed() const { return malformed_; }
    // "line 16: expected 24 fields, found 10", for the first kMalformedDescribed.
    const std::vector<std::string>& malformed_described() const { return malformed_described_; }
    // One per header column, over the well-formed records.
    const std::vector<FieldStats>& columns() const { return columns_; }
    // The first records (malformed ones too, as parsed), values escaped and cut by preview().
    const std::vector<std::vector<std::string>>& first_records() const { return first_records_; }

private:
    std::size_t records_shown_;
    std::size_t preview_chars_;
    bool has_header_ = false;
    std::vector<std::string> header_;
    std::uint64_t records_ = 0;
    std::uint64_t malformed_ = 0;
    std::vector<std::string> malformed_described_;
    std::vector<FieldStats> columns_;
    std::vector<std::vector<std::string>> first_records_;
};

} // namespace sluice
