#pragma once
// What a publish writes beside the swap, in the same transaction, so "the report was replaced"
// and "the run is recorded as loaded" are one fact. When the answer to COMMIT is lost (the
// connection dropped at that moment), recorded() asks a new connection whether it took effect,
// so a run that did publish is not failed, and re-run, and loaded twice.

#include <cstdint>

#include <pqxx/transaction_base>

namespace sluice {

class PublishRecord {
public:
    virtual ~PublishRecord() = default;
    virtual void record(pqxx::transaction_base& transaction, std::uint64_t rows) = 0;
    virtual bool recorded() = 0;
};

} // namespace sluice
