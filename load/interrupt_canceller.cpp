#include "load/interrupt_canceller.hpp"

#include "core/interrupt.hpp"
#include "load/sql_names.hpp"

#include <pqxx/pqxx>

#include <chrono>

namespace sluice {

InterruptCanceller::InterruptCanceller(std::string conninfo, int backend_pid)
    : watch_{[conninfo = std::move(conninfo), backend_pid](std::stop_token stop) {
          while (!stop.stop_requested()) {
              if (interrupt_signal() != 0) {
                  try {
                      pqxx::connection connection{sluice_conninfo(conninfo)};
                      pqxx::nontransaction query{connection};
                      query.exec("SELECT pg_cancel_backend(" + std::to_string(backend_pid) + ")");
                  } catch (const std::exception&) {
                      // The session is gone already: nothing left to cancel.
                  }
                  return;
              }
              std::this_thread::sleep_for(std::chrono::milliseconds{50});
          }
      }}
{
}

} // namespace sluice
