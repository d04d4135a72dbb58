#include "core/output_path.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

namespace sluice {

namespace {

std::optional<struct stat> stat_of(const std::string& path)
{
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return std::nullopt;
    return info;
}

std::string directory_of(const std::string& path)
{
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

// A local input's path, or "" for a web source.
std::string local_path(const std::string& location)
{
    const auto scheme = location.find("://");
    if (scheme == std::string::npos) return location;
    if (location.compare(0, scheme, "file") != 0) return {};
    const auto path = location.find('/', scheme + 3);
    return path == std::string::npos ? std::string{} : location.substr(path);
}

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

} // namespace

void check_output_paths(const std::vector<OutputPath>& outputs, const std::vector<std::string>& inputs)
{
    std::vector<std::pair<const OutputPath*, struct stat>> existing;  // to find two options naming one file
    std::vector<std::pair<const OutputPath*, std::string>> planned;   // new files, by directory and name
    for (const auto& output : outputs) {
        if (output.path.empty()) continue;
        const auto fail = [&](const std::string& reason) {
            throw UsageError(fmt::format("{}: {}: {}", output.option, output.path, reason));
        };
        if (output.path.back() == '/') fail("names a directory; name a file in it");
        const auto directory = directory_of(output.path);
        const auto parent = stat_of(directory);
        if (!parent) fail(fmt::format("the directory {} does not exist", directory));
        if (!S_ISDIR(parent->st_mode)) fail(fmt::format("{} is not a directory", directory));
        const auto target = stat_of(output.path);
        if (target && S_ISDIR(target->st_mode)) fail("is a directory; name a file in it");
        const bool special = target && !S_ISREG(target->st_mode);
        if (special && !output.special_files_allowed) fail("is not a regular file (a device or a pipe)");
        // A new file, or one replaced by a rename, needs the directory; one written in place, itself.
        const bool in_place = target && (special || !output.replaced_by_rename);
        if (in_place ? ::access(output.path.c_str(), W_OK) != 0 : ::access(directory.c_str(), W_OK | X_OK) != 0)
            fail(fmt::format("cannot be written: {}", std::strerror(errno)));
        if (target && !special) {
            for (const auto& input : inputs) {
                const auto path = local_path(input);
                if (const auto source = path.empty() ? std::nullopt : stat_of(path); source && same_file(*source, *target))
                    fail(fmt::format("is an input of this run ({}); it would be overwritten", input));
            }
            for (const auto& [other, info] : existing) {
                if (same_file(info, *target)) fail(fmt::format("is the file {} names too", other->option));
            }
            existing.emplace_back(&output, *target);
        } else if (!target) {
            // Not there yet: the same directory and name is the same file.
            const auto key = fmt::format("{}:{}/{}", parent->st_dev, parent->st_ino,
                                         output.path.substr(output.path.rfind('/') + 1));
            for (const auto& [other, other_key] : planned) {
                if (other_key == key) fail(fmt::format("is the file {} names too", other->option));
            }
            planned.emplace_back(&output, key);
        }
    }
}

} // namespace sluice
