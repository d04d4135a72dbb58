#pragma once
// The parts of a source read one after another as separate documents (each XML part has its own
// root, each CSV part may have its own header: the caller runs one parser per part), with the
// next part fetched while the current one is read: when part N is handed out, part N+1 is
// opened on a thread of its own and its first bytes (prefetch_bytes, 4 MiB by default) decoded
// and held, so its connection, its archive's directory and the start of its download overlap
// with the parse of part N instead of following it.
//
// The first part is not held ahead: it is read at once.
// Memory: one part ahead, never more: the held bytes of that part (at most prefetch_bytes) and
// its open decoder, beside the part being read. An error opening or reading ahead a part reaches
// the caller when it asks for that part, after every part before it.

#include "fetch/source_opener.hpp"

#include <atomic>
#include <future>
#include <optional>
#include <vector>

namespace sluice {

struct Part {
    std::size_t index = 0;  // among the parts, from 0
    std::string location;
    OpenedSource opened;    // its stream gives the held bytes first, then reads on
};

class PartSequence {
public:
    static constexpr std::size_t kPrefetchBytes = std::size_t{4} << 20;

    using Opener = std::function<OpenedSource(const std::string& location)>;

    // Parts opened with open_decoded(location, options).
    PartSequence(std::vector<std::string> locations, OpenOptions options, std::size_t prefetch_bytes = kPrefetchBytes);
    // Parts opened by `opener` (tests count and hold them), called on the read-ahead thread.
    PartSequence(std::vector<std::string> locations, Opener opener, std::size_t prefetch_bytes = kPrefetchBytes);
    // Stops the read-ahead after its current read and waits for it (a hung open waits for the
    // fetch's own stall timeout).
    ~PartSequence();
    PartSequence(const PartSequence&) = delete;
    PartSequence& operator=(const PartSequence&) = delete;

    // The next part, in the order given; nullopt after the last. Starts the read-ahead of the one
    // after it. Throws what opening or reading ahead this part threw.
    std::optional<Part> next();

    std::size_t size() const { return locations_.size(); }

private:
    struct Ahead {
        OpenedSource opened;
        std::vector<char> held;
    };

    void start(std::size_t index, std::size_t prefetch_bytes);

    std::vector<std::string> locations_;
    Opener opener_;
    std::size_t prefetch_bytes_;
    std::size_t next_ = 0;
    std::future<Ahead> ahead_;  // the read-ahead of part next_, when started
    std::atomic<bool> stopping_{false};
};

} // namespace sluice
