// Archives and parts over http, from a server on 127.0.0.1 started here (as the metrics server's
// tests do): a 7z read by Range requests or refused without them, a tar.xz streamed, and the
// next part's request sent before the current part's download has ended.

#include "fetch/part_sequence.hpp"
#include "fetch/source_opener.hpp"

#include "archive_bytes.hpp"
#include "core/error.hpp"
#include "memory_source.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using sluice::Container;
using sluice::open_decoded;
using sluice::OpenOptions;
using sluice::test::drain;

namespace {

class Server {
public:
    Server()
    {
        port_ = server_.bind_to_any_port("127.0.0.1");
        if (port_ <= 0) throw std::runtime_error("cannot bind an HTTP port on 127.0.0.1");
        server_.set_logger([this](const httplib::Request& request, const httplib::Response&) {
            std::lock_guard lock{mutex_};
            log_.push_back(request.method + " " + request.path +
                           (request.has_header("Range") ? " " + request.get_header_value("Range") : std::string{}));
        });
        thread_ = std::thread{[this] { server_.listen_after_bind(); }};
        while (!server_.is_running()) std::this_thread::yield();
    }
    ~Server()
    {
        server_.stop();
        thread_.join();
    }
    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
    httplib::Server& routes() { return server_; }
    // Requests answered so far (the logger runs once a response is sent).
    std::vector<std::string> log()
    {
        std::lock_guard lock{mutex_};
        return log_;
    }
    bool logged(const std::string& prefix)
    {
        for (const auto& line : log())
            if (line.starts_with(prefix)) return true;
        return false;
    }

private:
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    std::mutex mutex_;
    std::vector<std::string> log_;
};

// A whole body as a 200 with no Content-Length: what a server without Range support sends.
void send_whole(httplib::Response& response, const std::string& body)
{
    response.status = 200;
    response.set_chunked_content_provider("application/octet-stream", [&body](std::size_t offset, httplib::DataSink& sink) {
        if (offset < body.size()) sink.write(body.data() + offset, std::min<std::size_t>(64 * 1024, body.size() - offset));
        else sink.done();
        return true;
    });
}

OpenOptions quick(std::string member = {})
{
    OpenOptions options;
    options.zip_member = std::move(member);
    options.fetch.retries = 0;
    return options;
}

std::string filler(std::size_t lines)
{
    std::string text;
    for (std::size_t i = 0; i < lines; ++i) text += std::to_string(i * 2654435761u % 1000003) + "\n";
    return text;
}

const std::string kPosts = "<posts><row Id=\"1\"/></posts>\n";

} // namespace

TEST_CASE("archives over http: a 7z member is read by Range requests")
{
    Server server;
    const auto archive = sluice::test::sevenzip_bytes({{"big.txt", filler(200000)}, {"dump/Posts.xml", kPosts}}, "store");
    server.routes().Get("/dump.7z", [&](const httplib::Request&, httplib::Response& response) {
        response.set_content(archive, "application/x-7z-compressed");  // httplib answers a Range with a 206
    });
    for (const std::string member : {"Posts.xml", "dump/Posts.xml"}) {
        CAPTURE(member);
        auto opened = open_decoded(server.url("/dump.7z"), quick(member));
        CHECK(opened.container == Container::sevenzip);
        CHECK(opened.by_range);
        CHECK(opened.member == "dump/Posts.xml");
        CHECK(opened.stream->name() == server.url("/dump.7z") + ":dump/Posts.xml");
        CHECK(drain(*opened.stream) == kPosts);
        // The stored 1.3 MB member before it is skipped, not downloaded.
        CHECK(archive.size() > 1'000'000);
        CHECK(opened.bytes_fetched() < 300'000);
    }
    // With no member named: sniffed from a plain GET, then read by range all the same.
    auto opened = open_decoded(server.url("/dump.7z"), quick());
    CHECK(opened.by_range);
    CHECK(opened.member == "big.txt");
    const auto log = server.log();
    CHECK(std::count_if(log.begin(), log.end(), [](const auto& line) { return line.starts_with("GET /dump.7z bytes="); }) >= 6);
}

TEST_CASE("archives over http: a 7z from a server without Range support is refused with the reason")
{
    Server server;
    const auto archive = sluice::test::sevenzip_bytes({{"Posts.xml", kPosts}});
    server.routes().Get("/dump.7z", [&](const httplib::Request&, httplib::Response& response) { send_whole(response, archive); });
    for (const std::string member : {"", "Posts.xml"}) {
        CAPTURE(member);
        try {
            open_decoded(server.url("/dump.7z"), quick(member));
            FAIL("no error");
        } catch (const sluice::Error& e) {
            CHECK(std::string{e.what()} ==
                  server.url("/dump.7z") + ": byte 0: a 7z archive keeps its directory at its end, so it is read over http "
                                           "by Range requests, which this server does not answer (download it and load the file)");
        }
    }
}

TEST_CASE("archives over http: a tar.xz is streamed front to back, and a cut one fails at its offset")
{
    Server server;
    const auto text = filler(50000);
    const auto archive = sluice::test::tar_bytes({{"so/", "", AE_IFDIR}, {"so/Posts.xml", text}}, "xz");
    server.routes().Get("/so.tar.xz", [&](const httplib::Request&, httplib::Response& response) { send_whole(response, archive); });
    const auto cut = archive.substr(0, archive.size() / 2);
    server.routes().Get("/cut.tar.xz", [&](const httplib::Request&, httplib::Response& response) { send_whole(response, cut); });
    auto opened = open_decoded(server.url("/so.tar.xz"), quick("Posts.xml"));
    CHECK(opened.container == Container::tar_xz);
    CHECK_FALSE(opened.by_range);
    CHECK(drain(*opened.stream) == text);
    // The whole archive, and the Range probe's answer before it (a member named might have been
    // in a zip or 7z): this server sent a 200 to it.
    CHECK(opened.bytes_fetched() > archive.size());
    CHECK(opened.bytes_fetched() <= archive.size() + 64 * 1024);
    CHECK(server.log().front() == "GET /so.tar.xz bytes=0-65535");
    try {
        drain(*open_decoded(server.url("/cut.tar.xz"), quick("so/Posts.xml")).stream);
        FAIL("no error");
    } catch (const sluice::DecodeError& e) {
        CHECK(std::string{e.what()} == server.url("/cut.tar.xz") + ": byte " + std::to_string(cut.size()) +
                                           ": truncated xz data: the stream ends before its end marker");
    }
}

TEST_CASE("parts over http: part 2 is requested while part 1 is still downloading")
{
    Server server;
    const auto part1 = sluice::test::gzip_bytes("<doc>" + filler(100000) + "</doc>\n");
    const auto part2 = sluice::test::gzip_bytes("<doc>two</doc>\n");
    const auto part3 = sluice::test::compressed_bytes("<doc>three</doc>\n", "zstd");
    // Part 1 sends its first 64 KiB, then holds the rest until the test lets it go.
    std::atomic<bool> release{false};
    server.routes().Get("/abstracts-1.xml.gz", [&](const httplib::Request&, httplib::Response& response) {
        response.set_chunked_content_provider("application/gzip", [&](std::size_t offset, httplib::DataSink& sink) {
            if (offset >= 64 * 1024) {
                for (int i = 0; i < 1000 && !release.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds{10});
            }
            if (offset < part1.size()) sink.write(part1.data() + offset, std::min<std::size_t>(64 * 1024, part1.size() - offset));
            else sink.done();
            return true;
        });
    });
    server.routes().Get("/abstracts-2.xml.gz", [&](const httplib::Request&, httplib::Response& response) { send_whole(response, part2); });
    server.routes().Get("/abstracts-3.xml.zst", [&](const httplib::Request&, httplib::Response& response) { send_whole(response, part3); });

    sluice::PartSequence parts{{server.url("/abstracts-1.xml.gz"), server.url("/abstracts-2.xml.gz"), server.url("/abstracts-3.xml.zst")},
                               quick(), 4096};
    auto first = parts.next();
    REQUIRE(first);
    // Part 1's download is held mid-body (its response is not finished, so not yet logged), and
    // part 2 has been requested and answered already.
    for (int i = 0; i < 1000 && !server.logged("GET /abstracts-2.xml.gz"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds{10});
    CHECK(server.logged("GET /abstracts-2.xml.gz"));
    CHECK_FALSE(server.logged("GET /abstracts-1.xml.gz"));
    CHECK_FALSE(server.logged("GET /abstracts-3.xml.zst"));  // one part ahead, not two
    release.store(true);
    CHECK(drain(*first->opened.stream) == "<doc>" + filler(100000) + "</doc>\n");
    auto second = parts.next();
    CHECK(drain(*second->opened.stream) == "<doc>two</doc>\n");
    auto third = parts.next();
    CHECK(third->opened.container == Container::zstd);
    CHECK(drain(*third->opened.stream) == "<doc>three</doc>\n");
    CHECK_FALSE(parts.next());
    const auto log = server.log();
    CHECK(log == std::vector<std::string>{"GET /abstracts-2.xml.gz", "GET /abstracts-1.xml.gz", "GET /abstracts-3.xml.zst"});
}
