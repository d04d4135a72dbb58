#include "convert/text_cleaner.hpp"

#include <unicode/uchar.h>
#include <unicode/ucasemap.h>
#include <unicode/utf8.h>

#include <climits>
#include <stdexcept>

namespace sluice {

namespace {

bool is_ascii(std::string_view text)
{
    for (const char c : text)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

const std::uint8_t* bytes(std::string_view text) { return reinterpret_cast<const std::uint8_t*>(text.data()); }

// ICU counts in int32_t; a value past 2 GiB is no field any reader hands over.
std::int32_t icu_length(std::string_view text)
{
    if (text.size() > INT32_MAX / 4) throw std::length_error("a value too long to clean");
    return static_cast<std::int32_t>(text.size());
}

} // namespace

bool is_white_space(char32_t c)
{
    if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
    return u_isUWhiteSpace(static_cast<UChar32>(c));
}

std::optional<CleanOp> parse_clean_op(std::string_view name)
{
    if (name == "trim") return CleanOp::trim;
    if (name == "squeeze") return CleanOp::squeeze;
    if (name == "lower") return CleanOp::lower;
    if (name == "upper") return CleanOp::upper;
    return std::nullopt;
}

std::vector<std::string> clean_op_names() { return {"trim", "squeeze", "lower", "upper"}; }

void TextCleaner::CaseMapClose::operator()(UCaseMap* map) const noexcept { ucasemap_close(map); }

TextCleaner::TextCleaner(std::vector<CleanOp> ops) : ops_(std::move(ops))
{
    for (const auto op : ops_) {
        if ((op != CleanOp::lower && op != CleanOp::upper) || case_map_) continue;
        UErrorCode status = U_ZERO_ERROR;
        // The root locale: the data's case mapping must not depend on the machine sluice runs on.
        case_map_.reset(ucasemap_open("", 0, &status));
        if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU case mapping: ") + u_errorName(status));
    }
}

TextCleaner::TextCleaner(TextCleaner&&) noexcept = default;
TextCleaner& TextCleaner::operator=(TextCleaner&&) noexcept = default;
TextCleaner::~TextCleaner() = default;

std::string_view TextCleaner::clean(std::string_view text)
{
    int next = 0;  // the buffer the next copying operation writes into
    for (const auto op : ops_) {
        std::string& out = buffers_[next];
        switch (op) {
        case CleanOp::trim: {
            const auto length = icu_length(text);
            std::int32_t start = 0, end = length;
            while (start < end) {
                std::int32_t i = start;
                UChar32 c = 0;
                U8_NEXT(bytes(text), i, end, c);
                if (c < 0 || !is_white_space(static_cast<char32_t>(c))) break;
                start = i;
            }
            while (end > start) {
                std::int32_t i = end;
                UChar32 c = 0;
                U8_PREV(bytes(text), start, i, c);
                if (c < 0 || !is_white_space(static_cast<char32_t>(c))) break;
                end = i;
            }
            text = text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start));
            continue;  // a view: no buffer used
        }
        case CleanOp::squeeze: text = squeeze(text, out); break;
        case CleanOp::lower: text = change_case(text, out, false); break;
        case CleanOp::upper: text = change_case(text, out, true); break;
        }
        next = 1 - next;
    }
    return text;
}

std::string_view TextCleaner::squeeze(std::string_view text, std::string& out)
{
    out.clear();
    const auto length = icu_length(text);
    bool in_space = false;
    for (std::int32_t i = 0; i < length;) {
        const std::int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(bytes(text), i, length, c);
        if (c >= 0 && is_white_space(static_cast<char32_t>(c))) {
            if (!in_space) out += ' ';
            in_space = true;
            continue;
        }
        in_space = false;
        out.append(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
    }
    return out;
}

std::string_view TextCleaner::change_case(std::string_view text, std::string& out, bool upper)
{
    if (is_ascii(text)) {
        out.assign(text);
        for (char& c : out) {
            if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        return out;
    }
    const auto convert = upper ? ucasemap_utf8ToUpper : ucasemap_utf8ToLower;
    // Case mapping may lengthen the text ("ß" -> "SS"); ICU says by how much when it overflows.
    out.resize(text.size() + text.size() / 2 + 16);
    for (int attempt = 0; attempt < 2; ++attempt) {
        UErrorCode status = U_ZERO_ERROR;
        const std::int32_t written = convert(case_map_.get(), out.data(), icu_length(out), text.data(), icu_length(text), &status);
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            out.resize(static_cast<std::size_t>(written));
            continue;
        }
        if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU case mapping: ") + u_errorName(status));
        out.resize(static_cast<std::size_t>(written));
        return out;
    }
    throw std::runtime_error("ICU case mapping: the text kept growing");
}

} // namespace sluice
