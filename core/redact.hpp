#pragma once
// Secrets never reach a log line, an error message, the ledger or `sluice config`. Two nets:
//  - by shape: a URL's password (and a bare token@ in a web URL), query parameters whose names
//    carry credentials, and a conninfo's password= are replaced wherever they are printed;
//  - by value: the secrets this process was given (the database password, an Authorization
//    header, a source URL's password) are remembered and removed from every line written, so a
//    library message that echoes one (libpq quotes a badly %-escaped password back) hides it too.

#include <string>
#include <string_view>
#include <vector>

namespace sluice {

// "https://user:secret@host/x" -> "https://user:***@host/x"; other text is returned unchanged.
// The userinfo runs to the last '@' before the first '/' after "://", as libpq reads it, so a
// password holding '#', '?' or '@' is hidden whole.
std::string redact_url(std::string_view url);

// A libpq conninfo ("host=h password=secret", or a postgresql:// URL with the password in its
// userinfo or its query) with its password hidden.
std::string redact_conninfo(std::string_view conninfo);

// Free text (a library's error message) with every URL's credentials, every password= and every
// remembered secret hidden.
std::string redact_text(std::string_view text);

// The passwords a conninfo holds, as written (before %-decoding): the URL's userinfo password,
// its ?password= parameter, a keyword password= or sslpassword= value.
std::vector<std::string> conninfo_passwords(std::string_view conninfo);

// Remembers a secret value (and its %-decoded form) for redact_text. Values shorter than
// kShortestRemembered bytes are hidden only by shape: such a string turns up in ordinary text by
// chance, and hiding every occurrence would garble the messages.
inline constexpr std::size_t kShortestRemembered = 4;
void remember_secret(std::string_view value);
// The passwords of a conninfo, and of a URL's userinfo.
void remember_conninfo_secrets(std::string_view conninfo);
void remember_url_secrets(std::string_view url);

} // namespace sluice
