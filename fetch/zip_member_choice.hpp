#pragma once
// Which member of an archive (zip, tar, 7z) a name picks, the same way whichever way the archive
// is read (a zip's central directory, locally or by Range requests, or its members front to back):
//  - the member whose path is the name itself, the first one if several are;
//  - else the one member whose last path component is the name ("the-movies-dataset/
//    movies_metadata.csv" for "movies_metadata.csv");
//  - two or more of those and none exact is an error naming them: picking the first would let an
//    archive with "evil/movies_metadata.csv" ahead of the real one choose what is loaded;
//  - no name (empty) picks the archive's one file; folders ("data/") are not files, and two files
//    are an error naming them.

#include "fetch/random_access_input.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

class ZipMemberChoice {
public:
    enum class Match { none, candidate, exact };

    // `kind` names the archive in messages: "no member 'x' in the tar archive".
    explicit ZipMemberChoice(std::string wanted, std::string kind = "zip");

    // The next member's path, in archive order. The first exact match is the choice whatever
    // follows, so a reader going front to back can stop there.
    Match offer(std::string_view path);
    bool decided() const { return exact_.has_value(); }

    // Once every member was offered: the chosen path (the exact match, else the one candidate),
    // or nullopt when no member fits. Throws sluice::Error(archive, ...) naming the candidates
    // when there are several and no exact match.
    std::optional<std::string> chosen(const std::string& archive) const;
    // Where the chosen member came among those offered, counting from 0.
    std::uint64_t chosen_index() const { return exact_ ? exact_index_ : candidate_index_; }

    // Throws sluice::Error(archive, "no member 'x' in the zip archive (members: a, b, ...)"), or
    // with no name "no file in the zip archive (members: ...)".
    [[noreturn]] void throw_missing(const std::string& archive) const;

    const std::string& wanted() const { return wanted_; }

private:
    std::string wanted_;
    std::string kind_;
    std::uint64_t offered_ = 0;
    std::vector<std::string> listed_;      // the first few paths, for the "no member" error
    std::optional<std::string> exact_;
    std::uint64_t exact_index_ = 0;
    std::vector<std::string> candidates_;  // the first two
    std::uint64_t candidate_count_ = 0;
    std::uint64_t candidate_index_ = 0;    // of the first
};

// The member `wanted` picks, from the archive's central directory. Throws as chosen() and
// throw_missing() do, and sluice::Error when the directory cannot be read.
std::string choose_zip_member(RandomAccessInput& archive, const std::string& wanted);

// The same for a local file, or nullopt when it is not a regular file or its directory cannot
// be read (cut short, corrupt): reading it front to back then decides, and reports the damage.
std::optional<std::string> choose_local_zip_member(const std::string& path, const std::string& wanted);

} // namespace sluice
