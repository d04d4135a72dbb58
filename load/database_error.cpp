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
    if (dynamic_cast<const pqxx::broken_connection*>(&failure) != nullptr ||
        what.find("not connected") != std::string::npos)
        throw Error(database, "lost the connection to the database (the session was terminated, or the server "
                              "stopped or restarted): " + redact_text(what));
    throw Error(database, redact_text(what));
}

} // namespace sluice
