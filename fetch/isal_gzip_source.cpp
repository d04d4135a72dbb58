#include "fetch/isal_gzip_source.hpp"

#include "core/error.hpp"
#include "fetch/gzip_stream_end.hpp"

#include <algorithm>
#include <string>

namespace sluice {

namespace {

std::string isal_reason(int status)
{
    switch (status) {
    case ISAL_INVALID_BLOCK: return "invalid deflate block";
    case ISAL_INVALID_SYMBOL: return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK: return "invalid distance too far back";
    case ISAL_INVALID_WRAPPER: return "not a gzip header";
    case ISAL_UNSUPPORTED_METHOD: return "unknown compression method";
    case ISAL_INCORRECT_CHECKSUM: return "incorrect data check";
    case ISAL_NEED_DICT: return "a preset dictionary is needed";
    default: return "inflate error " + std::to_string(status);
    }
}

} // namespace

IsalGzipSource::IsalGzipSource(ByteSourcePtr upstream, std::size_t buffer_size)
    : upstream_(std::move(upstream)), input_(buffer_size), state_(std::make_unique<inflate_state>())
{
    isal_inflate_init(state_.get());
    state_->crc_flag = ISAL_GZIP;  // parse the gzip header, verify CRC-32 and length
}

void IsalGzipSource::start_member()
{
    // The bytes after a member's trailer are the next member's; keep them across the reset.
    auto* next_in = state_->next_in;
    const auto avail_in = state_->avail_in;
    isal_inflate_reset(state_.get());
    state_->crc_flag = ISAL_GZIP;
    state_->next_in = next_in;
    state_->avail_in = avail_in;
}

// igzip reads ahead into a 64-bit bit buffer: whole bytes still in it are not consumed yet, so
// the offset does not depend on how the input was chunked.
std::uint64_t IsalGzipSource::compressed_offset() const
{
    const auto buffered = static_cast<std::uint64_t>(std::max(state_->read_in_length, 0) / 8);
    return upstream_->position() - state_->avail_in - buffered;
}

bool IsalGzipSource::refill()
{
    if (input_ended_) return false;
    const auto n = upstream_->read(input_);
    if (n == 0) {
        input_ended_ = true;
        return false;
    }
    state_->next_in = reinterpret_cast<std::uint8_t*>(input_.data());
    state_->avail_in = static_cast<std::uint32_t>(n);
    return true;
}

std::size_t IsalGzipSource::read(std::span<char> out)
{
    auto& state = *state_;
    state.next_out = reinterpret_cast<std::uint8_t*>(out.data());
    state.avail_out = static_cast<std::uint32_t>(out.size());

    while (state.avail_out == out.size()) {
        if (state.block_state == ISAL_BLOCK_FINISH) {
            // A member ended; another may follow.
            member_open_ = false;
            ++members_ended_;
            if (state.avail_in == 0 && !refill()) break;
            start_member();
        }
        if (state.avail_in == 0 && !refill()) {
            check_gzip_input_end(*this, *upstream_, member_open_);
            break;
        }
        member_open_ = true;
        const int status = isal_inflate(&state);
        if (status < 0 || status == ISAL_NEED_DICT) {
            // igzip checks the trailer's CRC-32 and length together and does not say which failed.
            const auto reason = status == ISAL_INCORRECT_CHECKSUM
                                    ? "CRC-32 or length mismatch in member " + std::to_string(members_ended_ + 1)
                                    : isal_reason(status);
            throw DecodeError(name(), "corrupt gzip data: " + reason, SourcePosition::at_byte(compressed_offset()));
        }
    }

    const auto produced = out.size() - state.avail_out;
    position_ += produced;
    return produced;
}

} // namespace sluice
