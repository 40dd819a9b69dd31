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
/// embedscope-cli clusters VECTORS -k K (ClustersCommand.cpp)
Command clustersCommand();
/// embedscope-cli neighbors VECTORS WORD (NeighborsCommand.cpp)
Command neighborsCommand();
/// embedscope-cli compare VECTORS A B (CompareCommand.cpp)
Command compareCommand();
/// embedscope-cli analogy VECTORS A B C (AnalogyCommand.cpp)
Command analogyCommand();
/// embedscope-cli axis VECTORS FORMULA (AxisCommand.cpp)
Command axisCommand();
/// embedscope-cli bias VECTORS --words FILE (BiasCommand.cpp)
Command biasCommand();
/// embedscope-cli weat VECTORS --test NAME | --sets FILE (WeatCommand.cpp)
Command weatCommand();
/// embedscope-cli train CORPUS... --out FILE (TrainCommand.cpp)
Command trainCommand();
/// embedscope-cli analogies VECTORS QUESTIONS (AnalogiesCommand.cpp)
Command analogiesCommand();

}  // namespace embedscope::cli
