#include "parse/utf8_repair_source.hpp"

#include "core/error.hpp"

#include <unicode/ucnv_err.h>

namespace sluice {

namespace {

constexpr std::size_t kInput = 256 * 1024;

// Counts each ill-formed sequence, then lets ICU's own callback put U+FFFD in its place.
extern "C" void count_and_substitute(const void* context, UConverterToUnicodeArgs* args, const char* units,
                                     int32_t length, UConverterCallbackReason reason, UErrorCode* error)
{
    if (reason == UCNV_UNASSIGNED || reason == UCNV_ILLEGAL || reason == UCNV_IRREGULAR)
        ++*static_cast<std::uint64_t*>(const_cast<void*>(context));
    UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, units, length, reason, error);
}

} // namespace

Utf8RepairSource::Utf8RepairSource(ByteSourcePtr upstream)
    : upstream_(std::move(upstream)), in_(kInput), pivot_(std::make_unique<UChar[]>(kPivot)),
      pivot_source_(pivot_.get()), pivot_target_(pivot_.get())
{
    UErrorCode status = U_ZERO_ERROR;
    decoder_.reset(ucnv_open("UTF-8", &status));
    if (U_SUCCESS(status)) encoder_.reset(ucnv_open("UTF-8", &status));
    if (U_SUCCESS(status))
        ucnv_setToUCallBack(decoder_.get(), count_and_substitute, &replaced_, nullptr, nullptr, &status);
    if (U_FAILURE(status)) throw Error(name(), std::string{"cannot set up UTF-8 repair: "} + u_errorName(status));
}

std::size_t Utf8RepairSource::read(std::span<char> out)
{
    char* target = out.data();
    char* const limit = out.data() + out.size();
    for (;;) {
        if (in_begin_ == in_end_ && !upstream_done_) {
            in_begin_ = 0;
            in_end_ = upstream_->read(in_);
            upstream_done_ = in_end_ == 0;
        }
        const char* source = in_.data() + in_begin_;
        UErrorCode status = U_ZERO_ERROR;
        ucnv_convertEx(encoder_.get(), decoder_.get(), &target, limit, &source, in_.data() + in_end_, pivot_.get(),
                       &pivot_source_, &pivot_target_, pivot_.get() + kPivot, first_, upstream_done_, &status);
        first_ = false;
        in_begin_ = static_cast<std::size_t>(source - in_.data());
        const auto produced = static_cast<std::size_t>(target - out.data());
        if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
            throw Error(name(), std::string{"cannot repair UTF-8: "} + u_errorName(status),
                        SourcePosition::at_byte(position_ + produced));
        // Full, or something to hand out, or flushed at the end (then 0 means the end).
        if (status == U_BUFFER_OVERFLOW_ERROR || produced > 0 || upstream_done_) {
            position_ += produced;
            return produced;
        }
    }
}

} // namespace sluice
