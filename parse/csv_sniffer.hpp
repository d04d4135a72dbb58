#pragma once
// A guess at how a CSV sample is written, for `sluice inspect SRC --job` to start a job file
// from: the dialect, the preamble to skip, whether the first row is a header. Deterministic: the
// same sample always gives the same guess, by these rules.
//
//   The sample is decoded UTF-8 text, the first ~64 KiB (kSampleBytes) of the source; a last
//   line with no line break is dropped as maybe cut short, unless it is the only one.
//   Every candidate dialect is parsed: delimiters , ; \t | and ", " "; " "||" " | ", each with
//   quote '"' or none, and with "" or backslash escapes; and each with 0 to kMaxSkipLines lines
//   skipped (more only help when a quote in the preamble swallowed lines, so the skips stop at
//   the first parse with no malformed record).
//   A parse scores the records that have its most common field count (at least 2) and no error.
//   The highest score wins; on a tie the candidate listed first (in the order above: longer
//   delimiters before the single characters they start with, so ", " beats "," when every comma
//   is followed by a space; '"' before none; "" before backslash; fewer lines skipped).
//   skip_lines: the physical lines before the first record of that field count.
//   header: the first row after them is a header when a column below it holds only numbers or
//   dates (at least one) and its cell in the first row is text that is neither; or, when no column
//   decides it so, when every cell of the first row is non-empty text, none a number or date,
//   and no two alike (most all-text files have a header). A sample with no delimiter anywhere is
//   one column: "," with no header decided by the same rules.

#include "parse/csv_dialect.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sluice {

struct CsvGuess {
    CsvDialect dialect;
    std::uint64_t skip_lines = 0;
    bool header = true;
    std::size_t fields = 0;    // per record, in the winning parse
    std::size_t records = 0;   // records of that width in the sample (the header included)
};

class CsvSniffer {
public:
    static constexpr std::size_t kSampleBytes = 64 * 1024;
    static constexpr std::uint64_t kMaxSkipLines = 20;

    static CsvGuess guess(std::string_view sample);
};

// A number (12, -3.5, 1e6, 405,02) or a date (2024-01-31, 31/01/2024, 1.2.24, with a time after
// the ISO form): what a header name is not.
bool looks_like_number_or_date(std::string_view text);

} // namespace sluice
