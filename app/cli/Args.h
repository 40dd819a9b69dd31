#pragma once
// A small declarative command-line parser for embedscope-cli (the CLI links no Qt).
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace embedscope::cli {

/// Thrown for bad usage; main() prints it with the command's usage and exits with status 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct OptionSpec {
    std::string name;       ///< without the leading "--"
    std::string valueName;  ///< empty for a flag
    std::string help;
    char shortName = 0;  ///< optional one-letter alias ("-k")
};

struct CommandSpec {
    std::string name;
    /// Names, all required; a last name ending in "..." takes one or more arguments.
    std::vector<std::string> positionals;
    std::vector<OptionSpec> options;
    std::string summary;
    std::string usage() const;  ///< the full --help text
};

class Args {
public:
    /// Parses argv (after the command name). "--help" is handled by the caller through help().
    Args(const CommandSpec& spec, const std::vector<std::string>& argv);

    bool help() const { return m_help; }
    const std::string& positional(std::size_t i) const { return m_positionals.at(i); }
    const std::vector<std::string>& positionals() const { return m_positionals; }
    bool flag(const std::string& name) const { return m_values.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    std::string value(const std::string& name, const std::string& fallback) const;
    /// A non-negative integer option; UsageError when it is not one.
    std::optional<std::size_t> count(const std::string& name) const;

private:
    bool m_help = false;
    std::vector<std::string> m_positionals;
    std::map<std::string, std::string> m_values;
};

}  // namespace embedscope::cli
