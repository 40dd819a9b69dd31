#pragma once
// The subcommands of embedscope-cli. Each returns the process exit status: 0 ok, 1 failed.
#include <functional>
#include <vector>

#include "Args.h"

namespace embedscope::cli {

struct Command {
    CommandSpec spec;
    std::function<int(const Args&)> run;
};

/// All subcommands, in the order --help lists them.
const std::vector<Command>& commands();

/// embedscope-cli quality IN COORDS (QualityCommand.cpp)
Command qualityCommand();
/// embedscope-cli tsne IN --out COORDS (TsneCommand.cpp)
Command tsneCommand();
/// embedscope-cli train CORPUS... --out FILE (TrainCommand.cpp)
Command trainCommand();
/// embedscope-cli analogies VECTORS QUESTIONS (AnalogiesCommand.cpp)
Command analogiesCommand();

}  // namespace embedscope::cli
