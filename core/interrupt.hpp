#pragma once
// SIGINT and SIGTERM stop a run where it stands: the handler only records the signal, and the
// stages check for it between reads (and while waiting to retry), then unwind with Interrupted,
// so every transaction is rolled back by its owner on the way out. A second signal kills at once.

#include <chrono>
#include <stdexcept>

namespace sluice {

class Interrupted : public std::runtime_error {
public:
    explicit Interrupted(int signal);
    int signal() const noexcept { return signal_; }
    int exit_code() const noexcept { return 128 + signal_; }  // 130 for SIGINT, 143 for SIGTERM

private:
    int signal_;
};

// Installs the handlers (once per process).
void catch_interrupts();

// The signal received, or 0.
int interrupt_signal() noexcept;

// Throws Interrupted when a signal has come.
void throw_if_interrupted();

// Sleeps for `pause`, waking early to throw Interrupted.
void sleep_unless_interrupted(std::chrono::milliseconds pause);

} // namespace sluice
