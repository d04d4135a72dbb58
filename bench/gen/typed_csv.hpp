#pragma once
// `sluice-gen csv`: a gzipped CSV of `size` bytes with a header and ten typed columns, one of
// each kind a load job converts (bigint, text, integer, numeric, double precision, boolean,
// date, timestamp, timestamptz, text), RFC 4180 quoting where a field needs it, about 177 bytes
// a row (6.07 M rows in 1 GiB, the CSV issue 15 measured psql's \copy on).
// bench/jobs/rows.toml loads it; bench/load.sh creates the same table for psql.

#include <cstdint>
#include <string>

namespace sluice_gen {

struct TypedCsvOptions {
    std::uint64_t size = 0;
    std::uint64_t seed = 0;
    std::string output;
};

void generate_typed_csv(const TypedCsvOptions& opt);

} // namespace sluice_gen
