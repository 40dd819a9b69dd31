// Reading a workspace file: every value checked for type and range, every error naming its JSON
// path, so that a hand-edited or damaged file says where it is wrong.
#include <charconv>
#include <cmath>

#include "../io/Format.h"
#include "../neighbours/Metric.h"
#include "Base64.h"
#include "Json.h"
#include "JsonReader.h"
#include "WorkspaceFile.h"

namespace embedscope {

namespace {
constexpr long long kMaxRowIndex = 0xFFFFFFFFLL;

std::string numberText(double v) {
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, ec == std::errc() ? end : buf);
}

double finiteIn(const JsonReader& r, double min, double max) {
    const double v = r.number();
    if (!(v >= min && v <= max))
        r.fail("expected a number from " + numberText(min) + " to " + numberText(max) + ", got " +
               r.value().numberText());
    return v;
}

std::vector<std::size_t> readRows(const JsonReader& r) {
    const std::size_t count = static_cast<std::size_t>(r["count"].integer(0, kMaxRowIndex));
    const JsonReader data = r["uint32le"];
    std::string error;
    auto rows = decodeRows(data.string(), &error);
    if (!rows) data.fail(error);
    if (rows->size() != count)
        data.fail("holds " + std::to_string(rows->size()) + " rows, but count says " + std::to_string(count));
    return std::move(*rows);
}

std::array<double, 3> readArray3(const JsonReader& r) {
    const auto e = r.elements(3);
    std::array<double, 3> out{};
    for (std::size_t i = 0; i < 3; ++i) out[i] = finiteIn(e[i], -1e300, 1e300);
    return out;
}

CameraState readCamera(const JsonReader& r) {
    CameraState c;
    c.position = readArray3(r["position"]);
    c.focalPoint = readArray3(r["focalPoint"]);
    c.viewUp = readArray3(r["viewUp"]);
    c.parallelScale = finiteIn(r["parallelScale"], 0, 1e300);
    return c;
}

ProjectionState readProjection(const JsonReader& r) {
    ProjectionState p;
    const std::vector<std::string> methods{"pca", "tsne", "axes"};
    p.method = methods[r["method"].choice(methods)];
    p.dims = static_cast<int>(r["dims"].integer(2, 3));
    const auto axes = r["axes"].elements(3);
    for (std::size_t i = 0; i < 3; ++i) p.axes[i] = static_cast<int>(axes[i].integer(0, 9));
    p.spherize = r["spherize"].boolean();
    const JsonReader t = r["tsne"];
    p.tsne.perplexity = finiteIn(t["perplexity"], 1e-3, 1e6);
    p.tsne.iterations = static_cast<int>(t["iterations"].integer(1, 1'000'000));
    p.tsne.learningRate = finiteIn(t["learningRate"], 0, 1e9);
    p.tsne.exaggeration = finiteIn(t["exaggeration"], 0, 1e6);
    p.tsne.seed = t["seed"].unsignedInteger();
    p.tsne.metric = static_cast<int>(t["metric"].integer(-1, int(Metric::Dot)));
    p.tsne.selectionOnly = t["selectionOnly"].boolean();
    const auto formulas = r["formulas"].elements(3);
    for (std::size_t i = 0; i < 3; ++i) p.formulas[i] = formulas[i].string();

    const JsonReader coords = r["coordinates"];
    const auto points = static_cast<std::size_t>(coords["points"].integer(0, kMaxRowIndex));
    const JsonReader data = coords["float32le"];
    // Decoding needs the bytes the string already holds: no allocation beyond the input's size.
    std::string error;
    auto xyz = decodeFloats(data.string(), points * 3, &error);
    if (!xyz) data.fail(error + " (points says " + std::to_string(points) + ", 3 values a point)");
    for (std::size_t i = 0; i < xyz->size(); ++i)
        if (!std::isfinite((*xyz)[i]))
            data.fail("value " + std::to_string(i) + " (point " + std::to_string(i / 3) + ") is not finite");
    p.xyz = std::move(*xyz);
    const JsonReader rows = r["rows"];
    p.rows = readRows(rows);
    if (!p.rows.empty() && p.rows.size() != points)
        rows.fail(std::to_string(p.rows.size()) + " rows for " + std::to_string(points) + " points");
    for (const JsonReader& e : r["explainedVarianceRatio"].elements())
        p.explainedVarianceRatio.push_back(finiteIn(e, 0, 1));
    p.iterations = r["iterations"].unsignedInteger();
    p.kl = finiteIn(r["kl"], -1e300, 1e300);
    p.stopped = r["stopped"].boolean();
    p.metric = static_cast<int>(r["metric"].integer(0, int(Metric::Dot)));
    p.methodDetail = r["methodDetail"].string();
    p.axisTitles = r["axisTitles"].strings();
    return p;
}

SourceState readSource(const JsonReader& r) {
    SourceState s;
    s.file.path = r["path"].string();
    if (s.file.path.empty()) r["path"].fail("the data file's path is empty");
    s.file.size = r["size"].unsignedInteger();
    s.file.mtime = r["mtime"].integer(-(1LL << 62), 1LL << 62);
    s.file.headHash = r["headHash"].string();
    const JsonReader o = r["options"];
    if (const auto f = o.optional("format")) {
        s.options.format = parseFormatName(f->string());
        if (!s.options.format) f->fail("unknown format \"" + f->string() + "\"");
    }
    s.options.maxRows = o["maxRows"].unsignedInteger();
    const std::vector<std::string> encodings{"auto", "utf-8", "latin-1"};
    s.options.encoding = static_cast<Encoding>(o["encoding"].choice(encodings));
    s.options.badRows = o["badRows"].choice({"reject", "skip"}) ? BadRowPolicy::SkipAndReport : BadRowPolicy::Reject;
    s.options.labelColumn = o["labelColumn"].string();
    s.options.labelsPath = o["labelsPath"].string();
    s.options.metadataPath = o["metadataPath"].string();
    s.options.findMetadata = o["findMetadata"].boolean();
    // Workspaces saved before "top N" existed have neither field: every row.
    if (const auto t = o.optional("topRows")) s.options.topRows = t->unsignedInteger();
    if (const auto c = o.optional("topByColumn")) s.options.topByColumn = c->string();
    return s;
}

ViewState readView(const JsonReader& r) {
    ViewState v;
    v.isolated = readRows(r["isolated"]);
    v.selected = r["selected"].integer(-1, kMaxRowIndex);
    v.box = readRows(r["box"]);
    v.searchPattern = r["searchPattern"].string();
    v.searchRegex = r["searchRegex"].boolean();
    v.colourColumn = static_cast<int>(r["colourColumn"].integer(-3, 1'000'000));
    const JsonReader n = r["neighbours"];
    v.neighbourK = static_cast<int>(n["k"].integer(5, 1000));
    const std::vector<std::string> metrics{"cosine", "euclidean", "dot"};
    v.neighbourMetric = metrics[n["metric"].choice(metrics)];
    const std::vector<std::string> spaces{"raw", "centred", "normalised"};
    v.neighbourSpace = spaces[n["space"].choice(spaces)];
    return v;
}

ClusterState readClusters(const JsonReader& r) {
    ClusterState c;
    c.present = r["present"].boolean();
    c.k = static_cast<int>(r["k"].integer(2, 1'000'000));
    const std::vector<std::string> metrics{"", "cosine", "euclidean"};
    c.metric = metrics[r["metric"].choice(metrics)];
    c.onLayout = r["onLayout"].boolean();
    c.restarts = static_cast<int>(r["restarts"].integer(1, 1000));
    c.seed = r["seed"].unsignedInteger();
    return c;
}

BiasState readBias(const JsonReader& r) {
    BiasState b;
    b.formula = r["formula"].string();
    b.genderPairs = r["genderPairs"].boolean();
    const std::vector<std::string> words{"professions", "adjectives", "selection"};
    b.words = words[r["words"].choice(words)];
    b.colourByAxis = r["colourByAxis"].boolean();
    return b;
}

WeatState readWeat(const JsonReader& r) {
    WeatState w;
    const JsonReader s = r["sets"];
    w.sets.name = s["name"].string();
    w.sets.xName = s["xName"].string();
    w.sets.yName = s["yName"].string();
    w.sets.aName = s["aName"].string();
    w.sets.bName = s["bName"].string();
    w.sets.x = s["x"].strings();
    w.sets.y = s["y"].strings();
    w.sets.a = s["a"].strings();
    w.sets.b = s["b"].strings();
    const JsonReader o = r["options"];
    w.options.method = static_cast<WeatPValueMethod>(o["method"].choice({"auto", "exact", "monte-carlo"}));
    w.options.exactLimit = o["exactLimit"].unsignedInteger();
    w.options.permutations = static_cast<std::size_t>(o["permutations"].integer(1, 1'000'000'000));
    w.options.seed = o["seed"].unsignedInteger();
    w.options.lowercase = o["lowercase"].boolean();
    w.ran = r["ran"].boolean();
    return w;
}
}  // namespace

WorkspaceFile parseWorkspace(std::string_view bytes, const std::string& file) {
    if (bytes.size() > kMaxWorkspaceBytes)
        throw Error(SourceLocation::file(file), "too large for a workspace file");
    const JsonValue document = parseJson(bytes, file);
    const JsonReader root(document, "$", file);
    if (document.type() != JsonValue::Type::Object)
        root.fail(std::string("expected an object (an Embedscope workspace), got ") + JsonValue::typeName(document.type()));
    const auto format = root.optional("format");
    if (!format || format->value().type() != JsonValue::Type::String || format->string() != "embedscope-workspace")
        JsonReader(format ? format->value() : document, "$.format", file)
            .fail("not an Embedscope workspace (expected \"format\": \"embedscope-workspace\")");
    WorkspaceFile w;
    const JsonReader version = root["schemaVersion"];
    const long long v = version.integer(0, 1'000'000);
    if (v > WorkspaceFile::kSchemaVersion)
        throw JsonSchemaError(file, version.path(),
                              "the workspace was saved by a newer Embedscope (schema version " + std::to_string(v) +
                                  "); this version reads schema version " +
                                  std::to_string(WorkspaceFile::kSchemaVersion) + ": update Embedscope to open it");
    if (v < 1) version.fail("unknown schema version " + std::to_string(v));
    w.schemaVersion = static_cast<int>(v);
    if (const auto app = root.optional("app")) w.app = app->string();
    if (const auto s = root.optional("source")) w.source = readSource(*s);
    if (const auto p = root.optional("projection")) w.projection = readProjection(*p);
    if (const auto c = root.optional("camera")) w.camera = readCamera(*c);
    w.view = readView(root["view"]);
    w.clusters = readClusters(root["clusters"]);
    w.bias = readBias(root["bias"]);
    w.weat = readWeat(root["weat"]);
    const JsonReader a = root["appearance"];
    w.appearance.pointSize = finiteIn(a["pointSize"], 0, 100);
    w.appearance.opacity = finiteIn(a["opacity"], 0, 1);
    for (const JsonReader& b : root["bookmarks"].elements()) {
        Bookmark m;
        m.name = b["name"].string();
        m.projection = readProjection(b["projection"]);
        if (const auto c = b.optional("camera")) m.camera = readCamera(*c);
        m.selected = b["selected"].integer(-1, kMaxRowIndex);
        m.box = readRows(b["box"]);
        m.colourColumn = static_cast<int>(b["colourColumn"].integer(-3, 1'000'000));
        w.bookmarks.push_back(std::move(m));
    }
    return w;
}

}  // namespace embedscope
