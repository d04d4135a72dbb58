#pragma once
// Text forms of report values shared by the CSV and COPY writers, so both carry the same figures.

#include <string>

namespace sluice {

// Shortest text that reads back as the same double ("12.5", "0.0802...").
std::string format_ratio(double ratio);
// One decimal, as TMDB publishes vote averages ("7.7").
std::string format_rating(double rating);

} // namespace sluice
