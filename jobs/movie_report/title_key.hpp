#pragma once
// Film titles and page titles differ in case, apostrophes, dashes and spacing; both are reduced
// to one key before they are compared.

#include <string>
#include <string_view>

namespace sluice {

// Unicode case folded and NFKC-normalised, curly quotes and Unicode dashes made plain, runs of
// whitespace (and the underscores of URL titles) collapsed to one space, ends trimmed.
std::string title_key(std::string_view title);
// The same into `key`, reusing its storage: for the dump's hot path.
void title_key(std::string_view title, std::string& key);

// A page title split into "Base" and the qualifier of "Base (qualifier)"; the qualifier is empty
// for a bare title.
struct PageTitle {
    std::string_view base;
    std::string_view qualifier;
};
PageTitle split_page_title(std::string_view title);

} // namespace sluice
