#pragma once
// The element names found where records were expected, with counts, for the error that says a
// document holds none: "found 12 <page>, 1 <siteinfo>". Bounded: a few dozen distinct names.

#include <libxml/xmlstring.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sluice {

class XmlNameCensus {
public:
    static constexpr std::size_t kMaxNamesShown = 5;

    void note(const xmlChar* local, const xmlChar* prefix);
    void clear();
    // "found 3 <a>, 1 <b> and 4 other elements" (most frequent first), or "it holds no elements".
    std::string found() const;
    // The first name noted, as written.
    const std::string& first() const { return first_; }

private:
    std::vector<std::pair<std::string, std::uint64_t>> names_;
    std::uint64_t others_ = 0;  // under names past kMaxNamesShown * 4 distinct ones
    std::string first_;
};

} // namespace sluice
