#include "core/redact.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <optional>
#include <regex>
#include <set>

namespace sluice {

namespace {

bool is_database_url(std::string_view text)
{
    return text.starts_with("postgresql://") || text.starts_with("postgres://");
}

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

// Where a URL's parts lie. libpq takes everything up to an '@' that comes before the first '/'
// as the userinfo, so "postgresql://u:a?b#c@host/db" has the password "a?b#c"; a web URL with
// such a password is malformed, but hiding it whole is right there too.
struct UrlParts {
    std::size_t authority_begin = 0;
    std::optional<std::size_t> at;  // the '@' that ends the userinfo
    std::size_t authority_end = 0;
};

std::optional<UrlParts> url_parts(std::string_view url)
{
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return std::nullopt;
    UrlParts parts;
    parts.authority_begin = scheme_end + 3;
    const auto first_slash = url.find('/', parts.authority_begin);
    auto at = url.rfind('@', first_slash == std::string_view::npos ? std::string_view::npos : first_slash);
    // In a database URL a '/' or '@' may be part of a password that libpq then misreads
    // ("u:a/b@host", "u:a@b/c@host"): shown, everything up to the last '@' is hidden as if it
    // were the userinfo, unless that '@' is in the query ("?options=a@b") of a URL whose userinfo
    // is plain.
    if (is_database_url(url)) {
        const auto last = url.rfind('@');
        const bool plain = at != std::string_view::npos && at >= parts.authority_begin;
        const auto query = url.find('?', first_slash == std::string_view::npos ? parts.authority_begin : first_slash);
        if (last != std::string_view::npos && (!plain || query == std::string_view::npos || last < query)) at = last;
    }
    if (at != std::string_view::npos && at >= parts.authority_begin) parts.at = at;
    const auto host_begin = parts.at ? *parts.at + 1 : parts.authority_begin;
    parts.authority_end = std::min(url.find_first_of("/?#", host_begin), url.size());
    return parts;
}

std::optional<std::string> percent_decoded(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(text[i + 2])))
            return std::nullopt;
        out += static_cast<char>(std::stoi(std::string{text.substr(i + 1, 2)}, nullptr, 16));
        i += 2;
    }
    return out;
}

// key=value form: the value may be quoted ('a b', with \' and \\ inside) or bare. A bare value
// with a blank in it is not what libpq reads, but what its writer meant: it runs to the next
// "keyword=" (or the end). The key must start a word, so a URL's "?password=" is not taken for
// one, and a value already hidden is left as it is, with whatever follows it.
const std::regex& keyword_password()
{
    static const std::regex pattern{
        R"(((?:^|\s)(?:ssl)?password\s*=\s*)(?!\*\*\*)('(?:[^'\\]|\\.)*'?|(?:[^'\s][\s\S]*?(?=\s+\w+\s*=|\s*$))?))",
        std::regex::icase};
    return pattern;
}

struct Remembered {
    std::mutex mutex;
    std::set<std::string> secrets;
};

Remembered& remembered()
{
    static Remembered instance;
    return instance;
}

std::string hide_remembered(std::string text)
{
    auto& store = remembered();
    const std::lock_guard lock{store.mutex};
    // Longest first, so a secret that contains another is hidden whole.
    std::vector<const std::string*> secrets;
    for (const auto& secret : store.secrets) secrets.push_back(&secret);
    std::sort(secrets.begin(), secrets.end(), [](auto* a, auto* b) { return a->size() > b->size(); });
    for (const auto* secret : secrets) {
        for (auto found = text.find(*secret); found != std::string::npos; found = text.find(*secret, found + 3))
            text.replace(found, secret->size(), "***");
    }
    return text;
}

// Characters a URL may hold, to find where one ends in free text.
bool ends_url(char c)
{
    return std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`';
}

} // namespace

std::string redact_url(std::string_view url)
{
    const auto parts = url_parts(url);
    if (!parts) return std::string{url};

    std::string out{url.substr(0, parts->authority_begin)};
    if (parts->at) {
        // "user:password@" keeps the user. A bare "name@" is a user name in a database URL but
        // usually a token in a web URL ("https://TOKEN@host/...").
        const auto userinfo = url.substr(parts->authority_begin, *parts->at - parts->authority_begin);
        const auto colon = userinfo.find(':');
        out += colon != std::string_view::npos ? userinfo.substr(0, colon)
               : is_database_url(url)          ? userinfo
                                               : std::string_view{"***"};
        if (colon != std::string_view::npos) out += ":***";
        out += url.substr(*parts->at, parts->authority_end - *parts->at);
    } else {
        out += url.substr(parts->authority_begin, parts->authority_end - parts->authority_begin);
    }

    auto rest = url.substr(parts->authority_end);
    const auto question = rest.find('?');
    if (question == std::string_view::npos) return out + std::string{rest};
    // libpq reads a database URL's query to its end ('#' included); a web URL's ends at '#'.
    const auto fragment = is_database_url(url) ? std::string_view::npos : rest.find('#', question);
    out += rest.substr(0, question + 1);
    out += redact_query(rest.substr(question + 1, fragment == std::string_view::npos ? std::string_view::npos
                                                                                      : fragment - question - 1));
    if (fragment != std::string_view::npos) out += rest.substr(fragment);
    return out;
}

std::string redact_conninfo(std::string_view conninfo)
{
    // libpq takes a URL only at the start; a "://" inside a keyword's value does not make one.
    std::string out = is_database_url(conninfo) ? redact_url(conninfo) : std::string{conninfo};
    return std::regex_replace(out, keyword_password(), "$1***");
}

std::string redact_text(std::string_view text)
{
    std::string out = hide_remembered(std::string{text});
    // Every URL in the text, each from its scheme to the first blank or quote after it.
    std::string redacted;
    std::size_t copied = 0;
    std::size_t search = 0;
    for (auto found = out.find("://"); found != std::string::npos; found = out.find("://", search)) {
        auto begin = found;
        while (begin > copied && (std::isalnum(static_cast<unsigned char>(out[begin - 1])) || out[begin - 1] == '+' ||
                                  out[begin - 1] == '-' || out[begin - 1] == '.'))
            --begin;
        search = found + 3;
        if (begin == found) continue;  // no scheme before it
        auto end = found + 3;
        while (end < out.size() && !ends_url(out[end])) ++end;
        redacted += out.substr(copied, begin - copied);
        redacted += redact_url(std::string_view{out}.substr(begin, end - begin));
        copied = search = end;
    }
    redacted += out.substr(copied);
    return std::regex_replace(redacted, keyword_password(), "$1***");
}

std::vector<std::string> conninfo_passwords(std::string_view conninfo)
{
    std::vector<std::string> passwords;
    if (is_database_url(conninfo)) {
        const auto parts = url_parts(conninfo);
        if (parts->at) {
            const auto userinfo = conninfo.substr(parts->authority_begin, *parts->at - parts->authority_begin);
            if (const auto colon = userinfo.find(':'); colon != std::string_view::npos) {
                const auto meant = userinfo.substr(colon + 1);
                passwords.emplace_back(meant);
                // A '/' or '@' in it ends libpq's userinfo early ("postgresql://u:a/b@host/db"), and
                // libpq then quotes the pieces as a host or a port.
                if (meant.find_first_of("/@") != std::string_view::npos) {
                    for (auto rest = meant;;) {
                        const auto cut = rest.find_first_of("/@");
                        if (cut != 0) passwords.emplace_back(rest.substr(0, cut));
                        if (cut == std::string_view::npos) break;
                        rest.remove_prefix(cut + 1);
                    }
                }
            }
        }
        const auto query = conninfo.find('?', parts->authority_end);
        if (query != std::string_view::npos) {
            auto params = conninfo.substr(query + 1);
            while (!params.empty()) {
                const auto amp = params.find('&');
                const auto pair = params.substr(0, amp);
                const auto equals = pair.find('=');
                if (equals != std::string_view::npos && is_secret_parameter(pair.substr(0, equals)))
                    passwords.emplace_back(pair.substr(equals + 1));
                if (amp == std::string_view::npos) break;
                params.remove_prefix(amp + 1);
            }
        }
        return passwords;
    }
    const std::string text{conninfo};
    for (std::sregex_iterator it{text.begin(), text.end(), keyword_password()}, end; it != end; ++it) {
        auto value = (*it)[2].str();
        if (value.starts_with('\'')) {
            // Quoted: \' and \\ stand for ' and \.
            std::string unquoted;
            for (std::size_t i = 1; i < value.size(); ++i) {
                if (value[i] == '\\' && i + 1 < value.size()) unquoted += value[++i];
                else if (value[i] != '\'' || i + 1 != value.size()) unquoted += value[i];
            }
            passwords.push_back(value);
            value = unquoted;
        }
        passwords.push_back(value);
    }
    return passwords;
}

void remember_secret(std::string_view value)
{
    if (value.size() < kShortestRemembered) return;
    std::vector<std::string> forms{std::string{value}};
    if (auto decoded = percent_decoded(value); decoded && decoded->size() >= kShortestRemembered)
        forms.push_back(std::move(*decoded));
    // As one_line() shows it: a message's line breaks become spaces.
    for (std::size_t i = 0, n = forms.size(); i < n; ++i) {
        auto flat = forms[i];
        std::replace(flat.begin(), flat.end(), '\n', ' ');
        std::replace(flat.begin(), flat.end(), '\r', ' ');
        forms.push_back(std::move(flat));
    }
    auto& store = remembered();
    const std::lock_guard lock{store.mutex};
    for (auto& form : forms) store.secrets.insert(std::move(form));
}

void remember_conninfo_secrets(std::string_view conninfo)
{
    for (const auto& password : conninfo_passwords(conninfo)) remember_secret(password);
}

void remember_url_secrets(std::string_view url)
{
    const auto parts = url_parts(url);
    if (!parts) return;
    if (parts->at) {
        const auto userinfo = url.substr(parts->authority_begin, *parts->at - parts->authority_begin);
        const auto colon = userinfo.find(':');
        // A bare "token@" in a web URL is the secret itself.
        remember_secret(colon == std::string_view::npos ? (is_database_url(url) ? std::string_view{} : userinfo)
                                                        : userinfo.substr(colon + 1));
    }
    if (is_database_url(url)) remember_conninfo_secrets(url);
}

} // namespace sluice
