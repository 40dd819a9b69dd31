#pragma once
/// A strict JSON reader (RFC 8259) for files people may hand-edit or break: every syntax error
/// names line:column, and what JSON allows but a state file must not hold is refused too:
/// duplicate keys, nesting deeper than kMaxJsonDepth, NaN/Infinity, numbers beyond double.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace embedscope {

class JsonValue {
public:
    enum class Type { Null, Boolean, Number, String, Array, Object };

    Type type() const { return m_type; }
    bool boolean() const { return m_boolean; }
    /// Number: the value as a double; numberText() keeps the literal for exact integers.
    double number() const { return m_number; }
    const std::string& numberText() const { return m_text; }
    const std::string& string() const { return m_text; }
    const std::vector<JsonValue>& array() const { return m_array; }
    /// Object members in file order (keys are unique: the parser refuses duplicates).
    const std::vector<std::pair<std::string, JsonValue>>& members() const { return m_members; }
    /// The member named key, or nullptr (also when this is not an object).
    const JsonValue* find(std::string_view key) const;

    /// "null", "a boolean", "a number", "a string", "an array", "an object".
    static const char* typeName(Type type);

private:
    friend class JsonParser;
    Type m_type = Type::Null;
    bool m_boolean = false;
    double m_number = 0;
    std::string m_text;
    std::vector<JsonValue> m_array;
    std::vector<std::pair<std::string, JsonValue>> m_members;
};

/// Deeper nesting than this is refused (no state file needs it; it bounds the parser's stack).
constexpr int kMaxJsonDepth = 64;
/// More values than this are refused: bulk data (coordinates, row lists) travels as base64
/// strings, so a state file never needs more, and memory stays bounded on any input.
constexpr std::size_t kMaxJsonValues = 1'000'000;

/// Parses a whole document. Throws Error at path:line:column (bytes, 1-based) on any syntax
/// error, a truncated document, trailing content, a duplicate key, too deep nesting or too many
/// values, NaN or
/// Infinity, a number outside the double range, or text that is not UTF-8.
JsonValue parseJson(std::string_view text, const std::string& path = {});

}  // namespace embedscope
