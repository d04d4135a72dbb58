#pragma once
// A libpqxx failure as sluice reports it: one Error naming the database (password redacted). A
// lost connection gets a plain explanation: libpqxx 6.4 reports it as "Could not obtain client
// encoding: not connected" (it asks for the encoding before it looks at the result), which hides
// the server's reason. A failure caused by a signal's cancel is the interruption it is.

#include <exception>
#include <string>

namespace sluice {

[[noreturn]] void throw_database_error(const std::string& database, const std::exception& failure);

} // namespace sluice
