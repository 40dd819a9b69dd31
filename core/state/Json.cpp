#include "Json.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include "../Error.h"
#include "../Utf8.h"

namespace embedscope {

const JsonValue* JsonValue::find(std::string_view key) const {
    for (const auto& [k, v] : m_members)
        if (k == key) return &v;
    return nullptr;
}

const char* JsonValue::typeName(Type type) {
    switch (type) {
        case Type::Null: return "null";
        case Type::Boolean: return "a boolean";
        case Type::Number: return "a number";
        case Type::String: return "a string";
        case Type::Array: return "an array";
        case Type::Object: return "an object";
    }
    return "?";
}

class JsonParser {
public:
    JsonParser(std::string_view text, const std::string& path) : m_text(text), m_path(path) {}

    JsonValue document() {
        // A UTF-8 byte-order mark is what some editors write first; it is not content.
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_pos = 3;
        skipSpace();
        if (m_pos >= m_text.size()) fail("the file is empty, expected a JSON value");
        JsonValue v = value(0);
        skipSpace();
        if (m_pos < m_text.size()) fail("unexpected content after the end of the JSON document");
        return v;
    }

private:
    [[noreturn]] void failAt(std::size_t pos, const std::string& message) const {
        std::uint64_t line = 1, column = 1;
        for (std::size_t i = 0; i < pos && i < m_text.size(); ++i) {
            if (m_text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        throw Error(SourceLocation::text(m_path, line, column), message);
    }
    [[noreturn]] void fail(const std::string& message) const { failAt(m_pos, message); }
    [[noreturn]] void truncated(const char* what) const {
        failAt(m_text.size(), std::string("the file ends inside ") + what + " (truncated?)");
    }

    void skipSpace() {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
            ++m_pos;
        }
    }

    std::string describeHere() const {
        const auto c = static_cast<unsigned char>(m_text[m_pos]);
        if (c >= 0x20 && c < 0x7f) return std::string("'") + char(c) + "'";
        char buf[16];
        std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
        return buf;
    }

    JsonValue value(int depth) {
        if (depth >= kMaxJsonDepth)
            fail("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        if (++m_values > kMaxJsonValues)
            fail("more than " + std::to_string(kMaxJsonValues) + " values (not a workspace file?)");
        skipSpace();
        if (m_pos >= m_text.size()) truncated("a value");
        const char c = m_text[m_pos];
        JsonValue v;
        switch (c) {
            case '{': return object(depth);
            case '[': return array(depth);
            case '"':
                v.m_type = JsonValue::Type::String;
                v.m_text = string();
                return v;
            case 't': literal("true"); v.m_type = JsonValue::Type::Boolean; v.m_boolean = true; return v;
            case 'f': literal("false"); v.m_type = JsonValue::Type::Boolean; return v;
            case 'n': literal("null"); return v;
            case 'N':
            case 'I':
                fail("NaN and Infinity are not JSON numbers");
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                fail("expected a JSON value, found " + describeHere());
        }
    }

    void literal(std::string_view word) {
        if (m_text.substr(m_pos, word.size()) == word) {
            m_pos += word.size();
            return;
        }
        if (word.substr(0, m_text.size() - m_pos) == m_text.substr(m_pos)) truncated("a literal");
        fail("expected " + std::string(word) + ", found " + describeHere());
    }

    JsonValue number() {
        const std::size_t start = m_pos;
        auto digits = [&] {
            const std::size_t from = m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') ++m_pos;
            return m_pos - from;
        };
        if (m_text[m_pos] == '-') ++m_pos;
        if (m_text.substr(m_pos, 1) == "I" || m_text.substr(m_pos, 1) == "N") fail("NaN and Infinity are not JSON numbers");
        if (m_pos >= m_text.size()) truncated("a number");
        if (m_text[m_pos] == '0') {
            ++m_pos;
        } else if (digits() == 0) {
            fail("expected a digit, found " + describeHere());
        }
        if (m_pos < m_text.size() && m_text[m_pos] == '.') {
            ++m_pos;
            if (m_pos >= m_text.size()) truncated("a number");
            if (digits() == 0) fail("expected a digit after '.', found " + describeHere());
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) ++m_pos;
            if (m_pos >= m_text.size()) truncated("a number");
            if (digits() == 0) fail("expected a digit in the exponent, found " + describeHere());
        }
        JsonValue v;
        v.m_type = JsonValue::Type::Number;
        v.m_text = std::string(m_text.substr(start, m_pos - start));
        const auto [end, ec] = std::from_chars(v.m_text.data(), v.m_text.data() + v.m_text.size(), v.m_number);
        // Underflow (1e-400) to 0 is harmless; overflow would be infinity, which JSON cannot mean.
        if (ec == std::errc::result_out_of_range) {
            const bool negativeExponent = v.m_text.find("e-") != std::string::npos || v.m_text.find("E-") != std::string::npos;
            if (!negativeExponent) failAt(start, "the number " + v.m_text + " is outside the range of a double");
            v.m_number = 0;
        }
        else if (ec != std::errc() || end != v.m_text.data() + v.m_text.size())
            failAt(start, "'" + v.m_text + "' is not a number");
        return v;
    }

    void hex4(unsigned& out) {
        out = 0;
        for (int i = 0; i < 4; ++i, ++m_pos) {
            if (m_pos >= m_text.size()) truncated("a string");
            const char c = m_text[m_pos];
            out <<= 4;
            if (c >= '0' && c <= '9') out |= unsigned(c - '0');
            else if (c >= 'a' && c <= 'f') out |= unsigned(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') out |= unsigned(c - 'A' + 10);
            else fail("expected four hexadecimal digits after \\u");
        }
    }

    static void appendUtf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }

    std::string string() {
        ++m_pos;  // the opening quote
        std::string out;
        for (;;) {
            if (m_pos >= m_text.size()) truncated("a string");
            const auto c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"') {
                ++m_pos;
                return out;
            }
            if (c < 0x20) fail("a control character inside a string (write \\n, \\t or \\u00XX)");
            if (c == '\\') {
                ++m_pos;
                if (m_pos >= m_text.size()) truncated("a string");
                const char e = m_text[m_pos++];
                switch (e) {
                    case '"': out += '"'; break;
                    case '\\': out += '\\'; break;
                    case '/': out += '/'; break;
                    case 'b': out += '\b'; break;
                    case 'f': out += '\f'; break;
                    case 'n': out += '\n'; break;
                    case 'r': out += '\r'; break;
                    case 't': out += '\t'; break;
                    case 'u': {
                        const std::size_t at = m_pos - 2;
                        unsigned cp = 0;
                        hex4(cp);
                        if (cp >= 0xD800 && cp <= 0xDBFF) {
                            unsigned low = 0;
                            if (m_text.substr(m_pos, 2) != "\\u") failAt(at, "a lone UTF-16 high surrogate");
                            m_pos += 2;
                            hex4(low);
                            if (low < 0xDC00 || low > 0xDFFF) failAt(at, "a lone UTF-16 high surrogate");
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                            failAt(at, "a lone UTF-16 low surrogate");
                        }
                        appendUtf8(out, cp);
                        break;
                    }
                    default:
                        failAt(m_pos - 2, std::string("unknown escape \\") + e);
                }
                continue;
            }
            if (c < 0x80) {
                out += char(c);
                ++m_pos;
                continue;
            }
            const std::size_t n = utf8SequenceLength(m_text, m_pos);
            if (n == 0) fail("a string that is not valid UTF-8");
            out.append(m_text.substr(m_pos, n));
            m_pos += n;
        }
    }

    JsonValue array(int depth) {
        ++m_pos;
        JsonValue v;
        v.m_type = JsonValue::Type::Array;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == ']') {
            ++m_pos;
            return v;
        }
        for (;;) {
            v.m_array.push_back(value(depth + 1));
            skipSpace();
            if (m_pos >= m_text.size()) truncated("an array");
            if (m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_text[m_pos] == ']') {
                ++m_pos;
                return v;
            }
            fail("expected ',' or ']' in an array, found " + describeHere());
        }
    }

    JsonValue object(int depth) {
        ++m_pos;
        JsonValue v;
        v.m_type = JsonValue::Type::Object;
        std::set<std::string, std::less<>> keys;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            return v;
        }
        for (;;) {
            skipSpace();
            if (m_pos >= m_text.size()) truncated("an object");
            if (m_text[m_pos] != '"') fail("expected a key in double quotes, found " + describeHere());
            const std::size_t keyAt = m_pos;
            std::string key = string();
            if (!keys.insert(key).second) failAt(keyAt, "duplicate key \"" + key + "\"");
            skipSpace();
            if (m_pos >= m_text.size()) truncated("an object");
            if (m_text[m_pos] != ':') fail("expected ':' after a key, found " + describeHere());
            ++m_pos;
            JsonValue member = value(depth + 1);
            v.m_members.emplace_back(std::move(key), std::move(member));
            skipSpace();
            if (m_pos >= m_text.size()) truncated("an object");
            if (m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_text[m_pos] == '}') {
                ++m_pos;
                return v;
            }
            fail("expected ',' or '}' in an object, found " + describeHere());
        }
    }

    std::string_view m_text;
    const std::string& m_path;
    std::size_t m_pos = 0;
    std::size_t m_values = 0;
};

JsonValue parseJson(std::string_view text, const std::string& path) { return JsonParser(text, path).document(); }

}  // namespace embedscope
