// The read-ahead thread in front of a source: the same bytes in the same order whatever the
// read sizes, an upstream error after the bytes before it, and a consumer that leaves early.
#include "fetch/read_ahead_source.hpp"

#include "core/error.hpp"
#include "memory_source.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::ReadAheadSource;
using sluice::test::MemorySource;

namespace {

// Several of the thread's buffers' worth, with no repeating pattern a misordering could hide.
std::string sample(std::size_t size)
{
    std::string out(size, '\0');
    std::uint32_t x = 12345;
    for (auto& c : out) {
        x = x * 1103515245 + 12345;
        c = static_cast<char>(x >> 24);
    }
    return out;
}

std::string drain(sluice::ByteSource& source, std::size_t read_size)
{
    std::string out;
    std::string buffer(read_size, '\0');
    while (const auto n = source.read(buffer)) out.append(buffer, 0, n);
    return out;
}

} // namespace

TEST_CASE("read ahead: the upstream's bytes, in order, for any read size")
{
    const auto data = sample(3 * ReadAheadSource::kBufferBytes * ReadAheadSource::kBuffers + 17);
    for (const std::size_t upstream_read : {std::size_t{1000}, std::size_t{1} << 20}) {
        for (const std::size_t read_size : {std::size_t{1}, std::size_t{4093}, std::size_t{1} << 20}) {
            CAPTURE(upstream_read);
            CAPTURE(read_size);
            if (read_size == 1 && upstream_read == 1000) continue;  // 3 MB a byte at a time: slow, nothing new
            ReadAheadSource source{std::make_unique<MemorySource>(data, upstream_read, "movies.csv")};
            CHECK(source.name() == "movies.csv");
            CHECK(drain(source, read_size) == data);
            CHECK(source.position() == data.size());
            std::string more(10, '\0');
            CHECK(source.read(more) == 0);  // stays at the end
        }
    }
}

TEST_CASE("read ahead: an upstream error comes after every byte before it")
{
    const auto data = sample(1'000'000);
    auto upstream = std::make_unique<MemorySource>(data, 65536, "http://example.test/movies.zip");
    upstream->fail_at(700'000);
    ReadAheadSource source{std::move(upstream)};
    std::string got;
    std::string buffer(30'000, '\0');
    CHECK_THROWS_WITH_AS(
        {
            while (const auto n = source.read(buffer)) got.append(buffer, 0, n);
        },
        "http://example.test/movies.zip: byte 700000: connection reset", sluice::Error);
    CHECK(got == data.substr(0, 700'000));
}

TEST_CASE("read ahead: a consumer that stops early does not wait for the rest")
{
    const auto data = sample(20 * ReadAheadSource::kBufferBytes);
    ReadAheadSource source{std::make_unique<MemorySource>(data, 4096)};
    std::string buffer(100, '\0');
    CHECK(source.read(buffer) == 100);
    CHECK(buffer == data.substr(0, 100));
    // Destroyed here with the thread blocked on a full queue: it must wake and be joined.
}
