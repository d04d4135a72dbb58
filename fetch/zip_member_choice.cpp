#include "fetch/zip_member_choice.hpp"

#include "core/error.hpp"
#include "fetch/zip_directory.hpp"

#include <filesystem>
#include <system_error>

namespace sluice {

namespace {

constexpr std::size_t kListed = 8;  // members named in a "no member" error

// A member is named by its last path component too; a folder ("x/movies_metadata.csv/") is not,
// and an empty name names nothing.
bool ends_with_component(std::string_view path, std::string_view name)
{
    const auto slash = path.rfind('/');
    return !name.empty() && slash != std::string_view::npos && path.substr(slash + 1) == name;
}

} // namespace

ZipMemberChoice::ZipMemberChoice(std::string wanted, std::string kind) : wanted_(std::move(wanted)), kind_(std::move(kind))
{
}

ZipMemberChoice::Match ZipMemberChoice::offer(std::string_view path)
{
    const std::uint64_t index = offered_++;
    if (listed_.size() < kListed) listed_.emplace_back(path);
    if (path == wanted_) {
        if (!exact_) {
            exact_ = std::string{path};
            exact_index_ = index;
        }
        return Match::exact;
    }
    const bool any_file = wanted_.empty() && !path.empty() && path.back() != '/';
    if (!any_file && !ends_with_component(path, wanted_)) return Match::none;
    if (candidate_count_++ == 0) candidate_index_ = index;
    if (candidates_.size() < 2) candidates_.emplace_back(path);
    return Match::candidate;
}

std::optional<std::string> ZipMemberChoice::chosen(const std::string& archive) const
{
    if (exact_) return exact_;
    if (candidate_count_ == 0) return std::nullopt;
    if (candidate_count_ == 1) return candidates_.front();
    const auto more = candidate_count_ - 2;
    if (wanted_.empty())
        throw Error(archive, "the " + kind_ + " archive holds " + std::to_string(candidate_count_) + " files: '" + candidates_[0] +
                                 "'" + (more > 0 ? ", '" : " and '") + candidates_[1] + "'" +
                                 (more > 0 ? " and " + std::to_string(more) + " more" : std::string{}) +
                                 " (name the one to read as the member)");
    throw Error(archive, std::to_string(candidate_count_) + " members are named '" + wanted_ +
                             "' and none is at the top level: '" + candidates_[0] + "'" + (more > 0 ? ", '" : " and '") +
                             candidates_[1] + "'" + (more > 0 ? " and " + std::to_string(more) + " more" : std::string{}) +
                             " (name one by its path)");
}

void ZipMemberChoice::throw_missing(const std::string& archive) const
{
    std::string members;
    for (const auto& listed : listed_) members += (members.empty() ? "" : ", ") + listed;
    if (members.empty()) members = "none";
    else if (offered_ > kListed) members += ", ...";
    if (wanted_.empty()) throw Error(archive, "no file in the " + kind_ + " archive (members: " + members + ")");
    throw Error(archive, "no member '" + wanted_ + "' in the " + kind_ + " archive (members: " + members + ")");
}

std::string choose_zip_member(RandomAccessInput& archive, const std::string& wanted)
{
    ZipMemberChoice choice{wanted};
    read_zip_directory(archive, [&](const ZipEntry& entry) { choice.offer(entry.path); });
    if (auto path = choice.chosen(archive.name())) return std::move(*path);
    choice.throw_missing(archive.name());
}

std::optional<std::string> choose_local_zip_member(const std::string& path, const std::string& wanted)
{
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
    ZipMemberChoice choice{wanted};
    try {
        read_zip_directory(path, [&](const ZipEntry& entry) { choice.offer(entry.path); });
    } catch (const Error&) {
        return std::nullopt;
    }
    if (auto chosen = choice.chosen(path)) return chosen;
    choice.throw_missing(path);
}

} // namespace sluice
