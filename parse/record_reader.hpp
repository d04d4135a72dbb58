#pragma once
// What a load job reads records from, whatever the format: a CSV dialect or an XML record path.
// A reader is made with the list of fields the job asks for (CSV: a header name or a 1-based
// position; XML: a field path relative to the record) and fills one Record per record with the
// texts each field matched.

#include "parse/record.hpp"

#include <cstdint>
#include <exception>
#include <string>

namespace sluice {

class RecordReader {
public:
    virtual ~RecordReader() = default;

    // Fills `record` with the next record; false at the end. A malformed record comes back with
    // record.error set (a reject); a fault that ends the stream (malformed XML, a broken source)
    // throws sluice::Error naming the source, line and byte.
    virtual bool next(Record& record) = 0;

    // Records read so far, rejected ones included. Any thread may read it (a progress meter does).
    virtual std::uint64_t records_read() const = 0;

    // Whether field `field` matched anything in any record so far: a field that never did is
    // probably misspelt, and the summary warns about it.
    virtual bool field_ever_matched(std::size_t field) const = 0;

    // A failure of the source that a reader reading ahead met (and keeps until the records
    // before it are taken), if any: after a parse failure, it may be the cause.
    virtual std::exception_ptr source_failure() const { return nullptr; }
};

} // namespace sluice
