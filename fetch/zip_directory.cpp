#include "fetch/zip_directory.hpp"

#include "core/error.hpp"
#include "fetch/local_file_input.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

namespace sluice {

namespace {

// Record signatures and fixed sizes (APPNOTE.TXT 4.3.12, 4.3.14-4.3.16).
constexpr std::string_view kEndSignature = "PK\x05\x06";
constexpr std::string_view kZip64EndSignature = "PK\x06\x06";
constexpr std::string_view kZip64LocatorSignature = "PK\x06\x07";
constexpr std::string_view kEntrySignature = "PK\x01\x02";
constexpr std::size_t kEndBytes = 22;
constexpr std::size_t kMaxCommentBytes = 0xFFFF;
constexpr std::size_t kZip64LocatorBytes = 20;
constexpr std::size_t kZip64EndBytes = 56;
constexpr std::size_t kEntryBytes = 46;
constexpr std::uint16_t kZip64ExtraId = 0x0001;
constexpr std::uint32_t kZip64Marker = 0xFFFFFFFF;

std::uint64_t little_endian(std::string_view bytes, std::size_t at, std::size_t width)
{
    std::uint64_t value = 0;
    for (std::size_t i = width; i-- > 0;) value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
    return value;
}
std::uint16_t u16(std::string_view bytes, std::size_t at) { return static_cast<std::uint16_t>(little_endian(bytes, at, 2)); }
std::uint32_t u32(std::string_view bytes, std::size_t at) { return static_cast<std::uint32_t>(little_endian(bytes, at, 4)); }
std::uint64_t u64(std::string_view bytes, std::size_t at) { return little_endian(bytes, at, 8); }

// Bytes read in order from `offset` up to `end`, through the input's pieces.
class Cursor {
public:
    Cursor(RandomAccessInput& input, std::uint64_t offset, std::uint64_t end) : input_(input), offset_(offset), end_(end) {}

    std::uint64_t offset() const { return offset_; }

    // The next `length` bytes, valid until the next call.
    std::string_view take(std::size_t length, const char* what)
    {
        if (length > end_ - offset_)
            throw Error(input_.name(), std::string{"corrupt zip archive: the central directory ends inside "} + what,
                        SourcePosition::at_byte(offset_));
        buffer_.clear();
        while (buffer_.size() < length) {
            if (piece_.empty()) piece_ = input_.read_at(offset_);
            if (piece_.empty())
                throw Error(input_.name(), "zip archive cut short: it ends inside its central directory",
                            SourcePosition::at_byte(offset_));
            const auto n = std::min(piece_.size(), length - buffer_.size());
            buffer_.append(piece_.data(), n);
            piece_ = piece_.subspan(n);
            offset_ += n;
        }
        return buffer_;
    }

private:
    RandomAccessInput& input_;
    std::uint64_t offset_;
    std::uint64_t end_;
    std::span<const char> piece_;
    std::string buffer_;
};

std::string read_exact(RandomAccessInput& input, std::uint64_t offset, std::size_t length, const char* what)
{
    Cursor cursor{input, offset, offset + length};
    return std::string{cursor.take(length, what)};
}

struct DirectoryPlace {
    std::uint64_t entries = 0;
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
    std::uint64_t end_record = 0;  // where the end of central directory record starts
};

DirectoryPlace find_directory(RandomAccessInput& input)
{
    const auto size = input.size();
    if (size < kEndBytes)
        throw Error(input.name(), "cannot read zip archive: " + std::to_string(size) + " bytes is too short for one",
                    SourcePosition::at_byte(size));
    // The end record is the archive's last 22 bytes, unless a comment of up to 64 KiB follows it.
    const auto tail_length = static_cast<std::size_t>(std::min<std::uint64_t>(size, kEndBytes + kMaxCommentBytes));
    const auto tail_start = size - tail_length;
    const auto tail = read_exact(input, tail_start, tail_length, "its end record");
    std::size_t at = tail_length - kEndBytes;
    for (;; --at) {
        if (std::string_view{tail}.substr(at, 4) == kEndSignature && at + kEndBytes + u16(tail, at + 20) <= tail_length)
            break;
        if (at == 0)
            throw Error(input.name(), "cannot read zip archive: no central directory at the end of its " +
                                          std::to_string(size) + " bytes (truncated or corrupt)",
                        SourcePosition::at_byte(size));
    }
    DirectoryPlace place{u16(tail, at + 10), u32(tail, at + 16), u32(tail, at + 12), tail_start + at};

    // Past 65535 entries or 4 GiB the counts live in a zip64 end record, found by a locator
    // just before this one.
    if (place.end_record >= kZip64LocatorBytes) {
        const auto locator =
            read_exact(input, place.end_record - kZip64LocatorBytes, kZip64LocatorBytes, "its zip64 locator");
        if (std::string_view{locator}.substr(0, 4) == kZip64LocatorSignature) {
            const auto zip64_at = u64(locator, 8);
            if (zip64_at > size - std::min<std::uint64_t>(size, kZip64EndBytes))
                throw Error(input.name(), "corrupt zip archive: its zip64 end record lies beyond the end",
                            SourcePosition::at_byte(place.end_record));
            const auto zip64 = read_exact(input, zip64_at, kZip64EndBytes, "its zip64 end record");
            if (std::string_view{zip64}.substr(0, 4) != kZip64EndSignature)
                throw Error(input.name(), "corrupt zip archive: no zip64 end record where its locator points",
                            SourcePosition::at_byte(zip64_at));
            place.entries = u64(zip64, 32);
            place.size = u64(zip64, 40);
            place.offset = u64(zip64, 48);
            place.end_record = zip64_at;
        }
    }
    if (place.offset > place.end_record || place.size > place.end_record - place.offset)
        throw Error(input.name(), "corrupt zip archive: its central directory (" + std::to_string(place.size) +
                                      " bytes at byte " + std::to_string(place.offset) + ") overlaps its end record",
                    SourcePosition::at_byte(place.end_record));
    return place;
}

// Sizes too large for 32 bits are 0xFFFFFFFF in the entry, the real ones in its zip64 extra field.
void apply_zip64_extra(std::string_view extra, ZipEntry& entry, bool size_in_extra, bool compressed_in_extra)
{
    for (std::size_t at = 0; at + 4 <= extra.size();) {
        const auto id = u16(extra, at);
        const auto length = u16(extra, at + 2);
        const auto data = extra.substr(at + 4, std::min<std::size_t>(length, extra.size() - at - 4));
        if (id == kZip64ExtraId) {
            std::size_t field = 0;
            if (size_in_extra && field + 8 <= data.size()) {
                entry.size = u64(data, field);
                field += 8;
            }
            if (compressed_in_extra && field + 8 <= data.size()) entry.compressed_size = u64(data, field);
            return;
        }
        at += 4 + length;
    }
}

} // namespace

std::uint64_t read_zip_directory(RandomAccessInput& input, const std::function<void(const ZipEntry&)>& each)
{
    const auto place = find_directory(input);
    Cursor cursor{input, place.offset, place.offset + place.size};
    ZipEntry entry;
    for (std::uint64_t i = 0; i < place.entries; ++i) {
        const auto entry_at = cursor.offset();
        const auto header = std::string{cursor.take(kEntryBytes, "an entry")};
        if (std::string_view{header}.substr(0, 4) != kEntrySignature)
            throw Error(input.name(), "corrupt zip archive: entry " + std::to_string(i + 1) + " of " +
                                          std::to_string(place.entries) + " in the central directory has no signature",
                        SourcePosition::at_byte(entry_at));
        entry.method = u16(header, 10);
        entry.compressed_size = u32(header, 20);
        entry.size = u32(header, 24);
        entry.path = cursor.take(u16(header, 28), "an entry's name");
        const auto extra = cursor.take(u16(header, 30), "an entry's extra field");
        apply_zip64_extra(extra, entry, entry.size == kZip64Marker, entry.compressed_size == kZip64Marker);
        cursor.take(u16(header, 32), "an entry's comment");
        each(entry);
    }
    return place.entries;
}

std::uint64_t read_zip_directory(const std::string& path, const std::function<void(const ZipEntry&)>& each)
{
    LocalFileInput input{path};
    return read_zip_directory(input, each);
}

std::string zip_method_name(std::uint16_t method)
{
    switch (method) {
    case 0: return "stored";
    case 8: return "deflated";
    case 9: return "deflate64";
    case 12: return "bzip2";
    case 14: return "lzma";
    case 93: return "zstd";
    case 95: return "xz";
    default: return "method " + std::to_string(method);
    }
}

} // namespace sluice
