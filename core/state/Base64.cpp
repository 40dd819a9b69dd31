#include "Base64.h"

#include <cstring>

namespace embedscope {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sextet(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

std::optional<std::vector<std::uint32_t>> words(std::string_view text, std::string* error) {
    const auto bytes = base64Decode(text);
    if (!bytes) {
        *error = "not base64";
        return std::nullopt;
    }
    if (bytes->size() % 4 != 0) {
        *error = std::to_string(bytes->size()) + " bytes is not a whole number of 4-byte values";
        return std::nullopt;
    }
    std::vector<std::uint32_t> out(bytes->size() / 4);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto* b = reinterpret_cast<const unsigned char*>(bytes->data() + 4 * i);
        out[i] = std::uint32_t(b[0]) | std::uint32_t(b[1]) << 8 | std::uint32_t(b[2]) << 16 | std::uint32_t(b[3]) << 24;
    }
    return out;
}

void appendWord(std::string& out, std::uint32_t w) {
    for (int s = 0; s < 32; s += 8) out += char((w >> s) & 0xFF);
}
}  // namespace

std::string base64Encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = std::uint32_t(std::uint8_t(bytes[i])) << 16 |
                                std::uint32_t(std::uint8_t(bytes[i + 1])) << 8 | std::uint8_t(bytes[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t v = std::uint32_t(std::uint8_t(bytes[i])) << 16;
        if (rest == 2) v |= std::uint32_t(std::uint8_t(bytes[i + 1])) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        const int pad = last ? (text[i + 3] == '=') + (text[i + 2] == '=') : 0;
        if (pad == 1 && text[i + 2] == '=') return std::nullopt;  // "x=y=" is not padding
        std::uint32_t v = 0;
        for (int k = 0; k < 4 - pad; ++k) {
            const int s = sextet(text[i + std::size_t(k)]);
            if (s < 0) return std::nullopt;
            v |= std::uint32_t(s) << (18 - 6 * k);
        }
        out += char((v >> 16) & 0xFF);
        if (pad < 2) out += char((v >> 8) & 0xFF);
        if (pad < 1) out += char(v & 0xFF);
    }
    return out;
}

std::string encodeFloats(const std::vector<float>& values) {
    std::string bytes;
    bytes.reserve(values.size() * 4);
    for (float f : values) {
        std::uint32_t w;
        std::memcpy(&w, &f, 4);
        appendWord(bytes, w);
    }
    return base64Encode(bytes);
}

std::string encodeRows(const std::vector<std::size_t>& rows) {
    std::string bytes;
    bytes.reserve(rows.size() * 4);
    for (std::size_t r : rows) appendWord(bytes, static_cast<std::uint32_t>(r));
    return base64Encode(bytes);
}

std::optional<std::vector<float>> decodeFloats(std::string_view text, std::size_t expected, std::string* error) {
    const auto w = words(text, error);
    if (!w) return std::nullopt;
    if (w->size() != expected) {
        *error = "expected " + std::to_string(expected) + " values, got " + std::to_string(w->size());
        return std::nullopt;
    }
    std::vector<float> out(w->size());
    for (std::size_t i = 0; i < out.size(); ++i) std::memcpy(&out[i], &(*w)[i], 4);
    return out;
}

std::optional<std::vector<std::size_t>> decodeRows(std::string_view text, std::string* error) {
    const auto w = words(text, error);
    if (!w) return std::nullopt;
    return std::vector<std::size_t>(w->begin(), w->end());
}

}  // namespace embedscope
