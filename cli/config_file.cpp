#include "cli/config_file.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <sstream>

namespace sluice {

namespace {

std::string key_name(std::string_view key)
{
    std::string name{key};
    std::replace(name.begin(), name.end(), '_', '-');
    return name;
}

CLI::Option* long_option(CLI::App* command, const std::string& name)
{
    auto* option = command->get_option_no_throw("--" + name);
    if (option == nullptr || !option->get_configurable()) return nullptr;
    return option;
}

// The values of one key, as CLI11 takes them: strings as they are, numbers and booleans as
// their text, arrays as several values.
std::vector<std::string> inputs(const toml::node& value, const std::string& where)
{
    std::vector<std::string> out;
    const auto scalar = [&](const toml::node& node) {
        if (const auto* text = node.as_string()) return text->get();
        if (const auto* integer = node.as_integer()) return std::to_string(integer->get());
        if (const auto* real = node.as_floating_point()) return fmt::format("{}", real->get());
        if (const auto* flag = node.as_boolean()) return std::string{flag->get() ? "true" : "false"};
        throw UsageError(where + ": expected a string, a number, a boolean or an array of them");
    };
    if (const auto* array = value.as_array()) {
        for (const auto& element : *array) out.push_back(scalar(element));
    } else {
        out.push_back(scalar(value));
    }
    return out;
}

class TomlConfig final : public CLI::Config {
public:
    explicit TomlConfig(CLI::App& app) : app_(app) {}

    std::string to_config(const CLI::App*, bool, bool, std::string) const override { return {}; }

    std::vector<CLI::ConfigItem> from_config(std::istream& input) const override
    {
        std::stringstream text;
        text << input.rdbuf();
        const auto path = app_.get_config_ptr()->as<std::string>();
        toml::table file;
        try {
            file = toml::parse(text.str(), path);
        } catch (const toml::parse_error& error) {
            throw UsageError(fmt::format("{}: line {}: {}", path, error.source().begin.line, error.description()));
        }
        const auto commands = app_.get_subcommands();
        std::vector<CLI::ConfigItem> items;
        const auto chosen = [&](const std::string& name) {
            return std::any_of(commands.begin(), commands.end(), [&](auto* command) { return command->get_name() == name; });
        };
        // Top-level keys first, then the tables: toml++ iterates keys in sorted order, and a
        // command's table must win over the top level whatever the names.
        for (const auto& [key, value] : file) {
            if (value.is_table()) continue;
            const auto name = key_name(key.str());
            const auto where = fmt::format("{}: line {}: {}", path, key.source().begin.line, key.str());
            bool known = long_option(&app_, name) != nullptr;
            if (known) add(items, {}, name, inputs(value, where), where);
            for (auto* command : app_.get_subcommands({})) known = known || long_option(command, name) != nullptr;
            if (!known) throw UsageError(where + ": no command has an option --" + name);
            for (auto* command : commands) {
                if (long_option(command, name) != nullptr)
                    add(items, {command->get_name()}, name, inputs(value, where), where);
            }
        }
        for (const auto& [key, value] : file) {
            const auto* section = value.as_table();
            if (section == nullptr) continue;
            const auto name = key_name(key.str());
            const auto where = fmt::format("{}: line {}: [{}]", path, key.source().begin.line, key.str());
            CLI::App* command = nullptr;
            for (auto* candidate : app_.get_subcommands({})) {
                if (candidate->get_name() == name) command = candidate;
            }
            if (command == nullptr) throw UsageError(where + ": no command of that name");
            for (const auto& [sub_key, sub_value] : *section) {
                const auto sub_name = key_name(sub_key.str());
                const auto sub_where = fmt::format("{}: line {}: [{}] {}", path, sub_key.source().begin.line,
                                                   key.str(), sub_key.str());
                if (long_option(command, sub_name) == nullptr)
                    throw UsageError(sub_where + ": sluice " + name + " has no option --" + sub_name);
                const auto values = inputs(sub_value, sub_where);
                if (chosen(name)) add(items, {name}, sub_name, values, sub_where);
            }
        }
        return items;
    }

    void note_command_line(std::vector<std::string> args) { args_ = std::move(args); }

    bool on_command_line(const std::vector<std::string>& long_names) const
    {
        for (const auto& arg : args_) {
            if (arg == "--") return false;  // what follows is a scheduled run's, not ours
            for (const auto& name : long_names) {
                if (arg == "--" + name || arg.starts_with("--" + name + "=")) return true;
            }
        }
        return false;
    }

    // "path: line 3: top" for a key the file gave this command; "" when it gave none.
    std::string where(const std::string& command, const std::string& name) const
    {
        const auto found = where_.find(command + "/" + name);
        return found == where_.end() ? std::string{} : found->second;
    }

private:
    // A setting from the environment wins over the file: the file's value is left out, and
    // CLI11 then reads the variable.
    void add(std::vector<CLI::ConfigItem>& items, std::vector<std::string> parents, const std::string& name,
             std::vector<std::string> values, const std::string& where) const
    {
        if (environment_has(environment_name(name))) return;
        // A key both at the top and in the command's table: the table's, added later, wins.
        std::erase_if(items, [&](const CLI::ConfigItem& item) { return item.parents == parents && item.name == name; });
        where_[(parents.empty() ? "" : parents.front()) + "/" + name] = where;
        items.push_back({std::move(parents), name, std::move(values)});
    }

    CLI::App& app_;
    std::vector<std::string> args_;
    mutable std::map<std::string, std::string> where_;  // filled as from_config reads the file
};

// The top level's config formatter, which knows where values came from.
TomlConfig* toml_config(const CLI::App& command)
{
    const auto* root = &command;
    while (root->get_parent() != nullptr) root = root->get_parent();
    return dynamic_cast<TomlConfig*>(root->get_config_formatter().get());
}

} // namespace

bool environment_has(const std::string& name)
{
    const char* value = std::getenv(name.c_str());
    return value != nullptr && *value != '\0';
}

std::string environment_name(const std::string& long_name)
{
    std::string name = "SLUICE_";
    for (const char c : long_name) name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name;
}

void name_environment_variables(CLI::App& app)
{
    const auto name_options = [&app](CLI::App& command) {
        for (auto* option : command.get_options()) {
            if (option->get_lnames().empty() || option == command.get_help_ptr() || option == app.get_config_ptr() ||
                option == app.get_version_ptr())
                continue;
            option->envname(environment_name(option->get_lnames().front()));
        }
    };
    name_options(app);
    // A command's options read their variables only once the command is chosen: CLI11 reads and
    // checks every command's variables, so SLUICE_LIMIT=500000 (fine for inspect) would fail
    // `status` (at most 100000).
    for (auto* command : app.get_subcommands({}))
        command->preparse_callback([command, name_options](std::size_t) { name_options(*command); });
}

void use_toml_config(CLI::App& app)
{
    const char* from_environment = std::getenv("SLUICE_CONFIG");
    app.set_config("--config", from_environment != nullptr ? from_environment : "",
                   "TOML file of settings (also SLUICE_CONFIG); flags and SLUICE_* variables override it");
    app.config_formatter(std::make_shared<TomlConfig>(app));
}

void note_command_line(CLI::App& app, std::vector<std::string> args)
{
    if (auto* config = toml_config(app)) config->note_command_line(std::move(args));
}

std::string value_origin(const CLI::App& command, const CLI::Option& option)
{
    const auto& names = option.get_lnames();
    if (names.empty()) return command.get_name();  // a positional: "config" for `sluice config CMD`
    const auto flag = "--" + names.front();
    const auto* config = toml_config(command);
    if (config != nullptr && config->on_command_line(names)) return flag;
    if (!option.get_envname().empty() && environment_has(option.get_envname())) return option.get_envname();
    if (config != nullptr) {
        auto where = config->where(command.get_parent() == nullptr ? "" : command.get_name(), names.front());
        if (!where.empty()) return where;
    }
    return flag;
}

void check_config_file(const CLI::App& app)
{
    const auto path = app.get_config_ptr()->as<std::string>();
    if (!path.empty() && CLI::detail::check_path(path.c_str()) != CLI::detail::path_type::file)
        throw UsageError("--config: no such file: " + path);
}

} // namespace sluice
