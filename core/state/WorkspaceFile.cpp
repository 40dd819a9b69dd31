#include "WorkspaceFile.h"

#include <sys/stat.h>

#include <fstream>

#include "../io/AtomicFile.h"
#include "../io/Format.h"
#include "Base64.h"
#include "JsonWriter.h"

namespace embedscope {

bool SourceState::operator==(const SourceState& o) const {
    const LoadOptions &a = options, &b = o.options;
    return file == o.file && a.format == b.format && a.maxRows == b.maxRows && a.encoding == b.encoding &&
           a.badRows == b.badRows && a.labelColumn == b.labelColumn && a.labelsPath == b.labelsPath &&
           a.metadataPath == b.metadataPath && a.findMetadata == b.findMetadata &&
           a.topRows == b.topRows && a.topByColumn == b.topByColumn;
}

bool WeatState::operator==(const WeatState& o) const {
    const WeatSets &s = sets, &t = o.sets;
    const WeatOptions &a = options, &b = o.options;
    return ran == o.ran && s.name == t.name && s.xName == t.xName && s.yName == t.yName && s.aName == t.aName &&
           s.bName == t.bName && s.x == t.x && s.y == t.y && s.a == t.a && s.b == t.b && a.method == b.method &&
           a.exactLimit == b.exactLimit && a.permutations == b.permutations && a.seed == b.seed &&
           a.lowercase == b.lowercase;
}

bool looksLikeWorkspace(std::string_view head) {
    std::size_t i = head.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
    return i < head.size() && head[i] == '{' &&
           head.substr(0, 4096).find("\"embedscope-workspace\"") != std::string_view::npos;
}

namespace {
const char* encodingName(Encoding e) {
    switch (e) {
        case Encoding::Utf8: return "utf-8";
        case Encoding::Latin1: return "latin-1";
        case Encoding::Auto: break;
    }
    return "auto";
}

void writeArray3(JsonWriter& j, std::string_view key, const std::array<double, 3>& v) {
    j.beginArray(key);
    for (double d : v) j.value(d);
    j.endArray();
}

void writeRows(JsonWriter& j, std::string_view key, const std::vector<std::size_t>& rows) {
    j.key(key).beginObject();
    j.field("count", rows.size());
    j.field("uint32le", std::string_view(encodeRows(rows)));
    j.endObject();
}

void writeProjection(JsonWriter& j, const ProjectionState& p) {
    j.beginObject();
    j.field("method", std::string_view(p.method));
    j.key("dims").value(static_cast<long long>(p.dims));
    j.beginArray("axes");
    for (int a : p.axes) j.value(static_cast<long long>(a));
    j.endArray();
    j.field("spherize", p.spherize);
    j.key("tsne").beginObject();
    j.field("perplexity", p.tsne.perplexity);
    j.key("iterations").value(static_cast<long long>(p.tsne.iterations));
    j.field("learningRate", p.tsne.learningRate);
    j.field("exaggeration", p.tsne.exaggeration);
    j.key("seed").value(static_cast<std::size_t>(p.tsne.seed));
    j.key("metric").value(static_cast<long long>(p.tsne.metric));
    j.field("selectionOnly", p.tsne.selectionOnly);
    j.endObject();
    j.field("formulas", std::vector<std::string>(p.formulas.begin(), p.formulas.end()));
    j.key("coordinates").beginObject();
    j.field("points", p.xyz.size() / 3);
    j.field("float32le", std::string_view(encodeFloats(p.xyz)));
    j.endObject();
    writeRows(j, "rows", p.rows);
    j.field("explainedVarianceRatio", p.explainedVarianceRatio);
    j.key("iterations").value(static_cast<std::size_t>(p.iterations));
    j.field("kl", p.kl);
    j.field("stopped", p.stopped);
    j.key("metric").value(static_cast<long long>(p.metric));
    j.field("methodDetail", std::string_view(p.methodDetail));
    j.field("axisTitles", p.axisTitles);
    j.endObject();
}

void writeCamera(JsonWriter& j, const CameraState& c) {
    j.beginObject();
    writeArray3(j, "position", c.position);
    writeArray3(j, "focalPoint", c.focalPoint);
    writeArray3(j, "viewUp", c.viewUp);
    j.field("parallelScale", c.parallelScale);
    j.endObject();
}

void writeWeatSets(JsonWriter& j, const WeatSets& s) {
    j.key("sets").beginObject();
    j.field("name", std::string_view(s.name));
    j.field("xName", std::string_view(s.xName));
    j.field("yName", std::string_view(s.yName));
    j.field("aName", std::string_view(s.aName));
    j.field("bName", std::string_view(s.bName));
    j.field("x", s.x);
    j.field("y", s.y);
    j.field("a", s.a);
    j.field("b", s.b);
    j.endObject();
}

const char* weatMethodName(WeatPValueMethod m) {
    switch (m) {
        case WeatPValueMethod::Exact: return "exact";
        case WeatPValueMethod::MonteCarlo: return "monte-carlo";
        case WeatPValueMethod::Auto: break;
    }
    return "auto";
}
}  // namespace

std::string serializeWorkspace(const WorkspaceFile& w) {
    JsonWriter j(true);
    j.beginObject();
    j.field("format", "embedscope-workspace");
    j.key("schemaVersion").value(static_cast<long long>(w.schemaVersion));
    j.field("app", std::string_view(w.app));
    if (w.source) {
        const SourceState& s = *w.source;
        j.key("source").beginObject();
        j.field("path", std::string_view(s.file.path));
        j.field("size", static_cast<std::size_t>(s.file.size));
        j.key("mtime").value(static_cast<long long>(s.file.mtime));
        j.field("headHash", std::string_view(s.file.headHash));
        j.key("options").beginObject();
        if (s.options.format) j.field("format", formatName(*s.options.format));
        else j.key("format").null();
        j.field("maxRows", s.options.maxRows);
        j.field("encoding", encodingName(s.options.encoding));
        j.field("badRows", s.options.badRows == BadRowPolicy::SkipAndReport ? "skip" : "reject");
        j.field("labelColumn", std::string_view(s.options.labelColumn));
        j.field("labelsPath", std::string_view(s.options.labelsPath));
        j.field("metadataPath", std::string_view(s.options.metadataPath));
        j.field("findMetadata", s.options.findMetadata);
        j.field("topRows", s.options.topRows);
        j.field("topByColumn", std::string_view(s.options.topByColumn));
        j.endObject();
        j.endObject();
    }
    if (w.projection) {
        j.key("projection");
        writeProjection(j, *w.projection);
    }
    if (w.camera) {
        j.key("camera");
        writeCamera(j, *w.camera);
    }
    const ViewState& v = w.view;
    j.key("view").beginObject();
    writeRows(j, "isolated", v.isolated);
    j.key("selected").value(v.selected);
    writeRows(j, "box", v.box);
    j.field("searchPattern", std::string_view(v.searchPattern));
    j.field("searchRegex", v.searchRegex);
    j.key("colourColumn").value(static_cast<long long>(v.colourColumn));
    j.key("neighbours").beginObject();
    j.key("k").value(static_cast<long long>(v.neighbourK));
    j.field("metric", std::string_view(v.neighbourMetric));
    j.field("space", std::string_view(v.neighbourSpace));
    j.endObject();
    j.endObject();

    const ClusterState& c = w.clusters;
    j.key("clusters").beginObject();
    j.field("present", c.present);
    j.key("k").value(static_cast<long long>(c.k));
    j.field("metric", std::string_view(c.metric));
    j.field("onLayout", c.onLayout);
    j.key("restarts").value(static_cast<long long>(c.restarts));
    j.key("seed").value(static_cast<std::size_t>(c.seed));
    j.endObject();

    const BiasState& b = w.bias;
    j.key("bias").beginObject();
    j.field("formula", std::string_view(b.formula));
    j.field("genderPairs", b.genderPairs);
    j.field("words", std::string_view(b.words));
    j.field("colourByAxis", b.colourByAxis);
    j.endObject();

    j.key("weat").beginObject();
    writeWeatSets(j, w.weat.sets);
    j.key("options").beginObject();
    j.field("method", weatMethodName(w.weat.options.method));
    j.field("exactLimit", w.weat.options.exactLimit);
    j.field("permutations", w.weat.options.permutations);
    j.key("seed").value(static_cast<std::size_t>(w.weat.options.seed));
    j.field("lowercase", w.weat.options.lowercase);
    j.endObject();
    j.field("ran", w.weat.ran);
    j.endObject();

    j.key("appearance").beginObject();
    j.field("pointSize", w.appearance.pointSize);
    j.field("opacity", w.appearance.opacity);
    j.endObject();

    j.beginArray("bookmarks");
    for (const Bookmark& m : w.bookmarks) {
        j.beginObject();
        j.field("name", std::string_view(m.name));
        j.key("projection");
        writeProjection(j, m.projection);
        if (m.camera) {
            j.key("camera");
            writeCamera(j, *m.camera);
        }
        j.key("selected").value(m.selected);
        writeRows(j, "box", m.box);
        j.key("colourColumn").value(static_cast<long long>(m.colourColumn));
        j.endObject();
    }
    j.endArray();
    j.endObject();
    return j.str() + "\n";
}

WorkspaceFile readWorkspace(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw Error(SourceLocation::file(path), "cannot read: " + describeErrno(errno));
    if (S_ISDIR(st.st_mode)) throw Error(SourceLocation::file(path), "cannot read: it is a folder");
    if (static_cast<std::uint64_t>(st.st_size) > kMaxWorkspaceBytes)
        throw Error(SourceLocation::file(path), "too large for a workspace file (" + std::to_string(st.st_size) +
                                                    " bytes; at most " + std::to_string(kMaxWorkspaceBytes) + ")");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(SourceLocation::file(path), "cannot open for reading");
    std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return parseWorkspace(bytes, path);
}

void writeWorkspace(const WorkspaceFile& workspace, const std::string& path) {
    const std::string text = serializeWorkspace(workspace);
    AtomicFile file(path);
    file.write(text);
    file.commit();
}

}  // namespace embedscope
