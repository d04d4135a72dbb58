#pragma once
// `sluice-gen movies`: a movies_metadata.csv with the Kaggle file's 24-column header,
// Python-literal columns, quoted multi-line overviews and three records broken the way the
// Kaggle file's are (an unquoted overview with a line break), at the same relative positions.

#include <cstdint>
#include <string>

namespace sluice_gen {

struct MoviesOptions {
    std::uint64_t rows = 0;
    std::uint64_t seed = 0;
    std::string output;
};

void generate_movies(const MoviesOptions& opt);

} // namespace sluice_gen
