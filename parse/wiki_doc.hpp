#pragma once
// One page of the Wikipedia abstracts dump, as the matcher needs it.

#include <string>

namespace sluice {

struct WikiDoc {
    std::string title;     // without the dump's "Wikipedia: " prefix
    std::string url;
    std::string abstract;  // empty when the dump has none (or only an attributes-only element)
};

} // namespace sluice
