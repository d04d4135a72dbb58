#include "load/sql_names.hpp"

#include "core/error.hpp"
#include "core/redact.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace sluice {

std::string quote_identifier(const std::string& identifier)
{
    std::string out = "\"";
    for (const char c : identifier) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

std::string TableName::quoted(const std::string& suffix) const
{
    const auto name = quote_identifier(table + suffix);
    return schema.empty() ? name : quote_identifier(schema) + "." + name;
}

TableName split_table_name(const std::string& name)
{
    const auto dot = name.find('.');
    if (dot == std::string::npos) return {"", name};
    return {name.substr(0, dot), name.substr(dot + 1)};
}

std::string quote_table_name(const std::string& table)
{
    return split_table_name(table).quoted();
}

namespace {

struct ConninfoOptionsFree {
    void operator()(PQconninfoOption* options) const noexcept { PQconninfoFree(options); }
};
using ConninfoOptions = std::unique_ptr<PQconninfoOption, ConninfoOptionsFree>;

std::string conninfo_value(const char* value)
{
    std::string out = "'";
    for (const char* c = value; *c != '\0'; ++c) {
        if (*c == '\'' || *c == '\\') out += '\\';
        out += *c;
    }
    return out + "'";
}

} // namespace

std::string database_message(const std::string& message, const std::string& conninfo)
{
    const auto passwords = conninfo_passwords(conninfo);
    std::string out;
    std::size_t copied = 0;
    for (auto open = message.find('"'); open != std::string::npos; open = message.find('"', copied)) {
        const auto close = message.find('"', open + 1);
        if (close == std::string::npos) break;
        const auto quoted = message.substr(open + 1, close - open - 1);
        const bool overlaps = std::any_of(passwords.begin(), passwords.end(), [&](const std::string& password) {
            return !password.empty() && !quoted.empty() &&
                   (quoted.find(password) != std::string::npos || password.find(quoted) != std::string::npos);
        });
        const auto shown = quoted.find("://") != std::string::npos ? redact_conninfo(quoted) : overlaps ? "***" : quoted;
        out += message.substr(copied, open + 1 - copied) + shown + '"';
        copied = close + 1;
    }
    return one_line(redact_text(out + message.substr(copied)));
}

void check_conninfo(const std::string& conninfo)
{
    char* error = nullptr;
    const ConninfoOptions options{PQconninfoParse(conninfo.c_str(), &error)};
    if (options) return;
    const std::string message = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    throw UsageError("the database connection string does not parse: " +
                     database_message(message, conninfo));
}

std::string sluice_conninfo(const std::string& conninfo)
{
    // Parsed by libpq and written out again as keywords: a URL whose password holds '?' or '#'
    // (which libpq reads as part of the password) cannot be extended by appending to its text.
    char* error = nullptr;
    const ConninfoOptions options{PQconninfoParse(conninfo.c_str(), &error)};
    if (!options) {
        const std::string message = error != nullptr ? error : "out of memory";
        PQfreemem(error);
        throw Error(describe_database(conninfo),
                    "the connection string does not parse: " + database_message(message, conninfo));
    }
    std::string out;
    bool fallback_named = false;
    for (const auto* option = options.get(); option->keyword != nullptr; ++option) {
        if (option->val == nullptr) continue;
        if (std::string_view{option->keyword} == "fallback_application_name") fallback_named = true;
        out += std::string{option->keyword} + "=" + conninfo_value(option->val) + " ";
    }
    if (fallback_named) out.pop_back();
    else out += "fallback_application_name=sluice";
    return out;
}

std::string describe_database(const std::string& conninfo)
{
    return conninfo.empty() ? "postgres" : "postgres (" + redact_conninfo(conninfo) + ")";
}

} // namespace sluice
