#include "Args.h"

#include <algorithm>
#include <cstdint>

#include "ParseNumber.h"

namespace embedscope::cli {

std::string CommandSpec::usage() const {
    std::string out = "usage: embedscope-cli " + name;
    for (const auto& p : positionals) out += " " + p;
    if (!options.empty()) out += " [options]";
    out += "\n\n" + summary + "\n";
    if (!options.empty()) {
        out += "\noptions:\n";
        for (const auto& o : options) {
            std::string left = "  --" + o.name + (o.valueName.empty() ? "" : " " + o.valueName);
            if (left.size() < 28) left.resize(28, ' ');
            else left += "\n" + std::string(28, ' ');
            out += left + o.help + "\n";
        }
    }
    out += "  --help                    show this help\n";
    return out;
}

Args::Args(const CommandSpec& spec, const std::vector<std::string>& argv) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "--help" || a == "-h") {
            m_help = true;
            return;
        }
        const bool isShort = a.size() == 2 && a[0] == '-' && a[1] != '-';
        if (isShort || (a.size() > 2 && a.rfind("--", 0) == 0)) {
            std::string name = isShort ? a.substr(1) : a.substr(2), value;
            if (isShort) {
                auto alias = std::find_if(spec.options.begin(), spec.options.end(),
                                          [&](const OptionSpec& o) { return o.shortName == a[1]; });
                if (alias == spec.options.end()) throw UsageError("unknown option " + a);
                name = alias->name;
            }
            bool inlineValue = false;
            if (auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name.resize(eq);
                inlineValue = true;
            }
            auto it = std::find_if(spec.options.begin(), spec.options.end(),
                                   [&](const OptionSpec& o) { return o.name == name; });
            if (it == spec.options.end())
                throw UsageError("unknown option --" + name + " for '" + spec.name + "'");
            if (it->valueName.empty()) {
                if (inlineValue) throw UsageError("--" + name + " takes no value");
            } else if (!inlineValue) {
                if (i + 1 >= argv.size()) throw UsageError("--" + name + " needs " + it->valueName);
                value = argv[++i];
            }
            m_values[name] = value;
        } else {
            m_positionals.push_back(a);
        }
    }
    if (m_positionals.size() < spec.positionals.size())
        throw UsageError("'" + spec.name + "' needs " + spec.positionals[m_positionals.size()]);
    const bool variadic = !spec.positionals.empty() && spec.positionals.back().ends_with("...");
    if (m_positionals.size() > spec.positionals.size() && !variadic)
        throw UsageError("unexpected argument '" + m_positionals[spec.positionals.size()] + "'");
}

std::optional<std::string> Args::value(const std::string& name) const {
    auto it = m_values.find(name);
    if (it == m_values.end()) return std::nullopt;
    return it->second;
}

std::string Args::value(const std::string& name, const std::string& fallback) const {
    return value(name).value_or(fallback);
}

std::optional<std::size_t> Args::count(const std::string& name) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    std::int64_t n = 0;
    if (!parseInt(*v, n) || n < 0) throw UsageError("--" + name + " needs a whole number ≥ 0, not '" + *v + "'");
    return static_cast<std::size_t>(n);
}

}  // namespace embedscope::cli
