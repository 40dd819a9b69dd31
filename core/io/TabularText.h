#pragma once
/// Small helpers shared by the tabular readers (Projector TSV, metadata TSV, CSV). Internal to
/// core/io: not part of the public API.
#include <cstddef>
#include <string>
#include <string_view>

namespace embedscope::tabular {

/// Bytes between progress reports and page releases while scanning a file.
inline constexpr std::size_t kReportBytes = std::size_t(4) << 20;

/// Length of a UTF-8 byte-order mark at the start of text (0 or 3).
/// Appends field wrapped in double quotes, inner quotes doubled (RFC 4180; the metadata reader
/// undoes the same wrapping).
inline void appendQuoted(std::string& out, std::string_view field) {
    out += '"';
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

inline std::size_t bomLength(std::string_view text) {
    return text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
}

/// Without ASCII spaces at either end (never other whitespace: labels may hold Unicode spaces).
inline std::string_view trimSpaces(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

/// Without trailing ASCII spaces, tabs and carriage returns.
inline std::string_view trimLineEnd(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

/// True when nothing but ASCII spaces, tabs and carriage returns remain from pos on.
inline bool onlyBlankFrom(std::string_view text, std::size_t pos) {
    return text.find_first_not_of(" \t\r\n", pos) == std::string_view::npos;
}

/// "0,5", "-1,25e3": a number written with a decimal comma (a German spreadsheet's export).
inline bool looksLikeDecimalComma(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    const std::size_t intStart = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == intStart || i >= s.size() || s[i] != ',') return false;
    const std::size_t fracStart = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == fracStart) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        const std::size_t expStart = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == expStart) return false;
    }
    return i == s.size();
}

/// The cell as a person should see it in a message: quoted, cut after 40 bytes, control bytes
/// (a NUL-filled tail, a stray CR) written as \xNN so the message stays one printable line.
inline std::string shown(std::string_view cell) {
    constexpr std::size_t kMax = 40;
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out = "'";
    for (const char ch : cell.substr(0, kMax)) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7F) {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            out += ch;
        }
    }
    return out + (cell.size() > kMax ? "...'" : "'");
}

/// "1 value", "3 values".
inline std::string counted(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// The sentence for a cell that should be a number but is not.
inline std::string notANumber(std::string_view cell) {
    if (looksLikeDecimalComma(cell))
        return shown(cell) + " uses a decimal comma; numbers must be written with '.'";
    return shown(cell) + " is not a number";
}

/// A cell wrapped whole in double quotes is unwrapped ("" inside becomes "); any other quote is
/// a literal character (the Projector itself never quotes).
inline std::string unquoteWholeCell(std::string_view cell) {
    if (cell.size() < 2 || cell.front() != '"' || cell.back() != '"') return std::string(cell);
    std::string out;
    out.reserve(cell.size() - 2);
    for (std::size_t i = 1; i + 1 < cell.size(); ++i) {
        out.push_back(cell[i]);
        if (cell[i] == '"' && i + 2 < cell.size() && cell[i + 1] == '"') ++i;
    }
    return out;
}

}  // namespace embedscope::tabular
