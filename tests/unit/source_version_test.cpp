#include "fetch/curl_download.hpp"
#include "fetch/source_version.hpp"

#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace sluice;

TEST_CASE("source version: the same only when both are known and the validators agree")
{
    const SourceVersion a{"\"v1\"", "Sat, 01 Feb 2025 00:00:00 GMT", 100, {}};
    CHECK(a.known());
    CHECK(a.same_as(a));
    CHECK_FALSE(a.same_as({"\"v2\"", a.last_modified, 100, {}}));
    CHECK_FALSE(a.same_as({a.etag, a.last_modified, 101, {}}));
    // With no ETag on either side, Last-Modified decides.
    const SourceVersion dated{"", "Sat, 01 Feb 2025 00:00:00 GMT", 100, {}};
    CHECK(dated.same_as(dated));
    CHECK_FALSE(dated.same_as({"", "Sun, 02 Feb 2025 00:00:00 GMT", 100, {}}));
    // Without a validator or a size nothing can be said: never "the same".
    const SourceVersion unknown{"", "", 100, {}};
    CHECK_FALSE(unknown.known());
    CHECK_FALSE(unknown.same_as(unknown));
    CHECK_FALSE(SourceVersion{"\"v1\"", "", std::nullopt, {}}.same_as({"\"v1\"", "", std::nullopt, {}}));
}

TEST_CASE("source version: a local file's version changes when the file is replaced")
{
    sluice::test::ScratchDir dir;
    const auto path = dir.file("movies.csv");
    std::ofstream{path} << "id,title\n";
    const auto before = probe_version(path, {});
    CHECK(before.known());
    CHECK(before.size == 9);
    CHECK(probe_version("file://" + path, {}).same_as(before));
    CHECK(probe_version(path, {}).same_as(before));

    const auto replacement = dir.file("new.csv");
    std::ofstream{replacement} << "id,title\n";
    REQUIRE(std::rename(replacement.c_str(), path.c_str()) == 0);
    CHECK_FALSE(probe_version(path, {}).same_as(before));
    CHECK_FALSE(probe_version(dir.file("missing.csv"), {}).known());
}

TEST_CASE("retries: the pause doubles up to a minute")
{
    FetchOptions options;
    options.retry_delay = std::chrono::milliseconds{500};
    CHECK(retry_pause(options, 1) == std::chrono::milliseconds{500});
    CHECK(retry_pause(options, 2) == std::chrono::milliseconds{1000});
    CHECK(retry_pause(options, 4) == std::chrono::milliseconds{4000});
    CHECK(retry_pause(options, 20) == std::chrono::milliseconds{60'000});
}

TEST_CASE("content range: first byte and total, or nothing")
{
    const auto range = parse_content_range("bytes 100-199/228260000");
    REQUIRE(range);
    CHECK(range->first == 100);
    CHECK(range->total == 228260000);
    CHECK_FALSE(parse_content_range("bytes 0-9/*"));
    CHECK_FALSE(parse_content_range("items 0-9/10"));
    CHECK_FALSE(parse_content_range(""));
}
