#pragma once
// UTF-8 test text converted to another encoding by ICU, to build dumps declared in it.

#include <doctest/doctest.h>
#include <unicode/ucnv.h>

#include <string>

namespace sluice::test {

inline std::string converted(const std::string& utf8, const char* encoding)
{
    std::string out(utf8.size() * 4 + 8, '\0');
    UErrorCode status = U_ZERO_ERROR;
    const auto n = ucnv_convert(encoding, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                                static_cast<int32_t>(utf8.size()), &status);
    REQUIRE(U_SUCCESS(status));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

} // namespace sluice::test
