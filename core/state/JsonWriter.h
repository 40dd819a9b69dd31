#pragma once
// A minimal JSON writer (objects, arrays, strings, numbers): the CLI's --json output and
// workspace files.
#include <string>
#include <string_view>
#include <vector>

namespace embedscope {

class JsonWriter {
public:
    /// pretty: one element a line, indented by two spaces (files people may read); otherwise
    /// everything on one line.
    explicit JsonWriter(bool pretty = false) : m_pretty(pretty) {}
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray(std::string_view key = {});
    JsonWriter& endArray();
    JsonWriter& key(std::string_view key);
    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(double number);
    JsonWriter& value(std::size_t number);
    JsonWriter& value(bool flag);
    JsonWriter& value(long long number);
    JsonWriter& null();
    template <typename T>
    JsonWriter& field(std::string_view k, const T& v) {
        return key(k).value(v);
    }
    JsonWriter& field(std::string_view k, const std::vector<double>& numbers);
    JsonWriter& field(std::string_view k, const std::vector<std::string>& texts);

    const std::string& str() const { return m_out; }
    /// A JSON string literal. Well-formed UTF-8 is kept byte-exact; every byte that is not part
    /// of a well-formed UTF-8 sequence is written as \u00XX, the Latin-1 character of that byte
    /// (a Latin-1 'é' 0xE9 becomes \u00e9), so the output is always valid UTF-8 JSON.
    static std::string escape(std::string_view text);

private:
    void separate();
    std::string m_out;
    std::vector<bool> m_first;  // per open container: no element written yet
    bool m_afterKey = false;
    bool m_pretty = false;
    void closeContainer(char bracket);
};

}  // namespace embedscope
