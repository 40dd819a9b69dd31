#include "Commands.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "Common.h"
#include "Json.h"
#include "WorkspaceInfo.h"
#include "ParseNumber.h"
#include "io/Coordinates.h"
#include "io/Load.h"
#include "project/Pca.h"

namespace embedscope::cli {

namespace {

void summaryJson(Json& j, const LoadSummary& s) {
    if (s.rowsInHeader) j.field("rows_in_header", *s.rowsInHeader);
    else j.key("rows_in_header").null();
    j.field("rows_read", s.rowsRead).field("skipped", s.skipped).field("duplicates", s.duplicates);
    j.field("non_finite", s.nonFinite).field("invalid_utf8", s.invalidUtf8);
    j.field("decoded_as_latin1", s.decodedAsLatin1).field("truncated_by_max_rows", s.truncatedByMaxRows);
    j.field("problems", s.problems).field("warnings", s.warnings);
}

void summaryText(std::ostream& out, const LoadSummary& s) {
    out << "rows in header: " << (s.rowsInHeader ? std::to_string(*s.rowsInHeader) : "-") << "\n"
        << "rows read:      " << s.rowsRead << "\n"
        << "skipped:        " << s.skipped << "\n"
        << "duplicates:     " << s.duplicates << "\n"
        << "non-finite:     " << s.nonFinite << "\n"
        << "invalid UTF-8:  " << s.invalidUtf8 << (s.decodedAsLatin1 ? " (labels decoded as Latin-1)" : "")
        << "\n";
    if (s.truncatedByMaxRows) out << "stopped at --max-rows\n";
    for (const auto& p : s.problems) out << "problem: " << p << "\n";
    for (const auto& w : s.warnings) out << "warning: " << w << "\n";
}

int runInfo(const Args& args) {
    if (isWorkspaceFile(args.positional(0))) return describeWorkspace(args);
    const auto start = std::chrono::steady_clock::now();
    Progress progress = makeProgress();
    const Dataset data = loadDataset(args.positional(0), loadOptions(args), progress);
    const double seconds = secondsSince(start);
    const Embedding& e = data.embedding;
    if (args.flag("json")) {
        Json j;
        j.beginObject().field("file", data.path).field("format", formatName(data.format));
        j.field("rows", e.rows()).field("dims", e.dims()).field("seconds", seconds);
        summaryJson(j, data.summary);
        j.beginArray("metadata_columns");
        for (const auto& c : data.metadata.columns()) {
            const char* type = c.type == ColumnType::Numeric ? "numeric"
                             : c.type == ColumnType::Categorical ? "categorical" : "text";
            j.beginObject().field("name", c.name).field("type", type).endObject();
        }
        j.endArray().endObject();
        std::cout << j.str() << "\n";
    } else {
        std::cout << "file:           " << data.path << "\n"
                  << "format:         " << formatName(data.format) << "\n"
                  << "rows x dims:    " << e.rows() << " x " << e.dims() << "\n";
        summaryText(std::cout, data.summary);
        for (const auto& c : data.metadata.columns()) std::cout << "metadata column: " << c.name << "\n";
        if (!e.empty()) {
            std::cout << "first labels:  ";
            for (std::size_t i = 0; i < std::min<std::size_t>(5, e.rows()); ++i) std::cout << " " << e.label(i);
            std::cout << "\n";
        }
    }
    return 0;
}

int runConvert(const Args& args) {
    const auto to = parseFormatName(args.value("to", ""));
    if (!to) throw UsageError("--to needs one of word2vec-text, word2vec-binary, glove, tsv, npy");
    Progress progress = makeProgress();
    const Dataset data = loadDataset(args.positional(0), loadOptions(args), progress);
    saveEmbedding(data.embedding, args.positional(1), *to, progress);
    if (auto meta = args.value("metadata-out")) writeProjectorMetadata(data.embedding, data.metadata, *meta);
    std::cerr << "wrote " << data.embedding.rows() << " x " << data.embedding.dims() << " as "
              << formatName(*to) << " to " << args.positional(1) << "\n";
    return 0;
}

std::vector<std::size_t> parseAxes(const std::string& text, std::size_t dims) {
    std::vector<std::size_t> axes;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        std::int64_t n = 0;
        if (!parseInt(item, n) || n < 1) throw UsageError("--components needs 1-based numbers like 1,2,3");
        axes.push_back(static_cast<std::size_t>(n - 1));
    }
    if (axes.size() != dims)
        throw UsageError("--components lists " + std::to_string(axes.size()) + " components for --dims " +
                         std::to_string(dims));
    return axes;
}

int runPca(const Args& args) {
    const std::size_t dims = args.count("dims").value_or(2);
    if (dims != 2 && dims != 3) throw UsageError("--dims must be 2 or 3");
    const auto out = args.value("out");
    if (!out) throw UsageError("pca needs --out COORDS.tsv");
    std::vector<std::size_t> axes = {0, 1, 2};
    axes.resize(dims);
    if (auto c = args.value("components")) axes = parseAxes(*c, dims);

    Progress progress = makeProgress();
    const Dataset data = loadDataset(args.positional(0), loadOptions(args), progress);
    const auto start = std::chrono::steady_clock::now();
    PcaOptions opts;
    opts.components = *std::max_element(axes.begin(), axes.end()) + 1;
    opts.spherize = args.flag("spherize");
    const std::string solver = args.value("solver", "auto");
    if (solver == "exact") opts.solver = PcaSolver::Exact;
    else if (solver == "randomized") opts.solver = PcaSolver::Randomized;
    else if (solver == "krylov") opts.solver = PcaSolver::Krylov;
    else if (solver != "auto") throw UsageError("--solver must be auto, exact, randomized or krylov");
    const PcaResult pca = namingFile(data.path, [&] { return fitPca(data.embedding, opts, progress); });
    Layout layout{data.embedding.labels(), pca.project(data.embedding, axes)};
    const double seconds = secondsSince(start);
    const bool csv = out->size() >= 4 && out->compare(out->size() - 4, 4, ".csv") == 0;
    writeLayout(layout, *out, csv ? ',' : '\t');

    if (args.flag("json")) {
        Json j;
        j.beginObject().field("file", data.path).field("rows", data.embedding.rows());
        j.field("dims", data.embedding.dims()).field("seconds", seconds);
        j.field("solver", pca.solverUsed == PcaSolver::Exact        ? "exact"
                          : pca.solverUsed == PcaSolver::Randomized ? "randomized"
                                                                    : "krylov");
        j.field("solver_passes", static_cast<std::size_t>(pca.solverPasses));
        j.field("spherized", pca.spherized);
        j.beginArray("components");
        for (auto a : axes) j.value(a + 1);
        j.endArray();
        j.field("explained_variance_ratio", pca.explainedVarianceRatio);
        j.field("out", *out).endObject();
        std::cout << j.str() << "\n";
    } else {
        std::cout << "explained variance ratio:";
        for (double r : pca.explainedVarianceRatio) std::cout << " " << r;
        std::cout << "\nwrote " << layout.labels.size() << " points to " << *out << "\n";
    }
    return 0;
}

}  // namespace

const std::vector<Command>& commands() {
    static const std::vector<Command> all = {
        {{"info", {"FILE"}, with(loadOptionSpecs(), {{"json", "", "print the result as JSON"}}),
          "Load FILE (format sniffed from its content) and print its format, size and the load "
          "summary: rows in header / read / skipped / duplicates / non-finite / invalid UTF-8. "
          "For a workspace file: its data file (present, unchanged?), projection, selection, "
          "bookmarks, clusters, axes and WEAT sets."},
         runInfo},
        {{"convert", {"IN", "OUT"},
          with(loadOptionSpecs(),
               {{"to", "FORMAT", "word2vec-text, word2vec-binary, glove, tsv or npy (required)"},
                {"metadata-out", "FILE", "also write labels and metadata as a Projector metadata TSV"}}),
          "Convert an embedding file to another format (labels byte-exact, float32 values exact)."},
         runConvert},
        {{"pca", {"IN"},
          with(loadOptionSpecs(),
               {{"dims", "2|3", "layout dimensions (default 2)"},
                {"components", "LIST", "1-based components for x,y[,z] (default 1,2[,3])"},
                {"spherize", "", "centre, then scale every vector to unit length, before PCA"},
                {"solver", "NAME", "auto (default), exact, randomized or krylov"},
                {"out", "COORDS", "where to write label + coordinates (.tsv, or .csv)"},
                {"json", "", "print the result as JSON"}}),
          "Project IN onto principal components (always centred) and write the coordinates."},
         runPca},
        tsneCommand(),
        qualityCommand(),
        clustersCommand(),
        neighborsCommand(),
        compareCommand(),
        analogyCommand(),
        axisCommand(),
        biasCommand(),
        weatCommand(),
        trainCommand(),
        analogiesCommand(),
    };
    return all;
}

}  // namespace embedscope::cli
