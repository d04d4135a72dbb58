#pragma once
// One page of the Wikipedia abstracts dump, as the matcher needs it.

#include <string>
#include <vector>

namespace sluice {

struct WikiDoc {
    std::string title;     // without the dump's "Wikipedia: " prefix
    std::string url;
    std::string abstract;  // empty when the dump has none (or only an attributes-only element)
    // The page's section headings (<links><sublink><anchor>), first ones only: "Plot", "Cast"
    // and "Box office" tell a film's page from a novel's when the abstract is template debris.
    std::vector<std::string> sections;
};

} // namespace sluice
