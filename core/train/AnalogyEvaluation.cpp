#include "AnalogyEvaluation.h"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <fstream>
#include <unordered_map>

#include "../Error.h"

namespace embedscope {

namespace {

struct Question {
    std::uint32_t a, b, c, expected;  // canonical rows
    std::uint32_t section;
};

std::string upperAscii(std::string s) {
    for (char& ch : s)
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 32);
    return s;
}

/// Python's str.split(): runs of whitespace separate, none at the ends.
std::vector<std::string> splitWords(const std::string& line) {
    std::vector<std::string> out;
    std::size_t i = 0;
    auto space = [](unsigned char ch) {
        return ch == ' ' || (ch >= 9 && ch <= 13) || (ch >= 28 && ch <= 31);
    };
    while (i < line.size()) {
        while (i < line.size() && space(static_cast<unsigned char>(line[i]))) ++i;
        const std::size_t b = i;
        while (i < line.size() && !space(static_cast<unsigned char>(line[i]))) ++i;
        if (i > b) out.push_back(line.substr(b, i - b));
    }
    return out;
}

/// Python's str.strip() of the characters given.
std::string stripChars(const std::string& s, const char* left, bool right) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::strchr(left, s[b])) ++b;
    if (right)
        while (e > b && std::strchr(" \t\n\r\v\f", s[e - 1])) --e;
    return s.substr(b, e - b);
}

}  // namespace

AnalogyResult evaluateAnalogies(const Embedding& vectors, const std::string& path,
                                const AnalogyOptions& options, Progress& progress) {
    if (vectors.empty()) throw Error("analogies: the embedding has no rows");
    const std::size_t R =
        options.restrict == 0 ? vectors.rows() : std::min(options.restrict, vectors.rows());
    const std::size_t D = vectors.dims();
    auto key = [&](const std::string& w) { return options.caseInsensitive ? upperAscii(w) : w; };

    // Each key stands for the first row carrying it; canon[i] is that row for row i's key.
    std::unordered_map<std::string, std::uint32_t> rowOf;
    std::vector<std::uint32_t> canon(R);
    for (std::size_t i = 0; i < R; ++i)
        canon[i] =
            rowOf.try_emplace(key(vectors.label(i)), static_cast<std::uint32_t>(i)).first->second;

    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(SourceLocation::file(path), "cannot open the questions file");
    AnalogyResult result;
    std::vector<Question> questions;
    std::string line;
    for (std::uint64_t lineNo = 1; std::getline(in, line); ++lineNo) {
        if (line.rfind(": ", 0) == 0) {
            result.sections.push_back({stripChars(line, ": ", true)});
            continue;
        }
        if (result.sections.empty())
            throw Error(SourceLocation::text(path, lineNo),
                        "a question before the first ': section' line");
        const std::vector<std::string> words = splitWords(line);
        if (words.size() != 4) {
            ++result.invalidLines;
            continue;
        }
        std::array<std::uint32_t, 4> rows{};
        bool known = true;
        for (std::size_t k = 0; k < 4 && known; ++k) {
            auto it = rowOf.find(key(words[k]));
            known = it != rowOf.end();
            if (known) rows[k] = it->second;
        }
        if (!known) {
            ++result.skipped;
            continue;
        }
        questions.push_back({rows[0], rows[1], rows[2], rows[3],
                             static_cast<std::uint32_t>(result.sections.size() - 1)});
    }

    // Unit rows (a zero row stays zero, as it can never be the answer's nearest).
    RowMatrixXf unit = vectors.matrix().topRows(static_cast<Eigen::Index>(R));
    for (Eigen::Index i = 0; i < unit.rows(); ++i) {
        const float n = unit.row(i).norm();
        if (n > 0) unit.row(i) /= n;
    }
    constexpr std::size_t kBlock = 512;
    constexpr std::size_t kTop = 5;  // gensim asks most_similar for topn=5
    RowMatrixXf query(static_cast<Eigen::Index>(kBlock), static_cast<Eigen::Index>(D));
    RowMatrixXf scores;
    progress.setStage("answering analogies");
    for (std::size_t first = 0; first < questions.size(); first += kBlock) {
        progress.step(static_cast<double>(first) / static_cast<double>(questions.size()));
        const std::size_t count = std::min(kBlock, questions.size() - first);
        for (std::size_t q = 0; q < count; ++q) {
            const Question& x = questions[first + q];
            auto row = query.row(static_cast<Eigen::Index>(q));
            row = unit.row(x.b) + unit.row(x.c) - unit.row(x.a);
            const float n = row.norm();
            if (n > 0) row /= n;
        }
        scores.noalias() = query.topRows(static_cast<Eigen::Index>(count)) * unit.transpose();
#pragma omp parallel for schedule(static)
        for (std::size_t q = 0; q < count; ++q) {
            const Question& x = questions[first + q];
            const float* s = scores.data() + q * R;
            // The kTop best rows other than a's, b's and c's, best first.
            std::array<std::uint32_t, kTop> best{};
            std::array<float, kTop> bestScore;
            bestScore.fill(-INFINITY);
            std::size_t have = 0;
            for (std::uint32_t i = 0; i < R; ++i) {
                if (have == kTop && !(s[i] > bestScore[kTop - 1])) continue;
                if (i == x.a || i == x.b || i == x.c) continue;
                std::size_t j = std::min(have, kTop - 1);
                while (j > 0 && s[i] > bestScore[j - 1]) {
                    bestScore[j] = bestScore[j - 1];
                    best[j] = best[j - 1];
                    --j;
                }
                bestScore[j] = s[i];
                best[j] = i;
                have = std::min(have + 1, kTop);
            }
            std::uint32_t predicted = UINT32_MAX;
            for (std::size_t k = 0; k < have; ++k) {
                predicted = canon[best[k]];
                if (predicted != x.a && predicted != x.b && predicted != x.c) break;
            }
            if (predicted == x.expected) {
#pragma omp atomic
                ++result.sections[x.section].correct;
            }
        }
        for (std::size_t q = 0; q < count; ++q)
            ++result.sections[questions[first + q].section].questions;
    }
    for (const auto& s : result.sections) {
        result.total.correct += s.correct;
        result.total.questions += s.questions;
    }
    progress.step(1.0);
    return result;
}

}  // namespace embedscope
