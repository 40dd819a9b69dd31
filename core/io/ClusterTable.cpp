#include "ClusterTable.h"

#include <charconv>

#include "AtomicFile.h"
#include "TabularText.h"

namespace embedscope {

void writeClusterTable(const std::vector<std::string>& labels, const KMeansResult& clusters,
                       const std::string& path,
                       const std::vector<std::pair<std::string, std::string>>& parameters) {
    if (labels.size() != clusters.assignment.size())
        throw Error(SourceLocation::file(path),
                    "cannot save the clusters: " + std::to_string(labels.size()) + " labels for " +
                        std::to_string(clusters.assignment.size()) + " clustered rows");
    AtomicFile file(path);
    std::string& out = file.buffer();
    std::string extra;  // the parameters' values, the same on every row
    out += "label\tcluster\tdistance";
    for (const auto& [name, value] : parameters) {
        (out += '\t') += name;
        (extra += '\t') += value;
    }
    out += '\n';
    for (std::size_t r = 0; r < labels.size(); ++r) {
        const std::string& label = labels[r];
        if (label.find_first_of("\t\n\r") != std::string::npos || label.starts_with('"'))
            tabular::appendQuoted(out, label);
        else
            out += label;
        out += '\t';
        out += std::to_string(clusters.assignment[r]);
        char number[32];
        const auto result = std::to_chars(number, number + sizeof number, clusters.distance[r]);
        out += '\t';
        out.append(number, result.ptr);
        out += extra;
        out += '\n';
        file.flushIfFull();
    }
    file.commit();
}

std::vector<std::pair<std::string, std::string>> clusterParameters(const KMeansOptions& options) {
    return {{"k", std::to_string(options.k)},
            {"metric", std::string(metricName(options.metric))},
            {"restarts", std::to_string(options.restarts)},
            {"seed", std::to_string(options.seed)}};
}

}  // namespace embedscope
