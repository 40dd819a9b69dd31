#include "WordLists.h"

#include <cctype>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "../Error.h"

namespace embedscope {

namespace {

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(SourceLocation::file(path), "cannot open the file");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string trim(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
    return s.substr(b, e - b);
}

/// Calls f(line number, trimmed line) for every line that is not blank or a comment.
template <typename F>
void forEachLine(const std::string& path, F f) {
    std::istringstream in(readAll(path));
    std::string line;
    std::uint64_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // byte-order mark
        const std::string t = trim(line);
        if (!t.empty() && t[0] != '#') f(number, t);
    }
}

/// A JSON reader for WEAT sets: objects, arrays, strings; numbers, true, false, null skipped.
class JsonReader {
public:
    JsonReader(const std::string& text, const std::string& path) : m_s(text), m_path(path) {}

    WeatSets sets() {
        WeatSets out;
        bool seen[4] = {false, false, false, false};
        skipSpace();
        expect('{', "a WEAT sets file is a JSON object");
        skipSpace();
        if (peek() == '}')
            ++m_i;
        else
            for (;;) {
                skipSpace();
                const std::string key = string();
                skipSpace();
                expect(':', "expected ':' after a key");
                skipSpace();
                static const char* lists[] = {"X", "Y", "A", "B"};
                std::vector<std::string>* targets[] = {&out.x, &out.y, &out.a, &out.b};
                std::string* names[] = {&out.xName, &out.yName, &out.aName, &out.bName};
                bool handled = false;
                for (int k = 0; k < 4; ++k) {
                    if (key == lists[k])
                        *targets[k] = stringArray(key), seen[k] = true, handled = true;
                    else if (key == std::string(lists[k]) + "_name")
                        *names[k] = string(), handled = true;
                }
                if (key == "name")
                    out.name = string();
                else if (!handled)
                    skipValue();
                skipSpace();
                if (peek() == ',') {
                    ++m_i;
                    continue;
                }
                expect('}', "expected ',' or '}' in the object");
                break;
            }
        skipSpace();
        if (m_i != m_s.size()) fail("unexpected text after the JSON object");
        for (int k = 0; k < 4; ++k)
            if (!seen[k])
                throw Error(SourceLocation::file(m_path),
                            std::string("no \"") + "XYAB"[k] +
                                "\" list: a WEAT sets file needs X, Y, A and B");
        return out;
    }

private:
    [[noreturn]] void fail(const std::string& message) const {
        std::uint64_t line = 1, column = 1;
        for (std::size_t i = 0; i < m_i && i < m_s.size(); ++i) {
            if (m_s[i] == '\n')
                ++line, column = 1;
            else
                ++column;
        }
        throw Error(SourceLocation::text(m_path, line, column), message);
    }
    char peek() const { return m_i < m_s.size() ? m_s[m_i] : '\0'; }
    void skipSpace() {
        while (m_i < m_s.size() &&
               (m_s[m_i] == ' ' || m_s[m_i] == '\t' || m_s[m_i] == '\n' || m_s[m_i] == '\r'))
            ++m_i;
    }
    void expect(char c, const std::string& message) {
        if (peek() != c) fail(message);
        ++m_i;
    }
    void utf8(std::string& out, unsigned cp) {
        if (cp < 0x80)
            out += char(cp);
        else if (cp < 0x800)
            out += char(0xC0 | (cp >> 6)), out += char(0x80 | (cp & 0x3F));
        else if (cp < 0x10000)
            out += char(0xE0 | (cp >> 12)), out += char(0x80 | ((cp >> 6) & 0x3F)),
                out += char(0x80 | (cp & 0x3F));
        else
            out += char(0xF0 | (cp >> 18)), out += char(0x80 | ((cp >> 12) & 0x3F)),
                out += char(0x80 | ((cp >> 6) & 0x3F)), out += char(0x80 | (cp & 0x3F));
    }
    unsigned hex4() {
        if (m_i + 4 > m_s.size()) fail("\\u needs four hex digits");
        unsigned v = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = m_s[m_i++];
            v = v * 16 + (c >= '0' && c <= '9'   ? unsigned(c - '0')
                          : c >= 'a' && c <= 'f' ? unsigned(c - 'a' + 10)
                          : c >= 'A' && c <= 'F' ? unsigned(c - 'A' + 10)
                                                 : (fail("\\u needs four hex digits"), 0u));
        }
        return v;
    }
    std::string string() {
        if (peek() != '"') fail("expected a string in double quotes");
        ++m_i;
        std::string out;
        for (;;) {
            if (m_i >= m_s.size()) fail("the string is not closed");
            const char c = m_s[m_i++];
            if (c == '"') return out;
            if (static_cast<unsigned char>(c) < 0x20) --m_i, fail("control character in a string");
            if (c != '\\') {
                out += c;
                continue;
            }
            const char e = m_i < m_s.size() ? m_s[m_i++] : '\0';
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    out += e;
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xD800 && cp < 0xDC00 && m_s.compare(m_i, 2, "\\u") == 0) {
                        m_i += 2;
                        const unsigned low = hex4();
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    utf8(out, cp);
                    break;
                }
                default:
                    --m_i, fail("unknown escape in a string");
            }
        }
    }
    std::vector<std::string> stringArray(const std::string& key) {
        if (peek() != '[') fail("\"" + key + "\" must be an array of words");
        ++m_i;
        std::vector<std::string> out;
        skipSpace();
        if (peek() == ']') return ++m_i, out;
        for (;;) {
            skipSpace();
            if (peek() != '"') fail("\"" + key + "\" must hold words in double quotes");
            out.push_back(string());
            skipSpace();
            if (peek() == ',') {
                ++m_i;
                continue;
            }
            expect(']', "expected ',' or ']' in the array");
            return out;
        }
    }
    void skipValue(int depth = 0) {
        if (depth > 64) fail("nested too deeply");
        skipSpace();
        const char c = peek();
        if (c == '"') return void(string());
        if (c == '[' || c == '{') {
            const char close = c == '[' ? ']' : '}';
            ++m_i;
            skipSpace();
            if (peek() == close) return void(++m_i);
            for (;;) {
                if (c == '{') {
                    skipSpace();
                    string();
                    skipSpace();
                    expect(':', "expected ':' after a key");
                }
                skipValue(depth + 1);
                skipSpace();
                if (peek() == ',') {
                    ++m_i;
                    continue;
                }
                expect(close, std::string("expected ',' or '") + close + "'");
                return;
            }
        }
        const std::size_t start = m_i;
        while (m_i < m_s.size() && (std::isalnum(static_cast<unsigned char>(m_s[m_i])) ||
                                    m_s[m_i] == '-' || m_s[m_i] == '+' || m_s[m_i] == '.'))
            ++m_i;
        if (m_i == start) fail("expected a JSON value");
    }

    const std::string& m_s;
    const std::string& m_path;
    std::size_t m_i = 0;
};

}  // namespace

std::vector<std::string> readWordList(const std::string& path) {
    std::vector<std::string> out;
    forEachLine(path, [&](std::uint64_t, const std::string& word) { out.push_back(word); });
    return out;
}

std::vector<WordPair> readWordPairs(const std::string& path) {
    std::vector<WordPair> out;
    forEachLine(path, [&](std::uint64_t line, const std::string& text) {
        std::size_t cut = text.find('\t');
        if (cut == std::string::npos) cut = text.find(' ');
        const std::string a = cut == std::string::npos ? text : trim(text.substr(0, cut));
        const std::string b = cut == std::string::npos ? "" : trim(text.substr(cut + 1));
        const bool twoWords =
            !a.empty() && !b.empty() && b.find('\t') == std::string::npos &&
            (text.find('\t') != std::string::npos || b.find(' ') == std::string::npos);
        if (!twoWords)
            throw Error(SourceLocation::text(path, line),
                        "expected two words separated by a tab or a space, like 'he<TAB>she'");
        out.emplace_back(a, b);
    });
    return out;
}

WeatSets parseWeatSets(const std::string& json, const std::string& path) {
    return JsonReader(json, path).sets();
}

WeatSets readWeatSets(const std::string& path) {
    return parseWeatSets(readAll(path), path);
}

}  // namespace embedscope
