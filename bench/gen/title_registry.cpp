#include "bench/gen/title_registry.hpp"

#include "bench/gen/rng.hpp"

namespace sluice_gen {

void TitleRegistry::reserve(std::string_view title) { reserved_.insert(stable_hash(title, 0)); }

bool TitleRegistry::claim_film(std::string_view title) { return taken_.insert(stable_hash(title, 0)).second; }

bool TitleRegistry::claim(std::string_view title)
{
    const std::uint64_t h = stable_hash(title, 0);
    return !reserved_.contains(h) && taken_.insert(h).second;
}

} // namespace sluice_gen
