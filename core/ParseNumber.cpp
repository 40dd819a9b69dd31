#include "ParseNumber.h"

#include <limits>

namespace embedscope {

namespace {
template <typename T>
bool parseReal(std::string_view text, T& out) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return false;
    const char* first = text.data();
    const char* last = first + text.size();
    auto [ptr, ec] = std::from_chars(first, last, out);
    if (ptr != last) return false;
    if (ec == std::errc::result_out_of_range) {
        // from_chars leaves out unchanged on overflow; decide by the sign and the exponent.
        bool negative = text.front() == '-';
        std::string_view rest = negative ? text.substr(1) : text;
        bool tiny = false;
        if (auto e = rest.find_first_of("eE"); e != std::string_view::npos)
            tiny = e + 1 < rest.size() && rest[e + 1] == '-';
        out = tiny ? T(0) : (negative ? -std::numeric_limits<T>::infinity()
                                      : std::numeric_limits<T>::infinity());
        return true;
    }
    return ec == std::errc();
}
}  // namespace

bool parseFloat(std::string_view text, float& out) { return parseReal(text, out); }
bool parseDouble(std::string_view text, double& out) { return parseReal(text, out); }

bool parseInt(std::string_view text, std::int64_t& out) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return false;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace embedscope
