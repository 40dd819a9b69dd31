#include "JsonWriter.h"

#include "../Utf8.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace embedscope {

void JsonWriter::separate() {
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_first.empty()) {
        if (!m_first.back()) m_out += m_pretty ? "," : ", ";
        m_first.back() = false;
        if (m_pretty) {
            m_out += '\n';
            m_out.append(2 * m_first.size(), ' ');
        }
    }
}

void JsonWriter::closeContainer(char bracket) {
    const bool empty = m_first.back();
    m_first.pop_back();
    if (m_pretty && !empty) {
        m_out += '\n';
        m_out.append(2 * m_first.size(), ' ');
    }
    m_out += bracket;
}

JsonWriter& JsonWriter::beginObject() {
    separate();
    m_out += '{';
    m_first.push_back(true);
    return *this;
}
JsonWriter& JsonWriter::endObject() {
    closeContainer('}');
    return *this;
}
JsonWriter& JsonWriter::beginArray(std::string_view k) {
    if (!k.empty()) key(k);
    separate();
    m_out += '[';
    m_first.push_back(true);
    return *this;
}
JsonWriter& JsonWriter::endArray() {
    closeContainer(']');
    return *this;
}
JsonWriter& JsonWriter::key(std::string_view k) {
    separate();
    m_out += escape(k) + ": ";
    m_afterKey = true;
    return *this;
}
JsonWriter& JsonWriter::value(std::string_view text) {
    separate();
    m_out += escape(text);
    return *this;
}
JsonWriter& JsonWriter::value(double number) {
    separate();
    if (!std::isfinite(number)) {
        m_out += "null";  // JSON has no NaN/inf
        return *this;
    }
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, number);
    m_out.append(buf, end);
    return *this;
}
JsonWriter& JsonWriter::value(std::size_t number) {
    separate();
    m_out += std::to_string(number);
    return *this;
}
JsonWriter& JsonWriter::value(long long number) {
    separate();
    m_out += std::to_string(number);
    return *this;
}
JsonWriter& JsonWriter::value(bool flag) {
    separate();
    m_out += flag ? "true" : "false";
    return *this;
}
JsonWriter& JsonWriter::null() {
    separate();
    m_out += "null";
    return *this;
}
JsonWriter& JsonWriter::field(std::string_view k, const std::vector<double>& numbers) {
    beginArray(k);
    for (double d : numbers) value(d);
    return endArray();
}
JsonWriter& JsonWriter::field(std::string_view k, const std::vector<std::string>& texts) {
    beginArray(k);
    for (const auto& t : texts) value(std::string_view(t));
    return endArray();
}

std::string JsonWriter::escape(std::string_view text) {
    std::string out = "\"";
    out.reserve(text.size() + 2);
    for (std::size_t i = 0; i < text.size(); ++i) {
        // Runs of plain ASCII are copied whole: a workspace's base64 coordinates are tens of MB
        // at a few million points, and went through here one character at a time.
        std::size_t plain = i;
        while (plain < text.size()) {
            const auto p = static_cast<unsigned char>(text[plain]);
            if (p < 0x20 || p >= 0x80 || p == '"' || p == '\\') break;
            ++plain;
        }
        if (plain > i) {
            out.append(text.substr(i, plain - i));
            i = plain - 1;
            continue;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x80) {
                    if (c < 0x20) {
                        char buf[8];
                        std::snprintf(buf, sizeof buf, "\\u%04x", c);
                        out += buf;
                    } else {
                        out += static_cast<char>(c);
                    }
                } else if (const std::size_t n = utf8SequenceLength(text, i)) {
                    out.append(text.substr(i, n));  // UTF-8 passes through byte-exact
                    i += n - 1;
                } else {
                    // Not UTF-8 (a Latin-1 label or header): the byte as the Latin-1 character
                    // it would be, so the output stays valid JSON and the value stays readable.
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                }
        }
    }
    return out + '"';
}

}  // namespace embedscope
