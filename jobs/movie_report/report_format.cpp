#include "jobs/movie_report/report_format.hpp"

#include <fmt/format.h>

namespace sluice {

std::string format_ratio(double ratio) { return fmt::format("{}", ratio); }

std::string format_rating(double rating) { return fmt::format("{:.1f}", rating); }

} // namespace sluice
