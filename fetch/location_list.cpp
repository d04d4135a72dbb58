#include "fetch/location_list.hpp"

#include "core/error.hpp"
#include "fetch/source_opener.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fnmatch.h>
#include <optional>
#include <system_error>

namespace sluice {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A "{from..to}" at `open` (the '{'): its parts, or nullopt when the braces hold something else.
struct Range {
    std::size_t end;  // one past the '}'
    long long from;
    long long to;
    std::size_t width;  // zero-padded to this many digits, or 0
};

std::optional<Range> range_at(const std::string& text, std::size_t open)
{
    const auto close = text.find('}', open);
    if (close == std::string::npos) return std::nullopt;
    const auto inside = std::string_view{text}.substr(open + 1, close - open - 1);
    const auto dots = inside.find("..");
    if (dots == std::string_view::npos) return std::nullopt;
    const auto first = inside.substr(0, dots);
    const auto last = inside.substr(dots + 2);
    const auto number = [](std::string_view digits, long long& value) {
        if (digits.empty() || digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), is_digit)) return false;
        std::from_chars(digits.data(), digits.data() + digits.size(), value);
        return true;
    };
    Range range{close + 1, 0, 0, 0};
    if (!number(first, range.from) || !number(last, range.to)) return std::nullopt;
    if ((first.size() > 1 && first[0] == '0') || (last.size() > 1 && last[0] == '0'))
        range.width = std::max(first.size(), last.size());
    return range;
}

// `whole` is the pattern as the user wrote it, for messages.
void expand_ranges(const std::string& whole, const std::string& pattern, std::size_t from, std::vector<std::string>& out)
{
    for (auto open = pattern.find('{', from); open != std::string::npos; open = pattern.find('{', open + 1)) {
        const auto range = range_at(pattern, open);
        if (!range) continue;
        const auto count = static_cast<std::size_t>(std::llabs(range->to - range->from)) + 1;
        if (count > kMaxLocations || out.size() + count > kMaxLocations)
            throw UsageError("'" + whole + "' names more than " + std::to_string(kMaxLocations) + " locations");
        const long long step = range->to >= range->from ? 1 : -1;
        for (long long i = range->from;; i += step) {
            auto digits = std::to_string(i);
            if (digits.size() < range->width) digits.insert(0, range->width - digits.size(), '0');
            const auto head = pattern.substr(0, open) + digits;
            expand_ranges(whole, head + pattern.substr(range->end), head.size(), out);
            if (out.size() > kMaxLocations)
                throw UsageError("'" + whole + "' names more than " + std::to_string(kMaxLocations) + " locations");
            if (i == range->to) break;
        }
        return;
    }
    out.push_back(pattern);
}

bool has_glob(std::string_view component) { return component.find_first_of("*?[") != std::string_view::npos; }

std::vector<std::string> split_path(const std::string& path)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        if (slash == std::string::npos) slash = path.size();
        if (slash > start) parts.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return parts;
}

std::string join(const std::string& dir, const std::string& name)
{
    if (dir.empty()) return name;
    if (dir.back() == '/') return dir + name;
    return dir + "/" + name;
}

// Matches `parts[i..]` under `dir` ("" for the working directory), appending files to `out`.
void match(const std::string& dir, const std::vector<std::string>& parts, std::size_t i, std::vector<std::string>& out)
{
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::path here = dir.empty() ? fs::path{"."} : fs::path{dir};
    if (i == parts.size()) {
        if (!dir.empty() && fs::is_regular_file(here, error)) out.push_back(dir);
        return;
    }
    const auto& part = parts[i];
    if (!has_glob(part)) {
        const auto next = join(dir, part);
        if (fs::exists(next, error)) match(next, parts, i + 1, out);
        return;
    }
    if (!fs::is_directory(here, error)) return;
    if (part == "**") match(dir, parts, i + 1, out);  // no folder at all
    // Sorted here so the walk, not only its result, is the same everywhere.
    std::vector<std::string> names;
    for (fs::directory_iterator it{here, error}, end; !error && it != end; it.increment(error))
        names.push_back(it->path().filename().string());
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
        const auto next = join(dir, name);
        if (part == "**") {
            // Into every folder not hidden, not through links (a link to its parent never ends).
            if (name[0] != '.' && fs::is_directory(fs::symlink_status(next, error))) match(next, parts, i, out);
        } else if (::fnmatch(part.c_str(), name.c_str(), FNM_PERIOD) == 0) {
            match(next, parts, i + 1, out);
        }
    }
}

std::vector<std::string> glob(const std::string& pattern)
{
    std::vector<std::string> out;
    match(pattern.starts_with('/') ? "/" : "", split_path(pattern), 0, out);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return natural_less(a, b); });
    out.erase(std::unique(out.begin(), out.end()), out.end());  // "**/**" finds a file twice
    return out;
}

} // namespace

bool natural_less(std::string_view a, std::string_view b)
{
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        if (is_digit(a[i]) && is_digit(b[j])) {
            auto i_end = i;
            while (i_end < a.size() && is_digit(a[i_end])) ++i_end;
            auto j_end = j;
            while (j_end < b.size() && is_digit(b[j_end])) ++j_end;
            auto i_start = i;
            while (i_start + 1 < i_end && a[i_start] == '0') ++i_start;
            auto j_start = j;
            while (j_start + 1 < j_end && b[j_start] == '0') ++j_start;
            const auto x = a.substr(i_start, i_end - i_start);
            const auto y = b.substr(j_start, j_end - j_start);
            if (x.size() != y.size()) return x.size() < y.size();
            if (x != y) return x < y;
            // Equal numbers: more leading zeros first, so the order is total.
            if (i_end - i != j_end - j) return i_end - i > j_end - j;
            i = i_end;
            j = j_end;
            continue;
        }
        if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

std::vector<std::string> expand_location(const std::string& pattern)
{
    std::vector<std::string> ranged;
    expand_ranges(pattern, pattern, 0, ranged);
    if (is_web(pattern)) {
        const auto path_start = pattern.find('/', pattern.find("://") + 3);
        if (path_start != std::string::npos && pattern.find('*', path_start) != std::string::npos)
            throw UsageError("'" + pattern + "': a glob cannot list files over http(s); name the parts in a list or with "
                             "a range such as {1..27}");
        return ranged;
    }
    std::vector<std::string> out;
    for (const auto& location : ranged) {
        const bool url = location.find("://") != std::string::npos;
        const auto path = url ? file_url_path(location) : location;
        if (!has_glob(path)) {
            out.push_back(location);
            continue;
        }
        auto matched = glob(path);
        if (matched.empty()) throw UsageError("no file matches '" + location + "'");
        if (out.size() + matched.size() > kMaxLocations)
            throw UsageError("'" + pattern + "' names more than " + std::to_string(kMaxLocations) + " locations");
        out.insert(out.end(), matched.begin(), matched.end());
    }
    return out;
}

std::vector<std::string> expand_locations(const std::vector<std::string>& patterns)
{
    std::vector<std::string> out;
    for (const auto& pattern : patterns) {
        auto expanded = expand_location(pattern);
        out.insert(out.end(), expanded.begin(), expanded.end());
        if (out.size() > kMaxLocations)
            throw UsageError("the locations name more than " + std::to_string(kMaxLocations) + " parts");
    }
    return out;
}

} // namespace sluice
