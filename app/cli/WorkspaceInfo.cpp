#include "WorkspaceInfo.h"

#include <fstream>
#include <iostream>

#include "Json.h"
#include "state/WorkspaceFile.h"

namespace embedscope::cli {

bool isWorkspaceFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return looksLikeWorkspace(head);
}

namespace {
const char* statusName(SourceStatus s) {
    switch (s) {
        case SourceStatus::Unchanged: return "unchanged";
        case SourceStatus::Missing: return "missing";
        case SourceStatus::Changed: return "changed";
    }
    return "?";
}

std::string methodTitle(const std::string& method) {
    return method == "tsne" ? "t-SNE" : method == "axes" ? "semantic axes" : "PCA";
}

/// Semantic axes in use: the projection's formulas and the bias lens's axis.
std::size_t axisCount(const WorkspaceFile& w) {
    std::size_t n = w.bias.hasAxis() ? 1 : 0;
    if (w.projection && w.projection->method == "axes")
        for (const auto& f : w.projection->formulas) n += f.empty() ? 0 : 1;
    return n;
}
}  // namespace

int describeWorkspace(const Args& args) {
    const std::string path = args.positional(0);
    const WorkspaceFile w = readWorkspace(path);
    SourceStatus status = SourceStatus::Missing;
    std::string why, found;
    if (w.source) {
        found = locateSource(w.source->file, path);
        status = checkSource(w.source->file, &why, found);
    }
    const std::size_t points = w.projection ? w.projection->xyz.size() / 3 : 0;
    const std::size_t weatSets = w.weat.hasSets() ? 1 : 0;
    if (args.flag("json")) {
        Json j;
        j.beginObject().field("file", path).field("kind", "workspace");
        j.key("schema_version").value(static_cast<long long>(w.schemaVersion)).field("app", w.app);
        if (w.source) {
            j.key("source").beginObject().field("path", w.source->file.path);
            j.field("size", static_cast<std::size_t>(w.source->file.size));
            j.key("mtime").value(static_cast<long long>(w.source->file.mtime));
            j.field("head_hash", w.source->file.headHash).field("status", statusName(status));
            j.field("found_at", found).field("detail", why).endObject();
        } else {
            j.key("source").null();
        }
        if (w.projection) {
            j.key("projection").beginObject().field("method", w.projection->method);
            j.key("dims").value(static_cast<long long>(w.projection->dims));
            j.field("points", points).field("coordinates_saved", points > 0).endObject();
        } else {
            j.key("projection").null();
        }
        j.key("selection").beginObject().key("selected").value(w.view.selected);
        j.field("box", w.view.box.size()).field("isolated", w.view.isolated.size()).endObject();
        j.beginArray("bookmarks");
        for (const auto& b : w.bookmarks) j.value(std::string_view(b.name));
        j.endArray();
        j.field("clusters", w.clusters.present ? static_cast<std::size_t>(w.clusters.k) : std::size_t(0));
        j.field("axes", axisCount(w)).field("weat_sets", weatSets);
        j.endObject();
        std::cout << j.str() << "\n";
        return 0;
    }
    std::cout << "file:           " << path << "\n"
              << "kind:           Embedscope workspace (schema version " << w.schemaVersion << ")\n";
    if (w.source) {
        std::cout << "source:         " << w.source->file.path << " (" << statusName(status) << ")\n";
        if (!why.empty()) std::cout << "                " << why << "\n";
        else if (found != w.source->file.path) std::cout << "                found beside the workspace: " << found << "\n";
    } else {
        std::cout << "source:         none\n";
    }
    if (w.projection)
        std::cout << "projection:     " << methodTitle(w.projection->method) << " " << w.projection->dims << "-D, "
                  << points << " points" << (points ? " (coordinates saved)" : " (recomputed on open)") << "\n";
    std::cout << "selection:      " << (w.view.selected >= 0 ? "row " + std::to_string(w.view.selected) : "none")
              << ", " << w.view.box.size() << " in a box, " << w.view.isolated.size() << " isolated\n"
              << "bookmarks:      " << w.bookmarks.size() << "\n";
    for (const auto& b : w.bookmarks) std::cout << "  - " << b.name << "\n";
    std::cout << "clusters:       " << (w.clusters.present ? std::to_string(w.clusters.k) : "none") << "\n"
              << "axes:           " << axisCount(w) << "\n"
              << "WEAT sets:      " << weatSets << (weatSets && !w.weat.sets.name.empty() ? " (" + w.weat.sets.name + ")" : "")
              << "\n";
    return 0;
}

}  // namespace embedscope::cli
