#pragma once
// SIGINT or SIGTERM must not wait for a lock (a reader's long query, another job's publish):
// while one of these lives, a watcher cancels the session's running statement from a connection
// of its own when a signal comes, and the failure that causes surfaces as Interrupted (see
// throw_database_error). Destroyed (the publish committed), a later signal has nothing to roll
// back.

#include <string>
#include <thread>

namespace sluice {

class InterruptCanceller {
public:
    InterruptCanceller() = default;
    // `conninfo` as the session was opened with; `backend_pid` the session's.
    InterruptCanceller(std::string conninfo, int backend_pid);

private:
    std::jthread watch_;
};

} // namespace sluice
