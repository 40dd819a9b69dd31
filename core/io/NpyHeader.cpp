#include "NpyHeader.h"

#include <bit>
#include <cctype>
#include <cstring>
#include <vector>

#include "../Error.h"

namespace embedscope {

namespace {

bool oneOf(char c, const char* set) {
    return c != '\0' && std::strchr(set, c) != nullptr;
}

/// Reads the header dict, which numpy writes with repr() and reads with ast.literal_eval. Only
/// what a valid header can hold is understood: quoted strings, True/False and tuples of integers.
class DictParser {
public:
    DictParser(std::string_view text, std::size_t base, const std::string& path)
        : m_text(text), m_base(base), m_path(path) {}

    NpyHeader parse();

private:
    [[noreturn]] void fail(std::size_t at, const std::string& message) const {
        throw Error(SourceLocation::binary(m_path, m_base + at), message);
    }
    void skipSpace() {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' ||
                                         m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }
    bool at(char c) {
        skipSpace();
        return m_pos < m_text.size() && m_text[m_pos] == c;
    }
    std::string here() const {
        if (m_pos >= m_text.size()) return "the end of the header";
        std::string shown;
        for (std::size_t i = m_pos; i < m_text.size() && m_text[i] != '\n' && shown.size() < 20;
             ++i) {
            const auto c = static_cast<unsigned char>(m_text[i]);
            shown += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
        }
        return "'" + shown + "'";
    }
    void expect(char c, const std::string& context) {
        if (!at(c))
            fail(m_pos, std::string("expected '") + c + "' " + context + ", found " + here());
        ++m_pos;
    }
    std::string parseString();
    bool parseBool();
    std::vector<std::uint64_t> parseShape();
    void interpretDescr(NpyHeader& h, const std::string& descr, std::size_t at) const;
    void checkShape(NpyHeader& h, const std::vector<std::uint64_t>& shape, std::size_t at) const;

    std::string_view m_text;
    std::size_t m_base;
    const std::string& m_path;
    std::size_t m_pos = 0;
};

std::string DictParser::parseString() {
    const char quote = m_text[m_pos];
    const std::size_t start = ++m_pos;
    while (m_pos < m_text.size() && m_text[m_pos] != quote) {
        if (m_text[m_pos] == '\\')
            fail(m_pos, "escape sequences are not expected in a .npy header");
        ++m_pos;
    }
    if (m_pos >= m_text.size()) fail(start - 1, "a string in the header is not closed");
    return std::string(m_text.substr(start, m_pos++ - start));
}

bool DictParser::parseBool() {
    for (const std::string_view word : {"True", "False"}) {
        if (m_text.substr(m_pos, word.size()) != word) continue;
        const std::size_t end = m_pos + word.size();
        if (end < m_text.size() &&
            (std::isalnum(static_cast<unsigned char>(m_text[end])) || m_text[end] == '_'))
            break;
        m_pos = end;
        return word == "True";
    }
    fail(m_pos, "'fortran_order' must be True or False, found " + here());
}

std::vector<std::uint64_t> DictParser::parseShape() {
    expect('(', "to start the 'shape' tuple");
    std::vector<std::uint64_t> shape;
    bool trailingComma = false;
    while (!at(')')) {
        if (at('-')) fail(m_pos, "the shape has a negative size");
        const std::size_t start = m_pos;
        std::uint64_t v = 0;
        while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') {
            const unsigned digit = static_cast<unsigned>(m_text[m_pos++] - '0');
            if (v > (UINT64_MAX - digit) / 10) fail(start, "a shape size is too large");
            v = v * 10 + digit;
        }
        if (m_pos == start)
            fail(m_pos, "expected a whole number in the 'shape' tuple, found " + here());
        if (m_pos < m_text.size() && m_text[m_pos] == 'L') ++m_pos;  // Python 2 long
        shape.push_back(v);
        trailingComma = at(',');
        if (trailingComma)
            ++m_pos;
        else if (!at(')'))
            fail(m_pos, "expected ',' or ')' in the 'shape' tuple, found " + here());
    }
    ++m_pos;
    if (shape.size() == 1 && !trailingComma)
        fail(m_pos - 1, "'shape' must be a tuple: a 1-D shape is written (n,)");
    return shape;
}

void DictParser::interpretDescr(NpyHeader& h, const std::string& descr, std::size_t at) const {
    h.descr = descr;
    std::string_view s = descr;
    char order = '=';
    if (!s.empty() && oneOf(s.front(), "<>=|")) {
        order = s.front();
        s.remove_prefix(1);
    }
    const std::string quoted = "'" + descr + "'";
    if (s.empty()) fail(at, "the element type " + quoted + " is not a type");
    if (s.front() == 'O')
        fail(at,
             "the array contains Python objects (pickle): refusing to load, since unpickling "
             "can run arbitrary code; save a numeric array (e.g. arr.astype('float32'))");
    const char kind = s.front();
    std::size_t size = 0;
    bool digits = s.size() > 1;
    for (char c : s.substr(1)) {
        digits = digits && c >= '0' && c <= '9' && size < 1000;
        if (digits) size = size * 10 + static_cast<std::size_t>(c - '0');
    }
    const bool floatOk = kind == 'f' && digits && (size == 2 || size == 4 || size == 8);
    const bool intOk = (kind == 'i' || kind == 'u') && digits &&
                       (size == 1 || size == 2 || size == 4 || size == 8);
    if (!floatOk && !intOk) {
        const char* what = kind == 'f'                  ? "floats of an unsupported width"
                           : kind == 'i' || kind == 'u' ? "integers of an unsupported width"
                           : kind == 'b'                ? "booleans"
                           : kind == 'c'                ? "complex numbers"
                           : oneOf(kind, "USa")         ? "strings"
                           : kind == 'V'                ? "raw records (void)"
                           : oneOf(kind, "Mm")          ? "dates or times"
                                                        : "an unknown element type";
        fail(at, std::string("the array holds ") + what + " (" + quoted +
                     "): only float16/32/64 and integer arrays can be loaded");
    }
    h.kind = kind;
    h.itemSize = size;
    // '|' (not applicable) and '=' (native) are read in this machine's order.
    const bool little = std::endian::native == std::endian::little;
    h.swap = size > 1 && ((order == '<' && !little) || (order == '>' && little));
}

void DictParser::checkShape(NpyHeader& h, const std::vector<std::uint64_t>& shape,
                            std::size_t at) const {
    std::string text = "(";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    text += shape.size() == 1 ? ",)" : ")";
    h.shapeText = text;
    const std::string need = ": a 2-D array of shape (rows, dims) is needed";
    if (shape.empty()) fail(at, "the array is a single number (shape ())" + need);
    if (shape.size() == 1)
        fail(at,
             "the array is 1-D (shape " + text + ")" + need + "; one vector is arr.reshape(1, -1)");
    if (shape.size() > 2)
        fail(at, "the array is " + std::to_string(shape.size()) + "-D (shape " + text + ")" + need +
                     ", e.g. arr.reshape(-1, arr.shape[-1])");
    if (shape[0] == 0) fail(at, "the array has no rows (shape " + text + "): nothing to load");
    if (shape[1] == 0) fail(at, "the rows of the array hold no values (shape " + text + ")");
    const unsigned __int128 elements = static_cast<unsigned __int128>(shape[0]) * shape[1];
    if (elements > (static_cast<unsigned __int128>(1) << 62) / h.itemSize)
        fail(at, "shape " + text + " is too large: its size in bytes overflows");
    h.rows = shape[0];
    h.cols = shape[1];
}

NpyHeader DictParser::parse() {
    NpyHeader h;
    expect('{', "at the start of the header dict");
    bool seenDescr = false, seenFortran = false, seenShape = false;
    std::vector<std::uint64_t> shape;
    std::size_t shapeAt = 0;
    while (!at('}')) {
        const std::size_t keyAt = m_pos;
        if (!at('\'') && !at('"'))
            fail(m_pos, "expected a quoted key in the header, found " + here());
        const std::string key = parseString();
        expect(':', "after the key '" + key + "'");
        skipSpace();
        const std::size_t valueAt = m_pos;
        bool* seen = key == "descr"           ? &seenDescr
                     : key == "fortran_order" ? &seenFortran
                     : key == "shape"         ? &seenShape
                                              : nullptr;
        if (!seen)
            fail(keyAt, "unexpected key '" + key +
                            "' in the header: a .npy header holds exactly "
                            "'descr', 'fortran_order' and 'shape'");
        if (*seen) fail(keyAt, "the key '" + key + "' appears twice in the header");
        *seen = true;
        if (key == "descr") {
            if (at('['))
                fail(valueAt,
                     "the array has a structured dtype (named fields): only plain 2-D "
                     "numeric arrays can be loaded; save one field, or "
                     "numpy.lib.recfunctions.structured_to_unstructured(arr)");
            if (!at('\'') && !at('"'))
                fail(valueAt, "'descr' must be a type string such as '<f4', found " + here());
            interpretDescr(h, parseString(), valueAt);
        } else if (key == "fortran_order") {
            h.fortran = parseBool();
        } else {
            shapeAt = valueAt;
            shape = parseShape();
        }
        if (at(','))
            ++m_pos;
        else if (!at('}'))
            fail(m_pos, "expected ',' or '}' in the header, found " + here());
    }
    const std::size_t closeAt = m_pos++;
    skipSpace();
    if (m_pos < m_text.size()) fail(m_pos, "unexpected text after the header dict: " + here());
    for (auto [seen, name] :
         {std::pair{seenDescr, "descr"}, {seenFortran, "fortran_order"}, {seenShape, "shape"}})
        if (!seen) fail(closeAt, std::string("the header has no '") + name + "' key");
    checkShape(h, shape, shapeAt);
    return h;
}

}  // namespace

NpyHeader parseNpyHeader(std::string_view file, const std::string& path) {
    const auto fail = [&](std::size_t offset, const std::string& message) {
        throw Error(SourceLocation::binary(path, offset), message);
    };
    if (file.empty()) fail(0, "the file is empty: not a .npy file");
    if (file.substr(0, 6) != std::string_view("\x93NUMPY", 6))
        fail(0, "not a .npy file: it does not start with the NumPy magic bytes \\x93NUMPY");
    if (file.size() < 8) fail(file.size(), "the file ends inside the .npy format version");
    const auto major = static_cast<unsigned char>(file[6]);
    const auto minor = static_cast<unsigned char>(file[7]);
    if (major < 1 || major > 3 || minor != 0)
        fail(6, "unsupported .npy format version " + std::to_string(major) + "." +
                    std::to_string(minor) + " (1.0, 2.0 and 3.0 are known)");
    const std::size_t lengthBytes = major == 1 ? 2 : 4;
    const std::size_t headerStart = 8 + lengthBytes;
    if (file.size() < headerStart) fail(8, "the file ends inside the .npy header length");
    std::size_t length = 0;
    for (std::size_t i = lengthBytes; i-- > 0;)
        length = (length << 8) | static_cast<unsigned char>(file[8 + i]);
    if (length > file.size() - headerStart)
        fail(8, "the header length says " + std::to_string(length) + " bytes, but only " +
                    std::to_string(file.size() - headerStart) + " follow: the file was cut short");
    NpyHeader h = DictParser(file.substr(headerStart, length), headerStart, path).parse();
    h.dataStart = headerStart + length;
    return h;
}

}  // namespace embedscope
