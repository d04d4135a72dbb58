#include "fetch/source_opener.hpp"

#include "core/error.hpp"
#include "fetch/archive_filter_source.hpp"
#include "fetch/archive_member_source.hpp"
#include "fetch/file_source.hpp"
#include "fetch/gzip_source.hpp"
#include "fetch/http_range_reader.hpp"
#include "fetch/inflate_limit_source.hpp"
#include "fetch/isal_gzip_source.hpp"
#include "fetch/local_file_input.hpp"
#include "fetch/prefix_source.hpp"
#include "fetch/url_source.hpp"
#include "fetch/zip_member_choice.hpp"
#include "fetch/zip_member_source.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <optional>
#include <string_view>
#include <vector>

namespace sluice {

namespace {

constexpr std::size_t kTarMagicAt = 257;

bool is_tar(std::span<const char> head)
{
    return head.size() >= kTarMagicAt + 5 && std::string_view{head.data() + kTarMagicAt, 5} == "ustar";
}

std::string lower_scheme(const std::string& location, std::size_t scheme_end)
{
    std::string scheme = location.substr(0, scheme_end);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return scheme;
}

// The raw bytes' format. A tar is told by its first header's "ustar" magic (POSIX and GNU tar
// write it; a pre-POSIX v7 tar has none and reads as plain). A compressed tar is told the same
// way from the decoded bytes (is_tar below).
Container sniff(std::span<const char> head)
{
    const auto starts = [&](std::string_view magic) {
        return head.size() >= magic.size() && std::string_view{head.data(), magic.size()} == magic;
    };
    if (starts("\x1f\x8b")) return Container::gzip;
    if (starts("PK\x03\x04")) return Container::zip;
    if (starts("BZh") && head.size() >= 4 && head[3] >= '1' && head[3] <= '9') return Container::bzip2;
    if (starts(std::string_view{"\xfd" "7zXZ\0", 6})) return Container::xz;
    if (starts("\x28\xb5\x2f\xfd")) return Container::zstd;
    if (starts("7z\xbc\xaf\x27\x1c")) return Container::sevenzip;
    if (is_tar(head)) return Container::tar;
    return Container::plain;
}

// Neither CSV nor the dump begins with a tag like these: a page in place of the file does.
bool is_html(std::span<const char> head)
{
    std::string start;
    for (const char c : head) {
        if (start.empty() && (std::isspace(static_cast<unsigned char>(c)) || c == '\xef' || c == '\xbb' || c == '\xbf'))
            continue;  // leading blanks and a byte order mark
        start += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return start.starts_with("<!doctype html") || start.starts_with("<html") || start.starts_with("<head") ||
           start.starts_with("<body");
}

// Enough for a tar header's magic at byte 257.
constexpr std::size_t kSniffBytes = 512;

// Up to `size` bytes from the start of `stream`; a short read is retried so a slow first packet
// cannot make a zip look like plain text.
std::vector<char> read_head(ByteSource& stream, std::size_t size)
{
    std::vector<char> head(size);
    std::size_t filled = 0;
    while (filled < head.size()) {
        const auto n = stream.read(std::span<char>{head}.subspan(filled));
        if (n == 0) break;
        filled += n;
    }
    head.resize(filled);
    return head;
}

} // namespace

const char* to_string(Container container)
{
    switch (container) {
    case Container::gzip: return "gzip";
    case Container::zip: return "zip";
    case Container::bzip2: return "bzip2";
    case Container::xz: return "xz";
    case Container::zstd: return "zstd";
    case Container::tar: return "tar";
    case Container::tar_gzip: return "tar.gz";
    case Container::tar_bzip2: return "tar.bz2";
    case Container::tar_xz: return "tar.xz";
    case Container::tar_zstd: return "tar.zst";
    case Container::sevenzip: return "7z";
    case Container::plain: break;
    }
    return "plain";
}

bool is_archive(Container container)
{
    switch (container) {
    case Container::zip:
    case Container::tar:
    case Container::tar_gzip:
    case Container::tar_bzip2:
    case Container::tar_xz:
    case Container::tar_zstd:
    case Container::sevenzip: return true;
    default: return false;
    }
}

void check_location(const std::string& location)
{
    const auto scheme_end = location.find("://");
    if (scheme_end == std::string::npos) return;
    const auto scheme = lower_scheme(location, scheme_end);
    if (scheme != "http" && scheme != "https" && scheme != "file")
        throw UsageError("unsupported URL scheme '" + scheme + "' (use http, https, file or a path)");
    if (scheme == "file") file_url_path(location);
}

std::string file_url_path(const std::string& location)
{
    // file://[localhost]/absolute/path, percent-encoded (RFC 8089); other hosts are not local.
    const auto rest = std::string_view{location}.substr(location.find("://") + 3);
    const auto slash = rest.find('/');
    const auto host = rest.substr(0, slash);
    if (slash == std::string_view::npos || (!host.empty() && host != "localhost"))
        throw UsageError("file URL must name a local absolute path (file:///path): '" + location + "'");
    std::string path;
    for (std::size_t i = slash; i < rest.size(); ++i) {
        if (rest[i] == '%' && i + 2 < rest.size() && std::isxdigit(static_cast<unsigned char>(rest[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(rest[i + 2]))) {
            path += static_cast<char>(std::stoi(std::string{rest.substr(i + 1, 2)}, nullptr, 16));
            i += 2;
        } else {
            path += rest[i];
        }
    }
    return path;
}

namespace {

// The raw bytes, and how many there will be as far as the source can tell.
struct SizedSource {
    ByteSourcePtr stream;
    std::function<std::optional<std::uint64_t>()> total_bytes;
};

SizedSource open_sized(const std::string& location, const FetchOptions& options)
{
    check_location(location);
    const auto scheme_end = location.find("://");
    // A local file needs no transfer machinery, and libcurl's file reader would push the whole
    // file through one callback faster than any parser can take it.
    if (scheme_end == std::string::npos || lower_scheme(location, scheme_end) == "file") {
        auto file = std::make_unique<FileSource>(scheme_end == std::string::npos ? location : file_url_path(location));
        const auto size = file->size();
        return {std::move(file), [size] { return size; }};
    }
    auto url = std::make_unique<UrlSource>(location, options);
    const UrlSource* view = url.get();
    return {std::move(url), [view] { return view->total_size(); }};
}

} // namespace

ByteSourcePtr open_raw(const std::string& location, const FetchOptions& options)
{
    return open_sized(location, options).stream;
}

namespace {

InflateLimits inflate_limits(const FetchOptions& options)
{
    return {options.max_inflated_bytes, options.max_inflate_ratio, FetchOptions::kRatioGrace};
}

// A range reader whose fetched bytes any thread may count: the movies' read-ahead thread reads
// the member while the progress meter samples the count.
class CountedInput final : public RandomAccessInput {
public:
    explicit CountedInput(std::unique_ptr<HttpRangeReader> input)
        : input_(std::move(input)), fetched_(input_->bytes_fetched())
    {
    }
    std::uint64_t size() const override { return input_->size(); }
    std::span<const char> read_at(std::uint64_t offset) override
    {
        const auto bytes = input_->read_at(offset);
        fetched_.store(input_->bytes_fetched(), std::memory_order_relaxed);
        return bytes;
    }
    const std::string& name() const override { return input_->name(); }
    std::uint64_t bytes_fetched() const override { return fetched_.load(std::memory_order_relaxed); }

private:
    std::unique_ptr<HttpRangeReader> input_;
    std::atomic<std::uint64_t> fetched_;
};

// The member of a zip or 7z on a server that answers Range requests, or nothing (the caller
// streams the source instead). `wasted` gets the bytes a probe took that the stream will fetch
// again; `ranged` whether the server answered the Range request.
std::optional<OpenedSource> open_member_by_range(const std::string& location, const OpenOptions& options,
                                                 std::uint64_t& wasted, bool& ranged)
{
    auto reader = std::make_unique<HttpRangeReader>(location, options.fetch);
    ranged = reader->probe();
    wasted = reader->bytes_fetched();
    const auto container = ranged ? sniff(reader->head()) : Container::plain;
    if (container != Container::zip && container != Container::sevenzip) return std::nullopt;
    auto counted = std::make_unique<CountedInput>(std::move(reader));
    const auto* counter = counted.get();
    const auto fetched = [counter] { return counter->bytes_fetched(); };
    std::string member;
    ByteSourcePtr stream;
    if (container == Container::zip) {
        auto zip = std::make_unique<ZipMemberSource>(std::move(counted), options.zip_member);
        member = zip->member();
        stream = std::move(zip);
    } else {
        auto sevenzip = std::make_unique<ArchiveMemberSource>(std::move(counted), options.zip_member);
        member = sevenzip->member();
        stream = std::move(sevenzip);
    }
    stream = std::make_unique<InflateLimitSource>(std::move(stream), fetched, inflate_limits(options.fetch));
    // Only the directory and the member are fetched: the archive's size would never be reached.
    const auto total = [] { return std::optional<std::uint64_t>{}; };
    return OpenedSource{std::move(stream), fetched, total, container, true, std::move(member)};
}

// The bytes of `raw` decoded as `compression` says, held to the bomb caps (`fetched` counts the
// raw bytes read).
ByteSourcePtr decode(ByteSourcePtr raw, Container compression, const FetchOptions& options,
                     std::function<std::uint64_t()> fetched)
{
    ByteSourcePtr stream;
    switch (compression) {
    case Container::gzip:
        if (options.inflater == FetchOptions::Inflater::zlib) stream = std::make_unique<GzipSource>(std::move(raw));
        else stream = std::make_unique<IsalGzipSource>(std::move(raw));
        break;
    case Container::bzip2:
        stream = std::make_unique<ArchiveFilterSource>(std::move(raw), ArchiveFilterSource::Codec::bzip2);
        break;
    case Container::xz: stream = std::make_unique<ArchiveFilterSource>(std::move(raw), ArchiveFilterSource::Codec::xz); break;
    case Container::zstd:
        stream = std::make_unique<ArchiveFilterSource>(std::move(raw), ArchiveFilterSource::Codec::zstd);
        break;
    default: return raw;
    }
    return std::make_unique<InflateLimitSource>(std::move(stream), std::move(fetched), inflate_limits(options));
}

Container tar_of(Container compression)
{
    switch (compression) {
    case Container::gzip: return Container::tar_gzip;
    case Container::bzip2: return Container::tar_bzip2;
    case Container::xz: return Container::tar_xz;
    case Container::zstd: return Container::tar_zstd;
    default: return Container::tar;
    }
}

std::string local_path(const std::string& location)
{
    return location.find("://") == std::string::npos ? location : file_url_path(location);
}

} // namespace

bool is_web(const std::string& location)
{
    const auto scheme_end = location.find("://");
    if (scheme_end == std::string::npos) return false;
    const auto scheme = lower_scheme(location, scheme_end);
    return scheme == "http" || scheme == "https";
}

OpenedSource open_decoded(const std::string& location, const OpenOptions& options)
{
    std::uint64_t wasted = 0;
    bool ranged = false;
    if (!options.zip_member.empty() && options.fetch.zip_by_range && is_web(location)) {
        if (auto opened = open_member_by_range(location, options, wasted, ranged)) return std::move(*opened);
    }
    auto [raw, total] = open_sized(location, options.fetch);
    const ByteSource* raw_view = raw.get();

    // Enough bytes to tell the formats apart, and an HTML page from data.
    auto head = read_head(*raw, kSniffBytes);
    if (head.empty()) throw Error(raw->name(), "empty file", SourcePosition::at_byte(0));

    auto container = sniff(head);
    if (container == Container::plain && is_html(head))
        throw Error(raw->name(), "an HTML page, not the data: the server sent a web page (a login, error or "
                                 "moved page?) instead of the file",
                    SourcePosition::at_byte(0));
    if (container == Container::sevenzip) {
        // Its directory is at its end: read it from there, never front to back.
        if (!is_web(location)) {
            raw.reset();
            auto input = std::make_unique<LocalFileInput>(local_path(location));
            auto sevenzip = std::make_unique<ArchiveMemberSource>(std::move(input), options.zip_member);
            const auto* view = sevenzip.get();
            const auto fetched = [view] { return view->archive_bytes_read(); };
            auto member = sevenzip->member();
            auto stream = std::make_unique<InflateLimitSource>(std::move(sevenzip), fetched, inflate_limits(options.fetch));
            // Only the header and the member are read: the file's size is not what is read.
            return {std::move(stream), fetched, [] { return std::optional<std::uint64_t>{}; }, container, false,
                    std::move(member)};
        }
        const auto name = raw->name();
        raw.reset();
        std::uint64_t probed = 0;
        if (auto opened = open_member_by_range(location, options, probed, ranged)) return std::move(*opened);
        throw Error(name, ranged ? "the file changed while it was opened: it was a 7z archive, then not"
                                 : "a 7z archive keeps its directory at its end, so it is read over http by Range "
                                   "requests, which this server does not answer (download it and load the file)",
                    SourcePosition::at_byte(0));
    }

    ByteSourcePtr stream = std::make_unique<PrefixSource>(std::move(head), std::move(raw));
    const auto raw_fetched = [raw_view] { return raw_view->position(); };
    const ZipMemberSource* zip_view = nullptr;
    std::string member;
    if (container == Container::zip) {
        // A local archive's directory names the member at once; elsewhere the members are read
        // in order, and rarely the archive twice (see ZipMemberSource).
        member = options.zip_member;
        if (!is_web(location)) {
            if (auto chosen = choose_local_zip_member(local_path(location), member)) member = std::move(*chosen);
        }
        auto zip = std::make_unique<ZipMemberSource>(std::move(stream), std::move(member),
                                                     [location, fetch = options.fetch] { return open_raw(location, fetch); });
        zip_view = zip.get();
        member = zip->member();
        stream = std::move(zip);
    } else if (container != Container::plain) {
        const auto compression = container;
        if (container != Container::tar) {
            stream = decode(std::move(stream), compression, options.fetch, raw_fetched);
            auto decoded_head = read_head(*stream, kSniffBytes);
            if (is_tar(decoded_head)) container = tar_of(compression);
            stream = std::make_unique<PrefixSource>(std::move(decoded_head), std::move(stream));
        }
        if (container != compression || container == Container::tar) {
            // A second read (rare: a member named by its file name alone) decodes the archive again.
            auto reopen = [location, fetch = options.fetch, compression] {
                auto again = open_raw(location, fetch);
                const ByteSource* view = again.get();
                return decode(std::move(again), compression == Container::tar ? Container::plain : compression, fetch,
                              [view] { return view->position(); });
            };
            auto tar = std::make_unique<ArchiveMemberSource>(std::move(stream), options.zip_member, reopen);
            member = tar->member();
            stream = std::move(tar);
        }
    }
    // A zip read twice has read more than the archive: its own count covers both reads.
    const auto fetched = [raw_view, zip_view, wasted] {
        return wasted + (zip_view ? zip_view->archive_bytes_read() : raw_view->position());
    };
    // The probe's bytes count on both sides, so a source read to its end is at 100%; past a
    // second read the total is not known.
    auto all = [total = std::move(total), wasted, zip_view] {
        auto bytes = total();
        if (zip_view && zip_view->passes() > 1) return std::optional<std::uint64_t>{};
        if (bytes) *bytes += wasted;
        return bytes;
    };
    // An archive's member may inflate (a zip member, a sparse tar file) whatever decoded the archive.
    if (is_archive(container))
        stream = std::make_unique<InflateLimitSource>(std::move(stream), fetched, inflate_limits(options.fetch));
    return {std::move(stream), fetched, std::move(all), container, false, std::move(member)};
}

} // namespace sluice
