#include "WorkspaceTables.h"

#include "Workspace.h"
#include "io/Dataset.h"
#include "Projection.h"

namespace embedscope::ui {

namespace {
void addMetadata(const Dataset& data, std::size_t row, std::vector<std::string>& cells) {
    for (const auto& column : data.metadata.columns()) cells.push_back(row < column.cells.size() ? column.cells[row] : std::string());
}
void addMetadataHeader(Table& table, const Dataset& data) {
    for (const auto& column : data.metadata.columns()) table.header.push_back(column.name);
}
}  // namespace

Table neighbourTable(const Workspace& workspace) {
    Table table;
    table.header = {"rank", "word", "distance", "similarity", "metric", "space", "query", "row"};
    const auto data = workspace.dataset();
    const long long selected = workspace.selectedRow();
    if (!data || selected < 0) return table;
    const NeighbourSettings& s = workspace.neighbourSettings();
    const std::string metric(metricName(s.metric)), space(spaceName(s.space));
    const std::string query = data->embedding.label(static_cast<std::size_t>(selected));
    std::size_t rank = 0;
    for (const Neighbour& n : workspace.neighbours()) {
        // The distance as the search orders it; the similarity as people quote it.
        const float similarity = s.metric == Metric::Cosine ? 1.0f - n.distance : -n.distance;
        table.rows.push_back({std::to_string(++rank), data->embedding.label(n.row), shortestNumber(n.distance),
                              shortestNumber(similarity), metric, space, query, std::to_string(n.row + 1)});
    }
    return table;
}

Table selectionTable(const Workspace& workspace) {
    Table table;
    table.header = {"row", "label"};
    const auto data = workspace.dataset();
    if (!data) return table;
    addMetadataHeader(table, *data);
    std::vector<std::size_t> rows = workspace.boxSelection();
    if (rows.empty() && workspace.selectedRow() >= 0) rows.push_back(static_cast<std::size_t>(workspace.selectedRow()));
    for (std::size_t r : rows) {
        std::vector<std::string> cells{std::to_string(r + 1), data->embedding.label(r)};
        addMetadata(*data, r, cells);
        table.rows.push_back(std::move(cells));
    }
    return table;
}

Table coordinatesTable(const Workspace& workspace, bool withMetadata) {
    Table table;
    const auto data = workspace.dataset();
    const auto projection = workspace.projection();
    if (!data || !projection) return table;
    const auto dims = static_cast<std::size_t>(projection->spec.dims);
    table.header = {"label", "x", "y"};
    if (dims == 3) table.header.push_back("z");
    if (withMetadata) addMetadataHeader(table, *data);
    const std::size_t n = projection->pointCount();
    table.rows.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t row = projection->rows.empty() ? i : projection->rows[i];
        std::vector<std::string> cells{data->embedding.label(row)};
        for (std::size_t a = 0; a < dims; ++a) cells.push_back(shortestNumber(projection->xyz[3 * i + a]));
        if (withMetadata) addMetadata(*data, row, cells);
        table.rows.push_back(std::move(cells));
    }
    return table;
}

}  // namespace embedscope::ui
