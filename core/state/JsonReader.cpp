#include "JsonReader.h"

#include <charconv>

namespace embedscope {

JsonSchemaError::JsonSchemaError(const std::string& file, std::string jsonPath, std::string detail)
    : Error(SourceLocation::file(file), jsonPath + ": " + detail),
      m_jsonPath(std::move(jsonPath)), m_detail(std::move(detail)) {}

void JsonReader::fail(const std::string& detail) const { throw JsonSchemaError(*m_file, m_path, detail); }

void JsonReader::expect(JsonValue::Type type) const {
    if (m_value->type() != type)
        fail(std::string("expected ") + JsonValue::typeName(type) + ", got " + JsonValue::typeName(m_value->type()));
}

namespace {
/// Keys that are identifiers read as $.a.b; others (spaces, dots) as $["a b"].
std::string memberPath(const std::string& base, std::string_view key) {
    bool plain = !key.empty();
    for (char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) plain = false;
    if (plain) return base + "." + std::string(key);
    std::string quoted = base + "[\"";
    for (char c : key) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "\"]";
}
}  // namespace

JsonReader JsonReader::operator[](const char* key) const {
    expect(JsonValue::Type::Object);
    const JsonValue* member = m_value->find(key);
    if (!member) fail(std::string("the key \"") + key + "\" is missing");
    return JsonReader(*member, memberPath(m_path, key), *m_file);
}

std::optional<JsonReader> JsonReader::optional(const char* key) const {
    expect(JsonValue::Type::Object);
    const JsonValue* member = m_value->find(key);
    if (!member || member->type() == JsonValue::Type::Null) return std::nullopt;
    return JsonReader(*member, memberPath(m_path, key), *m_file);
}

std::vector<JsonReader> JsonReader::elements() const {
    expect(JsonValue::Type::Array);
    std::vector<JsonReader> out;
    const auto& items = m_value->array();
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i)
        out.emplace_back(items[i], m_path + "[" + std::to_string(i) + "]", *m_file);
    return out;
}

std::vector<JsonReader> JsonReader::elements(std::size_t count) const {
    expect(JsonValue::Type::Array);
    if (m_value->array().size() != count)
        fail("expected " + std::to_string(count) + " elements, got " + std::to_string(m_value->array().size()));
    return elements();
}

double JsonReader::number() const {
    expect(JsonValue::Type::Number);
    return m_value->number();
}

long long JsonReader::integer(long long min, long long max) const {
    expect(JsonValue::Type::Number);
    const std::string& text = m_value->numberText();
    long long v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) fail("expected an integer, got " + text);
    if (v < min || v > max)
        fail("expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", got " + text);
    return v;
}

std::uint64_t JsonReader::unsignedInteger() const {
    expect(JsonValue::Type::Number);
    const std::string& text = m_value->numberText();
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) fail("expected an integer of at least 0, got " + text);
    return v;
}

bool JsonReader::boolean() const {
    expect(JsonValue::Type::Boolean);
    return m_value->boolean();
}

const std::string& JsonReader::string() const {
    expect(JsonValue::Type::String);
    return m_value->string();
}

std::size_t JsonReader::choice(const std::vector<std::string>& names) const {
    const std::string& s = string();
    std::string list;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == s) return i;
        list += (i ? ", \"" : "\"") + names[i] + "\"";
    }
    fail("expected one of " + list + ", got \"" + s + "\"");
}

std::vector<std::string> JsonReader::strings() const {
    std::vector<std::string> out;
    for (const JsonReader& e : elements()) out.push_back(e.string());
    return out;
}

std::vector<double> JsonReader::numbers() const {
    std::vector<double> out;
    for (const JsonReader& e : elements()) out.push_back(e.number());
    return out;
}

}  // namespace embedscope
