#include "Format.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <vector>

#include "../Error.h"
#include "FormatDetail.h"
#include "MappedFile.h"
#include "TextRows.h"

namespace embedscope {

namespace {

std::string lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

struct Alias {
    const char* name;
    Format format;
};
// The first entry of each format is its stable name.
constexpr std::array kAliases{
    Alias{"word2vec-text", Format::Word2VecText},
    Alias{"word2vec-binary", Format::Word2VecBinary},
    Alias{"glove", Format::GloveText},
    Alias{"projector-tsv", Format::ProjectorTsv},
    Alias{"npy", Format::Npy},
    Alias{"csv", Format::Csv},
    Alias{"word2vec", Format::Word2VecText},
    Alias{"w2v", Format::Word2VecText},
    Alias{"w2v-text", Format::Word2VecText},
    Alias{"fasttext", Format::Word2VecText},
    Alias{"vec", Format::Word2VecText},
    Alias{"txt", Format::Word2VecText},
    Alias{"text", Format::Word2VecText},
    Alias{"bin", Format::Word2VecBinary},
    Alias{"binary", Format::Word2VecBinary},
    Alias{"w2v-binary", Format::Word2VecBinary},
    Alias{"word2vec-bin", Format::Word2VecBinary},
    Alias{"tsv", Format::ProjectorTsv},
    Alias{"projector", Format::ProjectorTsv},
    Alias{"numpy", Format::Npy},
};

/// The first non-blank lines (without '\r' and trailing spaces), up to `count`; a line cut off by
/// the end of text is left out unless complete says the text is the whole file.
std::vector<std::string_view> nonBlankLines(std::string_view text, std::size_t count,
                                            bool complete) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos < text.size() && lines.size() < count) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) {
            if (!complete && !lines.empty()) break;
            nl = text.size();
        }
        const std::string_view line = textrows::trimLineEnd(text.substr(pos, nl - pos));
        if (line.find_first_not_of(' ') != std::string_view::npos) lines.push_back(line);
        pos = nl + 1;
    }
    return lines;
}

bool isNumberOrEmpty(std::string_view field) {
    while (!field.empty() && field.front() == ' ') field.remove_prefix(1);
    while (!field.empty() && field.back() == ' ') field.remove_suffix(1);
    return field.empty() || textrows::isNumber(field);
}

std::vector<std::string_view> splitTabs(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t pos = 0;
    while (true) {
        const std::size_t tab = line.find('\t', pos);
        fields.push_back(line.substr(pos, tab == std::string_view::npos ? tab : tab - pos));
        if (tab == std::string_view::npos) return fields;
        pos = tab + 1;
    }
}

}  // namespace

bool isWordVectorFormat(Format format) {
    return format == Format::Word2VecText || format == Format::Word2VecBinary ||
           format == Format::GloveText;
}

Metric defaultMetric(Format format) {
    return isWordVectorFormat(format) ? Metric::Cosine : Metric::Euclidean;
}

std::string_view formatName(Format format) {
    for (const Alias& a : kAliases)
        if (a.format == format) return a.name;
    return "unknown";
}

std::optional<Format> parseFormatName(std::string_view name) {
    const std::string key = lowered(name);
    for (const Alias& a : kAliases)
        if (key == a.name) return a.format;
    return std::nullopt;
}

std::optional<Format> formatFromExtension(const std::string& path) {
    const std::string ext = lowered(std::filesystem::path(path).extension().string());
    // ".txt" is word2vec text or GloVe: content decides when reading; saving picks word2vec.
    if (ext == ".txt" || ext == ".vec") return Format::Word2VecText;
    if (ext == ".bin") return Format::Word2VecBinary;
    if (ext == ".tsv") return Format::ProjectorTsv;
    if (ext == ".npy") return Format::Npy;
    if (ext == ".csv") return Format::Csv;
    return std::nullopt;
}

Format sniffFormat(const std::string& path) {
    using namespace formatdetail;
    MappedFile file(path);
    if (file.size() == 0) throw Error(SourceLocation::file(path), "file is empty");
    const std::string_view head = file.view().substr(0, kSniffBytes);
    if (head.starts_with("\x93NUMPY")) return Format::Npy;
    if (auto foreign = describeForeign(head, false)) {
        throw Error(
            foreign->line ? SourceLocation::text(path, foreign->line) : SourceLocation::file(path),
            foreign->message);
    }
    const std::optional<Format> ext = formatFromExtension(path);
    const std::string_view body = head.substr(textrows::bomLength(head));
    const std::size_t firstNl = body.find('\n');
    const std::string_view line1 = textrows::trimLineEnd(body.substr(0, firstNl));

    // word2vec: "rows dims" alone on the first line; text or binary records follow.
    if (auto header = parseHeaderLine(line1)) {
        const std::string_view rest =
            firstNl == std::string_view::npos ? std::string_view() : body.substr(firstNl + 1);
        const bool whole = file.size() <= kSniffBytes;
        if (header->dims > 0 &&
            looksLikeBinaryRecords(rest, static_cast<std::size_t>(header->dims), header->rows,
                                   whole, ext == Format::Word2VecBinary))
            return Format::Word2VecBinary;
        // Nothing to judge by (a header alone): the extension decides.
        if (rest.find_first_not_of(" \r\n") == std::string_view::npos &&
            ext == Format::Word2VecBinary)
            return Format::Word2VecBinary;
        return Format::Word2VecText;
    }

    const auto lines = nonBlankLines(body, 2, file.size() <= kSniffBytes);
    if (lines.empty()) throw Error(SourceLocation::file(path), "file is empty (only blank lines)");
    const std::string_view line = lines[0];
    // NUL bytes further on (a NUL-filled tail) are left to the reader, which names the line.
    if (line.find('\0') != std::string_view::npos)
        throw Error(SourceLocation::file(path),
                    "contains NUL bytes, so it is not a text file (a damaged or unfinished "
                    "download?)");
    const bool tabs = line.find('\t') != std::string_view::npos;
    const bool separators =
        line.find(',') != std::string_view::npos || line.find(';') != std::string_view::npos;

    if (tabs) {
        const auto fields = splitTabs(line);
        if (std::all_of(fields.begin(), fields.end(), isNumberOrEmpty) &&
            std::any_of(fields.begin(), fields.end(), textrows::isNumber))
            return Format::ProjectorTsv;
    }
    // GloVe: a word, then numbers. A CSV header like "label;dim 1;dim 2" also ends in a number,
    // so when the line has separators the next line must end in as many numbers.
    const std::size_t numbers = textrows::trailingNumbers(line);
    const bool nextAgrees = lines.size() < 2 || textrows::trailingNumbers(lines[1]) == numbers;
    if (numbers >= 1 && (!separators || nextAgrees)) {
        // Numbers only, space-separated: GloVe with a numeric word, unless named .tsv.
        if (ext == Format::ProjectorTsv && textrows::isNumber(line.substr(0, line.find(' '))))
            return Format::ProjectorTsv;
        return Format::GloveText;
    }
    if (separators) return Format::Csv;
    if (tabs)
        throw Error(SourceLocation::file(path),
                    "looks like a tab-separated table with a header row (" + textrows::shown(line) +
                        "): a Projector vectors TSV holds only numbers; open the vectors file "
                        "and give this one as metadata, or save the table as CSV");
    if (textrows::isNumber(line)) return Format::ProjectorTsv;  // one column of numbers
    throw Error(SourceLocation::file(path),
                "does not look like word vectors, a Projector TSV, a CSV table or a .npy file; "
                "its first line is " +
                    textrows::shown(line));
}

}  // namespace embedscope

namespace embedscope::formatdetail {

namespace {

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && lowered(text.substr(0, prefix.size())) == prefix;
}

/// The 1-based line of a Git merge-conflict start marker ("<<<<<<< HEAD"), or 0. A line
/// "<<<<<<< 0.1 0.2" is a word of seven '<' with its vector, not a marker.
std::uint64_t mergeMarkerLine(std::string_view head) {
    std::uint64_t line = 1;
    std::size_t pos = 0;
    while (pos < head.size()) {
        std::size_t nl = head.find('\n', pos);
        if (nl == std::string_view::npos) nl = head.size();
        const std::string_view text = head.substr(pos, nl - pos);
        if (text.starts_with("<<<<<<< ")) {
            const std::string_view rest = textrows::trimLineEnd(text.substr(8));
            if (!textrows::isNumber(rest.substr(0, rest.find(' ')))) return line;
        }
        pos = nl + 1;
        ++line;
    }
    return 0;
}

}  // namespace

std::optional<Foreign> describeForeign(std::string_view head, bool npyIsForeign) {
    auto is = [&](std::string_view magic) { return head.starts_with(magic); };
    if (npyIsForeign && is("\x93NUMPY"))
        return Foreign{"is a NumPy .npy file, not text: open it as .npy"};
    if (is("PK\x03\x04") || is("PK\x05\x06"))
        return Foreign{"looks like a zip archive: extract it first (unzip)"};
    if (is("\x1f\x8b")) return Foreign{"looks like a gzip archive: decompress it first (gunzip)"};
    if (is("BZh") && head.size() > 3 && head[3] >= '1' && head[3] <= '9')
        return Foreign{"looks like a bzip2 archive: decompress it first (bunzip2)"};
    if (is(std::string_view("\xfd"
                            "7zXZ\0",
                            6)))
        return Foreign{"looks like an xz archive: decompress it first (unxz)"};
    if (is("\x28\xb5\x2f\xfd"))
        return Foreign{"looks like a zstd archive: decompress it first (unzstd)"};
    if (is("7z\xbc\xaf\x27\x1c"))
        return Foreign{"looks like a 7-Zip archive: extract it first (7z x)"};
    if (head.size() >= 4) {
        std::uint32_t magic = 0;
        std::memcpy(&magic, head.data(), 4);  // little-endian, as fastText writes it
        if (magic == 793712314u)
            return Foreign{
                "looks like a fastText model (.bin), not word vectors: open the .vec "
                "text file published with it, or write one with "
                "'fasttext print-word-vectors'"};
    }
    if (is("\x89HDF\r\n\x1a\n"))
        return Foreign{"looks like an HDF5 file: export the vectors as .npy or word2vec text"};
    if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x80 && head[1] >= 2 &&
        head[1] <= 5)
        return Foreign{
            "looks like a Python pickle (a gensim .model file?), not word vectors: "
            "export them with gensim's save_word2vec_format"};
    if (is("\xff\xfe") || is("\xfe\xff")) return Foreign{"is UTF-16 text: save it as UTF-8"};

    std::string_view text = head.substr(textrows::bomLength(head));
    const std::size_t start = text.find_first_not_of(" \t\r\n");
    text = start == std::string_view::npos ? std::string_view() : text.substr(start);
    if (startsWithNoCase(text, "<!doctype html") || startsWithNoCase(text, "<html"))
        return Foreign{
            "looks like an HTML page (did the download save an error page?), not "
            "word vectors"};
    if (head.starts_with("version https://git-lfs.github.com/spec"))
        return Foreign{"is a Git LFS pointer, not the data: fetch the file itself (git lfs pull)"};
    if (const std::uint64_t line = mergeMarkerLine(head))
        return Foreign{"contains Git merge-conflict markers (<<<<<<<): resolve the conflict first",
                       line};
    return std::nullopt;
}

std::optional<HeaderLine> parseHeaderLine(std::string_view line) {
    std::vector<textrows::Token> tokens;
    textrows::tokenize(line, tokens);
    if (tokens.size() != 2) return std::nullopt;
    HeaderLine h;
    if (!parseInt(tokens[0].of(line), h.rows) || !parseInt(tokens[1].of(line), h.dims))
        return std::nullopt;
    h.rowsColumn = tokens[0].begin + 1;
    h.dimsColumn = tokens[1].begin + 1;
    return h;
}

namespace {

/// Whether the bytes read as word2vec binary records: a word, a space, exactly 4·dims bytes, an
/// optional '\n', and the next record starting right there, for the first few records. Running
/// out of bytes after a whole record passes (the window ends, or the file is truncated, which the
/// reader reports); bytes left over after the header's last record fail.
bool binaryStructure(std::string_view s, std::size_t dims, std::int64_t rows, bool complete) {
    constexpr std::size_t kRecords = 8;
    constexpr std::size_t kMaxWord = 1000;
    const std::size_t floatBytes = dims * 4;
    const std::size_t records =
        rows < 0 ? kRecords : std::min<std::size_t>(kRecords, static_cast<std::size_t>(rows));
    std::size_t pos = 0;
    std::size_t checked = 0;
    for (; checked < records; ++checked) {
        if (pos < s.size() && s[pos] == '\n') ++pos;
        if (pos >= s.size()) return checked > 0;
        const std::size_t space = s.find(' ', pos);
        if (space == std::string_view::npos) return !complete && checked > 0;
        const std::string_view word = s.substr(pos, space - pos);
        if (word.empty() || word.size() > kMaxWord || word.find('\n') != std::string_view::npos)
            return false;
        if (s.size() - space - 1 < floatBytes) return checked > 0;
        pos = space + 1 + floatBytes;
    }
    if (complete && rows >= 0 && checked == static_cast<std::size_t>(rows))
        return s.substr(pos).find_first_not_of("\r\n") == std::string_view::npos;
    return true;
}

}  // namespace

bool looksLikeBinaryRecords(std::string_view afterHeader, std::size_t dims, std::int64_t rows,
                            bool complete, bool binaryWhenAmbiguous) {
    // Writers differ on newlines around records: skip any before the first word.
    const std::size_t p = afterHeader.find_first_not_of("\r\n");
    if (p == std::string_view::npos) return false;
    const std::string_view s = afterHeader.substr(p);
    const std::string_view line = textrows::trimLineEnd(s.substr(0, s.find('\n')));
    // A text row of D values needs at least 2D bytes; only then is it worth parsing.
    bool textRow = false;
    if (dims <= line.size() / 2 + 1) {
        std::vector<float> values(dims);
        textRow = textrows::parseRow(line, dims, values.data()).kind == textrows::RowResult::Ok;
    }
    // Structure first: a binary file with few dimensions may hold no control byte at all (the
    // float 0.75490195 is the bytes "AAA?"). Both readings fit only by chance (text values of
    // exactly four characters each); then the extension decides.
    if (binaryStructure(s, dims, rows, complete)) return !textRow || binaryWhenAmbiguous;
    if (textRow) return false;
    std::size_t floats = s.find(' ');
    floats = (floats == std::string_view::npos || floats > 1000) ? 0 : floats + 1;
    const std::string_view window = s.substr(floats, std::min<std::size_t>(dims, 1 << 20) * 4);
    return std::any_of(window.begin(), window.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
    });
}

std::optional<std::size_t> detectGloveDims(std::string_view text) {
    struct Seen {
        std::size_t dims;
        std::size_t count;
    };
    std::vector<Seen> seen;  // in order of first appearance, so ties go to the earliest line
    std::size_t pos = 0;
    for (int lines = 0; pos < text.size() && lines < 100;) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        const std::string_view line = textrows::trimLineEnd(text.substr(pos, nl - pos));
        pos = nl + 1;
        if (line.find_first_not_of(' ') == std::string_view::npos) continue;
        ++lines;
        const std::size_t d = textrows::trailingNumbers(line);
        if (d == 0) continue;
        auto it =
            std::find_if(seen.begin(), seen.end(), [d](const Seen& s) { return s.dims == d; });
        if (it == seen.end())
            seen.push_back({d, 1});
        else
            ++it->count;
    }
    if (seen.empty()) return std::nullopt;
    return std::max_element(seen.begin(), seen.end(),
                            [](const Seen& a, const Seen& b) { return a.count < b.count; })
        ->dims;
}

}  // namespace embedscope::formatdetail
