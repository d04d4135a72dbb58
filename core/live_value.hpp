#pragma once
// A value one thread reads while another thread owns what it comes from: the progress meter
// reads the bytes a source has fetched and the docs a reader has parsed, while the job's threads
// own (and at any moment may destroy) the source and the reader.
//
// The owner attaches a function that reads the value (it must be safe to call from any thread:
// it reads atomics) for as long as the object lives, and detaches it before destroying the
// object; the last value read stays. The mutex makes a read and a detach exclusive, so the
// function is never called on an object being destroyed.

#include <functional>
#include <mutex>
#include <utility>

namespace sluice {

template <typename T>
class LiveValue {
public:
    // Detaches at the end of the owner's scope; declare it after the object the function reads,
    // so it goes first.
    class [[nodiscard]] Attachment {
    public:
        Attachment(LiveValue& value, std::function<T()> read) : value_(value) { value_.attach(std::move(read)); }
        ~Attachment() { value_.detach(); }
        Attachment(const Attachment&) = delete;
        Attachment& operator=(const Attachment&) = delete;

    private:
        LiveValue& value_;
    };

    void attach(std::function<T()> read)
    {
        const std::lock_guard lock{mutex_};
        read_ = std::move(read);
    }

    // Keeps the last value. Never throws when the attached function does not.
    void detach()
    {
        const std::lock_guard lock{mutex_};
        if (read_) last_ = read_();
        read_ = nullptr;
    }

    T get() const
    {
        const std::lock_guard lock{mutex_};
        return read_ ? read_() : last_;
    }

private:
    mutable std::mutex mutex_;
    std::function<T()> read_;
    T last_{};
};

} // namespace sluice
