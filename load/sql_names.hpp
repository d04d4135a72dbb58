#pragma once
// Names sluice puts into SQL, always quoted, and the database's name in messages.

#include <string>

namespace sluice {

// A double-quoted SQL identifier ("a""b" for a"b).
std::string quote_identifier(const std::string& identifier);

// A report table named "schema.table" or "table", split; schema is "" when not given.
struct TableName {
    std::string schema;
    std::string table;

    // The quoted name of `table + suffix` in the same schema.
    std::string quoted(const std::string& suffix = "") const;
};
TableName split_table_name(const std::string& name);

// "schema.table" or "table" as a safely quoted SQL identifier.
std::string quote_table_name(const std::string& table);

// `conninfo` (keywords or a postgresql:// URL) as libpq reads it, written out as keywords with
// fallback_application_name=sluice added, so sluice's sessions can be told apart in
// pg_stat_activity; an application_name given wins. Throws Error when libpq cannot parse it.
std::string sluice_conninfo(const std::string& conninfo);

// A message of libpq's about `conninfo`, on one line, without its password: libpq quotes what it
// could not read, and that may be the password or a piece of it (a bad %-escape, a blank in an
// unquoted one, a '/' that ended a URL's host early).
std::string database_message(const std::string& message, const std::string& conninfo);

// Throws UsageError, naming what libpq could not read but never the password, unless `conninfo`
// parses.
void check_conninfo(const std::string& conninfo);

// "postgres (host=... password=***)" for messages, or "postgres" for libpq's defaults.
std::string describe_database(const std::string& conninfo);

} // namespace sluice
