#pragma once
// GET /metrics for Prometheus while a long run is in progress, served from a background thread
// for as long as the object lives. Loopback by default: the figures are not secret, but an
// exporter nobody asked to expose should not be reachable from the network.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace sluice {

class MetricsServer {
public:
    // Listening has started when the constructor returns (port 0 picks a free port; see port()).
    // body() is called on a server thread for every scrape, so it must be safe to call while the
    // run updates its figures. Throws sluice::Error when the address cannot be bound, e.g.
    //   "metrics: cannot listen on 127.0.0.1:9187: Address already in use".
    MetricsServer(std::string address, int port, std::function<std::string()> body);
    // Stops accepting, lets a request in flight finish, and joins the server threads.
    ~MetricsServer();
    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;

    // The port actually bound: the one asked for, or the one the system picked for 0.
    int port() const { return port_; }

private:
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    std::atomic<bool> listener_done_{false};
    int port_ = 0;
};

} // namespace sluice
