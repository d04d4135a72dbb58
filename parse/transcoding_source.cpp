#include "parse/transcoding_source.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>

namespace sluice {

namespace {

constexpr std::size_t kInput = 256 * 1024;

// Counts each invalid sequence and puts U+FFFD in its place. (ICU's own substitute callback
// writes U+001A for some code pages, a control character XML does not allow.)
extern "C" void count_and_substitute(const void* context, UConverterToUnicodeArgs* args, const char*, int32_t,
                                     UConverterCallbackReason reason, UErrorCode* error)
{
    if (reason != UCNV_UNASSIGNED && reason != UCNV_ILLEGAL && reason != UCNV_IRREGULAR) return;
    ++*static_cast<std::uint64_t*>(const_cast<void*>(context));
    static const UChar kReplacement = 0xFFFD;
    *error = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, error);
}

} // namespace

TranscodingSource::TranscodingSource(ByteSourcePtr upstream, std::string_view encoding, Invalid invalid)
    : TranscodingSource(*upstream, encoding, invalid)
{
    owned_ = std::move(upstream);
}

TranscodingSource::TranscodingSource(ByteSource& upstream, std::string_view encoding, Invalid invalid)
    : upstream_(upstream), encoding_(encoding), invalid_(invalid), in_(kInput),
      pivot_(std::make_unique<UChar[]>(kPivot)), pivot_source_(pivot_.get()), pivot_target_(pivot_.get())
{
    UErrorCode status = U_ZERO_ERROR;
    decoder_.reset(ucnv_open(encoding_.c_str(), &status));
    // U_AMBIGUOUS_ALIAS_WARNING ("windows-1252" names several tables) is not a failure.
    if (U_FAILURE(status)) {
        if (status == U_FILE_ACCESS_ERROR || status == U_ILLEGAL_ARGUMENT_ERROR)
            throw Error(name(), "unknown encoding '" + encoding_ + "'");
        throw Error(name(), "cannot decode " + encoding_ + ": " + u_errorName(status));
    }
    status = U_ZERO_ERROR;
    encoder_.reset(ucnv_open("UTF-8", &status));
    if (U_SUCCESS(status)) {
        if (invalid_ == Invalid::replace)
            ucnv_setToUCallBack(decoder_.get(), count_and_substitute, &replaced_, nullptr, nullptr, &status);
        else
            ucnv_setToUCallBack(decoder_.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    }
    if (U_FAILURE(status)) throw Error(name(), std::string{"cannot decode " + encoding_ + ": "} + u_errorName(status));
}

std::exception_ptr TranscodingSource::refusal(UErrorCode status) const
{
    char bytes[32];
    int8_t length = sizeof bytes;
    UErrorCode ignored = U_ZERO_ERROR;
    ucnv_getInvalidChars(decoder_.get(), bytes, &length, &ignored);
    if (U_FAILURE(ignored)) length = 0;
    std::string shown;
    for (int8_t i = 0; i < length; ++i)
        shown += fmt::format("{}0x{:02X}", i ? " " : "", static_cast<unsigned char>(bytes[i]));
    std::uint64_t at = in_offset_ + in_begin_ - static_cast<std::uint64_t>(length);
    // When the input came in pieces, ICU may have taken the first byte of the UTF-16 unit after
    // a lone high surrogate before it knew the surrogate was alone, and keeps it to itself (not
    // even ucnv_toUCountPending counts it). Invalid bytes in UTF-16 or UTF-32 start a unit.
    if (const auto unit = static_cast<std::uint64_t>(ucnv_getMinCharSize(decoder_.get())); unit > 1) at -= at % unit;
    const std::string what = status == U_TRUNCATED_CHAR_FOUND
                                 ? "the text ends inside a " + encoding_ + " character: " + shown
                                 : "not valid " + encoding_ + ": " + shown;
    return std::make_exception_ptr(
        Error(name(), what + " (--invalid-utf8 replace puts U+FFFD in its place)", SourcePosition::at_byte(at)));
}

std::size_t TranscodingSource::flush_pivot(char*& target, char* limit)
{
    // What the pivot holds, and what the encoder holds of a character the last read had no room
    // for (even with an empty pivot: fromUnicode writes that out first).
    char* const start = target;
    UErrorCode status = U_ZERO_ERROR;
    const UChar* from = pivot_source_;
    ucnv_fromUnicode(encoder_.get(), &target, limit, &from, pivot_target_, nullptr, false, &status);
    pivot_source_ = const_cast<UChar*>(from);
    return static_cast<std::size_t>(target - start);
}

std::size_t TranscodingSource::read(std::span<char> out)
{
    char* target = out.data();
    char* const limit = out.data() + out.size();
    if (failure_) {
        // What was decoded before the bad bytes may still wait in the pivot.
        const auto flushed = flush_pivot(target, limit);
        if (flushed == 0) std::rethrow_exception(failure_);
        position_ += flushed;
        return flushed;
    }
    for (;;) {
        if (in_begin_ == in_end_ && !upstream_done_) {
            in_offset_ += in_end_;
            in_begin_ = 0;
            in_end_ = upstream_.read(in_);
            upstream_done_ = in_end_ == 0;
        }
        const char* source = in_.data() + in_begin_;
        UErrorCode status = U_ZERO_ERROR;
        ucnv_convertEx(encoder_.get(), decoder_.get(), &target, limit, &source, in_.data() + in_end_, pivot_.get(),
                       &pivot_source_, &pivot_target_, pivot_.get() + kPivot, first_, upstream_done_, &status);
        first_ = false;
        in_begin_ = static_cast<std::size_t>(source - in_.data());
        const auto produced = static_cast<std::size_t>(target - out.data());
        if (status == U_ILLEGAL_CHAR_FOUND || status == U_INVALID_CHAR_FOUND || status == U_TRUNCATED_CHAR_FOUND) {
            failure_ = refusal(status);
            const auto total = produced + flush_pivot(target, limit);
            if (total == 0) std::rethrow_exception(failure_);
            position_ += total;
            return total;
        }
        if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
            throw Error(name(), "cannot decode " + encoding_ + ": " + u_errorName(status),
                        SourcePosition::at_byte(in_offset_ + in_begin_));
        // Full, or something to hand out, or flushed at the end (then 0 means the end).
        if (status == U_BUFFER_OVERFLOW_ERROR || produced > 0 || upstream_done_) {
            position_ += produced;
            return produced;
        }
    }
}

} // namespace sluice
