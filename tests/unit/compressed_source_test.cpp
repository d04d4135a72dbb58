// bzip2, xz and zstd sources: sniffed from their bytes, decoded exactly, refused with the source,
// the offset and the codec's own words when cut short or corrupt, and held to the bomb caps.

#include "fetch/archive_filter_source.hpp"
#include "fetch/source_opener.hpp"

#include "archive_bytes.hpp"
#include "core/error.hpp"
#include "memory_source.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::Container;
using sluice::open_decoded;
using sluice::OpenOptions;
using sluice::test::compressed_bytes;
using sluice::test::drain;
using sluice::test::open_fd_count;
using sluice::test::ScratchDir;
using sluice::test::write_file;

namespace {

// Text that compresses but not to nothing: a bomb it is not.
std::string sample_text(std::size_t lines)
{
    std::string text;
    for (std::size_t i = 0; i < lines; ++i)
        text += "<row Id=\"" + std::to_string(i) + "\" Score=\"" + std::to_string(i * 7919 % 1000) + "\" Title=\"post " +
                std::to_string(i * i % 9973) + "\"/>\n";
    return text;
}

struct Codec {
    std::string filter;
    Container container;
    std::string name;
};

const Codec kCodecs[] = {{"bzip2", Container::bzip2, "bzip2"}, {"xz", Container::xz, "xz"}, {"zstd", Container::zstd, "zstd"}};

// The message and whether it is a DecodeError, or "no error".
std::string failure(const std::function<void()>& action, bool* decode = nullptr)
{
    try {
        action();
    } catch (const sluice::DecodeError& e) {
        if (decode) *decode = true;
        return e.what();
    } catch (const sluice::Error& e) {
        if (decode) *decode = false;
        return e.what();
    }
    return "no error";
}

std::string read_all(const std::string& path, const OpenOptions& options = {})
{
    auto opened = open_decoded(path, options);
    return drain(*opened.stream, 1000);
}

} // namespace

TEST_CASE("compressed sources: bzip2, xz and zstd decode to the exact bytes, told by their bytes not their names")
{
    ScratchDir dir;
    const auto text = sample_text(3000);
    for (const auto& codec : kCodecs) {
        CAPTURE(codec.name);
        const auto packed = compressed_bytes(text, codec.filter);
        const auto path = dir.file("Posts.xml.gz");  // a name that says gzip
        write_file(path, packed);
        const auto fds = open_fd_count();
        {
            auto opened = open_decoded(path, {});
            CHECK(opened.container == codec.container);
            CHECK(std::string{sluice::to_string(opened.container)} == codec.name);
            CHECK(opened.stream->name() == path);
            CHECK(opened.member.empty());
            CHECK(drain(*opened.stream, 777) == text);
            CHECK(opened.stream->position() == text.size());
            CHECK(opened.bytes_fetched() == packed.size());
            CHECK(opened.total_bytes() == packed.size());
        }
        CHECK(open_fd_count() == fds);
    }
}

TEST_CASE("compressed sources: concatenated streams decode one after the other")
{
    // pbzip2, pixz and zstd's multi-frame output are streams end to end.
    ScratchDir dir;
    for (const auto& codec : kCodecs) {
        CAPTURE(codec.name);
        write_file(dir.file("x"), compressed_bytes("first part\n", codec.filter) + compressed_bytes("second part\n", codec.filter));
        CHECK(read_all(dir.file("x")) == "first part\nsecond part\n");
    }
}

TEST_CASE("compressed sources: an empty stream decodes to no bytes")
{
    ScratchDir dir;
    for (const auto& codec : kCodecs) {
        CAPTURE(codec.name);
        write_file(dir.file("x"), compressed_bytes("", codec.filter));
        CHECK(read_all(dir.file("x")).empty());
    }
}

TEST_CASE("compressed sources: a stream cut short is a DecodeError at its end, whatever the cut")
{
    ScratchDir dir;
    const auto text = sample_text(3000);
    for (const auto& codec : kCodecs) {
        const auto packed = compressed_bytes(text, codec.filter);
        for (const std::size_t cut : {std::size_t{40}, packed.size() / 2, packed.size() - 1}) {
            CAPTURE(codec.name);
            CAPTURE(cut);
            const auto path = dir.file("cut." + codec.name);
            write_file(path, packed.substr(0, cut));
            bool decode = false;
            CHECK(failure([&] { read_all(path); }, &decode) ==
                  path + ": byte " + std::to_string(cut) + ": truncated " + codec.name +
                      " data: the stream ends before its end marker");
            CHECK(decode);
        }
    }
}

TEST_CASE("compressed sources: corrupt data is a DecodeError in the codec's words")
{
    ScratchDir dir;
    const auto text = sample_text(3000);
    const std::string expected[] = {"corrupt bzip2 data: bzip decompression failed",
                                    "corrupt xz data: Lzma library error: Corrupted input data",
                                    "corrupt zstd data: Zstd decompression failed: Data corruption detected"};
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& codec = kCodecs[i];
        CAPTURE(codec.name);
        auto packed = compressed_bytes(text, codec.filter);
        packed[packed.size() / 2] = static_cast<char>(packed[packed.size() / 2] ^ 0x55);
        const auto path = dir.file("corrupt." + codec.name);
        write_file(path, packed);
        bool decode = false;
        // Small files are read whole before the decoder fails: the offset is their size.
        CHECK(failure([&] { read_all(path); }, &decode) == path + ": byte " + std::to_string(packed.size()) + ": " + expected[i]);
        CHECK(decode);
    }
}

TEST_CASE("compressed sources: a checksum that does not match is a DecodeError")
{
    // A zstd frame ends in a checksum of the data (libzstd's words for a mismatch are "data
    // corruption"); an xz stream's index and footer check the blocks.
    ScratchDir dir;
    const auto text = sample_text(300);
    {
        auto packed = compressed_bytes(text, "zstd");
        packed[packed.size() - 1] = static_cast<char>(packed[packed.size() - 1] ^ 1);
        write_file(dir.file("x.zst"), packed);
        CHECK(failure([&] { read_all(dir.file("x.zst")); }) ==
              dir.file("x.zst") + ": byte " + std::to_string(packed.size()) +
                  ": corrupt zstd data: Zstd decompression failed: Data corruption detected");
    }
    {
        auto packed = compressed_bytes(text, "xz");
        packed[packed.size() - 20] = static_cast<char>(packed[packed.size() - 20] ^ 1);
        write_file(dir.file("x.xz"), packed);
        bool decode = false;
        CHECK(failure([&] { read_all(dir.file("x.xz")); }, &decode).starts_with(dir.file("x.xz") + ": byte " +
                                                                                std::to_string(packed.size()) + ": corrupt xz data: "));
        CHECK(decode);
    }
}

TEST_CASE("compressed sources: a magic with nothing valid after it is a corrupt stream, not plain text")
{
    ScratchDir dir;
    const std::pair<std::string, std::string> cases[] = {
        {"BZh9garbage-garbage-garbage-garbage-garbage-garbage", "bzip2"},
        {std::string{"\xfd" "7zXZ\0garbage-garbage-garbage-garbage-garbage", 44}, "xz"},
        {"\x28\xb5\x2f\xfdgarbage-garbage-garbage-garbage-garbage-garbage", "zstd"}};
    for (const auto& [bytes, name] : cases) {
        CAPTURE(name);
        write_file(dir.file("x"), bytes);
        bool decode = false;
        const auto message = failure([&] { read_all(dir.file("x")); }, &decode);
        CHECK(message.starts_with(dir.file("x") + ": byte "));
        CHECK(message.find(name + " data") != std::string::npos);
        CHECK(decode);
    }
}

TEST_CASE("compressed sources: bombs are refused by the inflated-bytes cap and by the ratio")
{
    ScratchDir dir;
    for (const auto& codec : kCodecs) {
        CAPTURE(codec.name);
        const auto packed = compressed_bytes(std::string(std::size_t{2} << 20, '\0'), codec.filter);
        write_file(dir.file("bomb"), packed);
        OpenOptions options;
        options.fetch.max_inflated_bytes = std::size_t{1} << 20;
        bool decode = true;
        CHECK(failure([&] { read_all(dir.file("bomb"), options); }, &decode) ==
              dir.file("bomb") + ": byte " + std::to_string(packed.size()) +
                  ": refused: it inflates to more than 1048576 bytes (--max-inflated), from " + std::to_string(packed.size()) +
                  " bytes downloaded: a decompression bomb?");
        CHECK_FALSE(decode);  // sound data refused by a limit
    }
    // Past the ratio's grace (64 MiB), 100:1 is the most a source may inflate.
    const auto packed = compressed_bytes(std::string(std::size_t{80} << 20, '\0'), "zstd");
    write_file(dir.file("bomb.zst"), packed);
    const auto message = failure([&] { read_all(dir.file("bomb.zst")); });
    CHECK(message.find(": refused: ") != std::string::npos);
    CHECK(message.find("(--max-ratio): a decompression bomb?") != std::string::npos);
}

TEST_CASE("compressed sources: the decoder stage over a stream in 1-byte pieces, and an upstream failure passed on")
{
    const auto text = sample_text(200);
    for (const auto codec : {sluice::ArchiveFilterSource::Codec::bzip2, sluice::ArchiveFilterSource::Codec::xz,
                             sluice::ArchiveFilterSource::Codec::zstd}) {
        const std::string name = sluice::to_string(codec);
        CAPTURE(name);
        const auto packed = compressed_bytes(text, name);
        sluice::ArchiveFilterSource source{sluice::test::memory_source(packed, 1, "dump." + name), codec};
        CHECK(drain(source, 3) == text);
        CHECK(source.position() == text.size());
        auto failing = std::make_unique<sluice::test::MemorySource>(packed, 100, "dump." + name);
        failing->fail_at(200);
        CHECK(failure([&] {
                  sluice::ArchiveFilterSource cut{std::move(failing), codec};
                  drain(cut);
              }) == "dump." + name + ": byte 200: connection reset");
    }
}
