#include "fetch/source_opener.hpp"

#include "core/error.hpp"
#include "fetch/file_source.hpp"
#include "fetch/gzip_source.hpp"
#include "fetch/http_range_reader.hpp"
#include "fetch/inflate_limit_source.hpp"
#include "fetch/isal_gzip_source.hpp"
#include "fetch/prefix_source.hpp"
#include "fetch/url_source.hpp"
#include "fetch/zip_member_choice.hpp"
#include "fetch/zip_member_source.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <optional>

namespace sluice {

namespace {

std::string lower_scheme(const std::string& location, std::size_t scheme_end)
{
    std::string scheme = location.substr(0, scheme_end);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return scheme;
}

Container sniff(std::span<const char> head)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(head[i]); };
    if (head.size() >= 2 && byte(0) == 0x1f && byte(1) == 0x8b) return Container::gzip;
    if (head.size() >= 4 && byte(0) == 'P' && byte(1) == 'K' && byte(2) == 3 && byte(3) == 4) return Container::zip;
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

constexpr std::size_t kSniffBytes = 64;

} // namespace

const char* to_string(Container container)
{
    switch (container) {
    case Container::gzip: return "gzip";
    case Container::zip: return "zip";
    case Container::plain: break;
    }
    return "plain";
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

// The member of a zip on a server that answers Range requests, or nothing (the caller streams
// the source instead). `wasted` gets the bytes a probe took that the stream will fetch again.
std::optional<OpenedSource> open_zip_member_by_range(const std::string& location, const OpenOptions& options,
                                                     std::uint64_t& wasted)
{
    auto reader = std::make_unique<HttpRangeReader>(location, options.fetch);
    const bool ranged = reader->probe();
    wasted = reader->bytes_fetched();
    if (!ranged || sniff(reader->head()) != Container::zip) return std::nullopt;
    auto counted = std::make_unique<CountedInput>(std::move(reader));
    const auto* counter = counted.get();
    const auto fetched = [counter] { return counter->bytes_fetched(); };
    auto stream = std::make_unique<InflateLimitSource>(
        std::make_unique<ZipMemberSource>(std::move(counted), options.zip_member), fetched, inflate_limits(options.fetch));
    // Only the directory and the member are fetched: the archive's size would never be reached.
    const auto total = [] { return std::optional<std::uint64_t>{}; };
    return OpenedSource{std::move(stream), fetched, total, Container::zip, true};
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
    if (!options.zip_member.empty() && options.fetch.zip_by_range && is_web(location)) {
        if (auto opened = open_zip_member_by_range(location, options, wasted)) return std::move(*opened);
    }
    auto [raw, total] = open_sized(location, options.fetch);
    const ByteSource* raw_view = raw.get();

    // Enough bytes to tell the formats apart, and an HTML page from data; a short read is retried
    // so a slow first packet cannot make a zip look like plain text.
    std::vector<char> head(kSniffBytes);
    std::size_t filled = 0;
    while (filled < head.size()) {
        const auto n = raw->read(std::span<char>{head}.subspan(filled));
        if (n == 0) break;
        filled += n;
    }
    head.resize(filled);
    if (filled == 0) throw Error(raw->name(), "empty file", SourcePosition::at_byte(0));

    const auto container = sniff(head);
    if (container == Container::plain && is_html(head))
        throw Error(raw->name(), "an HTML page, not the data: the server sent a web page (a login, error or "
                                 "moved page?) instead of the file",
                    SourcePosition::at_byte(0));
    ByteSourcePtr stream = std::make_unique<PrefixSource>(std::move(head), std::move(raw));
    const ZipMemberSource* zip_view = nullptr;
    switch (container) {
    case Container::gzip:
        if (options.fetch.inflater == FetchOptions::Inflater::zlib) stream = std::make_unique<GzipSource>(std::move(stream));
        else stream = std::make_unique<IsalGzipSource>(std::move(stream));
        break;
    case Container::zip: {
        // A local archive's directory names the member at once; elsewhere the members are read
        // in order, and rarely the archive twice (see ZipMemberSource).
        std::string member = options.zip_member;
        if (!is_web(location)) {
            const auto path = location.find("://") == std::string::npos ? location : file_url_path(location);
            if (auto chosen = choose_local_zip_member(path, member)) member = std::move(*chosen);
        }
        auto zip = std::make_unique<ZipMemberSource>(std::move(stream), std::move(member),
                                                     [location, fetch = options.fetch] { return open_raw(location, fetch); });
        zip_view = zip.get();
        stream = std::move(zip);
        break;
    }
    case Container::plain: break;
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
    if (container != Container::plain)
        stream = std::make_unique<InflateLimitSource>(std::move(stream), fetched, inflate_limits(options.fetch));
    return {std::move(stream), fetched, std::move(all), container, false};
}

} // namespace sluice
