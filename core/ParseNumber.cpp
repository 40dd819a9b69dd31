#include "ParseNumber.h"

#include <cmath>
#include <cstdint>
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

namespace {
/// Clinger's fast path: a decimal with at most 19 significant digits and a small exponent is
/// converted exactly by one double multiplication or division (both operands are exact doubles,
/// so IEEE rounding gives the correctly rounded result). Returns false when it does not apply.
bool fastDouble(std::string_view text, double& out) {
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char* p = text.data();
    const char* end = p + text.size();
    const bool negative = p != end && *p == '-';
    if (p != end && (*p == '-' || *p == '+')) ++p;
    std::uint64_t mantissa = 0;
    int digits = 0, exponent = 0;
    const char* start = p;
    while (p != end && unsigned(*p - '0') < 10) {
        if (digits < 19) mantissa = mantissa * 10 + unsigned(*p - '0'), digits += mantissa != 0;
        else return false;
        ++p;
    }
    bool any = p != start;
    if (p != end && *p == '.') {
        ++p;
        const char* frac = p;
        while (p != end && unsigned(*p - '0') < 10) {
            if (digits < 19) mantissa = mantissa * 10 + unsigned(*p - '0'), digits += mantissa != 0;
            else return false;
            --exponent;
            ++p;
        }
        any = any || p != frac;
    }
    if (!any) return false;
    if (p != end && (*p == 'e' || *p == 'E')) {
        ++p;
        const bool negExp = p != end && *p == '-';
        if (p != end && (*p == '-' || *p == '+')) ++p;
        if (p == end) return false;
        int e = 0;
        while (p != end && unsigned(*p - '0') < 10) {
            if (e > 10000) return false;
            e = e * 10 + (*p - '0');
            ++p;
        }
        exponent += negExp ? -e : e;
    }
    if (p != end) return false;
    if (mantissa > (std::uint64_t(1) << 53) || exponent < -22 || exponent > 22) return false;
    double v = static_cast<double>(mantissa);
    v = exponent < 0 ? v / kPow10[-exponent] : v * kPow10[exponent];
    out = negative ? -v : v;
    return true;
}
}  // namespace

bool parseFloat(std::string_view text, float& out) {
    // Like NumPy (and so gensim): the correctly rounded double, then rounded to float32. This is
    // what makes text vectors identical to theirs, and the fast path avoids libstdc++'s slow
    // from_chars for the common case.
    double d;
    if (fastDouble(text, d) || parseReal(text, d)) {
        // Values that round beyond float's range become ±inf explicitly (a plain cast would be UB):
        // the midpoint between FLT_MAX and 2^128 rounds (to even) up to infinity.
        constexpr double kOverflow = 0x1.ffffffp+127;
        constexpr float kInf = std::numeric_limits<float>::infinity();
        out = std::abs(d) >= kOverflow ? (d > 0 ? kInf : -kInf) : static_cast<float>(d);
        return true;
    }
    return false;
}
bool parseDouble(std::string_view text, double& out) { return parseReal(text, out); }

bool parseInt(std::string_view text, std::int64_t& out) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return false;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace embedscope
