#include "bench/gen/text_append.hpp"

#include <charconv>
#include <cstdio>

namespace sluice_gen {

void append_int(std::string& out, std::int64_t value)
{
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    (void)ec;
    out.append(buf, end);
}

void append_fixed(std::string& out, double value, int decimals)
{
    char buf[48];
    int n = std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    out.append(buf, static_cast<std::size_t>(n));
}


void append_indefinite(std::string& out, std::string_view noun)
{
    const bool vowel = std::string_view("aeiouAEIOU").find(noun.front()) != std::string_view::npos;
    out += vowel ? "an " : "a ";
    out += noun;
}

} // namespace sluice_gen
