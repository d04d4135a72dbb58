// Members of tar (plain or compressed) and 7z archives through open_decoded: the bytes, which
// member a name picks, the archive's one file when none is named, and what a cut, corrupt or
// bomb archive gives.

#include "fetch/archive_member_source.hpp"
#include "fetch/source_opener.hpp"

#include "archive_bytes.hpp"
#include "core/error.hpp"
#include "memory_input.hpp"
#include "memory_source.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <string>

using sluice::Container;
using sluice::open_decoded;
using sluice::OpenOptions;
using sluice::test::drain;
using sluice::test::open_fd_count;
using sluice::test::ScratchDir;
using sluice::test::sevenzip_bytes;
using sluice::test::tar_bytes;
using sluice::test::TarMember;
using sluice::test::write_file;

namespace {

const std::string kPosts = "<posts>\n  <row Id=\"1\" Title=\"a &lt; b\"/>\n  <row Id=\"2\" Title=\"c\"/>\n</posts>\n";

OpenOptions member(std::string name)
{
    OpenOptions options;
    options.zip_member = std::move(name);
    return options;
}

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

// "member: bytes" of what `location` gives for `name`, or the error.
std::string pick(const std::string& location, const std::string& name)
{
    try {
        auto opened = open_decoded(location, member(name));
        const auto bytes = drain(*opened.stream, 100);
        return opened.member + ": " + bytes;
    } catch (const sluice::Error& e) {
        return e.what();
    }
}

struct TarKind {
    std::string filter;
    Container container;
    std::string name;
};

const TarKind kTars[] = {{"none", Container::tar, "tar"},         {"gzip", Container::tar_gzip, "tar.gz"},
                         {"bzip2", Container::tar_bzip2, "tar.bz2"}, {"xz", Container::tar_xz, "tar.xz"},
                         {"zstd", Container::tar_zstd, "tar.zst"}};

} // namespace

TEST_CASE("archive members: a tar, plain or compressed by any codec, gives the member's exact bytes")
{
    ScratchDir dir;
    const std::vector<TarMember> members{{"so/", "", AE_IFDIR}, {"so/Users.xml", "<users/>\n"}, {"so/Posts.xml", kPosts},
                                         {"so/Tags.xml", "<tags/>\n"}};
    for (const auto& kind : kTars) {
        for (const auto inflater : {sluice::FetchOptions::Inflater::isal, sluice::FetchOptions::Inflater::zlib}) {
            CAPTURE(kind.name);
            const auto bytes = tar_bytes(members, kind.filter);
            const auto path = dir.file("dump.bin");
            write_file(path, bytes);
            const auto fds = open_fd_count();
            {
                auto options = member("so/Posts.xml");
                options.fetch.inflater = inflater;
                auto opened = open_decoded(path, options);
                CHECK(opened.container == kind.container);
                CHECK(std::string{sluice::to_string(opened.container)} == kind.name);
                CHECK(opened.member == "so/Posts.xml");
                CHECK(opened.stream->name() == path + ":so/Posts.xml");
                CHECK(drain(*opened.stream, 7) == kPosts);
                CHECK(opened.stream->position() == kPosts.size());
                CHECK_FALSE(opened.by_range);
            }
            CHECK(open_fd_count() == fds);
        }
    }
}

TEST_CASE("archive members: tar members with long names and deep folders, in pax, GNU and ustar tars")
{
    ScratchDir dir;
    const std::string deep = "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/";
    const std::string long_name = deep + std::string(150, 'n') + ".xml";  // past ustar's 100 + 155
    for (const std::string format : {"pax", "gnutar"}) {
        CAPTURE(format);
        write_file(dir.file("long.tar.gz"), tar_bytes({{deep, "", AE_IFDIR}, {long_name, kPosts}, {"short.xml", "x"}}, "gzip", format));
        CHECK(pick(dir.file("long.tar.gz"), long_name) == long_name + ": " + kPosts);
        CHECK(pick(dir.file("long.tar.gz"), std::string(150, 'n') + ".xml") == long_name + ": " + kPosts);
    }
    // ustar splits a path of up to 255 bytes into a prefix and a name.
    const std::string split = deep + std::string(80, 'u') + ".xml";
    write_file(dir.file("ustar.tar"), tar_bytes({{split, kPosts}}, "none", "ustar"));
    CHECK(pick(dir.file("ustar.tar"), split) == split + ": " + kPosts);
}

TEST_CASE("archive members: the exact path wins, else the one file of that name in a folder")
{
    ScratchDir dir;
    for (const bool sevenzip : {false, true}) {
        CAPTURE(sevenzip);
        const auto make = [&](const std::vector<TarMember>& members) {
            return sevenzip ? sevenzip_bytes(members) : tar_bytes(members, "xz");
        };
        const std::string kind = sevenzip ? "7z" : "tar";
        const auto path = dir.file("a");
        write_file(path, make({{"evil/Posts.xml", "evil"}, {"Posts.xml", kPosts}, {"z/Posts.xml", "z"}}));
        CHECK(pick(path, "Posts.xml") == "Posts.xml: " + kPosts);
        CHECK(pick(path, "evil/Posts.xml") == "evil/Posts.xml: evil");
        // The one file named so in a folder: found after the rest was looked through, then read.
        write_file(path, make({{"dump/", "", AE_IFDIR}, {"dump/Posts.xml", kPosts}, {"dump/Tags.xml", "tags"}}));
        CHECK(pick(path, "Posts.xml") == "dump/Posts.xml: " + kPosts);
        // A folder, a link or a name that only ends the same is not the member.
        write_file(path, make({{"Posts.xml/", "", AE_IFDIR}, {"link/Posts.xml", "target", AE_IFLNK}, {"old_Posts.xml", "old"}}));
        CHECK(pick(path, "Posts.xml") == path + ": no member 'Posts.xml' in the " + kind + " archive (members: old_Posts.xml)");
        // Two of that name in folders and none exact.
        write_file(path, make({{"a/Posts.xml", "a"}, {"b/Posts.xml", "b"}}));
        CHECK(pick(path, "Posts.xml") == path + ": 2 members are named 'Posts.xml' and none is at the top level: "
                                            "'a/Posts.xml' and 'b/Posts.xml' (name one by its path)");
        // Not found: the first few files are listed.
        std::vector<TarMember> many;
        for (int i = 1; i <= 10; ++i) many.push_back({"part" + std::to_string(i) + ".xml", "p"});
        write_file(path, make(many));
        CHECK(pick(path, "Posts.xml") == path + ": no member 'Posts.xml' in the " + kind +
                                             " archive (members: part1.xml, part2.xml, part3.xml, part4.xml, part5.xml, "
                                             "part6.xml, part7.xml, part8.xml, ...)");
    }
}

TEST_CASE("archive members: with no member named, the archive's one file, and two files are an error")
{
    ScratchDir dir;
    for (const bool sevenzip : {false, true}) {
        CAPTURE(sevenzip);
        const auto make = [&](const std::vector<TarMember>& members) {
            return sevenzip ? sevenzip_bytes(members) : tar_bytes(members, "gzip");
        };
        const std::string kind = sevenzip ? "7z" : "tar";
        const auto path = dir.file("a");
        write_file(path, make({{"dump/", "", AE_IFDIR}, {"dump/latest", "Posts.xml", AE_IFLNK}, {"dump/Posts.xml", kPosts}}));
        CHECK(pick(path, "") == "dump/Posts.xml: " + kPosts);
        write_file(path, make({{"dump/", "", AE_IFDIR}}));
        CHECK(pick(path, "") == path + ": no file in the " + kind + " archive (members: none)");
        // The second file is seen once the first is read: the error comes at the first one's end.
        write_file(path, make({{"Posts.xml", kPosts}, {"dir/", "", AE_IFDIR}, {"Tags.xml", "t"}, {"Users.xml", "u"}}));
        auto opened = open_decoded(path, {});
        CHECK(opened.member == "Posts.xml");
        const auto message = failure([&] { drain(*opened.stream); });
        CHECK(message.starts_with(path + ": byte "));
        CHECK(message.ends_with(": the " + kind + " archive holds more than one file: 'Posts.xml', then 'Tags.xml' (name "
                                                  "the one to read as the member)"));
    }
}

TEST_CASE("archive members: a cut or corrupt tar is a DecodeError at its offset")
{
    ScratchDir dir;
    const std::string data(20000, 'x');
    const auto tar = tar_bytes({{"a.csv", data}, {"b.csv", kPosts}});
    const auto path = dir.file("cut.tar");
    // Cut in the member's data.
    write_file(path, tar.substr(0, 512 + 7000));
    bool decode = false;
    CHECK(failure([&] { drain(*open_decoded(path, member("a.csv")).stream); }, &decode) ==
          path + ": byte 7512: cannot read member 'a.csv': Truncated tar archive");
    CHECK(decode);
    // Cut in the second member's header, looked for past the first.
    write_file(path, tar.substr(0, 512 + 20480 + 100));
    CHECK(failure([&] { open_decoded(path, member("b.csv")); }, &decode) ==
          path + ": byte 21092: corrupt tar archive: Truncated tar archive");
    CHECK(decode);
    // A header whose checksum does not match.
    auto corrupt = tar;
    corrupt[512 + 20480 + 3] = 'Z';
    write_file(path, corrupt);
    CHECK(failure([&] { open_decoded(path, member("b.csv")); }, &decode) ==
          path + ": byte 30720: corrupt tar archive: Damaged tar archive");
    CHECK(decode);
    // A tar.gz cut short: the gzip decoder says so first, at the compressed offset.
    std::string text;
    for (int i = 0; i < 20000; ++i) text += std::to_string(i * 7919 % 100003) + ",";
    const auto tgz = tar_bytes({{"a.csv", text}}, "gzip");
    const auto cut = tgz.size() / 2;
    write_file(path, tgz.substr(0, cut));
    CHECK(failure([&] { drain(*open_decoded(path, member("a.csv")).stream); }, &decode) ==
          path + ": byte " + std::to_string(cut) + ": truncated gzip data: the stream ends inside a member");
    CHECK(decode);
    // The same cut in a tar.xz.
    const auto txz = tar_bytes({{"a.csv", text}}, "xz");
    write_file(path, txz.substr(0, txz.size() / 2));
    CHECK(failure([&] { drain(*open_decoded(path, member("a.csv")).stream); }, &decode) ==
          path + ": byte " + std::to_string(txz.size() / 2) + ": truncated xz data: the stream ends before its end marker");
    CHECK(decode);
}

TEST_CASE("archive members: a tar bomb is refused, plain or compressed, and so is a 7z one")
{
    ScratchDir dir;
    const std::string zeros(std::size_t{2} << 20, '\0');
    auto options = member("zeros.bin");
    options.fetch.max_inflated_bytes = std::size_t{1} << 20;
    for (const auto& kind : kTars) {
        CAPTURE(kind.name);
        write_file(dir.file("bomb"), tar_bytes({{"zeros.bin", zeros}}, kind.filter));
        bool decode = true;
        const auto message = failure([&] { drain(*open_decoded(dir.file("bomb"), options).stream); }, &decode);
        CHECK(message.find(": refused: it inflates to more than 1048576 bytes (--max-inflated)") != std::string::npos);
        CHECK_FALSE(decode);
    }
    write_file(dir.file("bomb.7z"), sevenzip_bytes({{"zeros.bin", zeros}}));
    CHECK(failure([&] { drain(*open_decoded(dir.file("bomb.7z"), options).stream); }).find(
              ": refused: it inflates to more than 1048576 bytes (--max-inflated)") != std::string::npos);
}

TEST_CASE("archive members: a local 7z with every compression libarchive reads")
{
    ScratchDir dir;
    std::string big;
    for (int i = 0; i < 5000; ++i) big += "row " + std::to_string(i) + "\n";
    for (const std::string compression : {"lzma2", "lzma1", "bzip2", "deflate", "ppmd", "store"}) {
        CAPTURE(compression);
        const auto bytes = sevenzip_bytes({{"a/", "", AE_IFDIR}, {"a/first.txt", big}, {"a/Posts.xml", kPosts}}, compression);
        write_file(dir.file("dump.7z"), bytes);
        const auto fds = open_fd_count();
        {
            auto opened = open_decoded(dir.file("dump.7z"), member("a/Posts.xml"));
            CHECK(opened.container == Container::sevenzip);
            CHECK(std::string{sluice::to_string(opened.container)} == "7z");
            CHECK(opened.stream->name() == dir.file("dump.7z") + ":a/Posts.xml");
            CHECK(drain(*opened.stream, 5) == kPosts);
            CHECK(opened.bytes_fetched() > 0);
            CHECK(opened.bytes_fetched() <= bytes.size() * 3);  // the header at the end, then the member
        }
        CHECK(open_fd_count() == fds);
        CHECK(pick(dir.file("dump.7z"), "first.txt") == "a/first.txt: " + big);
    }
}

TEST_CASE("archive members: a cut or corrupt 7z is a DecodeError")
{
    ScratchDir dir;
    std::string big;
    for (int i = 0; i < 5000; ++i) big += "row " + std::to_string(i) + "\n";
    const auto bytes = sevenzip_bytes({{"Posts.xml", big}});
    const auto path = dir.file("x.7z");
    for (const std::size_t cut : {std::size_t{20}, std::size_t{40}, bytes.size() / 2, bytes.size() - 1}) {
        CAPTURE(cut);
        write_file(path, bytes.substr(0, cut));
        bool decode = false;
        const auto message = failure([&] { drain(*open_decoded(path, member("Posts.xml")).stream); }, &decode);
        CHECK(message.starts_with(path + ": byte "));
        CHECK(message.find("7z archive") != std::string::npos);
        CHECK(decode);
    }
    auto corrupt = bytes;
    corrupt[100] = static_cast<char>(corrupt[100] ^ 0x55);
    write_file(path, corrupt);
    bool decode = false;
    const auto message = failure([&] { drain(*open_decoded(path, member("Posts.xml")).stream); }, &decode);
    CHECK(message.starts_with(path + ": byte "));
    CHECK(decode);
}

TEST_CASE("archive members: a 7z read from a random-access input in small pieces")
{
    std::string big;
    for (int i = 0; i < 5000; ++i) big += "row " + std::to_string(i) + "\n";
    auto input = std::make_unique<sluice::test::MemoryInput>(sevenzip_bytes({{"x/first.txt", big}, {"x/Posts.xml", kPosts}}), 100,
                                                             "https://example.org/dump.7z");
    const auto* view = input.get();
    sluice::ArchiveMemberSource source{std::move(input), "Posts.xml"};
    CHECK(source.member() == "x/Posts.xml");
    CHECK(source.name() == "https://example.org/dump.7z:x/Posts.xml");
    CHECK(drain(source, 3) == kPosts);
    CHECK(source.archive_bytes_read() == view->bytes_fetched());
}

TEST_CASE("archive members: a tar streamed once cannot take a file named in a folder without reading again")
{
    const auto tar = tar_bytes({{"dump/Posts.xml", kPosts}, {"dump/Tags.xml", "t"}});
    CHECK(failure([&] { sluice::ArchiveMemberSource source{sluice::test::memory_source(tar, 1000, "pipe"), "Posts.xml"}; }) ==
          "pipe: 'dump/Posts.xml' is the only member named 'Posts.xml', and this stream cannot be read again to take it "
          "(name it by its path)");
    int reopened = 0;
    sluice::ArchiveMemberSource source{sluice::test::memory_source(tar, 1000, "pipe"), "Posts.xml", [&] {
                                           ++reopened;
                                           return sluice::test::memory_source(tar, 1000, "pipe");
                                       }};
    CHECK(reopened == 1);
    CHECK(source.passes() == 2);
    CHECK(drain(source) == kPosts);
    // Both reads are counted: more than one read to the archive's end takes.
    sluice::ArchiveMemberSource once{sluice::test::memory_source(tar, 1000, "pipe"), "dump/Tags.xml"};
    drain(once);
    CHECK(source.archive_bytes_read() > once.archive_bytes_read());
    // The archive changed between the reads: start over.
    const auto other = tar_bytes({{"dump/Other.xml", "o"}, {"dump/Posts.xml", kPosts}});
    CHECK_THROWS_AS((sluice::ArchiveMemberSource{sluice::test::memory_source(tar, 1000, "pipe"), "Posts.xml",
                                                 [&] { return sluice::test::memory_source(other, 1000, "pipe"); }}),
                    sluice::SourceChanged);
}
