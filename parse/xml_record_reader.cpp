#include "parse/xml_record_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace sluice {

XmlRecordReader::XmlRecordReader(ByteSource& source, XmlRecordPath record, std::vector<XmlField> fields,
                                 XmlReadOptions options, std::size_t chunk_size, XmlText text)
    : path_(std::move(record)), ever_matched_(fields.size(), false),
      parser_(source, *this, path_.record().local, chunk_size, options, text, path_.steps.size())
{
    for (auto& field : fields) add_field(std::move(field));
    index_record_attributes();
}

XmlRecordReader::XmlRecordReader(std::string name, XmlRecordPath record, std::vector<XmlField> fields)
    : path_(std::move(record)), ever_matched_(fields.size(), false), parser_(std::move(name), *this)
{
    for (auto& field : fields) add_field(std::move(field));
    index_record_attributes();
}

XmlRecordReader::~XmlRecordReader() = default;

void XmlRecordReader::add_field(XmlField field)
{
    auto& state = fields_.emplace_back();
    state.level = field.path.elements.size();
    state.field = std::move(field);
}

void XmlRecordReader::index_record_attributes()
{
    for (std::size_t index = 0; index < fields_.size(); ++index) {
        const auto& field = fields_[index];
        if (field.level == 0 && field.field.path.attribute)
            record_attributes_[field.field.path.attribute->local].push_back(index);
    }
}

bool XmlRecordReader::next(Record& record)
{
    while (taken_ == filled_) {
        taken_ = filled_ = 0;
        if (!parser_.more()) return false;
    }
    std::swap(record, ready_[taken_++]);
    return true;
}

std::size_t XmlRecordReader::take_records(std::vector<Record>& records)
{
    // Records already taken one by one are not given again: they leave the front.
    if (taken_ > 0) {
        std::rotate(ready_.begin(), ready_.begin() + static_cast<std::ptrdiff_t>(taken_), ready_.end());
        filled_ -= taken_;
        taken_ = 0;
    }
    std::swap(records, ready_);
    return std::exchange(filled_, 0);
}

std::string XmlRecordReader::no_records(const std::string& amount) const
{
    if (best_ == 0)
        return fmt::format("no {} records in {}: the root element is <{}>, not <{}>", path_.text, amount, census_.first(),
                           path_.steps[0].written());
    std::string parent = "<" + path_.steps[0].written() + ">";
    if (best_ > 1) {
        parent.clear();
        for (std::size_t i = 0; i < best_; ++i) parent += "/" + path_.steps[i].written();
    }
    return fmt::format("no <{}> elements under {} in {}; {}", path_.steps[best_].written(), parent, amount, census_.found());
}

void XmlRecordReader::add(std::size_t field, std::string_view value)
{
    current_.add(field, value);
    ever_matched_[field] = true;
}

void XmlRecordReader::begin_record()
{
    in_record_ = true;
    current_.clear(fields_.size());
    current_.number = records_read_.load(std::memory_order_relaxed) + 1;
    // The start tag was just parsed: it is the latest '<' before the cursor ('<' cannot occur in
    // an attribute value), and libxml2 still holds it.
    const auto cursor = parser_.cursor();
    const auto* lt = static_cast<const char*>(
        ::memrchr(cursor.held, '<', static_cast<std::size_t>(cursor.at - cursor.held)));
    if (!lt) {
        current_.byte = cursor.offset;
        current_.line = cursor.line;
        raw_done_ = true;
        return;
    }
    current_.byte = cursor.offset - static_cast<std::uint64_t>(cursor.at - lt);
    // Most start tags are on one line: memchr says so faster than a count.
    const auto tag = static_cast<std::size_t>(cursor.at - lt);
    if (std::memchr(lt, '\n', tag)) current_.line = cursor.line - static_cast<std::uint64_t>(std::count(lt, cursor.at, '\n'));
    else current_.line = cursor.line;
    raw_end_ = current_.byte;
    raw_done_ = false;
    extend_raw();
}

void XmlRecordReader::extend_raw()
{
    if (raw_done_) return;
    const auto cursor = parser_.cursor();
    if (cursor.offset <= raw_end_) return;
    const auto held_from = cursor.offset - static_cast<std::uint64_t>(cursor.at - cursor.held);
    if (raw_end_ < held_from) {
        raw_done_ = true;  // libxml2 let go of bytes not yet copied: raw stops short
        return;
    }
    auto& raw = current_.raw;
    const auto n = std::min<std::uint64_t>(cursor.offset - raw_end_, Record::kMaxRawBytes - raw.size());
    raw.append(cursor.at - (cursor.offset - raw_end_), static_cast<std::size_t>(n));
    raw_end_ += n;
    if (raw.size() == Record::kMaxRawBytes) raw_done_ = true;
}

void XmlRecordReader::matched(std::size_t index, const xmlChar* local, const xmlChar* prefix, int attribute_count,
                              const xmlChar** attributes)
{
    auto& field = fields_[index];
    if (const auto& wanted = field.field.path.attribute) {
        for (int i = 0; i < attribute_count; ++i) {
            const xmlChar** a = attributes + 5 * i;
            if (wanted->matches(a[0], a[1])) take_attribute(index, a);
        }
        return;
    }
    field.open = true;
    open_.push_back(index);
    if (field.field.form == XmlValueForm::json) field.json.start(local, prefix, attribute_count, attributes);
    else field.text.clear();
}

void XmlRecordReader::match_record_attributes(int attribute_count, const xmlChar** attributes)
{
    if (record_attributes_.empty()) return;
    for (int i = 0; i < attribute_count; ++i) {
        const xmlChar** a = attributes + 5 * i;
        const auto wanting = record_attributes_.find(reinterpret_cast<const char*>(a[0]));
        if (wanting == record_attributes_.end()) continue;
        for (const auto index : wanting->second)
            if (fields_[index].field.path.attribute->matches(a[0], a[1])) take_attribute(index, a);
    }
}

// libxml2's attribute: local name, prefix, URI, value start, value end.
void XmlRecordReader::take_attribute(std::size_t index, const xmlChar** attribute)
{
    const auto value = xml_attribute_value(attribute[3], attribute[4], scratch_);
    if (fields_[index].field.form == XmlValueForm::text) {
        add(index, value);
    } else {
        json_.clear();
        append_json_string(value, json_);
        add(index, json_);
    }
}

void XmlRecordReader::start(const xmlChar* local, const xmlChar* prefix, std::size_t depth, int attribute_count,
                            const xmlChar** attributes)
{
    const std::size_t record_depth = path_.steps.size() - 1;
    if (in_record_) {
        const std::size_t level = depth - record_depth;
        extend_raw();
        for (const auto index : open_) {
            auto& field = fields_[index];
            if (field.field.form == XmlValueForm::json) field.json.start(local, prefix, attribute_count, attributes);
        }
        for (std::size_t index = 0; index < fields_.size(); ++index) {
            auto& field = fields_[index];
            if (field.matched + 1 != level || level > field.level) continue;
            if (!field.field.path.elements[level - 1].matches(local, prefix)) continue;
            field.matched = level;
            if (level == field.level) matched(index, local, prefix, attribute_count, attributes);
        }
        return;
    }
    const bool counting = records_read_.load(std::memory_order_relaxed) == 0;
    if (counting && depth == matched_ && matched_ == best_) census_.note(local, prefix);
    if (matched_ != depth || depth > record_depth || !path_.steps[depth].matches(local, prefix)) return;
    ++matched_;
    if (counting && matched_ > best_ && matched_ < path_.steps.size()) {
        best_ = matched_;
        census_.clear();
    }
    if (matched_ != path_.steps.size()) return;
    begin_record();
    match_record_attributes(attribute_count, attributes);
    for (std::size_t index = 0; index < fields_.size(); ++index)
        if (fields_[index].level == 0 && !fields_[index].field.path.attribute)
            matched(index, local, prefix, attribute_count, attributes);
}

void XmlRecordReader::end(std::size_t depth)
{
    if (!in_record_) {
        if (depth < matched_) matched_ = depth;
        return;
    }
    extend_raw();
    const std::size_t level = depth - (path_.steps.size() - 1);
    for (std::size_t i = 0; i < open_.size();) {
        const auto index = open_[i];
        auto& field = fields_[index];
        bool ended = false;
        if (field.field.form == XmlValueForm::json) {
            ended = field.json.end(scratch_);
            if (ended) add(index, scratch_);
        } else if (field.level == level) {
            ended = true;
            add(index, field.text);
        }
        if (!ended) {
            ++i;
            continue;
        }
        field.open = false;
        open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(i));
    }
    for (auto& field : fields_)
        if (level > 0 && field.matched >= level) field.matched = level - 1;
    if (level > 0) return;

    in_record_ = false;
    matched_ = depth;
    if (filled_ == ready_.size()) ready_.emplace_back();
    std::swap(ready_[filled_++], current_);
    records_read_.fetch_add(1, std::memory_order_relaxed);
}

void XmlRecordReader::text(const char* text, std::size_t length)
{
    for (const auto index : open_) {
        auto& field = fields_[index];
        if (field.field.form == XmlValueForm::json) field.json.text({text, length});
        else field.text.append(text, length);
    }
}

} // namespace sluice
