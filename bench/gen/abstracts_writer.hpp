#pragma once
// Writes the pages of a Wikipedia abstract dump in the real layout (`<feed>` root, one element a
// line, no indentation): random pages on anything (people, places, species, albums, films not
// in the CSV, topics, organisations) and the pages of CSV films that film_pages.hpp plans.

#include "bench/gen/gzip_sink.hpp"
#include "bench/gen/rng.hpp"
#include "bench/gen/title_registry.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace sluice_gen {

// A page planned for a CSV film (or a decoy beside it), written when its turn comes.
struct FilmEntry {
    std::string title;      // the page title, unescaped
    std::string abstract;   // already XML-escaped; empty: infobox debris
    std::uint64_t order = 0;  // position key, so decoys do not sit next to their film
};

// What to put in <abstract>: the length mix is a guess at the real dump's, which is dominated
// by one- to three-sentence leads, with infobox debris where the lead starts with a template.
enum class AbstractKind { Prose, Empty, NotApplicable, Debris };

class AbstractsWriter {
public:
    AbstractsWriter(GzipSink& sink, std::uint64_t seed) : sink_(sink), rng_(seed) {}

    TitleRegistry& titles() { return titles_; }

    void begin() { sink_.write("<feed>\n"); }
    void end() { sink_.write("</feed>\n"); }

    void random_doc();
    std::string other_work_title();
    void film_doc(const FilmEntry& film);
    void film_lead(std::string& a, std::string_view title, std::int64_t year,
                   std::string_view nationality = {});
    void extend_prose(std::string& a);

    Rng& rng() { return rng_; }
    std::uint64_t written() const { return sink_.written(); }

private:
    enum class PageKind { any, film };

    void make_unique(std::string& title, std::string_view base, std::string_view qualifier);
    void debris(std::string& a);
    void film_debris(std::string& a);
    void emit(std::string_view title, AbstractKind kind, std::string_view abstract, PageKind page = PageKind::any);

    GzipSink& sink_;
    Rng rng_;
    TitleRegistry titles_;
    std::string title_;
    std::string base_;
    std::string abstract_;
    std::string qualifier_;
    std::string doc_;
    std::string path_;
};

} // namespace sluice_gen
