#include "core/redact.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace sluice {

namespace {

// Query parameters that carry credentials in signed or token URLs (S3, GCS, Azure SAS, APIs).
bool is_secret_parameter(std::string_view name)
{
    std::string lower;
    for (const char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string_view word : {"token", "key", "sig", "secret", "password", "auth", "credential"}) {
        if (lower.find(word) != std::string::npos) return true;
    }
    return false;
}

std::string redact_query(std::string_view query)
{
    std::string out;
    std::size_t begin = 0;
    while (begin <= query.size()) {
        auto end = query.find('&', begin);
        if (end == std::string_view::npos) end = query.size();
        const auto pair = query.substr(begin, end - begin);
        const auto equals = pair.find('=');
        if (equals != std::string_view::npos && is_secret_parameter(pair.substr(0, equals))) {
            out += pair.substr(0, equals + 1);
            out += "***";
        } else {
            out += pair;
        }
        if (end == query.size()) break;
        out += '&';
        begin = end + 1;
    }
    return out;
}

} // namespace

std::string redact_url(std::string_view url)
{
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return std::string{url};
    const auto authority_begin = scheme_end + 3;
    const auto authority_end = std::min(url.find_first_of("/?#", authority_begin), url.size());
    const auto authority = url.substr(authority_begin, authority_end - authority_begin);

    std::string out{url.substr(0, authority_begin)};
    const auto at = authority.rfind('@');
    if (at == std::string_view::npos) {
        out += authority;
    } else {
        // "user:password@" keeps the user. A bare "name@" is a user name in a database URL but
        // usually a token in a web URL ("https://TOKEN@host/...").
        const auto userinfo = authority.substr(0, at);
        const auto colon = userinfo.find(':');
        const bool database_url = url.starts_with("postgres");
        out += colon != std::string_view::npos ? userinfo.substr(0, colon)
               : database_url                  ? userinfo
                                               : std::string_view{"***"};
        if (colon != std::string_view::npos) out += ":***";
        out += authority.substr(at);
    }

    auto rest = url.substr(authority_end);
    const auto question = rest.find('?');
    if (question == std::string_view::npos) return out + std::string{rest};
    const auto fragment = rest.find('#', question);
    out += rest.substr(0, question + 1);
    out += redact_query(rest.substr(question + 1, fragment == std::string_view::npos ? std::string_view::npos
                                                                                      : fragment - question - 1));
    if (fragment != std::string_view::npos) out += rest.substr(fragment);
    return out;
}

std::string redact_conninfo(std::string_view conninfo)
{
    std::string out{conninfo};
    if (out.find("://") != std::string::npos) {
        out = redact_url(out);
        // A URL may also carry the password as a query parameter.
        static const std::regex query_password{R"(([?&]password=)[^&#]*)", std::regex::icase};
        out = std::regex_replace(out, query_password, "$1***");
    }
    // key=value form: the value may be quoted ('a b') or bare. Applied even when a "://" was seen,
    // since one inside a value (a password, an application_name) does not make the text a URL.
    // The key must start a word, so a URL's "?password=" above is not taken again.
    static const std::regex keyword_password{R"(((?:^|\s)(?:ssl)?password\s*=\s*)('([^'\\]|\\.)*'|\S*))",
                                             std::regex::icase};
    return std::regex_replace(out, keyword_password, "$1***");
}

} // namespace sluice
