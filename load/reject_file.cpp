#include "load/reject_file.hpp"

#include "core/error.hpp"

#include <unicode/utf8.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>

namespace sluice {

namespace {

// Tab, LF and CR are text (a record may hold line breaks inside quotes); the other control
// characters move a terminal's cursor, start escape sequences or end C strings.
bool is_control(UChar32 c, bool keep_whitespace)
{
    if (keep_whitespace && (c == '\t' || c == '\n' || c == '\r')) return false;
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

void append_hex(std::string& out, std::string_view bytes)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    for (const char b : bytes) {
        const auto u = static_cast<unsigned char>(b);
        out += "\\x";
        out += kDigits[u >> 4];
        out += kDigits[u & 0xF];
    }
}

} // namespace

RejectFile::RejectFile(std::string path, Layout layout) : path_(std::move(path))
{
    file_.reset(std::fopen(path_.c_str(), "wb"));
    if (!file_) throw Error(path_, std::string{"cannot create reject file: "} + std::strerror(errno));
    line_ = layout == Layout::lines ? "line,reason,record\n" : "source,record,line,byte,column,reason,text\n";
    std::fwrite(line_.data(), 1, line_.size(), file_.get());
}

void RejectFile::put(std::string_view field, Field kind, bool last)
{
    line_ += '"';
    // ICU walks UTF-8 with 32-bit offsets; a CSV record is at most 1 MiB (CsvReader's limit).
    field = field.substr(0, static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()));
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(field.data());
    const auto length = static_cast<std::int32_t>(field.size());
    for (std::int32_t i = 0; i < length;) {
        const std::int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);  // c < 0: an ill-formed sequence, i past its bytes
        const auto piece = field.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
        if (c < 0 || is_control(c, kind == Field::data)) {
            append_hex(line_, piece);
        } else if (c == '\\' && kind == Field::data) {
            line_ += "\\\\";
        } else if (c == '"') {
            line_ += "\"\"";
        } else {
            line_ += piece;
        }
    }
    line_ += '"';
    line_ += last ? '\n' : ',';
}

void RejectFile::add(std::uint64_t line, std::string_view reason, std::string_view raw)
{
    line_ = std::to_string(line) + ",";
    put(reason, Field::message, false);
    put(raw, Field::data, true);
    if (std::fwrite(line_.data(), 1, line_.size(), file_.get()) != line_.size())
        throw Error(path_, std::string{"write failed: "} + std::strerror(errno));
}

void RejectFile::add(const RejectedRecord& rejected)
{
    line_.clear();
    put(rejected.source, Field::message, false);
    line_ += std::to_string(rejected.record) + "," + std::to_string(rejected.line) + "," + std::to_string(rejected.byte) + ",";
    put(rejected.column, Field::message, false);
    put(rejected.reason, Field::message, false);
    put(rejected.raw, Field::data, true);
    if (std::fwrite(line_.data(), 1, line_.size(), file_.get()) != line_.size())
        throw Error(path_, std::string{"write failed: "} + std::strerror(errno));
}

void RejectFile::close()
{
    if (file_ && std::fclose(file_.release()) != 0)
        throw Error(path_, std::string{"write failed: "} + std::strerror(errno));
}

} // namespace sluice
