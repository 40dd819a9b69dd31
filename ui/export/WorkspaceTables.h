#pragma once
// The workspace's tables for export and the clipboard, each with a header row and the parameters
// that made it in columns of their own (so a spreadsheet or pandas reads every row alone).
#include "io/TableFile.h"

namespace embedscope::ui {

class Workspace;

/// The selected word's neighbours: rank, word, distance (in the metric's sense), similarity
/// (cosine similarity, dot product or −distance), metric, space, query, row.
Table neighbourTable(const Workspace& workspace);
/// The box selection (or the selected point alone): row, label, and every metadata column.
Table selectionTable(const Workspace& workspace);
/// The shown layout: label, x, y[, z], and every metadata column when withMetadata.
Table coordinatesTable(const Workspace& workspace, bool withMetadata);

}  // namespace embedscope::ui
