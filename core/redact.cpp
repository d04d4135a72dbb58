#include "core/redact.hpp"

#include <regex>

namespace sluice {

std::string redact_url(std::string_view url)
{
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return std::string{url};
    const auto authority_begin = scheme_end + 3;
    const auto authority_end = url.find_first_of("/?#", authority_begin);
    const auto authority = url.substr(authority_begin, authority_end == std::string_view::npos
                                                           ? std::string_view::npos
                                                           : authority_end - authority_begin);
    const auto at = authority.rfind('@');
    if (at == std::string_view::npos) return std::string{url};
    const auto userinfo = authority.substr(0, at);
    const auto colon = userinfo.find(':');
    if (colon == std::string_view::npos) return std::string{url};

    std::string out{url.substr(0, authority_begin)};
    out += userinfo.substr(0, colon);
    out += ":***";
    out += url.substr(authority_begin + at);
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
