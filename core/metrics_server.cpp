#include "core/metrics_server.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <netdb.h>
#include <sys/socket.h>

namespace sluice {

namespace {

constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

// "127.0.0.1:9187", "[::1]:9187": the form a user would type, and the one an error should show.
std::string endpoint(const std::string& address, int port)
{
    return address.find(':') == std::string::npos ? fmt::format("{}:{}", address, port)
                                                   : fmt::format("[{}]:{}", address, port);
}

[[noreturn]] void cannot_listen(const std::string& address, int port, const std::string& reason)
{
    throw Error("metrics", fmt::format("cannot listen on {}: {}", endpoint(address, port), reason));
}

// httplib only says "false" when binding fails. Resolving the address here first turns a typo into
// the resolver's own words; what is left is bind() or listen(), whose errno survives httplib's
// cleanup (close() and freeaddrinfo() leave errno alone when they succeed).
void check_resolvable(const std::string& address, int port)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int rc = ::getaddrinfo(address.c_str(), nullptr, &hints, &found);
    if (rc != 0) cannot_listen(address, port, ::gai_strerror(rc));
    ::freeaddrinfo(found);
}

} // namespace

MetricsServer::MetricsServer(std::string address, int port, std::function<std::string()> body)
    : server_(std::make_unique<httplib::Server>())
{
    if (port < 0 || port > 65535) cannot_listen(address, port, "the port must be 0 to 65535");
    check_resolvable(address, port);

    httplib::Server& server = *server_;
    // A scrape is one small request every few seconds; httplib's default pool is 8+ threads.
    server.new_task_queue = [] { return new httplib::ThreadPool(2); };
    // httplib's workers wait up to the keep-alive timeout (5 s) for a connection's next request,
    // holding up stop() all that time. A scraper sends one request per scrape, so: one request
    // per connection, and one second to send it after connecting.
    server.set_keep_alive_max_count(1);
    server.set_keep_alive_timeout(1);
    // SO_REUSEADDR alone, replacing httplib's default SO_REUSEPORT: with SO_REUSEPORT a second
    // sluice binds the same port "successfully" and the kernel splits scrapes between the two.
    // SO_REUSEADDR still lets a restarted sluice bind while old connections sit in TIME_WAIT.
    server.set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    server.Get("/metrics", [body = std::move(body)](const httplib::Request&, httplib::Response& response) {
        response.set_content(body(), kContentType);
    });
    // A failing body() costs one scrape (Prometheus records it as down), not the run.
    server.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
        std::string what = "unknown error";
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        response.status = 500;
        response.set_content("metrics: " + one_line(what) + "\n", "text/plain; charset=utf-8");
    });

    errno = 0;
    const bool bound = port == 0 ? (port_ = server.bind_to_any_port(address)) > 0 : server.bind_to_port(address, port);
    if (!bound) cannot_listen(address, port, errno != 0 ? std::strerror(errno) : "cannot bind");
    if (port != 0) port_ = port;

    thread_ = std::thread([this] {
        server_->listen_after_bind();
        listener_done_ = true;
    });
    // httplib's stop() does nothing until listen_after_bind() has marked the server running: a
    // destructor that came sooner would stop nothing and then wait forever in join().
    while (!server.is_running() && !listener_done_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

MetricsServer::~MetricsServer()
{
    server_->stop();
    thread_.join();
}

} // namespace sluice
