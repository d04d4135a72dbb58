#include "parse/parallel_doc_reader.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <regex>
#include <string_view>
#include <utility>

namespace sluice {

namespace {

// A growable byte buffer that is written before it is read: a std::string or std::vector would
// zero-fill every megabyte of every block first.
class ByteBuffer {
public:
    char* data() { return bytes_.get(); }
    const char* data() const { return bytes_.get(); }
    std::size_t size() const { return size_; }
    std::size_t capacity() const { return capacity_; }
    std::string_view view() const { return {bytes_.get(), size_}; }
    void reserve(std::size_t capacity)
    {
        if (capacity <= capacity_) return;
        auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
        if (size_ > 0) std::memcpy(bigger.get(), bytes_.get(), size_);
        bytes_ = std::move(bigger);
        capacity_ = capacity;
    }
    void resize(std::size_t size) { size_ = size; }  // within capacity(); new bytes are not cleared
    void clear()
    {
        bytes_.reset();
        size_ = capacity_ = 0;
    }

private:
    std::unique_ptr<char[]> bytes_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

} // namespace

struct ParallelDocReader::Block {
    ByteBuffer bytes;              // the block's own bytes (a little more may follow: not its own)
    std::size_t size = 0;          // how many of `bytes` are the block's
    std::string_view prefix;       // the root's start tag, unless the block starts the stream
    std::uint64_t prefix_lines = 0;  // newlines in it
    std::string_view suffix;       // the root's end tag, unless the block ends the stream
    std::uint64_t start_byte = 0;  // the block's first byte in the stream
    std::uint64_t start_column = 0;  // bytes before it on its line
    std::promise<Parsed> result;
};

namespace {

constexpr std::string_view kDocEnd = "</doc>";

// Bytes already taken from `upstream`, then the rest of it.
class ResumedSource final : public ByteSource {
public:
    ResumedSource(std::string head, ByteSource& upstream) : head_(std::move(head)), upstream_(upstream) {}
    std::size_t read(std::span<char> out) override
    {
        std::size_t n = 0;
        if (taken_ < head_.size()) {
            n = std::min(out.size(), head_.size() - taken_);
            std::memcpy(out.data(), head_.data() + taken_, n);
            taken_ += n;
        } else {
            n = upstream_.read(out);
        }
        position_ += n;
        return n;
    }
    const std::string& name() const override { return upstream_.name(); }
    std::uint64_t position() const override { return position_; }

private:
    std::string head_;
    ByteSource& upstream_;
    std::size_t taken_ = 0;
    std::uint64_t position_ = 0;
};

// After the prolog (XML declaration, comments, a DOCTYPE the parser will refuse) and the root
// start tag: where the first element inside the root starts, and the root tag itself.
struct Layout {
    std::string root_start;  // "<feed>"
    std::string root_end;    // "</feed>"
    bool docs_under_root = false;
};

std::optional<Layout> find_layout(std::string_view head)
{
    std::size_t i = 0;
    std::string_view root;
    while (true) {
        i = head.find('<', i);
        if (i == std::string_view::npos || i + 1 >= head.size()) return std::nullopt;  // need more bytes
        const auto rest = head.substr(i);
        std::string_view close = ">";
        if (rest.starts_with("<?")) close = "?>";
        else if (rest.starts_with("<!--")) close = "-->";
        const auto end = head.find(close, i + 1);
        if (end == std::string_view::npos) return std::nullopt;
        if (rest.starts_with("<?") || rest.starts_with("<!")) {
            i = end + close.size();
            continue;
        }
        if (root.empty()) {
            root = head.substr(i, end + 1 - i);
            i = end + 1;
            continue;
        }
        // The first element inside the root.
        Layout layout;
        layout.root_start = std::string{root};
        const auto name_end = root.find_first_of(" \t\r\n/>", 1);
        layout.root_end = "</" + std::string{root.substr(1, name_end - 1)} + ">";
        layout.docs_under_root = rest.starts_with("<doc>") || rest.starts_with("<doc ");
        if (root.ends_with("/>")) layout.docs_under_root = false;
        return layout;
    }
}

// The stream's position for an error a block's parser raised; `start_line` is the line the
// block starts on, known only once the blocks before it have been counted.
std::exception_ptr relocated(std::exception_ptr error, const ParallelDocReader::Block& block, std::uint64_t start_line)
{
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        auto where = e.where();
        const auto prefix = block.prefix.size();
        const auto wrapper_lines = block.prefix_lines;
        if (where.byte) where.byte = block.start_byte + (*where.byte > prefix ? *where.byte - prefix : 0);
        // The block's first line is the rest of the line its cut fell in.
        const auto global_line = [&](std::uint64_t local) {
            return start_line + (local > wrapper_lines + 1 ? local - wrapper_lines - 1 : 0);
        };
        if (where.line) {
            if (where.column && *where.line == wrapper_lines + 1) where.column = *where.column + block.start_column;
            where.line = global_line(*where.line);
        }
        // libxml2 names lines in some messages too: "tag mismatch: abstrct line 559 and abstract".
        std::string detail = e.detail();
        static const std::regex kLineInMessage{R"(( line )(\d+)( and ))"};
        std::smatch m;
        if (std::regex_search(detail, m, kLineInMessage)) {
            const auto local = std::stoull(m[2].str());
            detail = m.prefix().str() + m[1].str() + std::to_string(global_line(local)) + m[3].str() + m.suffix().str();
        }
        return std::make_exception_ptr(Error(e.source(), detail, where));
    } catch (...) {
        return std::current_exception();
    }
}

} // namespace

ParallelDocReader::ParallelDocReader(ByteSource& source, XmlDocReader::TitleFilter keep, std::size_t workers,
                                     std::size_t block_bytes)
    : source_(source), keep_(std::move(keep)), block_bytes_(block_bytes), work_(workers + 1), results_(2 * workers + 2)
{
    threads_.emplace_back([this] { cut(); });
    for (std::size_t i = 0; i < std::max<std::size_t>(workers, 1); ++i) threads_.emplace_back([this] { parse_blocks(); });
}

ParallelDocReader::~ParallelDocReader()
{
    results_.shutdown();
    work_.shutdown();
    threads_.clear();  // joins
}

void ParallelDocReader::cut()
{
    ByteBuffer pending;
    std::uint64_t pending_start = 0;  // stream offset of pending[0]
    std::optional<Layout> layout;
    std::size_t want = block_bytes_;
    std::uint64_t start_column = 0;  // of pending[0] in its line, 0-based
    std::uint64_t root_start_lines = 0;
    bool at_end = false;
    try {
        while (true) {
            // Read straight into the block-to-be; no copy until the cut.
            while (!at_end && pending.size() < want) {
                const auto filled = pending.size();
                pending.reserve(std::max(want, filled + 64 * 1024));
                const auto n = source_.read({pending.data() + filled, pending.capacity() - filled});
                pending.resize(filled + n);
                if (n == 0) at_end = true;
            }
            if (!layout) {
                layout = find_layout(pending.view());
                if (!layout && !at_end && pending.size() < kMaxBlockBytes) {
                    want += block_bytes_;  // the prolog is long: read on until the root shows
                    continue;
                }
                if (!layout || !layout->docs_under_root) return read_sequentially(std::string{pending.view()});
                root_start_ = layout->root_start + "\n";
                // The wrapper's start tag ends in a line break of its own.
                root_start_lines = static_cast<std::uint64_t>(std::ranges::count(root_start_, '\n'));
                root_end_ = layout->root_end;
            }
            // Cut after the last "</doc>" (and its newline); at the end, the rest is the last block.
            std::size_t cut_at = pending.size();
            if (!at_end) {
                const auto end = pending.view().rfind(kDocEnd);
                if (end == std::string_view::npos) {
                    if (pending.size() >= kMaxBlockBytes)
                        throw Error(source_.name(),
                                    "no </doc> in " + std::to_string(kMaxBlockBytes) +
                                        " bytes: a record this long is not a Wikipedia abstract",
                                    SourcePosition::at_byte(pending_start + pending.size()));
                    want += block_bytes_;  // one long doc: read on before cutting
                    continue;
                }
                cut_at = end + kDocEnd.size();
            }
            want = block_bytes_;

            auto block = std::make_shared<Block>();
            if (pending_start > 0) {
                block->prefix = root_start_;
                block->prefix_lines = root_start_lines;
            }
            if (!at_end) block->suffix = root_end_;
            block->start_byte = pending_start;
            block->start_column = start_column;
            block->size = cut_at;
            // The next block starts mid-line, right after "</doc>": how far into its line.
            const auto* line_start = static_cast<const char*>(memrchr(pending.data(), '\n', cut_at));
            start_column = line_start ? static_cast<std::uint64_t>(pending.data() + cut_at - (line_start + 1))
                                      : start_column + cut_at;
            ByteBuffer rest;  // part of the next doc: usually small
            rest.reserve(std::max(block_bytes_, pending.size() - cut_at) + 64 * 1024);
            if (pending.size() > cut_at) std::memcpy(rest.data(), pending.data() + cut_at, pending.size() - cut_at);
            rest.resize(pending.size() - cut_at);
            block->bytes = std::exchange(pending, std::move(rest));
            pending_start += cut_at;

            if (!results_.push(block->result.get_future())) return;
            if (!work_.push(block)) return;
            if (at_end) break;
        }
        results_.close();
        work_.close();
    } catch (...) {
        std::promise<Parsed> failed;
        failed.set_exception(std::current_exception());
        if (results_.push(failed.get_future())) results_.close();
        work_.close();
    }
}

void ParallelDocReader::read_sequentially(std::string head)
{
    // Not the dump's layout: one parser over the whole stream, docs handed on in batches.
    work_.close();
    ResumedSource stream{std::move(head), source_};
    XmlDocReader reader{stream, 256 * 1024, keep_};
    Parsed batch;
    std::uint64_t counted = 0;
    const auto send = [&](std::exception_ptr error) {
        batch.docs_read = reader.docs_read() - counted;
        counted = reader.docs_read();
        batch.error = std::move(error);
        std::promise<Parsed> ready;
        ready.set_value(std::exchange(batch, {}));
        return results_.push(ready.get_future());
    };
    try {
        WikiDoc doc;
        while (reader.next(doc)) {
            batch.docs.push_back(std::move(doc));
            if (batch.docs.size() == 512 && !send(nullptr)) return;
        }
        if (send(nullptr)) results_.close();
    } catch (...) {
        if (send(std::current_exception())) results_.close();
    }
}

void ParallelDocReader::parse_blocks()
{
    while (true) {
        std::optional<std::shared_ptr<Block>> next;
        try {
            next = work_.pop();
        } catch (...) {
            return;
        }
        if (!next) return;
        auto& block = **next;
        Parsed parsed;
        try {
            // The block is parsed where it lies: the wrapper's tags and its bytes, in three pieces.
            XmlDocReader reader{source_.name(), keep_};
            reader.push(block.prefix, false);
            reader.push({block.bytes.data(), block.size}, false);
            reader.push(block.suffix, true);
            WikiDoc doc;
            try {
                while (reader.next(doc)) parsed.docs.push_back(std::move(doc));
            } catch (...) {
                parsed.error = std::current_exception();
                parsed.block = *next;  // to place the error in the stream
            }
            parsed.docs_read = reader.docs_read();
            // libxml2 counts lines as it goes: the newlines in the block are the lines it reached
            // less the wrapper's (which has no newline at the end). Only a block parsed to its end
            // needs this: after an error nothing else is read.
            if (!parsed.error)
                parsed.lines = reader.line() - 1 - block.prefix_lines;
            block.bytes.clear();  // the block's memory goes as soon as it is parsed
            block.result.set_value(std::move(parsed));
        } catch (...) {
            block.result.set_exception(std::current_exception());
        }
    }
}

bool ParallelDocReader::next(WikiDoc& doc)
{
    while (next_doc_ == current_.docs.size()) {
        if (current_.error) std::rethrow_exception(std::exchange(current_.error, nullptr));
        if (finished_) return false;
        auto future = results_.pop();
        if (!future) {
            finished_ = true;
            return false;
        }
        current_ = future->get();
        if (current_.error && current_.block) current_.error = relocated(current_.error, *current_.block, line_);
        current_.block.reset();
        line_ += current_.lines;
        docs_read_.fetch_add(current_.docs_read, std::memory_order_relaxed);
        next_doc_ = 0;
    }
    doc = std::move(current_.docs[next_doc_++]);
    return true;
}

} // namespace sluice
