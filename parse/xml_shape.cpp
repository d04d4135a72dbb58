#include "parse/xml_shape.hpp"

#include "core/error.hpp"
#include "core/text_view_source.hpp"
#include "parse/value_preview.hpp"
#include "parse/xml_sax_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <optional>

namespace sluice {

namespace {

constexpr std::size_t kChunkBytes = 256 * 1024;
constexpr std::size_t kMaxNames = 64;  // distinct element names counted at each of the two levels

std::string written(const xmlChar* local, const xmlChar* prefix)
{
    std::string name = prefix ? reinterpret_cast<const char*>(prefix) + std::string{":"} : std::string{};
    return name + reinterpret_cast<const char*>(local);
}

bool blank(std::string_view text)
{
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Raised by a handler to stop the parse once the sample holds enough records.
struct SampleFull {};

// A name and how often it was met, in the order first met.
struct Counted {
    std::string name;
    std::uint64_t count = 0;
};

void count(std::vector<Counted>& names, std::string name)
{
    for (auto& counted : names) {
        if (counted.name == name) {
            ++counted.count;
            return;
        }
    }
    if (names.size() < kMaxNames) names.push_back({std::move(name), 1});
}

// The most often met; the first met on a tie.
const Counted* most(const std::vector<Counted>& names)
{
    const Counted* best = nullptr;
    for (const auto& counted : names)
        if (!best || counted.count > best->count) best = &counted;
    return best;
}

// Pass 1: the elements one and two levels under the root, counted.
class RootCensus final : public XmlContentHandler {
public:
    void start(const xmlChar* local, const xmlChar* prefix, std::size_t depth, int, const xmlChar**) override
    {
        if (depth == 0) root_ = written(local, prefix);
        if (depth == 1) {
            parent_ = written(local, prefix);
            count(children_, parent_);
            ++elements_;
        }
        if (depth == 2) count(grandchildren_, parent_ + "/" + written(local, prefix));
    }
    void end(std::size_t) override {}
    void text(const char*, std::size_t) override {}
    std::uint64_t records() const override { return elements_; }
    std::string no_records(const std::string& amount) const override
    {
        return fmt::format("no records in {}: the root element <{}> holds no elements", amount, root_);
    }

    const std::string& root() const { return root_; }
    // The record element's path, from the root; empty when the root holds no element.
    std::string record_path() const
    {
        const auto* child = most(children_);
        if (!child) return {};
        const auto* grandchild = most(grandchildren_);
        if (child->count == 1 && grandchild && grandchild->count > 1) return "/" + root_ + "/" + grandchild->name;
        return "/" + root_ + "/" + child->name;
    }

private:
    std::string root_;
    std::string parent_;
    std::vector<Counted> children_;
    std::vector<Counted> grandchildren_;
    std::uint64_t elements_ = 0;
};

// Pass 2: the fields of the records at the record path.
class FieldCensus final : public XmlContentHandler {
public:
    FieldCensus(std::vector<std::string> steps, const XmlShapeLimits& limits)
        : steps_(std::move(steps)), limits_(limits)
    {
    }

    void start(const xmlChar* local, const xmlChar* prefix, std::size_t depth, int attribute_count,
               const xmlChar** attributes) override
    {
        const std::size_t record_depth = steps_.size() - 1;
        if (!in_record_) {
            // On the record path so far: `on_path_` of its steps are the open elements.
            if (depth == on_path_ && depth <= record_depth && steps_[depth] == written(local, prefix)) ++on_path_;
            if (on_path_ != steps_.size()) return;
            in_record_ = true;
            ++record_;
            open_.clear();
            open_.push_back({npos, {}, false, false});  // the record itself; "." only if it has text
            note_attributes("", attribute_count, attributes);
            return;
        }
        const std::size_t level = depth - record_depth;
        auto& parent = open_.back();
        parent.has_children = true;
        if (parent.path != npos) fields_[parent.path].has_children = true;
        if (level > XmlShapeReader::kMaxLevels || (level > 1 && parent.path == npos)) {
            open_.push_back({npos, {}, false, true});
            return;
        }
        const auto path = level == 1 ? written(local, prefix) : fields_[parent.path].field.path + "/" + written(local, prefix);
        const auto index = field(path, XmlShapeField::Kind::text);
        open_.push_back({index, {}, false, false});
        if (index != npos) note_attributes(path + "/", attribute_count, attributes);
    }

    void end(std::size_t depth) override
    {
        if (!in_record_) {
            if (depth < on_path_) on_path_ = depth;
            return;
        }
        auto closed = std::move(open_.back());
        open_.pop_back();
        if (open_.empty()) {
            // The record ends: its own text is a field when it has some beside its elements.
            if (closed.own_text) {
                const auto index = field(".", XmlShapeField::Kind::text);
                if (index != npos) note(index, closed.text, closed.cut);
            }
            in_record_ = false;
            on_path_ = depth;
            ++records_;
            if (records_ >= limits_.records) throw SampleFull{};
            return;
        }
        if (closed.path != npos) note(closed.path, closed.text, closed.cut);
    }

    void text(const char* text, std::size_t length) override
    {
        if (!in_record_) return;
        const std::string_view piece{text, length};
        // XPath's string(): an element's value holds its descendants' text too.
        for (auto& open : open_) {
            if (open.cut) continue;
            if (open.text.size() + piece.size() > TypeGuess::kMaxValueBytes) {
                open.cut = true;  // its start is kept: the sample shows it
                open.text.append(piece.substr(0, TypeGuess::kMaxValueBytes - open.text.size()));
                continue;
            }
            open.text.append(piece);
        }
        auto& innermost = open_.back();
        if (!innermost.beyond && !blank(piece)) {
            innermost.own_text = true;
            if (innermost.path != npos) fields_[innermost.path].own_text = true;
        }
    }

    std::uint64_t records() const override { return records_; }
    std::string no_records(const std::string& amount) const override
    {
        std::string path;
        for (const auto& step : steps_) path += "/" + step;
        return fmt::format("no {} records in {}", path, amount);
    }

    // The fields as a job file would declare them, in the order first met.
    void finish(XmlShape& shape) const
    {
        // A record the sample cut counts too: its start tag (and attributes) were read.
        shape.records = record_;
        shape.fields_dropped = dropped_;
        // A path is left out when an element above it is itself a field (its text or subtree
        // holds it), or when it is an element with children above the deepest level (its
        // children are the fields).
        std::vector<char> column(fields_.size(), 0);
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            const auto& f = fields_[i];
            if (f.field.kind == XmlShapeField::Kind::attribute) continue;
            column[i] = f.own_text || !f.has_children || f.level == XmlShapeReader::kMaxLevels;
        }
        const auto under_column = [&](const std::string& path) {
            for (std::size_t i = 0; i < fields_.size(); ++i) {
                if (!column[i] || fields_[i].field.path == ".") continue;
                const auto& above = fields_[i].field.path;
                if (path.size() > above.size() && path.starts_with(above) && path[above.size()] == '/') {
                    // An attribute of the element itself is a field of its own.
                    const auto rest = std::string_view{path}.substr(above.size() + 1);
                    if (rest.starts_with('@')) continue;
                    return true;
                }
            }
            return false;
        };
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            const auto& f = fields_[i];
            const bool attribute = f.field.kind == XmlShapeField::Kind::attribute;
            if (!attribute && !column[i]) continue;
            if (under_column(f.field.path)) continue;
            auto out = f.field;
            if (!attribute && f.has_children && !f.own_text) {
                // A subtree (jsonb); a repeated one has no jsonb[]: its texts, as text[].
                out.kind = XmlShapeField::Kind::subtree;
                out.type = out.repeats() ? "text" : "jsonb";
                out.sample.clear();  // the texts of its elements run together
            } else {
                out.type = f.guess.type(candidates_);
                out.format = f.guess.format(candidates_);
            }
            shape.fields.push_back(std::move(out));
        }
    }

private:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    struct Open {
        std::size_t path;  // into fields_; npos for the record itself or an element not followed
        std::string text;  // string() so far, up to TypeGuess::kMaxValueBytes
        bool cut = false;  // longer than that
        bool beyond = false;  // deeper than kMaxLevels, or under an element past the cap
        bool has_children = false;
        bool own_text = false;
    };
    struct Field {
        XmlShapeField field;
        std::size_t level = 0;  // element steps
        TypeGuess guess;
        std::uint64_t last_record = 0;  // the record that had it last
        std::uint64_t in_record = 0;    // times in that record
        bool has_children = false;
        bool own_text = false;
    };

    // The field's index, added if new and there is room; npos past kMaxPaths.
    std::size_t field(const std::string& path, XmlShapeField::Kind kind)
    {
        if (const auto found = index_.find(path); found != index_.end()) return found->second;
        if (fields_.size() >= limits_.paths) {
            if (dropped_paths_.size() < limits_.paths && dropped_paths_.insert(path).second) ++dropped_;
            return npos;
        }
        auto& added = fields_.emplace_back();
        added.field.path = path;
        added.field.kind = kind;
        added.level = kind == XmlShapeField::Kind::attribute ? 0 : static_cast<std::size_t>(std::count(path.begin(), path.end(), '/')) + 1;
        index_.emplace(path, fields_.size() - 1);
        return fields_.size() - 1;
    }

    void note_attributes(const std::string& prefix, int attribute_count, const xmlChar** attributes)
    {
        for (int i = 0; i < attribute_count; ++i) {
            const xmlChar** a = attributes + 5 * i;
            const auto index = field(prefix + "@" + written(a[0], a[1]), XmlShapeField::Kind::attribute);
            if (index == npos) continue;
            // Values as libxml2 gives them: references already replaced.
            const std::string_view value{reinterpret_cast<const char*>(a[3]), static_cast<std::size_t>(a[4] - a[3])};
            if (value.size() > TypeGuess::kMaxValueBytes) note(index, value.substr(0, TypeGuess::kMaxValueBytes), true);
            else note(index, value, false);
        }
    }

    void note(std::size_t index, std::string_view value, bool cut)
    {
        auto& f = fields_[index];
        if (f.last_record != record_) {
            f.last_record = record_;
            f.in_record = 0;
            ++f.field.records;
        }
        f.field.most = std::max(f.field.most, ++f.in_record);
        if (cut) f.guess.see_long_value();
        else f.guess.see(value, candidates_);
        if (f.field.sample.empty() && !value.empty()) f.field.sample = preview(value, XmlShapeReader::kSampleChars);
    }

    std::vector<std::string> steps_;
    const XmlShapeLimits& limits_;
    TypeCandidates candidates_;
    std::vector<Field> fields_;
    std::map<std::string, std::size_t> index_;
    std::set<std::string> dropped_paths_;  // bounded by kMaxPaths too: past it, counted once more each
    std::uint64_t dropped_ = 0;
    std::vector<Open> open_;
    std::size_t on_path_ = 0;
    bool in_record_ = false;
    std::uint64_t record_ = 0;   // the record being read, from 1
    std::uint64_t records_ = 0;  // records ended
};

// Parses the sample to its end, or to where the handler has enough. Once the sample is cut,
// whatever libxml2 says at the cut (an unclosed element, a character cut in two) ends it quietly.
void parse(std::string_view sample, const std::string& name, bool cut, XmlContentHandler& handler,
           const std::string& record_name, std::size_t record_level)
{
    TextViewSource source{sample, name};
    XmlSaxReader reader{source, handler, record_name, kChunkBytes, XmlReadOptions{}, XmlText::document, record_level};
    try {
        while (reader.more()) {
        }
    } catch (const SampleFull&) {
    } catch (const Error&) {
        if (!cut || handler.records() == 0) throw;
    }
}

} // namespace

XmlShape XmlShapeReader::read(ByteSource& source, const XmlShapeLimits& limits)
{
    XmlShape shape;
    std::string sample(limits.sample_bytes, '\0');
    std::size_t filled = 0;
    while (filled < sample.size()) {
        const auto n = source.read(std::span<char>{sample}.subspan(filled));
        if (n == 0) break;
        filled += n;
    }
    if (filled == sample.size()) {
        char probe = 0;
        shape.cut = source.read(std::span<char>{&probe, 1}) > 0;
    }
    sample.resize(filled);
    shape.sample_bytes = filled;

    RootCensus census;
    parse(sample, source.name(), shape.cut, census, "", 0);
    shape.root = census.root();
    shape.record_path = census.record_path();

    std::vector<std::string> steps;
    for (std::size_t at = 1; at < shape.record_path.size();) {
        const auto slash = std::min(shape.record_path.find('/', at), shape.record_path.size());
        steps.push_back(shape.record_path.substr(at, slash - at));
        at = slash + 1;
    }
    FieldCensus fields{steps, limits};
    const auto& record = steps.back();
    const auto colon = record.find(':');
    parse(sample, source.name(), shape.cut, fields, colon == std::string::npos ? record : record.substr(colon + 1),
          steps.size());
    // The record limit stops the sample short of the document's end, as the byte limit does.
    if (fields.records() >= limits.records) shape.cut = true;
    fields.finish(shape);
    return shape;
}

} // namespace sluice
