#pragma once

#include <string>
#include <string_view>

namespace sluice_gen {

// Appends one CSV field, quoted when it holds a comma, a quote or a line break: the minimal
// quoting of RFC 4180 and of Python's csv module (and so of the Kaggle file).
void append_csv_field(std::string& out, std::string_view field);

} // namespace sluice_gen
