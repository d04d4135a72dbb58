#include "parse/parallel_xml_parser.hpp"

#include "core/error.hpp"
#include "parse/resumed_source.hpp"
#include "parse/text_position.hpp"
#include "parse/xml_markup_scanner.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <regex>
#include <string_view>
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
struct ParallelXmlParser::BufferPool {
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

struct ParallelXmlParser::Block {
    ByteBuffer bytes;              // the block's own bytes (a little more may follow: not its own)
    std::size_t size = 0;          // how many of `bytes` are the block's
    // Unless the block starts the stream, it is parsed after the wrapper's prefix of its start
    // and a line break, so the block's first byte starts a line of its own; unless it ends the
    // stream, before the suffix of its end.
    std::shared_ptr<const Wrapper> start;
    std::shared_ptr<const Wrapper> end;
    // Of the last block: the stream offsets where its last two markup ends are.
    std::uint64_t markup_end = 0;
    std::uint64_t previous_markup_end = 0;
    std::string following;         // the bytes after the block (3), for libxml2's messages
    Placement where;
    std::uint64_t lines = 0;       // newlines in it
    std::promise<Parsed> result;
};

namespace {

// More than this of XML declaration and open start tags is not copied in front of every block:
// such a document is read by one parser from the last cut.
constexpr std::size_t kMaxWrapperBytes = 64 * 1024;
constexpr std::size_t kLookahead = XmlSaxReader::kLookahead;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
// Records the one parser hands over at a time.
constexpr std::size_t kOneParserBatch = 512;

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

// The element name of a start tag, as written ("f:feed" of "<f:feed xmlns:f='u'>").
std::string_view tag_name(std::string_view tag)
{
    const auto end = tag.find_first_of(" \t\r\n/>", 1);
    return tag.substr(1, (end == std::string_view::npos ? tag.size() : end) - 1);
}

// Whether an element named `name` (as written) is the step `step` (see XmlName::matches).
bool is_step(std::string_view name, const XmlName& step)
{
    const auto colon = name.find(':');
    const auto local = colon == std::string_view::npos ? name : name.substr(colon + 1);
    if (local != step.local) return false;
    return step.prefix.empty() || (colon != std::string_view::npos && name.substr(0, colon) == step.prefix);
}

// An element open at a cut: its start tag, and the stream's line of its '<'.
struct OpenElement {
    std::string tag;
    std::uint64_t line = 0;
};

std::shared_ptr<const ParallelXmlParser::Wrapper> make_wrapper(std::string_view declaration,
                                                                 const std::vector<OpenElement>& open)
{
    auto wrapper = std::make_shared<ParallelXmlParser::Wrapper>();
    auto& prefix = wrapper->prefix;
    const auto add_lines = [&](std::string_view text, std::uint64_t first_line) {
        for (std::uint64_t line = first_line;; ++line) {
            wrapper->line_origins.push_back(line);
            const auto newline = text.find('\n');
            if (newline == std::string_view::npos) break;
            text.remove_prefix(newline + 1);
        }
    };
    if (!declaration.empty()) {
        // Its lines come just before the root's, as libxml2 would count them if the root's start
        // tag followed it on the next line.
        const auto lines = static_cast<std::uint64_t>(std::ranges::count(declaration, '\n')) + 1;
        const auto root_line = open.front().line;
        add_lines(declaration, root_line > lines ? root_line - lines : 1);
        prefix.append(declaration).push_back('\n');
    }
    for (std::size_t i = 0; i < open.size(); ++i) {
        if (i > 0) prefix.push_back('\n');
        prefix += open[i].tag;
        add_lines(open[i].tag, open[i].line);
    }
    for (auto e = open.rbegin(); e != open.rend(); ++e) wrapper->suffix.append("</").append(tag_name(e->tag)).push_back('>');
    wrapper->lines = static_cast<std::uint64_t>(std::ranges::count(prefix, '\n'));
    return wrapper;
}

// The stream's line of a line of a block's parser (1-based, counted from its wrapper's start).
std::uint64_t stream_line(std::uint64_t local, const ParallelXmlParser::Placement& block, std::uint64_t start_line)
{
    if (local <= block.wrapper_lines) {
        const auto& origins = block.wrapper->line_origins;
        return local >= 1 && local <= origins.size() ? origins[local - 1] : start_line;
    }
    return start_line + (local - block.wrapper_lines - 1);
}

// The stream's position for an error a block's parser raised; `start_line` is the line the
// block starts on, known only once the blocks before it have been counted.
std::exception_ptr relocated(std::exception_ptr error, const ParallelXmlParser::Placement& block, std::uint64_t start_line)
{
    if (!block.wrapper) return error;
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        auto where = e.where();
        const auto wrapper_lines = block.wrapper_lines;
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
                where.line = stream_line(*where.line, block, start_line);
            }
        }
        // libxml2 names lines in some messages too: "tag mismatch: abstrct line 559 and abstract".
        std::string detail = e.detail();
        static const std::regex kLineInMessage{R"(( line )(\d+)( and ))"};
        std::smatch m;
        if (std::regex_search(detail, m, kLineInMessage)) {
            const auto local = std::stoull(m[2].str());
            detail = m.prefix().str() + m[1].str() + std::to_string(stream_line(local, block, start_line)) + m[3].str() +
                     m.suffix().str();
        }
        return std::make_exception_ptr(Error(e.source(), detail, where));
    } catch (...) {
        return std::current_exception();
    }
}

} // namespace

ParallelXmlParser::ParallelXmlParser(ByteSource& source, const XmlBatchKind& kind, XmlCutting cutting,
                                     XmlReadOptions options, std::size_t workers, std::size_t block_bytes)
    : text_(source, options.replace_invalid), kind_(kind), cutting_(std::move(cutting)), options_(options),
      block_bytes_(block_bytes), work_(workers + 1), results_(workers + 2),
      in_flight_budget_(2 * (workers + 1) * block_bytes), pool_(std::make_unique<BufferPool>())
{
    pool_->most_kept = workers + 3;
    pool_->largest_kept = 4 * block_bytes + 128 * 1024;
    threads_.emplace_back([this] { cut(); });
    for (std::size_t i = 0; i < std::max<std::size_t>(workers, 1); ++i) threads_.emplace_back([this] { parse_blocks(); });
}

ParallelXmlParser::~ParallelXmlParser()
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

void ParallelXmlParser::cut()
{
    const bool by_path = cutting_.path.has_value();
    // A record path whose records are the root: nothing to cut between.
    if (by_path && cutting_.path->steps.size() < 2) cutting_.cut_level = 1;
    XmlMarkupScanner scanner{{options_.max_depth, options_.max_record_bytes, XmlReadOptions::kMaxAttributes},
                             cutting_.record_name, cutting_.record_level, cutting_.cut_level};
    scanner.watch_records(by_path);
    ByteBuffer pending;
    std::uint64_t pending_start = 0;  // stream offset of pending[0]
    // The last place to cut, if past pending_start, and the one before, with the elements open there.
    std::uint64_t cut_at = 0;
    std::uint64_t previous_cut_at = 0;
    std::shared_ptr<const Wrapper> cut_wrapper;
    std::shared_ptr<const Wrapper> previous_cut_wrapper;
    std::shared_ptr<const Wrapper> pending_wrapper;  // of the elements open at pending_start
    TextPosition position;            // of pending[0]
    bool layout = false;              // the document suits: blocks may be cut
    std::string declaration;
    std::vector<OpenElement> open;    // the root and the elements open below it, above the cut level
    std::size_t open_bytes = 0;
    std::shared_ptr<const Wrapper> open_wrapper;  // of `open`, once made (null when it changed)
    // Lines counted up to an offset at or past pending_start, for the open elements' lines.
    std::uint64_t counted_to = 0;
    std::uint64_t counted_line = 1;
    const auto line_at = [&](std::uint64_t offset) {
        if (counted_to < pending_start) {
            counted_to = pending_start;
            counted_line = position.line();
        }
        const auto from = static_cast<std::size_t>(counted_to - pending_start);
        const auto to = static_cast<std::size_t>(offset - pending_start);
        counted_line += static_cast<std::uint64_t>(std::count(pending.data() + from, pending.data() + to, '\n'));
        counted_to = offset;
        return counted_line;
    };
    // An element this long is not cut around: past a record's limit, one parser reads on (and
    // refuses a record that long).
    const std::uint64_t most_held = options_.max_record_bytes + block_bytes_;
    std::size_t want = block_bytes_;
    bool at_end = false;
    bool byte_order_mark = false;  // libxml2 counts no column for it
    const auto column = [&] {
        const bool past_mark = byte_order_mark && position.line() == 1 && pending_start > 0;
        return position.characters_into_line() - (past_mark ? 1 : 0);
    };
    // The rest, from pending[0] on, for one parser.
    const auto hand_over = [&](std::exception_ptr failure) {
        if (failure) met_source_failure(failure);
        if (pending_start == 0) return read_sequentially(pending.view(), std::nullopt, failure);
        const Placement tail{pending_wrapper->prefix.size() + 1, pending_wrapper->lines + 1, pending_start, column(),
                             pending_wrapper};
        read_sequentially(pending_wrapper->prefix + "\n" + std::string{pending.view()}, tail, failure);
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
                switch (stop.mark) {
                case Mark::more:
                case Mark::root_end:
                    break;
                case Mark::declaration:
                case Mark::limit:
                    return hand_over(nullptr);
                case Mark::root_start: {
                    const auto root = pending.view().substr(scanner.tag_start(), scanner.offset() - scanner.tag_start());
                    declaration = xml_declaration(pending.view());
                    byte_order_mark = pending.view().starts_with(kByteOrderMark);
                    // Text before the root is not XML: one parser says so.
                    if (scanner.root_empty() || scanner.text_before_root() ||
                        root.size() + declaration.size() > kMaxWrapperBytes || cutting_.cut_level < 2)
                        return hand_over(nullptr);
                    // A root the record path does not start with holds no record: one parser
                    // says what it holds, without the text being held first.
                    if (by_path && !is_step(tag_name(root), cutting_.path->steps.front())) return hand_over(nullptr);
                    open.push_back({std::string{root}, line_at(scanner.tag_start())});
                    open_bytes = declaration.size() + root.size();
                    break;
                }
                case Mark::ancestor_start: {
                    const auto tag = pending.view().substr(scanner.tag_start() - pending_start,
                                                           scanner.offset() - scanner.tag_start());
                    open_bytes += tag.size() + 1;
                    // A prefix this long is not copied before every block.
                    if (open_bytes > kMaxWrapperBytes) return hand_over(nullptr);
                    open.push_back({std::string{tag}, line_at(scanner.tag_start())});
                    open_wrapper.reset();
                    break;
                }
                case Mark::first_child:
                    // Docs directly under the root, as the dump has them; any other layout is
                    // read by one parser.
                    if (!by_path) {
                        if (!scanner.first_child_is_record()) return hand_over(nullptr);
                        layout = true;
                    }
                    break;
                case Mark::record_start: {
                    // A record at the path (its ancestors' names and its own as the path has
                    // them): the document holds records, and may be cut from here on.
                    const auto& steps = cutting_.path->steps;
                    bool at_path = open.size() + 1 == steps.size();
                    for (std::size_t i = 0; at_path && i < open.size(); ++i) at_path = is_step(tag_name(open[i].tag), steps[i]);
                    const auto name = pending.view().substr(scanner.tag_start() + 1 - pending_start,
                                                            scanner.offset() - scanner.tag_start() - 1);
                    if (at_path && is_step(name, steps.back())) {
                        layout = true;
                        scanner.watch_records(false);
                    }
                    break;
                }
                case Mark::child_end: {
                    // The elements open now are the root and those above the one that ended.
                    if (scanner.depth() < open.size()) {
                        while (open.size() > scanner.depth()) {
                            open_bytes -= open.back().tag.size() + 1;
                            open.pop_back();
                        }
                        open_wrapper.reset();
                    }
                    if (!layout) break;
                    if (!open_wrapper) open_wrapper = make_wrapper(declaration, open);
                    previous_cut_at = cut_at;
                    previous_cut_wrapper = std::move(cut_wrapper);
                    cut_at = scanner.offset();
                    cut_wrapper = open_wrapper;
                    break;
                }
                }
            }
            if (!layout) {
                if (at_end || pending.size() >= most_held) return hand_over(nullptr);
                want += block_bytes_;  // the prolog is long: read on until the layout is known
                continue;
            }
            // Cut at the last place to cut; at the end, the rest is the last block.
            std::size_t cut = pending.size();
            std::shared_ptr<const Wrapper> end_wrapper;
            if (!at_end) {
                // A few bytes after the cut are known: the block's parser may need them for a message.
                const bool latest = pending_start + pending.size() - cut_at >= kLookahead;
                const auto place = latest ? cut_at : previous_cut_at;
                if (place <= pending_start) {
                    if (pending.size() >= most_held) return hand_over(nullptr);
                    want += block_bytes_;  // one long element: read on before cutting
                    continue;
                }
                cut = static_cast<std::size_t>(place - pending_start);
                end_wrapper = latest ? cut_wrapper : previous_cut_wrapper;
            }
            want = block_bytes_;

            auto block = std::make_shared<Block>();
            if (pending_start > 0) {
                block->where.wrapper_bytes = pending_wrapper->prefix.size() + 1;
                block->where.wrapper_lines = pending_wrapper->lines + 1;
                block->where.wrapper = pending_wrapper;
                block->start = pending_wrapper;
            }
            if (end_wrapper) {
                // The end tags go right after the block.
                pending.reserve(cut + end_wrapper->suffix.size());
                block->end = end_wrapper;
            } else {
                block->markup_end = scanner.markup_end();
                block->previous_markup_end = scanner.previous_markup_end();
            }
            block->following = pending.view().substr(cut, kLookahead);
            block->where.start_byte = pending_start;
            block->where.start_column = column();
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
            pending_wrapper = end_wrapper;

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

std::unique_ptr<XmlBatch> ParallelXmlParser::take_batch()
{
    {
        const std::lock_guard lock{batches_mutex_};
        if (!spare_batches_.empty()) {
            auto batch = std::move(spare_batches_.back());
            spare_batches_.pop_back();
            return batch;
        }
    }
    return kind_.batch();
}

void ParallelXmlParser::read_sequentially(std::string_view head, std::optional<Placement> placement,
                                          std::exception_ptr failure)
{
    work_.close();
    one_parser_from_ = placement ? static_cast<std::int64_t>(placement->start_byte) : 0;
    ResumedSource resumed{std::string{head}, text_, std::move(failure)};
    MarkedFailures stream{resumed};
    const auto parser = kind_.one_parser(stream, placement ? XmlText::continuation : XmlText::utf8);
    std::uint64_t counted = 0;
    Parsed batch;
    const auto send = [&](std::exception_ptr error, bool placed) {
        batch.read = parser->read() - counted;
        counted = parser->read();
        batch.error = std::move(error);
        batch.placed_error = placed;
        batch.placement = placement;
        batch.one_parser = true;
        std::promise<Parsed> ready;
        ready.set_value(std::exchange(batch, {}));
        return results_.push(ready.get_future());
    };
    try {
        while (true) {
            batch.batch = take_batch();
            if (!parser->fill(*batch.batch, kOneParserBatch)) break;
            if (!send(nullptr, false)) return;
        }
        if (send(nullptr, false)) results_.close();
    } catch (const SourceFailure& failed) {
        met_source_failure(failed.error);
        if (send(failed.error, false)) results_.close();
    } catch (...) {
        if (send(std::current_exception(), true)) results_.close();
    }
}

void ParallelXmlParser::parse_blocks()
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
            ParallelXmlParser& reader;
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
            parsed.batch = take_batch();
            // The block is parsed where it lies: after its wrapper's prefix and a line break, and
            // before the wrapper's suffix, in the same piece (see XmlSaxReader::push); the last
            // block ends as one parser would end it, with what follows its last markup.
            const auto parser = kind_.block_parser(text_.name());
            parser->prepare(*parsed.batch);
            if (block.start) parser->push(block.start->prefix, false, std::nullopt);
            const std::size_t before = block.start ? 1 : 0;
            if (!block.end) {
                const auto piece = before ? block.bytes.with_line_break(block.size) : block.bytes.view().substr(0, block.size);
                // Where one parser would end its last piece but one.
                const auto ready = XmlSaxReader::piece_end(piece, block.where.start_byte - before, block.markup_end,
                                                           block.previous_markup_end).value_or(0);
                parser->push(piece.substr(0, ready), false, std::nullopt);
                parser->push(piece.substr(ready), true, std::nullopt);
            } else {
                const auto& suffix = block.end->suffix;
                std::memcpy(block.bytes.data() + block.size, suffix.data(), suffix.size());
                const auto piece = before ? block.bytes.with_line_break(block.size + suffix.size())
                                          : std::string_view{block.bytes.data(), block.size + suffix.size()};
                parser->push(piece, true, XmlSaxReader::TextEnd{before + block.size, block.following});
            }
            try {
                while (parser->fill(*parsed.batch, SIZE_MAX)) {
                }
            } catch (...) {
                parsed.error = std::current_exception();
                parsed.placed_error = true;
            }
            parsed.placement = block.where;
            parsed.read = parser->read();
            parsed.lines = block.lines;
            pool_->give(std::move(block.bytes));  // the block's memory goes as soon as it is parsed
            block.result.set_value(std::move(parsed));
        } catch (...) {
            block.result.set_exception(std::current_exception());
        }
    }
}

void ParallelXmlParser::met_source_failure(std::exception_ptr failure)
{
    const std::lock_guard lock{source_failure_mutex_};
    if (!source_failure_) source_failure_ = std::move(failure);
}

std::exception_ptr ParallelXmlParser::source_failure() const
{
    const std::lock_guard lock{source_failure_mutex_};
    return source_failure_;
}

bool ParallelXmlParser::next(Delivered& out)
{
    if (out.batch) {
        // Back to the workers, emptied here rather than on their threads.
        kind_.clear(*out.batch);
        const std::lock_guard lock{batches_mutex_};
        if (spare_batches_.size() < 2 * threads_.size() + 4) spare_batches_.push_back(std::move(out.batch));
        out.batch.reset();
    }
    out.error = nullptr;
    out.read = 0;
    if (finished_) return false;
    auto future = results_.pop();
    if (!future) {
        finished_ = true;
        return false;
    }
    auto parsed = future->get();
    const auto start_line = line_;
    if (parsed.error && parsed.placed_error && parsed.placement)
        parsed.error = relocated(parsed.error, *parsed.placement, start_line);
    line_ += parsed.lines;
    out.batch = std::move(parsed.batch);
    if (!out.batch) out.batch = take_batch();
    out.read = parsed.read;
    if (parsed.one_parser && !one_parser_start_) one_parser_start_ = read_;
    out.number_shift = parsed.one_parser ? *one_parser_start_ : read_;
    read_ += parsed.read;
    out.error = std::move(parsed.error);
    const auto& where = parsed.placement;
    out.line_shift = where ? static_cast<std::int64_t>(start_line) - static_cast<std::int64_t>(where->wrapper_lines) - 1 : 0;
    out.byte_shift = where ? static_cast<std::int64_t>(where->start_byte) - static_cast<std::int64_t>(where->wrapper_bytes) : 0;
    return true;
}

} // namespace sluice
