#include "parse/csv_reader.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <span>

namespace sluice {

namespace {

constexpr const char* unterminated_quote = "unterminated quoted field";
constexpr const char* text_after_quote = "unexpected character after closing quote";

} // namespace

std::string_view CsvParser::field(std::size_t index) const
{
    const std::size_t begin = index == 0 ? 0 : ends_[index - 1];
    return std::string_view(buffer_).substr(begin, ends_[index] - begin);
}

void CsvParser::begin_record()
{
    record_line_ = lines_ + 1;
}

// `segment` is where the record's bytes in this input begin, `end` is where its line break (or
// the input) ends it; the raw text collected from earlier inputs comes before the segment.
void CsvParser::end_record(std::string_view input, std::size_t segment, std::size_t end)
{
    raw_.append(input.substr(segment, end - segment));
    record_ready_ = true;
    state_ = State::StartRecord;
}

void CsvParser::count_line_break(char c)
{
    // The LF of a CRLF was counted with its CR.
    if (c == '\r' || !after_cr_) ++lines_;
    after_cr_ = c == '\r';
}

CsvParser::Step CsvParser::feed(std::string_view input)
{
    if (record_ready_) {
        buffer_.clear();
        ends_.clear();
        raw_.clear();
        error_ = nullptr;
        record_ready_ = false;
    }

    if (input.empty()) {
        // End of the stream: complete whatever record is pending.
        switch (state_) {
        case State::StartRecord:
            return {Result::End, 0};
        case State::Quoted:
            set_error(unterminated_quote);
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
        count_line_break(line_break);
        end_record(input, segment, i);
        ++i;
        bytes_ = base + i;
        return Step{Result::Record, i};
    };

    while (i < size) {
        const char c = input[i];
        switch (state_) {
        case State::StartRecord:
            if (c == '\n' || c == '\r') {  // an empty line (or the LF of a CRLF) is not a record
                count_line_break(c);
                ++i;
                break;
            }
            after_cr_ = false;
            begin_record();
            record_byte_ = base + i;
            segment = i;
            state_ = State::StartField;
            break;

        case State::StartField:
            if (c == '"') {
                state_ = State::Quoted;
                ++i;
            } else if (c == ',') {
                end_field();
                ++i;
            } else if (c == '\n' || c == '\r') {
                return record_done(c);
            } else {
                state_ = State::InField;
            }
            break;

        case State::InField: {
            // Copy the run of ordinary bytes in one go.
            std::size_t j = i;
            while (j < size && input[j] != ',' && input[j] != '\n' && input[j] != '\r') ++j;
            buffer_.append(input.substr(i, j - i));
            i = j;
            if (i == size) break;
            if (input[i] != ',') return record_done(input[i]);
            end_field();
            state_ = State::StartField;
            ++i;
            break;
        }

        case State::Quoted: {
            std::size_t j = i;
            while (j < size && input[j] != '"') {
                // Line breaks inside the field are data, and physical lines all the same.
                const char b = input[j];
                if (b == '\n' || b == '\r') count_line_break(b);
                else after_cr_ = false;
                ++j;
            }
            buffer_.append(input.substr(i, j - i));
            i = j;
            if (i < size) {
                after_cr_ = false;
                state_ = State::QuoteInQuoted;
                ++i;
            }
            break;
        }

        case State::QuoteInQuoted:
            if (c == '"') {  // "" is one quote
                buffer_.push_back('"');
                state_ = State::Quoted;
                ++i;
            } else if (c == ',') {
                end_field();
                state_ = State::StartField;
                ++i;
            } else if (c == '\n' || c == '\r') {
                return record_done(c);
            } else {
                // Keep the text as part of the field, as csv-core does, but flag the record.
                set_error(text_after_quote);
                state_ = State::InField;
            }
            break;
        }
    }

    // Input exhausted inside a record: keep its raw bytes for when it completes.
    if (state_ != State::StartRecord) raw_.append(input.substr(segment));
    bytes_ = base + size;
    return {Result::InputEmpty, size};
}

CsvReader::CsvReader(ByteSource& source, std::size_t chunk_size, std::size_t max_record_bytes)
    : source_(source), chunk_(std::max<std::size_t>(chunk_size, 1)), max_record_bytes_(max_record_bytes)
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
