#include "parse/parallel_doc_reader.hpp"

#include "core/error.hpp"
#include "parse/resumed_source.hpp"
#include "parse/text_position.hpp"
#include "parse/xml_markup_scanner.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <new>
#include <regex>
#include <string_view>
#include <optional>
#include <utility>

#include <sys/mman.h>

namespace sluice {

namespace {

// A growable byte buffer that is written before it is read: a std::string or std::vector would
// zero-fill every megabyte of every block first. One byte before data() is kept free for the
// line break a block is parsed after (with_line_break()).
//
// Its memory comes straight from mmap and goes back with munmap: through malloc, each freed
// block raises glibc's mmap threshold to its size, later blocks come from the heap, and a dump of
// 12 MiB docs grew the heap by 30 MiB over 64 docs.
class ByteBuffer {
public:
    ByteBuffer() = default;
    ByteBuffer(ByteBuffer&& other) noexcept
        : bytes_(std::exchange(other.bytes_, nullptr)), mapped_(std::exchange(other.mapped_, 0)),
          size_(std::exchange(other.size_, 0)), capacity_(std::exchange(other.capacity_, 0))
    {
    }
    ByteBuffer& operator=(ByteBuffer&& other) noexcept
    {
        if (this != &other) {
            clear();
            bytes_ = std::exchange(other.bytes_, nullptr);
            mapped_ = std::exchange(other.mapped_, 0);
            size_ = std::exchange(other.size_, 0);
            capacity_ = std::exchange(other.capacity_, 0);
        }
        return *this;
    }
    ~ByteBuffer() { clear(); }

    char* data() { return bytes_ + 1; }
    const char* data() const { return bytes_ + 1; }
    std::size_t size() const { return size_; }
    std::size_t capacity() const { return capacity_; }
    std::string_view view() const { return {data(), size_}; }
    // A line break, then the first `size` bytes.
    std::string_view with_line_break(std::size_t size)
    {
        bytes_[0] = '\n';
        return {bytes_, size + 1};
    }
    void reserve(std::size_t capacity)
    {
        if (capacity <= capacity_) return;
        const std::size_t mapped = capacity + 1;
        void* bigger = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (bigger == MAP_FAILED) throw std::bad_alloc();
        if (size_ > 0) std::memcpy(static_cast<char*>(bigger) + 1, data(), size_);
        const auto size = size_;
        clear();
        bytes_ = static_cast<char*>(bigger);
        mapped_ = mapped;
        size_ = size;
        capacity_ = capacity;
    }
    void resize(std::size_t size) { size_ = size; }  // within capacity(); new bytes are not cleared
    void clear()
    {
        if (bytes_) ::munmap(bytes_, mapped_);
        bytes_ = nullptr;
        mapped_ = size_ = capacity_ = 0;
    }

private:
    char* bytes_ = nullptr;
    std::size_t mapped_ = 0;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

} // namespace

// Block buffers parsed and ready for another block: a fresh mapping costs a page fault per
// 4 KiB, and the kernel zeroes each page (0.8 s of system time for 1 GB), a reused one nothing.
// Only buffers of a few blocks' size are kept, and only so many as can be in flight.
struct ParallelDocReader::BufferPool {
    std::mutex mutex;
    std::vector<ByteBuffer> free;
    std::size_t most_kept = 0;
    std::size_t largest_kept = 0;

    ByteBuffer take(std::size_t capacity)
    {
        ByteBuffer buffer;
        {
            const std::lock_guard lock{mutex};
            if (!free.empty()) {
                buffer = std::move(free.back());
                free.pop_back();
            }
        }
        buffer.resize(0);
        buffer.reserve(capacity);
        return buffer;
    }
    void give(ByteBuffer buffer)
    {
        if (buffer.capacity() > largest_kept) return;  // unmapped here
        const std::lock_guard lock{mutex};
        if (free.size() < most_kept) free.push_back(std::move(buffer));
    }
};

struct ParallelDocReader::Block {
    ByteBuffer bytes;              // the block's own bytes (a little more may follow: not its own)
    std::size_t size = 0;          // how many of `bytes` are the block's
    // Unless the block starts the stream, it is parsed after the XML declaration and the root's
    // start tag (`prefix`) and a line break: so the block's first byte starts a line of its own.
    std::string_view prefix;
    std::string_view suffix;       // the root's end tag, unless the block ends the stream
    // Of the last block: the stream offsets where its last two markup ends are.
    std::uint64_t markup_end = 0;
    std::uint64_t previous_markup_end = 0;
    std::string following;         // the bytes after the block (3), for libxml2's messages
    Placement where;
    std::uint64_t lines = 0;       // newlines in it
    std::promise<Parsed> result;
};

namespace {

// More than this of XML declaration and root start tag is not copied in front of every block:
// such a dump is read by one parser.
constexpr std::size_t kMaxWrapperBytes = 64 * 1024;
constexpr std::size_t kLookahead = XmlDocReader::kLookahead;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// A failure of the source itself, passed on as it is (its position is the source's own), not
// placed in the stream like the parser's errors.
struct SourceFailure {
    std::exception_ptr error;
};

class MarkedFailures final : public ByteSource {
public:
    explicit MarkedFailures(ByteSource& upstream) : upstream_(upstream) {}
    std::size_t read(std::span<char> out) override
    {
        try {
            return upstream_.read(out);
        } catch (...) {
            throw SourceFailure{std::current_exception()};
        }
    }
    const std::string& name() const override { return upstream_.name(); }
    std::uint64_t position() const override { return upstream_.position(); }

private:
    ByteSource& upstream_;
};

// The XML declaration at the start of `head`, if any.
std::string_view xml_declaration(std::string_view head)
{
    if (head.starts_with(kByteOrderMark)) head.remove_prefix(kByteOrderMark.size());
    if (head.size() < 6 || !head.starts_with("<?xml") || std::string_view{" \t\r\n"}.find(head[5]) == std::string_view::npos)
        return {};
    const auto end = head.find("?>");
    return end == std::string_view::npos ? std::string_view{} : head.substr(0, end + 2);
}

// The stream's position for an error a block's parser raised; `start_line` is the line the
// block starts on, known only once the blocks before it have been counted.
std::exception_ptr relocated(std::exception_ptr error, const ParallelDocReader::Placement& block, std::uint64_t start_line)
{
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        auto where = e.where();
        const auto wrapper_lines = block.wrapper_lines;
        // The wrapper's lines are the root tag's; the block's first line is the rest of the line
        // its cut fell in.
        const auto global_line = [&](std::uint64_t local) {
            if (local <= wrapper_lines) return static_cast<std::uint64_t>(static_cast<std::int64_t>(local) + block.wrapper_line_shift);
            return start_line + (local - wrapper_lines - 1);
        };
        if (where.byte && *where.byte < block.wrapper_bytes) {
            // libxml2 leaves blanks at the end of its input unread: an error at the end of a
            // block with nothing after its cut is placed in the wrapper. It is at the cut.
            where.byte = block.start_byte;
            if (where.line) where.line = start_line;
            if (where.column) where.column = block.start_column + 1;
        } else {
            if (where.byte) where.byte = block.start_byte + (*where.byte - block.wrapper_bytes);
            if (where.line) {
                if (where.column && *where.line == wrapper_lines + 1) where.column = *where.column + block.start_column;
                where.line = global_line(*where.line);
            }
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

ParallelDocReader::ParallelDocReader(ByteSource& source, XmlDocReader::TitleFilter keep, XmlReadOptions options,
                                     std::size_t workers, std::size_t block_bytes)
    : text_(source, options.replace_invalid), keep_(std::move(keep)), options_(options), block_bytes_(block_bytes),
      work_(workers + 1), results_(2 * workers + 2), in_flight_budget_(2 * (workers + 1) * block_bytes),
      pool_(std::make_unique<BufferPool>())
{
    pool_->most_kept = workers + 3;
    pool_->largest_kept = 4 * block_bytes + 128 * 1024;
    threads_.emplace_back([this] { cut(); });
    for (std::size_t i = 0; i < std::max<std::size_t>(workers, 1); ++i) threads_.emplace_back([this] { parse_blocks(); });
}

ParallelDocReader::~ParallelDocReader()
{
    results_.shutdown();
    work_.shutdown();
    {
        const std::lock_guard lock{in_flight_mutex_};
        stopping_ = true;
    }
    in_flight_changed_.notify_all();
    threads_.clear();  // joins
}

void ParallelDocReader::cut()
{
    XmlMarkupScanner scanner{{options_.max_depth, options_.max_record_bytes, XmlReadOptions::kMaxAttributes}, "doc"};
    ByteBuffer pending;
    std::uint64_t pending_start = 0;  // stream offset of pending[0]
    std::uint64_t cut_at = 0;         // stream offset of the last place to cut, if past pending_start
    std::uint64_t previous_cut_at = 0;  // and of the one before
    TextPosition position;            // of pending[0]
    bool layout = false;              // the wrapper is known: blocks may be cut
    // An element under the root this long is not cut around: past a record's limit, one parser
    // reads on (and refuses a <doc> that long).
    const std::uint64_t most_held = options_.max_record_bytes + block_bytes_;
    std::size_t want = block_bytes_;
    bool at_end = false;
    bool byte_order_mark = false;  // libxml2 counts no column for it
    std::int64_t wrapper_line_shift = 0;
    const auto column = [&] {
        const bool past_mark = byte_order_mark && position.line() == 1 && pending_start > 0;
        return position.characters_into_line() - (past_mark ? 1 : 0);
    };
    // The rest, from pending[0] on, for one parser.
    const auto hand_over = [&](std::exception_ptr failure) {
        if (failure) met_source_failure(failure);
        if (pending_start == 0) return read_sequentially(pending.view(), std::nullopt, failure);
        const Placement tail{prefix_.size() + 1, prefix_lines_ + 1, pending_start, column(), wrapper_line_shift};
        read_sequentially(prefix_ + "\n" + std::string{pending.view()}, tail, failure);
    };
    try {
        while (true) {
            // Read straight into the block-to-be; no copy until the cut.
            while (!at_end && pending.size() < want) {
                const auto filled = pending.size();
                // Grown by half at least, so a long element read on a MiB at a time is not copied
                // each time; pages beyond what is read are never touched.
                const auto needed = std::max(want, filled + 64 * 1024);
                if (needed > pending.capacity()) pending.reserve(std::max(needed, pending.capacity() + pending.capacity() / 2));
                std::size_t n = 0;
                try {
                    n = text_.read({pending.data() + filled, needed - filled});
                } catch (...) {
                    return hand_over(std::current_exception());
                }
                pending.resize(filled + n);
                if (n == 0) at_end = true;
            }
            // Scan what came in, for places to cut; markup the scanner cannot follow, or a limit
            // passed, goes to one parser, which finds the same there.
            while (scanner.offset() - pending_start < pending.size()) {
                const auto stop = scanner.scan(pending.view().substr(scanner.offset() - pending_start));
                using Mark = XmlMarkupScanner::Mark;
                if (stop.mark == Mark::declaration || stop.mark == Mark::limit) return hand_over(nullptr);
                if (stop.mark == Mark::root_start) {
                    const auto root = pending.view().substr(scanner.tag_start(), scanner.offset() - scanner.tag_start());
                    const auto declaration = xml_declaration(pending.view());
                    byte_order_mark = pending.view().starts_with(kByteOrderMark);
                    // Text before the root is not XML: one parser says so.
                    if (scanner.root_empty() || scanner.text_before_root() ||
                        root.size() + declaration.size() > kMaxWrapperBytes)
                        return hand_over(nullptr);
                    prefix_ = declaration.empty() ? std::string{root} : std::string{declaration} + "\n" + std::string{root};
                    prefix_lines_ = static_cast<std::uint64_t>(std::ranges::count(prefix_, '\n'));
                    const auto root_line = 1 + std::ranges::count(pending.view().substr(0, scanner.tag_start()), '\n');
                    wrapper_line_shift = root_line - (declaration.empty() ? 1 : 2);
                    const auto name_end = root.find_first_of(" \t\r\n/>", 1);
                    suffix_ = "</" + std::string{root.substr(1, name_end - 1)} + ">";
                } else if (stop.mark == Mark::first_child) {
                    // Docs directly under the root, as the dump has them; any other layout is
                    // read by one parser.
                    if (!scanner.first_child_is_record()) return hand_over(nullptr);
                    layout = true;
                } else if (stop.mark == Mark::child_end && layout) {
                    previous_cut_at = cut_at;
                    cut_at = scanner.offset();
                }
            }
            if (!layout) {
                if (at_end || pending.size() >= most_held) return hand_over(nullptr);
                want += block_bytes_;  // the prolog is long: read on until the first element under the root
                continue;
            }
            // Cut at the last place to cut; at the end, the rest is the last block.
            std::size_t cut = pending.size();
            if (!at_end) {
                // A few bytes after the cut are known: the block's parser may need them for a message.
                const auto place = pending_start + pending.size() - cut_at >= kLookahead ? cut_at : previous_cut_at;
                if (place <= pending_start) {
                    if (pending.size() >= most_held) return hand_over(nullptr);
                    want += block_bytes_;  // one long element: read on before cutting
                    continue;
                }
                cut = static_cast<std::size_t>(place - pending_start);
            }
            want = block_bytes_;

            auto block = std::make_shared<Block>();
            if (pending_start > 0) {
                block->prefix = prefix_;
                block->where.wrapper_bytes = prefix_.size() + 1;
                block->where.wrapper_lines = prefix_lines_ + 1;
            }
            if (!at_end) block->suffix = suffix_;
            else {
                block->markup_end = scanner.markup_end();
                block->previous_markup_end = scanner.previous_markup_end();
            }
            block->following = pending.view().substr(cut, kLookahead);
            if (!at_end) pending.reserve(cut + suffix_.size());  // the root's end tag goes right after the block
            block->where.start_byte = pending_start;
            block->where.start_column = column();
            block->where.wrapper_line_shift = wrapper_line_shift;
            block->size = cut;
            const auto line = position.line();
            position.advance(pending.view().substr(0, cut));
            block->lines = position.line() - line;
            // Part of the next element, usually small, in a buffer for the next block.
            ByteBuffer rest = pool_->take(std::max(block_bytes_, pending.size() - cut) + 64 * 1024);
            if (pending.size() > cut) std::memcpy(rest.data(), pending.data() + cut, pending.size() - cut);
            rest.resize(pending.size() - cut);
            block->bytes = std::exchange(pending, std::move(rest));
            pending_start += cut;

            // Blocks of a few MiB may wait in the queue, but a record of 16 MiB makes a block as
            // large: such blocks are parsed one at a time, so memory does not hold several.
            const std::size_t block_size = block->size;
            {
                std::unique_lock lock{in_flight_mutex_};
                in_flight_changed_.wait(lock, [&] {
                    return stopping_ || in_flight_ == 0 || in_flight_ + block_size <= in_flight_budget_;
                });
                if (stopping_) return;
                in_flight_ += block_size;
            }
            if (!results_.push(block->result.get_future())) return;
            if (!work_.push(block)) return;
            ++blocks_;
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

void ParallelDocReader::read_sequentially(std::string_view head, std::optional<Placement> placement,
                                          std::exception_ptr failure)
{
    work_.close();
    one_parser_from_ = placement ? static_cast<std::int64_t>(placement->start_byte) : 0;
    ResumedSource resumed{std::string{head}, text_, std::move(failure)};
    MarkedFailures stream{resumed};
    XmlDocReader reader{stream, 256 * 1024, keep_, options_, placement ? XmlText::continuation : XmlText::utf8};
    Parsed batch;
    std::uint64_t counted = 0;
    const auto send = [&](std::exception_ptr error, bool placed) {
        batch.docs_read = reader.docs_read() - counted;
        counted = reader.docs_read();
        batch.error = std::move(error);
        if (placed) batch.placement = placement;
        std::promise<Parsed> ready;
        ready.set_value(std::exchange(batch, {}));
        return results_.push(ready.get_future());
    };
    try {
        WikiDoc doc;
        while (reader.next(doc)) {
            batch.docs.push_back(std::move(doc));
            if (batch.docs.size() == 512 && !send(nullptr, false)) return;
        }
        if (send(nullptr, false)) results_.close();
    } catch (const SourceFailure& failed) {
        met_source_failure(failed.error);
        if (send(failed.error, false)) results_.close();
    } catch (...) {
        if (send(std::current_exception(), true)) results_.close();
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
        // However the parse ends, the block is no longer in flight.
        struct Landed {
            ParallelDocReader& reader;
            std::size_t size;
            ~Landed()
            {
                {
                    const std::lock_guard lock{reader.in_flight_mutex_};
                    reader.in_flight_ -= size;
                }
                reader.in_flight_changed_.notify_all();
            }
        } landed{*this, block.size};
        Parsed parsed;
        try {
            // The block is parsed where it lies: after its wrapper's start and a line break, and
            // before the root's end tag, in the same piece (see XmlDocReader::push); the last
            // block ends as one parser would end it, with what follows its last markup.
            XmlDocReader reader{text_.name(), keep_};
            if (!block.prefix.empty()) reader.push(block.prefix, false);
            const std::size_t before = block.prefix.empty() ? 0 : 1;
            if (block.suffix.empty()) {
                const auto piece = before ? block.bytes.with_line_break(block.size) : block.bytes.view().substr(0, block.size);
                // Where one parser would end its last piece but one.
                const auto ready = XmlDocReader::piece_end(piece, block.where.start_byte - before, block.markup_end,
                                                           block.previous_markup_end).value_or(0);
                reader.push(piece.substr(0, ready), false);
                reader.push(piece.substr(ready), true);
            } else {
                std::memcpy(block.bytes.data() + block.size, block.suffix.data(), block.suffix.size());
                const auto piece = before ? block.bytes.with_line_break(block.size + block.suffix.size())
                                          : std::string_view{block.bytes.data(), block.size + block.suffix.size()};
                reader.push(piece, true, XmlDocReader::TextEnd{before + block.size, block.following});
            }
            WikiDoc doc;
            try {
                while (reader.next(doc)) parsed.docs.push_back(std::move(doc));
            } catch (...) {
                parsed.error = std::current_exception();
                parsed.placement = block.where;  // to place the error in the stream
            }
            parsed.docs_read = reader.docs_read();
            parsed.lines = block.lines;
            pool_->give(std::move(block.bytes));  // the block's memory goes as soon as it is parsed
            block.result.set_value(std::move(parsed));
        } catch (...) {
            block.result.set_exception(std::current_exception());
        }
    }
}
void ParallelDocReader::met_source_failure(std::exception_ptr failure)
{
    const std::lock_guard lock{source_failure_mutex_};
    if (!source_failure_) source_failure_ = std::move(failure);
}

std::exception_ptr ParallelDocReader::source_failure() const
{
    const std::lock_guard lock{source_failure_mutex_};
    return source_failure_;
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
        if (current_.error && current_.placement) current_.error = relocated(current_.error, *current_.placement, line_);
        line_ += current_.lines;
        docs_read_.fetch_add(current_.docs_read, std::memory_order_relaxed);
        next_doc_ = 0;
    }
    doc = std::move(current_.docs[next_doc_++]);
    return true;
}

} // namespace sluice
