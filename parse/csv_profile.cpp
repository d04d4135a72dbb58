#include "parse/csv_profile.hpp"

#include "parse/value_preview.hpp"

namespace sluice {

namespace {

constexpr std::string_view kByteOrderMark = "\xef\xbb\xbf";

} // namespace

CsvProfile::CsvProfile(std::size_t records_shown, std::size_t preview_chars)
    : records_shown_(records_shown), preview_chars_(preview_chars)
{
}

void CsvProfile::add(const CsvRecord& record)
{
    if (!has_header_) {
        has_header_ = true;
        for (auto field : record.fields) header_.emplace_back(field);
        // A spreadsheet export's byte order mark is not part of the first column's name.
        if (!header_.empty() && header_.front().starts_with(kByteOrderMark)) header_.front().erase(0, kByteOrderMark.size());
        columns_.resize(header_.size());
        return;
    }

    ++records_;
    if (first_records_.size() < records_shown_) {
        auto& shown = first_records_.emplace_back();
        for (const auto field : record.fields) shown.push_back(preview(field, preview_chars_));
    }
    // The wording of the run's rejects, so the two can be compared.
    std::string problem;
    if (record.error) problem = *record.error;
    else if (record.fields.size() != header_.size())
        problem = "expected " + std::to_string(header_.size()) + " fields, found " + std::to_string(record.fields.size());
    if (!problem.empty()) {
        if (malformed_++ < kMalformedDescribed)
            malformed_described_.push_back("line " + std::to_string(record.line) + ": " + problem);
        return;
    }
    for (std::size_t i = 0; i < columns_.size(); ++i) columns_[i].add(record.fields[i]);
}

} // namespace sluice
