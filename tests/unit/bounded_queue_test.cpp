#include "core/bounded_queue.hpp"

#include "core/error.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using sluice::BoundedQueue;

namespace {

// Long enough for a thread that is not blocked to get through push(); a correct queue never lets
// a blocked one through, so this only decides how hard a broken queue is looked for.
constexpr auto kSettle = std::chrono::milliseconds(30);

} // namespace

TEST_CASE("bounded queue: values come out in order, then nullopt after close")
{
    BoundedQueue<int> queue(8);
    for (int i = 1; i <= 5; ++i) CHECK(queue.push(i));
    queue.close();
    for (int i = 1; i <= 5; ++i) CHECK(queue.pop() == i);
    CHECK(queue.pop() == std::nullopt);
    CHECK(queue.pop() == std::nullopt);  // the end stays the end
}

TEST_CASE("bounded queue: move-only values")
{
    BoundedQueue<std::unique_ptr<std::string>> queue(2);
    CHECK(queue.push(std::make_unique<std::string>("Heat")));
    queue.close();
    auto value = queue.pop();
    REQUIRE(value.has_value());
    CHECK(**value == "Heat");
    CHECK_FALSE(queue.pop().has_value());
}

TEST_CASE("bounded queue: push blocks while the queue is full and resumes after a pop")
{
    for (const std::size_t capacity : {std::size_t{0}, std::size_t{1}, std::size_t{3}}) {
        CAPTURE(capacity);
        const std::size_t effective = capacity == 0 ? 1 : capacity;  // 0 would block forever; means 1
        BoundedQueue<int> queue(capacity);
        for (std::size_t i = 0; i < effective; ++i) REQUIRE(queue.push(static_cast<int>(i)));

        std::atomic<bool> pushed{false};
        std::thread producer([&] {
            CHECK(queue.push(99));
            pushed = true;
        });
        std::this_thread::sleep_for(kSettle);
        CHECK_FALSE(pushed.load());

        CHECK(queue.pop() == 0);
        producer.join();
        CHECK(pushed.load());
        queue.close();
        for (std::size_t i = 1; i < effective; ++i) CHECK(queue.pop() == static_cast<int>(i));
        CHECK(queue.pop() == 99);
        CHECK(queue.pop() == std::nullopt);
    }
}

TEST_CASE("bounded queue: pop blocks until a value or close arrives")
{
    BoundedQueue<int> queue(4);
    std::atomic<int> stage{0};
    std::vector<std::optional<int>> got;
    std::thread consumer([&] {
        got.push_back(queue.pop());
        stage = 1;
        got.push_back(queue.pop());
        stage = 2;
    });
    std::this_thread::sleep_for(kSettle);
    CHECK(stage.load() == 0);
    queue.push(7);
    while (stage.load() < 1) std::this_thread::yield();
    std::this_thread::sleep_for(kSettle);
    CHECK(stage.load() == 1);
    queue.close();
    consumer.join();
    REQUIRE(got.size() == 2);
    CHECK(got[0] == 7);
    CHECK(got[1] == std::nullopt);
}

TEST_CASE("bounded queue: fail() rethrows the producer's error after the values before it")
{
    BoundedQueue<int> queue(8);
    queue.push(1);
    queue.push(2);
    queue.fail(std::make_exception_ptr(sluice::Error("dump.xml.gz", "truncated gzip data", sluice::SourcePosition::at_byte(77))));
    CHECK(queue.pop() == 1);
    CHECK(queue.pop() == 2);
    CHECK_THROWS_WITH_AS(queue.pop(), "dump.xml.gz: byte 77: truncated gzip data", sluice::Error);
    // The failure ended the stream.
    CHECK(queue.pop() == std::nullopt);
}

TEST_CASE("bounded queue: the error reaches a consumer in another thread, in order")
{
    BoundedQueue<int> queue(2);
    std::thread producer([&] {
        try {
            for (int i = 0; i < 100; ++i) queue.push(i);
            throw std::runtime_error("worker failed at 100");
        } catch (...) {
            queue.fail(std::current_exception());
        }
    });
    int expected = 0;
    std::string error;
    try {
        while (auto value = queue.pop()) CHECK(*value == expected++);
    } catch (const std::runtime_error& e) {
        error = e.what();
    }
    producer.join();
    CHECK(expected == 100);
    CHECK(error == "worker failed at 100");
}

TEST_CASE("bounded queue: fail() after close() is ignored")
{
    BoundedQueue<int> queue(4);
    queue.push(1);
    queue.close();
    queue.fail(std::make_exception_ptr(std::runtime_error("late")));
    CHECK(queue.pop() == 1);
    CHECK(queue.pop() == std::nullopt);
}

TEST_CASE("bounded queue: shutdown() makes push return false and drops queued values")
{
    BoundedQueue<int> queue(4);
    CHECK(queue.push(1));
    queue.shutdown();
    CHECK_FALSE(queue.push(2));
    CHECK(queue.pop() == std::nullopt);
}

TEST_CASE("bounded queue: shutdown() wakes a producer blocked on a full queue")
{
    BoundedQueue<int> queue(1);
    REQUIRE(queue.push(1));
    std::atomic<int> result{-1};
    std::thread producer([&] { result = queue.push(2) ? 1 : 0; });
    std::this_thread::sleep_for(kSettle);
    CHECK(result.load() == -1);  // still blocked
    queue.shutdown();
    producer.join();
    CHECK(result.load() == 0);
}

TEST_CASE("bounded queue: shutdown() wakes a blocked consumer with nullopt")
{
    BoundedQueue<int> queue(1);
    std::atomic<bool> woke{false};
    std::optional<int> got = 42;
    std::thread consumer([&] {
        got = queue.pop();
        woke = true;
    });
    std::this_thread::sleep_for(kSettle);
    CHECK_FALSE(woke.load());
    queue.shutdown();
    consumer.join();
    CHECK(got == std::nullopt);
}

TEST_CASE("bounded queue: several producers, one consumer, each producer's order kept")
{
    constexpr int kProducers = 4;
    constexpr int kEach = 2000;
    BoundedQueue<std::pair<int, int>> queue(8);
    std::vector<std::thread> producers;
    for (int p = 0; p < kProducers; ++p)
        producers.emplace_back([&queue, p] {
            for (int i = 0; i < kEach; ++i) queue.push({p, i});
        });
    std::thread closer([&] {
        for (auto& producer : producers) producer.join();
        queue.close();
    });
    std::vector<int> next(kProducers, 0);
    int total = 0;
    bool in_order = true;
    while (auto value = queue.pop()) {
        in_order = in_order && value->second == next[value->first];
        next[value->first] = value->second + 1;
        ++total;
    }
    closer.join();
    CHECK(in_order);
    CHECK(total == kProducers * kEach);
}
