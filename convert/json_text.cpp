#include "convert/json_text.hpp"

#include <nlohmann/json.hpp>

namespace sluice {

namespace {

// Builds nothing: only follows the parse, to see the decoded strings (where an escaped
// "\u0000" has become a NUL) and to tell a syntax error from a NUL.
class JsonChecker : public nlohmann::json_sax<nlohmann::json> {
public:
    JsonFault fault = JsonFault::none;

    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t& value) override { return accept(value); }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t& value) override { return accept(value); }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override
    {
        fault = e.id == kNumberOverflow ? JsonFault::huge_number : JsonFault::malformed;
        return false;
    }

private:
    static constexpr int kNumberOverflow = 406;  // nlohmann's out_of_range.406

    bool accept(const string_t& value)
    {
        if (value.find('\0') == string_t::npos) return true;
        fault = JsonFault::nul;
        return false;
    }
};

} // namespace

JsonFault json_fault(std::string_view text)
{
    JsonChecker checker;
    const bool parsed = nlohmann::json::sax_parse(text.begin(), text.end(), &checker);
    if (!parsed && checker.fault == JsonFault::none) return JsonFault::malformed;
    return checker.fault;
}

} // namespace sluice
