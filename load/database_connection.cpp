#include "load/database_connection.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/redact.hpp"
#include "load/sql_names.hpp"

namespace sluice {

std::unique_ptr<pqxx::connection> connect_database(const std::string& conninfo, const std::string& database)
{
    const auto full = sluice_conninfo(conninfo);
    try {
        return std::make_unique<pqxx::connection>(full);
    } catch (const std::exception& failure) {
        throw_if_interrupted();
        throw Error(database, "cannot connect to the database: " + database_message(failure.what(), conninfo));
    }
}

} // namespace sluice
