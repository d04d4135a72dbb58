#pragma once
// `sluice-gen abstracts`: a gzipped Wikipedia abstract dump holding about `size` bytes of XML,
// with pages for the films of `films_csv` (when given) spread evenly through it.

#include <cstdint>
#include <string>

namespace sluice_gen {

struct AbstractsOptions {
    std::uint64_t size = 0;
    std::uint64_t seed = 0;
    std::string films_csv;
    std::string output;
};

void generate_abstracts(const AbstractsOptions& opt);

} // namespace sluice_gen
