#pragma once
// Command-line tests read SLUICE_* variables: none may leak in from the developer's shell, and a
// test's own are gone when it ends. And they ask what one parse says.

#include "cli/cli_main.hpp"
#include "core/error.hpp"

#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

extern char** environ;

namespace sluice::test {

class CleanSluiceEnvironment {
public:
    CleanSluiceEnvironment()
    {
        for (char** entry = environ; *entry != nullptr; ++entry) {
            const std::string_view text{*entry};
            if (text.starts_with("SLUICE_") && text.find('=') != std::string_view::npos)
                saved_[std::string{text.substr(0, text.find('='))}] = std::string{text.substr(text.find('=') + 1)};
        }
        for (const auto& [name, value] : saved_) ::unsetenv(name.c_str());
    }
    ~CleanSluiceEnvironment()
    {
        for (const auto& name : set_) ::unsetenv(name.c_str());
        for (const auto& [name, value] : saved_) ::setenv(name.c_str(), value.c_str(), 1);
    }
    CleanSluiceEnvironment(const CleanSluiceEnvironment&) = delete;
    CleanSluiceEnvironment& operator=(const CleanSluiceEnvironment&) = delete;

    void set(const std::string& name, const std::string& value)
    {
        ::setenv(name.c_str(), value.c_str(), 1);
        set_.push_back(name);
    }
    void unset(const std::string& name) { ::unsetenv(name.c_str()); }

private:
    std::map<std::string, std::string> saved_;
    std::vector<std::string> set_;
};

// The one line a parse of `args` fails with; "" when it parses.
inline std::string parse_error(const std::vector<std::string>& args)
{
    CommandLine command_line;
    try {
        command_line.parse(args);
    } catch (const UsageError& error) {
        return error.what();
    }
    return "";
}

} // namespace sluice::test
