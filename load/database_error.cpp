#include "load/database_error.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/redact.hpp"

#include <pqxx/except>

namespace sluice {

void throw_database_error(const std::string& database, const std::exception& failure)
{
    throw_if_interrupted();
    const std::string what = failure.what();
    // A session ended by the server in the middle of a COPY comes back as the COPY's error,
    // "FATAL:  terminating connection due to administrator command", not as a broken connection.
    if (dynamic_cast<const pqxx::broken_connection*>(&failure) != nullptr ||
        what.find("not connected") != std::string::npos || what.find("FATAL:  terminating connection") != std::string::npos)
        throw Error(database, "lost the connection to the database (the session was terminated, or the server "
                              "stopped or restarted): " + redact_text(what));
    throw Error(database, redact_text(what));
}

} // namespace sluice
