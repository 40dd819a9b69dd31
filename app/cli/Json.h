#pragma once
// A minimal JSON writer for the CLI's --json output (objects, arrays, strings, numbers).
#include <string>
#include <string_view>
#include <vector>

namespace embedscope::cli {

class Json {
public:
    Json& beginObject();
    Json& endObject();
    Json& beginArray(std::string_view key = {});
    Json& endArray();
    Json& key(std::string_view key);
    Json& value(std::string_view text);
    Json& value(const char* text) { return value(std::string_view(text)); }
    Json& value(double number);
    Json& value(std::size_t number);
    Json& value(bool flag);
    Json& null();
    template <typename T>
    Json& field(std::string_view k, const T& v) {
        return key(k).value(v);
    }
    Json& field(std::string_view k, const std::vector<double>& numbers);
    Json& field(std::string_view k, const std::vector<std::string>& texts);

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
};

}  // namespace embedscope::cli
