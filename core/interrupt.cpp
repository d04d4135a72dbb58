#include "core/interrupt.hpp"

#include <atomic>
#include <csignal>
#include <string>
#include <thread>

namespace sluice {

namespace {

std::atomic<int> received{0};

extern "C" void on_interrupt(int signal)
{
    received.store(signal, std::memory_order_relaxed);
}

const char* signal_name(int signal)
{
    switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "a signal";
    }
}

} // namespace

Interrupted::Interrupted(int signal)
    : std::runtime_error(std::string{"interrupted by "} + signal_name(signal) + ": the run was rolled back"),
      signal_(signal)
{
}

void catch_interrupts()
{
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    // The first signal asks for a clean stop; a second one, if the stop hangs, kills as usual.
    action.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

int interrupt_signal() noexcept
{
    return received.load(std::memory_order_relaxed);
}

void throw_if_interrupted()
{
    if (const int signal = interrupt_signal()) throw Interrupted(signal);
}

void sleep_unless_interrupted(std::chrono::milliseconds pause)
{
    constexpr std::chrono::milliseconds kTick{50};
    const auto until = std::chrono::steady_clock::now() + pause;
    while (std::chrono::steady_clock::now() < until) {
        throw_if_interrupted();
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
            kTick, until - std::chrono::steady_clock::now()));
    }
    throw_if_interrupted();
}

} // namespace sluice
