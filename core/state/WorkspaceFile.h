#pragma once
/// The workspace file (schema version 1): everything a person set up in the app, as plain
/// structs, one per controller that holds state, so that saving a workspace is the sum of its
/// parts. The GUI's controllers convert to and from these; the CLI's `info` describes them.
/// Names are the file's spelling (std::string, enums as words) so the core needs no Qt.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../analysis/Weat.h"
#include "../io/Dataset.h"
#include "SourceFingerprint.h"

namespace embedscope {

/// The data file and how it was opened.
struct SourceState {
    SourceFingerprint file;
    LoadOptions options;
    bool operator==(const SourceState& o) const;
};

struct TsneState {
    double perplexity = 30;
    int iterations = 1000;
    double learningRate = 0;
    double exaggeration = 12;
    std::uint64_t seed = 42;
    int metric = -1;  ///< -1: the data set's default; else a Metric
    bool selectionOnly = false;
    bool operator==(const TsneState&) const = default;
};

/// The projection: how it was made and, since t-SNE is slow to recompute, its coordinates.
struct ProjectionState {
    std::string method = "pca";  ///< "pca", "tsne", "axes"
    int dims = 3;
    std::array<int, 3> axes{0, 1, 2};
    bool spherize = false;
    TsneState tsne;
    std::array<std::string, 3> formulas{};
    /// M × 3 row-major (z = 0 in 2-D); empty: recompute on open.
    std::vector<float> xyz;
    std::vector<std::size_t> rows;  ///< data set row of each point; empty: all rows in order
    std::vector<double> explainedVarianceRatio;
    std::uint64_t iterations = 0;
    double kl = 0;
    bool stopped = false;
    int metric = 0;  ///< t-SNE: the Metric its neighbourhoods used
    std::string methodDetail;
    std::vector<std::string> axisTitles;
    bool operator==(const ProjectionState&) const = default;
};

struct CameraState {
    std::array<double, 3> position{}, focalPoint{}, viewUp{0, 1, 0};
    double parallelScale = 1;
    bool operator==(const CameraState&) const = default;
};

/// The Workspace controller's own state beyond the projection.
struct ViewState {
    std::vector<std::size_t> isolated;  ///< "Isolate selection" rows; empty: all shown
    long long selected = -1;
    std::vector<std::size_t> box;
    std::string searchPattern;
    bool searchRegex = false;
    int colourColumn = -1;  ///< as Workspace::colourColumn (-1 one colour, -2 faithfulness, -3 derived)
    int neighbourK = 20;
    std::string neighbourMetric = "cosine";  ///< metricName()
    std::string neighbourSpace = "raw";      ///< spaceName()
    bool operator==(const ViewState&) const = default;
};

struct ClusterState {
    bool present = false;  ///< clusters were computed (re-run on open: seeded, so the same)
    int k = 10;
    std::string metric;  ///< "" = the data set's default, else metricName()
    bool onLayout = false;
    int restarts = 4;
    std::uint64_t seed = 42;
    bool operator==(const ClusterState&) const = default;
};

struct BiasState {
    std::string formula;   ///< the axis formula; empty: no axis
    bool genderPairs = false;  ///< the axis is the definitional-pairs direction
    std::string words = "professions";  ///< "professions", "adjectives", "selection"
    bool colourByAxis = false;
    bool hasAxis() const { return genderPairs || !formula.empty(); }
    bool operator==(const BiasState&) const = default;
};

struct WeatState {
    WeatSets sets;
    WeatOptions options;
    bool ran = false;  ///< a result was shown (re-run on open)
    bool hasSets() const { return !sets.x.empty() || !sets.y.empty() || !sets.a.empty() || !sets.b.empty(); }
    bool operator==(const WeatState& o) const;
};

struct AppearanceState {
    double pointSize = 0;  ///< 0: the app's setting
    double opacity = 0;    ///< 0: the app's setting
    bool operator==(const AppearanceState&) const = default;
};

/// A named view: one click restores projection, camera, selection and colouring.
struct Bookmark {
    std::string name;
    ProjectionState projection;
    std::optional<CameraState> camera;
    long long selected = -1;
    std::vector<std::size_t> box;
    int colourColumn = -1;
    bool operator==(const Bookmark&) const = default;
};

struct WorkspaceFile {
    static constexpr int kSchemaVersion = 1;
    int schemaVersion = kSchemaVersion;
    std::string app;  ///< "embedscope 0.4.0" that wrote it (informational)
    std::optional<SourceState> source;
    std::optional<ProjectionState> projection;
    std::optional<CameraState> camera;
    ViewState view;
    ClusterState clusters;
    BiasState bias;
    WeatState weat;
    AppearanceState appearance;
    std::vector<Bookmark> bookmarks;
    bool operator==(const WorkspaceFile&) const = default;
};

/// Larger files are refused before reading: a workspace holds coordinates, not vectors.
constexpr std::uint64_t kMaxWorkspaceBytes = 256ull << 20;

/// Whether bytes look like a workspace file (a JSON object naming the format), cheaply, from
/// the first bytes; for "open" and "info" to tell a workspace from an embeddings file.
bool looksLikeWorkspace(std::string_view head);

/// Parses a workspace file. The single entry point for every reader (GUI, CLI, fuzzing): never
/// crashes, never allocates more than a bounded multiple of the input. Throws Error at
/// file:line:column for bad JSON, JsonSchemaError naming the JSON path for a wrong value, and
/// Error for a newer schema version.
WorkspaceFile parseWorkspace(std::string_view bytes, const std::string& file = {});

/// Reads and parses the file at path (size-checked first).
WorkspaceFile readWorkspace(const std::string& path);

/// The file's text: pretty-printed JSON, ending in a newline.
std::string serializeWorkspace(const WorkspaceFile& workspace);

/// Writes atomically (the old file stays byte-identical on any failure). Throws Error.
void writeWorkspace(const WorkspaceFile& workspace, const std::string& path);

}  // namespace embedscope
