// embedscope-cli: the headless front of the core. Exit status: 0 ok, 1 failed, 2 bad usage.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "BuildInfo.h"
#include "Commands.h"
#include "Error.h"

using namespace embedscope;
using namespace embedscope::cli;

namespace {
void printUsage(std::ostream& out) {
    out << "usage: embedscope-cli COMMAND [ARGS] [--json]\n\n"
           "Load, convert and project embeddings without a display.\n\ncommands:\n";
    for (const auto& c : commands()) {
        std::string name = "  " + c.spec.name;
        name.resize(12, ' ');
        const std::size_t end = c.spec.summary.find(". ");  // the first sentence
        out << name << (end == std::string::npos ? c.spec.summary : c.spec.summary.substr(0, end + 1)) << "\n";
    }
    out << "\noptions:\n"
           "  --help      print this list\n"
           "  --version   print the version, the Git commit and the libraries' versions\n"
           "\n'embedscope-cli COMMAND --help' describes a command's options.\n";
}
}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        printUsage(std::cerr);
        return 2;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printUsage(std::cout);
        return 0;
    }
    if (args[0] == "--version") {
        // The first line is what help2man and scripts read; the rest helps a bug report.
        std::cout << "embedscope-cli " << BuildInfo::version() << "\ncommit " << BuildInfo::commit()
                  << "\n";
        for (const auto& library : BuildInfo::coreLibraries())
            std::cout << library.name << " " << library.version << "\n";
        return 0;
    }
    const Command* command = nullptr;
    for (const auto& c : commands())
        if (c.spec.name == args[0]) command = &c;
    if (!command) {
        std::cerr << "embedscope-cli: unknown command '" << args[0] << "'\n\n";
        printUsage(std::cerr);
        return 2;
    }
    try {
        const Args parsed(command->spec, {args.begin() + 1, args.end()});
        if (parsed.help()) {
            std::cout << command->spec.usage();
            return 0;
        }
        return command->run(parsed);
    } catch (const UsageError& e) {
        std::cerr << "embedscope-cli " << command->spec.name << ": " << e.what() << "\n\n"
                  << command->spec.usage();
        return 2;
    } catch (const Cancelled&) {
        std::cerr << "embedscope-cli: cancelled\n";
        return 1;
    } catch (const std::exception& e) {
        // Error's text already starts with "path:line:col: " or "path@offset, record k: ".
        std::cerr << "embedscope-cli: error: " << e.what() << "\n";
        return 1;
    }
}
