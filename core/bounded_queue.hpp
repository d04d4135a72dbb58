#pragma once
// A bounded multi-producer queue between pipeline threads (after libosmium thread/queue.hpp).
// It carries values *or* an exception: a producer that fails calls fail(), and the consumer gets
// the exception rethrown in order, after the values that preceded it. shutdown() is for the
// consumer side: it wakes every waiter and makes further pushes return false, so producers stop.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <variant>

namespace sluice {

template <typename T>
class BoundedQueue {
public:
    explicit BoundedQueue(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

    BoundedQueue(const BoundedQueue&) = delete;
    BoundedQueue& operator=(const BoundedQueue&) = delete;

    // Blocks while the queue is full. Returns false when the consumer has shut the queue down.
    bool push(T value)
    {
        std::unique_lock lock{mutex_};
        not_full_.wait(lock, [&] { return items_.size() < capacity_ || shut_down_; });
        if (shut_down_) return false;
        items_.emplace_back(std::move(value));
        not_empty_.notify_one();
        return true;
    }

    // The producer is done: once the queued values are consumed, pop() returns nullopt.
    void close()
    {
        std::lock_guard lock{mutex_};
        closed_ = true;
        not_empty_.notify_all();
    }

    // The producer failed: pop() rethrows `error` after the values queued before it.
    void fail(std::exception_ptr error)
    {
        std::lock_guard lock{mutex_};
        if (closed_ || shut_down_) return;
        items_.emplace_back(std::move(error));
        closed_ = true;
        not_empty_.notify_all();
    }

    // Blocks until a value, the end of the stream (nullopt), or a rethrown producer error.
    std::optional<T> pop()
    {
        std::unique_lock lock{mutex_};
        not_empty_.wait(lock, [&] { return !items_.empty() || closed_ || shut_down_; });
        if (items_.empty()) return std::nullopt;
        auto item = std::move(items_.front());
        items_.pop_front();
        not_full_.notify_one();
        if (auto* error = std::get_if<std::exception_ptr>(&item)) std::rethrow_exception(*error);
        return std::move(std::get<T>(item));
    }

    // The consumer stops listening: producers blocked in push() wake up and get false.
    void shutdown()
    {
        std::lock_guard lock{mutex_};
        shut_down_ = true;
        items_.clear();
        not_full_.notify_all();
        not_empty_.notify_all();
    }

private:
    const std::size_t capacity_;
    std::mutex mutex_;
    std::condition_variable not_full_;
    std::condition_variable not_empty_;
    std::deque<std::variant<T, std::exception_ptr>> items_;
    bool closed_ = false;
    bool shut_down_ = false;
};

} // namespace sluice
