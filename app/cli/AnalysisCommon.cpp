#include "AnalysisCommon.h"

#include <cmath>
#include <filesystem>
#include <iostream>

#include "ParseNumber.h"

namespace embedscope::cli {

std::string resourcePath(const std::string& relative) {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed = exe.parent_path() / ".." / "share" / "embedscope" / relative;
        if (std::filesystem::exists(installed, ec)) return installed.lexically_normal().string();
    }
    return std::string(EMBEDSCOPE_RESOURCES_DIR) + "/" + relative;
}

void scoredJson(Json& json, std::string_view key, const std::vector<ScoredWord>& words) {
    json.beginArray(key);
    for (const auto& w : words)
        json.beginObject().field("word", w.word).field("score", w.score).endObject();
    json.endArray();
}

void printScored(const std::vector<ScoredWord>& words) {
    for (const auto& w : words) std::cout << "  " << w.word << "\t" << w.score << "\n";
}

}  // namespace embedscope::cli
