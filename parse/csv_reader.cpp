#include "parse/csv_reader.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <span>

namespace sluice {

namespace {

constexpr const char* unterminated_quote = "unterminated quoted field";
constexpr const char* text_after_quote = "unexpected character after closing quote";
constexpr const char* escape_at_end = "a backslash ends the input, escaping nothing";

bool is_line_break(char c)
{
    return c == '\n' || c == '\r';
}

} // namespace

CsvParser::CsvParser(CsvDialect dialect)
    : delimiter_(std::move(dialect.delimiter)), quote_(dialect.quote.value_or('\0')),
      quoting_(dialect.quote.has_value()),
      doubling_(dialect.escape != CsvDialect::Escape::none),
      backslash_(dialect.escape == CsvDialect::Escape::backslash)
{
    CsvDialect{delimiter_, dialect.quote, dialect.escape}.validate();
    // delimiter_fallback_[k]: the longest proper prefix of delimiter_[0, k) that is also its
    // suffix, so a failed partial match resumes there instead of dropping bytes that may start
    // the delimiter ("aab" in "aaab").
    delimiter_fallback_.assign(delimiter_.size() + 1, 0);
    for (std::size_t k = 2; k <= delimiter_.size(); ++k) {
        std::size_t f = delimiter_fallback_[k - 1];
        while (f > 0 && delimiter_[k - 1] != delimiter_[f]) f = delimiter_fallback_[f];
        if (delimiter_[k - 1] == delimiter_[f]) ++f;
        delimiter_fallback_[k] = f;
    }
    const auto stop = [](std::array<bool, 256>& table, char c) { table[static_cast<unsigned char>(c)] = true; };
    for (auto* table : {&unquoted_stop_, &quoted_stop_}) {
        stop(*table, '\n');
        stop(*table, '\r');
        if (backslash_) stop(*table, '\\');
    }
    stop(unquoted_stop_, delimiter_[0]);
    if (quoting_) stop(quoted_stop_, quote_);
}

std::string_view CsvParser::field(std::size_t index) const
{
    const std::size_t begin = index == 0 ? 0 : ends_[index - 1];
    return std::string_view(buffer_).substr(begin, ends_[index] - begin);
}

// `segment` is where the record's bytes in this input begin, `end` is where its line break (or
// the input) ends it; the raw text collected from earlier inputs comes before the segment.
void CsvParser::end_record(std::string_view input, std::size_t segment, std::size_t end)
{
    raw_.append(input.substr(segment, end - segment));
    record_ready_ = true;
    state_ = State::StartRecord;
}

bool CsvParser::delimiter_mismatch(char c)
{
    // Text after a closing quote, even if it looked like the start of a delimiter.
    if (delimiter_after_quote_) set_error(text_after_quote);
    while (delimiter_matched_ > 0 && c != delimiter_[delimiter_matched_]) {
        const std::size_t keep = delimiter_fallback_[delimiter_matched_];
        buffer_.append(delimiter_, 0, delimiter_matched_ - keep);
        delimiter_matched_ = keep;
    }
    // c extends what is kept: still a partial match (never a whole one, which would have
    // matched before the fallback).
    if (c == delimiter_[delimiter_matched_] && delimiter_matched_ > 0) return true;
    return false;
}

char CsvParser::escaped(char c) const
{
    switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    default: return c;  // \\ \" \, and any \x: the character itself
    }
}

CsvParser::Step CsvParser::feed(std::string_view input)
{
    if (record_ready_) {
        buffer_.clear();
        ends_.clear();
        quoted_.clear();
        raw_.clear();
        error_ = nullptr;
        record_ready_ = false;
    }

    if (input.empty()) {
        // End of the stream: complete whatever record is pending.
        switch (state_) {
        case State::SkipLine:
        case State::StartRecord:
            return {Result::End, 0};
        case State::Quoted:
        case State::QuotedEscaped:
            set_error(unterminated_quote);
            break;
        case State::Escaped:
            set_error(escape_at_end);
            buffer_.push_back('\\');
            break;
        case State::Delimiter:
            delimiter_mismatch('\n');  // never part of a delimiter: the pending bytes are data
            break;
        case State::StartField:
        case State::InField:
        case State::QuoteInQuoted:
            break;
        }
        end_field();
        end_record({}, 0, 0);
        return {Result::Record, 0};
    }

    const std::size_t size = input.size();
    const std::uint64_t base = bytes_;
    std::size_t i = 0;
    std::size_t segment = 0;  // start of the current record's bytes in `input`
    // A line break outside quotes ends the field and the record. A record ending at a CR is
    // returned at once: an LF that follows (now or in the next input) is skipped as the rest of
    // a CRLF when the next record is looked for.
    auto record_done = [&](char line_break) {
        end_field();
        count_line_break(line_break, base + i);
        end_record(input, segment, i);
        ++i;
        bytes_ = base + i;
        return Step{Result::Record, i};
    };
    // At the first byte of the delimiter, outside quotes.
    auto start_delimiter = [&](bool after_quote) {
        ++i;
        if (delimiter_.size() == 1) {
            end_field();
            state_ = State::StartField;
        } else {
            delimiter_matched_ = 1;
            delimiter_after_quote_ = after_quote;
            state_ = State::Delimiter;
        }
    };

    while (i < size) {
        const char c = input[i];
        switch (state_) {
        case State::SkipLine: {
            std::size_t j = i;
            while (j < size && !is_line_break(input[j])) ++j;
            i = j;
            if (i == size) break;
            count_line_break(input[i], base + i);
            ++i;
            if (lines_ >= skip_lines_) state_ = State::StartRecord;
            break;
        }

        case State::StartRecord:
            if (lines_ < skip_lines_) {
                state_ = State::SkipLine;
                break;
            }
            if (is_line_break(c)) {  // an empty line (or the LF of a CRLF) is not a record
                count_line_break(c, base + i);
                ++i;
                break;
            }
            record_line_ = lines_ + 1;
            record_byte_ = base + i;
            segment = i;
            state_ = State::StartField;
            break;

        case State::StartField:
            if (quoting_ && c == quote_) {
                state_ = State::Quoted;
                quoted_.push_back(ends_.size());
                ++i;
            } else if (c == delimiter_[0]) {
                start_delimiter(false);
            } else if (is_line_break(c)) {
                return record_done(c);
            } else {
                state_ = State::InField;
            }
            break;

        case State::InField: {
            // Copy the run of ordinary bytes in one go.
            std::size_t j = i;
            while (j < size && !unquoted_stop_[static_cast<unsigned char>(input[j])]) ++j;
            buffer_.append(input.substr(i, j - i));
            i = j;
            if (i == size) break;
            const char stop = input[i];
            if (is_line_break(stop)) return record_done(stop);
            if (stop == delimiter_[0]) {
                start_delimiter(false);
            } else {  // the escape
                state_ = State::Escaped;
                ++i;
            }
            break;
        }

        case State::Quoted: {
            std::size_t j = i;
            for (;;) {
                while (j < size && !quoted_stop_[static_cast<unsigned char>(input[j])]) ++j;
                // Line breaks inside the field are data, and physical lines all the same.
                if (j == size || !is_line_break(input[j])) break;
                count_line_break(input[j], base + j);
                ++j;
            }
            buffer_.append(input.substr(i, j - i));
            i = j;
            if (i == size) break;
            state_ = input[i] == '\\' && backslash_ ? State::QuotedEscaped : State::QuoteInQuoted;
            ++i;
            break;
        }

        case State::QuoteInQuoted:
            if (c == quote_ && doubling_) {  // "" is one quote
                buffer_.push_back(quote_);
                state_ = State::Quoted;
                ++i;
            } else if (c == delimiter_[0]) {
                start_delimiter(true);
            } else if (is_line_break(c)) {
                return record_done(c);
            } else {
                // Keep the text as part of the field, as csv-core does, but flag the record.
                set_error(text_after_quote);
                state_ = State::InField;
            }
            break;

        case State::Delimiter:
            if (c == delimiter_[delimiter_matched_]) {
                ++i;
                if (++delimiter_matched_ == delimiter_.size()) {
                    end_field();
                    state_ = State::StartField;
                }
            } else if (delimiter_mismatch(c)) {
                ++delimiter_matched_;
                ++i;
            } else {
                // c is not part of a delimiter here (it may start one: InField sees to that).
                state_ = State::InField;
            }
            break;

        case State::Escaped:
        case State::QuotedEscaped:
            // An escaped line break is data, and a physical line all the same.
            if (is_line_break(c)) count_line_break(c, base + i);
            buffer_.push_back(escaped(c));
            state_ = state_ == State::Escaped ? State::InField : State::Quoted;
            ++i;
            break;
        }
    }

    // Input exhausted inside a record: keep its raw bytes for when it completes.
    if (state_ != State::StartRecord && state_ != State::SkipLine) raw_.append(input.substr(segment));
    bytes_ = base + size;
    return {Result::InputEmpty, size};
}

CsvReader::CsvReader(ByteSource& source, std::size_t chunk_size, std::size_t max_record_bytes)
    : CsvReader(source, CsvDialect{}, chunk_size, max_record_bytes)
{
}

CsvReader::CsvReader(ByteSource& source, const CsvDialect& dialect, std::size_t chunk_size,
                     std::size_t max_record_bytes)
    : source_(source), chunk_(std::max<std::size_t>(chunk_size, 1)), max_record_bytes_(max_record_bytes),
      parser_(dialect)
{
}

bool CsvReader::next(CsvRecord& record)
{
    if (finished_) return false;
    for (;;) {
        if (chunk_begin_ == chunk_end_ && !source_done_) {
            const std::size_t n = source_.read(std::span<char>(chunk_.data(), chunk_.size()));
            chunk_begin_ = 0;
            chunk_end_ = n;
            if (n == 0) source_done_ = true;
        }
        // An empty view tells the parser the stream has ended.
        const std::string_view input(chunk_.data() + chunk_begin_, chunk_end_ - chunk_begin_);
        const CsvParser::Step step = parser_.feed(input);
        chunk_begin_ += step.consumed;

        switch (step.result) {
        case CsvParser::Result::InputEmpty:
            if (parser_.pending_bytes() > max_record_bytes_)
                throw Error(source_.name(),
                            "record longer than " + std::to_string(max_record_bytes_) +
                                " bytes: is a quote never closed?",
                            SourcePosition::at_line(parser_.record_line(), parser_.record_byte()));
            continue;
        case CsvParser::Result::End:
            finished_ = true;
            return false;
        case CsvParser::Result::Record:
            break;
        }

        record.fields.clear();
        for (std::size_t f = 0; f < parser_.field_count(); ++f) {
            record.fields.push_back(parser_.field(f));
        }
        record.line = parser_.record_line();
        record.byte = parser_.record_byte();
        record.raw = parser_.raw();
        if (parser_.error() != nullptr) {
            record.error = parser_.error();
        } else {
            record.error.reset();
        }
        return true;
    }
}

} // namespace sluice
