#pragma once
// Rows into a table through COPY ... FROM STDIN, text format. The fields are escaped here into
// one reused buffer, and the buffer goes to libpq in pieces of about 64 KiB, so a row costs its
// escaping and no allocation. libpqxx 6.4's stream_to makes a std::string per field (to_string,
// then the escaped copy, then the joined line) and one libpq call per row: for the millions of
// narrow rows of a dump, several allocations per field are most of the client's work. Measured
// on 1 M rows of 10 text fields into a temporary table: 1.2 s of client CPU through stream_to,
// 0.3 s through this (wall 2.4 s against 1.5 s, the server's share being the same).
//
// The buffers go to libpq on a thread of their own: while libpq waits for the server to take
// one (the server's COPY is the slowest stage of a load), the caller converts and escapes the
// next rows instead of waiting too. A failure to send comes back to the caller at its next
// row or at complete().

#include "core/bounded_queue.hpp"

#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pqxx {
class tablewriter;
class transaction_base;
} // namespace pqxx

namespace sluice {

// COPY's text format: a backslash, newline, carriage return or tab escaped; NULL is \N. An
// empty text stays an empty field, which is not NULL.
void append_copy_field(std::string& line, std::optional<std::string_view> value);

class CopyStream {
public:
    // `table` and `columns` quoted (see quote_identifier). Starts the COPY: the transaction runs
    // nothing else until complete().
    CopyStream(pqxx::transaction_base& transaction, const std::string& table, const std::vector<std::string>& columns);
    // Unfinished, the COPY ends with the transaction, which its owner rolls back.
    ~CopyStream();
    CopyStream(const CopyStream&) = delete;
    CopyStream& operator=(const CopyStream&) = delete;

    // One field of the current row, in the columns' order.
    void field(std::optional<std::string_view> value);
    void field(std::int64_t value);
    // Ends the row; sends what is buffered once there is enough.
    void end_row();
    // Sends the rest and ends the COPY; the server's verdict on the rows (a constraint, a value
    // its type refuses) comes here at the latest.
    void complete();

private:
    void flush();
    void send_buffers();  // the sender thread's body
    void rethrow_failure();

    std::unique_ptr<pqxx::tablewriter> writer_;
    std::string buffer_;
    bool row_started_ = false;
    BoundedQueue<std::string> to_send_{2};
    std::mutex mutex_;
    std::vector<std::string> spare_;  // buffers sent, for reuse
    std::exception_ptr failure_;      // the sender's
    std::thread sender_;
};

} // namespace sluice
