#pragma once
// A starter job file for `sluice inspect SRC --job`: what a sample of the source suggests, as a
// job file `sluice load` takes as it stands (every name a column name Postgres keeps, every type
// one the sample's values all convert to), with comments saying what was sampled and what each
// column held. It is a start: the user adds what no sample tells (required, key, checks).
//
//   [job] name and [target] table: the file's name (the member's, in an archive) without its
//   extensions (.csv, .xml, .gz, .zip...), as a lower_snake identifier; mode = "replace".
//   [source]: the location as given (a relative path is then read from the job file's folder:
//   write the job beside the data), the member if one was read, the format.
//   CSV: the dialect, preamble and header CsvSniffer guesses from the first 64 KiB (a last line
//   cut by the sample is left out), and one column per field: named from the header as a
//   lower_snake identifier, with `from` the header's name when that differs (its position when
//   the header has no name or the same name twice; without a header, column_1... from 1...).
//   A sample that is not UTF-8 is taken as ISO-8859-1, and the job says so.
//   XML: the record path and one column per field XmlShapeReader found, named from the field's
//   last step (more steps when two would be alike), `from` its path, arrays for repeated fields.
//   Types: parse/type_guess.hpp.

#include "parse/xml_shape.hpp"

#include <string>
#include <string_view>

namespace sluice {

struct StarterSource {
    std::string location;  // as the user gave it
    std::string member;    // inside an archive; empty for none
};

// `sample`: the first bytes of the decoded source; `whole` when it is all of it.
std::string csv_starter_job(std::string_view sample, bool whole, const StarterSource& source);

std::string xml_starter_job(const XmlShape& shape, const StarterSource& source);

// "PostTypeId" -> "post_type_id", "Öffnungszeit (h)" -> "Öffnungszeit_h", "2024" -> "column_2024":
// ASCII letters lowered and split where a word starts, anything else but letters, digits and
// non-ASCII made one '_', at most 63 bytes (Postgres's limit); "column" for none.
std::string column_identifier(std::string_view text);

// The table a source suggests: "Posts.xml" -> "posts", "pubmed24n0001.xml.gz" -> "pubmed24n0001".
std::string table_for(const StarterSource& source);

} // namespace sluice
