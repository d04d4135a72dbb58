#pragma once
// The `clean` operations a column declares, applied in the order given, before null_if, the
// type's rule and the check see the text:
//   trim     drops white space at both ends
//   squeeze  makes every run of white space one ' ' (at the ends too: trim drops those)
//   lower    lower case, upper  upper case: full Unicode case mapping in ICU's root locale
//            ("ÉCOLE" -> "école", "straße" -> "STRASSE"), so no user's locale changes the data
// White space is Unicode's White_Space property: the ASCII blanks, and also the no-break space
// U+00A0 that spreadsheets and HTML exports leave around values, U+3000 and the other spaces.
//
// Built for millions of values: the result is a view into the text given (trim) or into a
// buffer the cleaner keeps, so cleaning allocates nothing once the longest value is seen; ASCII
// text is cased without calling ICU.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct UCaseMap;

namespace sluice {

enum class CleanOp { trim, squeeze, lower, upper };

std::optional<CleanOp> parse_clean_op(std::string_view name);
std::vector<std::string> clean_op_names();  // "trim", "squeeze", "lower", "upper"

class TextCleaner {
public:
    explicit TextCleaner(std::vector<CleanOp> ops);
    TextCleaner(TextCleaner&&) noexcept;
    TextCleaner& operator=(TextCleaner&&) noexcept;
    ~TextCleaner();

    bool empty() const { return ops_.empty(); }

    // Valid until the next call, or as long as `text` when no operation copies.
    std::string_view clean(std::string_view text);

private:
    std::string_view squeeze(std::string_view text, std::string& out);
    std::string_view change_case(std::string_view text, std::string& out, bool upper);

    struct CaseMapClose {
        void operator()(UCaseMap* map) const noexcept;
    };

    std::vector<CleanOp> ops_;
    std::unique_ptr<UCaseMap, CaseMapClose> case_map_;  // opened only when a case op is asked for
    // Two buffers taken in turn, so an operation never writes over the text it reads.
    std::string buffers_[2];
};

// Unicode White_Space, ASCII answered without ICU.
bool is_white_space(char32_t c);

} // namespace sluice
