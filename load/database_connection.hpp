#pragma once
// A session with the database, opened the one way sluice opens them: the conninfo as libpq reads
// it with sluice's application name, and a failure to connect told apart from a session lost
// later ("cannot connect to the database: <libpq's reason>": a closed port, an unknown role or
// database, a refused password), with no password in the message.

#include <pqxx/connection>

#include <memory>
#include <string>

namespace sluice {

// Throws sluice::Error naming `database` (see describe_database) when no session can be opened.
std::unique_ptr<pqxx::connection> connect_database(const std::string& conninfo, const std::string& database);

} // namespace sluice
