#include "core/metrics_server.hpp"

#include "core/error.hpp"
#include "scratch_dir.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using sluice::MetricsServer;

namespace {

constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

httplib::Result get(int port, const std::string& path)
{
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(5);
    client.set_read_timeout(5);
    return client.Get(path.c_str());
}

// A plain TCP client that stays connected until told otherwise, to hold a server connection open.
class RawConnection {
public:
    RawConnection() = default;
    ~RawConnection() { close(); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    void connect_to(int port)
    {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0);
    }

    // Sends the request and reads until the response's body (Content-Length bytes) is complete.
    std::string exchange(const std::string& request)
    {
        REQUIRE(::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
        std::string response;
        char buffer[4096];
        for (;;) {
            const auto head_end = response.find("\r\n\r\n");
            if (head_end != std::string::npos) {
                const auto length_at = response.find("Content-Length: ");
                REQUIRE(length_at < head_end);
                const auto length = std::stoul(response.substr(length_at + 16));
                if (response.size() >= head_end + 4 + length) return response;
            }
            const ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
            REQUIRE(n > 0);
            response.append(buffer, static_cast<std::size_t>(n));
        }
    }

    void close()
    {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_ = -1;
};

} // namespace

TEST_CASE("metrics server: GET /metrics returns the body with the Prometheus content type")
{
    MetricsServer server("127.0.0.1", 0, [] { return std::string{"sluice_rows_loaded{job=\"x\"} 7\n"}; });
    REQUIRE(server.port() > 0);
    const auto result = get(server.port(), "/metrics");
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(result->body == "sluice_rows_loaded{job=\"x\"} 7\n");
    CHECK(result->get_header_value("Content-Type") == kContentType);
}

TEST_CASE("metrics server: other paths are 404 and do not call the body")
{
    std::atomic<int> calls{0};
    MetricsServer server("127.0.0.1", 0, [&] {
        ++calls;
        return std::string{"x 1\n"};
    });
    for (const char* path : {"/", "/metrics/", "/metricsx", "/favicon.ico"}) {
        CAPTURE(path);
        const auto result = get(server.port(), path);
        REQUIRE(result);
        CHECK(result->status == 404);
    }
    CHECK(calls == 0);
    // POST to the right path is not a scrape either.
    httplib::Client client("127.0.0.1", server.port());
    const auto posted = client.Post("/metrics", "x", "text/plain");
    REQUIRE(posted);
    CHECK(posted->status != 200);
    CHECK(calls == 0);
}

TEST_CASE("metrics server: the body is asked for on every request, so changes show up")
{
    std::atomic<int> calls{0};
    MetricsServer server("127.0.0.1", 0, [&] { return "sluice_docs_parsed{job=\"x\"} " + std::to_string(++calls) + "\n"; });
    for (int i = 1; i <= 3; ++i) {
        const auto result = get(server.port(), "/metrics");
        REQUIRE(result);
        CHECK(result->body == "sluice_docs_parsed{job=\"x\"} " + std::to_string(i) + "\n");
    }
    CHECK(calls == 3);
}

TEST_CASE("metrics server: a port in use is an error with the address, and the first server keeps serving")
{
    MetricsServer first("127.0.0.1", 0, [] { return std::string{"first 1\n"}; });
    const int port = first.port();
    CHECK_THROWS_WITH_AS(MetricsServer("127.0.0.1", port, [] { return std::string{}; }),
                         ("metrics: cannot listen on 127.0.0.1:" + std::to_string(port) + ": Address already in use")
                             .c_str(),
                         sluice::Error);
    const auto result = get(port, "/metrics");
    REQUIRE(result);
    CHECK(result->body == "first 1\n");
}

TEST_CASE("metrics server: an address that is not this machine's, or not an address, is an error")
{
    // 192.0.2.0/24 is reserved for documentation: no host has it.
    CHECK_THROWS_WITH_AS(MetricsServer("192.0.2.1", 9187, [] { return std::string{}; }),
                         "metrics: cannot listen on 192.0.2.1:9187: Cannot assign requested address", sluice::Error);
    CHECK_THROWS_WITH_AS(MetricsServer("::1", 70000, [] { return std::string{}; }),
                         "metrics: cannot listen on [::1]:70000: the port must be 0 to 65535", sluice::Error);
    // The resolver's words differ with the network setup; the prefix does not.
    try {
        MetricsServer server("no-such-host.invalid", 0, [] { return std::string{}; });
        FAIL("a name that cannot resolve was bound");
    } catch (const sluice::Error& e) {
        CHECK(std::string{e.what()}.starts_with("metrics: cannot listen on no-such-host.invalid:0: "));
    }
}

TEST_CASE("metrics server: a body that throws costs one scrape a 500, not the server")
{
    std::atomic<bool> fail{true};
    MetricsServer server("127.0.0.1", 0, [&]() -> std::string {
        if (fail) throw std::runtime_error("figures\nnot ready");
        return "ok 1\n";
    });
    const auto failed = get(server.port(), "/metrics");
    REQUIRE(failed);
    CHECK(failed->status == 500);
    CHECK(failed->body == "metrics: figures not ready\n");
    fail = false;
    const auto recovered = get(server.port(), "/metrics");
    REQUIRE(recovered);
    CHECK(recovered->status == 200);
    CHECK(recovered->body == "ok 1\n");
}

TEST_CASE("metrics server: the destructor closes the port and every descriptor, even with clients connected")
{
    const std::size_t fds_before = sluice::test::open_fd_count();
    int port = 0;
    // Closed only after the server is gone: httplib's default keep-alive made stop() wait 5 s for
    // each of these (the httplib Client is no use here: it hangs up after the response).
    RawConnection scraped;
    RawConnection silent;  // connects, never sends a request
    const auto started = std::chrono::steady_clock::now();
    {
        MetricsServer server("127.0.0.1", 0, [] { return std::string{"x 1\n"}; });
        port = server.port();
        // Accepted first (the backlog is FIFO), so a worker has taken it by the time the scrape
        // is answered, rather than it being dropped with the backlog.
        silent.connect_to(port);
        scraped.connect_to(port);
        const std::string response = scraped.exchange("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
        CHECK(response.starts_with("HTTP/1.1 200 OK\r\n"));
        CHECK(response.ends_with("\r\n\r\nx 1\n"));
        CHECK(response.find("\r\nConnection: close\r\n") != std::string::npos);  // no keep-alive wait
    }
    // One request per connection, one second to send it: the silent client costs about 1 s.
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
    scraped.close();
    silent.close();
    CHECK(sluice::test::open_fd_count() == fds_before);
    // Nobody listens any more...
    CHECK_FALSE(get(port, "/metrics"));
    // ...and the port can be bound again at once.
    MetricsServer again("127.0.0.1", port, [] { return std::string{"again 1\n"}; });
    CHECK(again.port() == port);
    const auto result = get(port, "/metrics");
    REQUIRE(result);
    CHECK(result->body == "again 1\n");
}

TEST_CASE("metrics server: created and destroyed at once, it still shuts down")
{
    // httplib's stop() is a no-op until the listener thread has started; a destructor that beat it
    // would join forever. The loop runs on a thread of its own so that a hang fails the test.
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::thread([done] {
        for (int i = 0; i < 50; ++i) MetricsServer server("127.0.0.1", 0, [] { return std::string{}; });
        *done = true;
    }).detach();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!*done && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(done->load());
}
