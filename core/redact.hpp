#pragma once
// Secrets never reach a log line or an error message: every URL that is printed goes through here.

#include <string>
#include <string_view>

namespace sluice {

// "https://user:secret@host/x" -> "https://user:***@host/x"; other text is returned unchanged.
std::string redact_url(std::string_view url);

// A libpq conninfo ("host=h password=secret" or a postgresql:// URL) with its password hidden.
std::string redact_conninfo(std::string_view conninfo);

} // namespace sluice
