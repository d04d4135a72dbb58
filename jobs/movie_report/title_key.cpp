#include "jobs/movie_report/title_key.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <array>

namespace sluice {

namespace {

struct Replacement {
    std::string_view from;
    char to;
};

// UTF-8 sequences that name the same title as their ASCII counterpart.
constexpr std::array<Replacement, 9> kReplacements{{
    {"\u2018", '\''}, {"\u2019", '\''}, {"\u02bc", '\''},  // curly and modifier apostrophes
    {"\u201c", '"'},  {"\u201d", '"'},                      // curly double quotes
    {"\u2010", '-'},  {"\u2011", '-'},  {"\u2013", '-'},  {"\u2014", '-'},  // hyphens, en and em dash
}};

// NFKC with Unicode case folding (ICU's "NFKC_Casefold"): "É" and "é", a precomposed "é" and
// "e" with a combining accent, a no-break space and a space, "ﬁ" and "fi" all become one form.
// Most titles are ASCII and skip it: there, folding is plain ASCII lowering.
std::string unicode_folded(std::string_view title)
{
    UErrorCode status = U_ZERO_ERROR;
    const auto* normalizer = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) return std::string{title};
    std::string folded;
    icu::StringByteSink<std::string> sink{&folded, static_cast<int32_t>(title.size())};
    normalizer->normalizeUTF8(0, icu::StringPiece{title.data(), static_cast<int32_t>(title.size())}, sink,
                              nullptr, status);
    // Ill-formed UTF-8 cannot be folded; it is compared byte for byte instead.
    return U_SUCCESS(status) ? folded : std::string{title};
}


void ascii_key(std::string_view title, std::string& key)
{
    // For titles that had non-ASCII bytes, after ICU's folding: the typographic replacements,
    // then the same spacing and lowering as fold_ascii().
    key.resize(title.size());  // a key is never longer than its title
    char* out = key.data();
    char* const start = out;
    bool pending_space = false;
    for (std::size_t i = 0; i < title.size();) {
        const unsigned char c = static_cast<unsigned char>(title[i]);
        char folded = 0;
        std::size_t width = 1;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '_') {
            pending_space = out != start;
            ++i;
            continue;
        }
        if (c >= 0x80) {
            for (const auto& r : kReplacements) {
                if (title.substr(i).starts_with(r.from)) {
                    folded = r.to;
                    width = r.from.size();
                    break;
                }
            }
        }
        if (pending_space) *out++ = ' ';
        pending_space = false;
        if (folded == 0) folded = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
        *out++ = folded;
        i += width;
    }
    key.resize(static_cast<std::size_t>(out - start));
}

// Every byte to its key form: ASCII letters lowered, the separators a title may use as a space.
constexpr auto kFold = [] {
    std::array<char, 256> fold{};
    for (std::size_t i = 0; i < fold.size(); ++i) fold[i] = static_cast<char>(i);
    for (char c = 'A'; c <= 'Z'; ++c) fold[static_cast<unsigned char>(c)] = static_cast<char>(c - 'A' + 'a');
    for (const char c : {' ', '\t', '\n', '\r', '_'}) fold[static_cast<unsigned char>(c)] = ' ';
    return fold;
}();

// The key of an ASCII title in one pass, with few branches: every doc of the dump goes through
// here. False (and `key` unusable) when the title has a non-ASCII byte.
bool fold_ascii(std::string_view title, std::string& key)
{
    key.resize(title.size());
    char* const start = key.data();
    char* out = start;
    unsigned char seen = 0;
    for (const char c : title) {
        const auto byte = static_cast<unsigned char>(c);
        seen |= byte;
        const char folded = kFold[byte];
        if (folded == ' ' && (out == start || out[-1] == ' ')) continue;  // no leading or doubled space
        *out++ = folded;
    }
    if (out != start && out[-1] == ' ') --out;
    key.resize(static_cast<std::size_t>(out - start));
    return seen < 0x80;
}

} // namespace

void title_key(std::string_view title, std::string& key)
{
    if (!fold_ascii(title, key)) ascii_key(unicode_folded(title), key);
}
std::string title_key(std::string_view title)
{
    std::string key;
    title_key(title, key);
    return key;
}

PageTitle split_page_title(std::string_view title)
{
    if (title.size() > 3 && title.back() == ')') {
        const auto open = title.rfind(" (");
        if (open != std::string_view::npos && open > 0)
            return {title.substr(0, open), title.substr(open + 2, title.size() - open - 3)};
    }
    return {title, {}};
}

} // namespace sluice
