#pragma once
// Names, titles and sentences the abstracts and movies generators share. The draws they make
// are part of both outputs' bytes: a change here changes every dump.

#include "bench/gen/rng.hpp"

#include <string>

namespace sluice_gen {

// "James Smith", sometimes with a middle initial.
std::string person_name(Rng& rng);

// "The Silent River", "Wolf: Golden Moon", "Kingston", ... as a film title.
std::string film_title(Rng& rng);

// One sentence of filler prose, already XML-escaped. Some sentences carry the entities the real
// dump is full of (&amp; &quot; &lt; &#8217;), so a reader's entity handling is always exercised.
void filler_sentence(Rng& rng, std::string& out);

} // namespace sluice_gen
