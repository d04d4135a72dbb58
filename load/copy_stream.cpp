#include "load/copy_stream.hpp"

#include <pqxx/tablewriter>
#include <pqxx/transaction_base>

#include <charconv>
#include <stdexcept>

namespace sluice {

namespace {

// Big enough that libpq's per-call work vanishes, small enough to stay in cache.
constexpr std::size_t kFlushBytes = 64 * 1024;

} // namespace

void append_copy_field(std::string& line, std::optional<std::string_view> value)
{
    if (!value) {
        line += "\\N";
        return;
    }
    std::size_t plain = 0;
    const auto text = *value;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const char* escape = c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : nullptr;
        if (escape == nullptr) continue;
        line.append(text.substr(plain, i - plain));
        line += escape;
        plain = i + 1;
    }
    line.append(text.substr(plain));
}

CopyStream::CopyStream(pqxx::transaction_base& transaction, const std::string& table,
                       const std::vector<std::string>& columns)
{
    // tablewriter is deprecated in libpqxx 6.4 for stream_to, but it alone takes a line already
    // in COPY's format (write_raw_line), and a line may hold many rows: COPY's data is a byte
    // stream that libpq passes on as it comes. Its warning about multibyte encodings is about its
    // own escaping, which is not used here, and sluice's sessions talk UTF-8.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    writer_ = std::make_unique<pqxx::tablewriter>(transaction, table, columns.begin(), columns.end());
#pragma GCC diagnostic pop
    buffer_.reserve(kFlushBytes + 4096);
    // Until complete(), the connection is the sender's alone.
    sender_ = std::thread([this] { send_buffers(); });
}

CopyStream::~CopyStream()
{
    // Unfinished: what is queued is dropped; a buffer being sent goes out, then the sender stops.
    to_send_.shutdown();
    if (sender_.joinable()) sender_.join();
}

void CopyStream::send_buffers()
{
    try {
        while (auto buffer = to_send_.pop()) {
            // write_raw_line() drops one trailing newline and adds its own.
            writer_->write_raw_line(*buffer);
            buffer->clear();
            const std::lock_guard lock{mutex_};
            spare_.push_back(std::move(*buffer));
        }
    } catch (...) {
        {
            const std::lock_guard lock{mutex_};
            failure_ = std::current_exception();
        }
        to_send_.shutdown();  // a producer waiting to push wakes up and finds the failure
    }
}

void CopyStream::rethrow_failure()
{
    const std::lock_guard lock{mutex_};
    if (failure_) std::rethrow_exception(failure_);
}

void CopyStream::field(std::optional<std::string_view> value)
{
    if (row_started_) buffer_ += '\t';
    row_started_ = true;
    append_copy_field(buffer_, value);
}

void CopyStream::field(std::int64_t value)
{
    if (row_started_) buffer_ += '\t';
    row_started_ = true;
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    buffer_.append(digits, end);
}

void CopyStream::end_row()
{
    buffer_ += '\n';
    row_started_ = false;
    if (buffer_.size() >= kFlushBytes) flush();
}

void CopyStream::flush()
{
    if (buffer_.empty()) return;
    rethrow_failure();
    if (!to_send_.push(std::move(buffer_))) {
        rethrow_failure();
        throw std::logic_error("COPY: the sender stopped without a failure");
    }
    const std::lock_guard lock{mutex_};
    if (spare_.empty()) {
        buffer_ = std::string{};
        buffer_.reserve(kFlushBytes + 4096);
    } else {
        buffer_ = std::move(spare_.back());
        spare_.pop_back();
    }
}

void CopyStream::complete()
{
    flush();
    to_send_.close();
    sender_.join();
    rethrow_failure();
    writer_->complete();
}

} // namespace sluice
