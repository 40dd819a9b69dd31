#pragma once
/// A clustering as a table a person can open: one row per word with its cluster and distance.
#include <string>
#include <utility>
#include <vector>

#include "../analysis/KMeans.h"

namespace embedscope {

/// Writes a header row "label<TAB>cluster<TAB>distance", then one row per row of the clustered
/// data: its label, its cluster (0-based, as KMeansResult numbers them: largest first) and its
/// distance to the centroid (KMeansResult::distance, shortest form that reads back exactly).
/// A label holding a tab, a line break or a leading quote is wrapped in quotes, inner quotes
/// doubled (as the metadata reader unwraps). Saved atomically: on failure an existing file stays
/// byte-identical. Throws Error naming the path when the sizes disagree or writing fails.
/// parameters (name, value), e.g. clusterParameters(options), are appended as columns of their
/// own, the same value on every row, so each row says how it was clustered.
void writeClusterTable(const std::vector<std::string>& labels, const KMeansResult& clusters,
                       const std::string& path,
                       const std::vector<std::pair<std::string, std::string>>& parameters = {});

/// k, metric, restarts and seed of a k-means run, for writeClusterTable.
std::vector<std::pair<std::string, std::string>> clusterParameters(const KMeansOptions& options);

}  // namespace embedscope
