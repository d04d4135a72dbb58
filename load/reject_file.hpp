#pragma once
// Records the input rows sluice refused, as CSV (line, reason, record), so nothing bad is dropped
// silently and a person can fix the source or report it upstream.
//
// The file is valid UTF-8 whatever the input held, safe to print on a terminal and to open in a
// spreadsheet. In the record, the raw text, a backslash is written \\ and every byte of a control
// character other than tab, LF and CR (U+0000-U+001F, U+007F-U+009F: NUL, ESC, DEL, CSI...) or of
// ill-formed UTF-8 is written \xHH (two lowercase hex digits): undoing those two escapes gives
// the record's bytes back exactly. The reason is sluice's one-line message; any such byte in it
// is written \xHH too (its backslashes are its own: it is a message, not data).

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace sluice {

// A record a load job refused: where it was, which column failed (empty for the whole record)
// and why, and its text as read.
struct RejectedRecord {
    std::string_view source;
    std::uint64_t record = 0;  // 1-based, in its source
    std::uint64_t line = 0;
    std::uint64_t byte = 0;
    std::string_view column;
    std::string_view reason;
    std::string_view raw;
};

class RejectFile {
public:
    // The report's layout: line,reason,record. A load job's: source,record,line,byte,column,reason,text.
    enum class Layout { lines, records };

    explicit RejectFile(std::string path, Layout layout = Layout::lines);

    void add(std::uint64_t line, std::string_view reason, std::string_view raw);
    void add(const RejectedRecord& rejected);
    void close();

    const std::string& path() const { return path_; }

private:
    struct FileCloser {
        void operator()(std::FILE* file) const noexcept { std::fclose(file); }
    };
    enum class Field { message, data };
    void put(std::string_view field, Field kind, bool last);

    std::string path_;
    std::unique_ptr<std::FILE, FileCloser> file_;
    std::string line_;
};

} // namespace sluice
