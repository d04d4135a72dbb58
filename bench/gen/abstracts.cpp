#include "bench/gen/abstracts.hpp"

#include "bench/gen/abstracts_writer.hpp"
#include "bench/gen/film_pages.hpp"
#include "bench/gen/gzip_sink.hpp"

#include <cstdio>
#include <vector>

namespace sluice_gen {

void generate_abstracts(const AbstractsOptions& opt)
{
    std::vector<CsvFilm> films;
    if (!opt.films_csv.empty()) films = read_films(opt.films_csv);

    GzipSink sink(opt.output);
    AbstractsWriter writer(sink, opt.seed);
    std::vector<FilmEntry> entries = film_entries(films, writer, opt.seed);

    writer.begin();
    // Film page k goes out once k/(n+1) of the requested size has been written, so the pages
    // are spread evenly however large the dump is.
    std::size_t next = 0;
    const std::size_t n = entries.size();
    const double step = static_cast<double>(opt.size) / static_cast<double>(n + 1);
    auto due = [&](std::size_t k) {
        return static_cast<double>(writer.written()) >= step * static_cast<double>(k + 1);
    };
    while (writer.written() < opt.size) {
        while (next < n && due(next)) writer.film_doc(entries[next++]);
        if (writer.written() >= opt.size) break;
        writer.random_doc();
    }
    writer.end();
    sink.finish();
    std::fprintf(stderr, "sluice-gen: %llu bytes of XML, %zu of %zu film pages and decoys%s\n",
                 static_cast<unsigned long long>(sink.written()), next, n,
                 next < n ? " (raise --size to fit them all)" : "");
}

} // namespace sluice_gen
