#pragma once
/// Typed access to a parsed JSON document whose every error names the JSON path of the bad
/// value ("$.projection.camera[2]: expected a number, got a string"), so a person can find it in
/// a hand-edited file.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../Error.h"
#include "Json.h"

namespace embedscope {

/// Thrown for a document that is valid JSON but not what was expected. message() starts with the
/// JSON path; jsonPath() and detail() give the two parts.
class JsonSchemaError : public Error {
public:
    JsonSchemaError(const std::string& file, std::string jsonPath, std::string detail);
    const std::string& jsonPath() const { return m_jsonPath; }
    const std::string& detail() const { return m_detail; }

private:
    std::string m_jsonPath;
    std::string m_detail;
};

/// A value and the path that reached it. Holds references: the document must outlive it.
class JsonReader {
public:
    JsonReader(const JsonValue& value, std::string path, const std::string& file)
        : m_value(&value), m_path(std::move(path)), m_file(&file) {}

    const std::string& path() const { return m_path; }
    const JsonValue& value() const { return *m_value; }
    bool isNull() const { return m_value->type() == JsonValue::Type::Null; }

    /// Member key of an object (fails when this is not an object or the key is missing).
    JsonReader operator[](const char* key) const;
    /// The member, or nothing when it is missing or null.
    std::optional<JsonReader> optional(const char* key) const;
    /// Elements of an array (fails when this is not one).
    std::vector<JsonReader> elements() const;
    /// Fails unless this is an array of exactly count elements.
    std::vector<JsonReader> elements(std::size_t count) const;

    double number() const;
    /// An integer in [min, max] written without fraction or exponent.
    long long integer(long long min, long long max) const;
    std::uint64_t unsignedInteger() const;
    bool boolean() const;
    const std::string& string() const;
    /// One of the names (its index), else an error listing them.
    std::size_t choice(const std::vector<std::string>& names) const;
    std::vector<std::string> strings() const;
    std::vector<double> numbers() const;

    [[noreturn]] void fail(const std::string& detail) const;

private:
    void expect(JsonValue::Type type) const;
    const JsonValue* m_value;
    std::string m_path;
    const std::string* m_file;
};

}  // namespace embedscope
