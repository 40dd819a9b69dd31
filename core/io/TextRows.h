#pragma once
/// Splitting and parsing of word-vector text rows ("word v1 ... vD"), shared by the text reader
/// and format sniffing so both agree on what a row is. Internal to core/io.
///
/// Fields are split on runs of ASCII spaces only: words may hold U+00A0, U+2009, tabs, anything.
/// When D is known the last D tokens are the vector and everything before them is the word
/// (GloVe 840B has words with spaces), unless the extra tokens are all numbers: then the row has
/// too many values.
#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "../ParseNumber.h"

namespace embedscope::textrows {

/// Length of a UTF-8 byte-order mark at the start of text (0 or 3).
inline std::size_t bomLength(std::string_view text) {
    return text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
}

/// The line without its carriage return and trailing ASCII spaces.
inline std::string_view trimLineEnd(std::string_view line) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    return line;
}

/// Powers of ten that are exact doubles.
inline constexpr double kExactPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                         1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                         1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/// How many of the 8 bytes at p are leading ASCII digits (0 to 8), and their value. Branch-free
/// (SWAR): number lengths vary from token to token, so a digit-by-digit loop mispredicts.
inline int leadingDigits(const char* p, std::uint64_t& value) {
    constexpr std::uint64_t kOnes = 0x0101010101010101u;
    constexpr std::uint64_t kHigh = 0xF0F0F0F0F0F0F0F0u;
    std::uint64_t v;
    std::memcpy(&v, p, 8);  // little-endian: byte 0 is the first character
    // Zero in the bytes that are digits (high nibble 3 both before and after adding 6). A carry
    // out of a non-digit byte only disturbs the bytes after it, which do not count.
    const std::uint64_t x = ((v & kHigh) | (((v + 6 * kOnes) & kHigh) >> 4)) ^ (0x33 * kOnes);
    const std::uint64_t nonZero = (x | ((x & 0x7F * kOnes) + 0x7F * kOnes)) & (0x80 * kOnes);
    const int n = nonZero ? std::countr_zero(nonZero) / 8 : 8;
    if (n == 0) {
        value = 0;
        return 0;
    }
    // Shift the n digits to the top bytes (as if preceded by zeros), then combine neighbours
    // into 2-digit values in the even bytes and weigh the four pairs by 10^6, 10^4, 10^2, 1.
    v = (v - 0x30 * kOnes) << (8 * (8 - n));
    v = v * 10 + (v >> 8);
    const std::uint64_t pairs02 = v & 0x000000FF000000FFu;
    const std::uint64_t pairs13 = (v >> 16) & 0x000000FF000000FFu;
    value = (pairs02 * (100 + (std::uint64_t(1000000) << 32)) +
             pairs13 * (1 + (std::uint64_t(10000) << 32))) >>
            32;
    return n;
}

/// Appends the digits at q to mantissa (wrapping when there are more than 19: the caller checks
/// the count), advances q past them and returns how many there were.
inline int readDigits(const char*& q, const char* end, std::uint64_t& mantissa) {
    static constexpr std::uint64_t kPow10[] = {1,      10,      100,      1000,     10000,
                                               100000, 1000000, 10000000, 100000000};
    int count = 0;
    while (std::endian::native == std::endian::little && end - q >= 8) {
        std::uint64_t chunk;
        const int n = leadingDigits(q, chunk);
        mantissa = mantissa * kPow10[n] + chunk;
        q += n;
        count += n;
        if (n < 8) return count;
    }
    for (; q != end && static_cast<unsigned>(*q - '0') < 10; ++q, ++count)
        mantissa = mantissa * 10 + static_cast<unsigned>(*q - '0');
    return count;
}

/// Parses one number starting at p. Returns the end of the number, or nullptr when no number
/// starts there. Accepts a leading '+'; out-of-range values become ±inf (or 0 when tiny) so that
/// "1e999" is reported as non-finite rather than malformed.
///
/// The text is read as a double and then narrowed to float, exactly as numpy (and so gensim)
/// does: that double rounding differs from a direct correctly-rounded float parse for rare
/// inputs, and the loaded values must equal what the Python tools load. Typical tokens (at most
/// 2^53 as an integer of digits, power of ten within ±22) take Clinger's fast path, where one
/// IEEE multiplication or division of two exact doubles is the correctly rounded result; all
/// others go through std::from_chars.
[[gnu::always_inline]] inline const char* parseValue(const char* p, const char* end, float& out) {
    const char* q = p;
    const bool negative = q != end && *q == '-';
    if (q != end && (*q == '-' || *q == '+')) ++q;
    std::uint64_t mantissa = 0;
    int digits = 0;  // significant digits in mantissa
    int exp10 = 0;
    bool anyDigit = false;
    while (q != end && *q == '0') ++q, anyDigit = true;
    digits = readDigits(q, end, mantissa);
    if (q != end && *q == '.') {
        ++q;
        if (digits == 0)
            for (; q != end && *q == '0'; ++q) --exp10, anyDigit = true;
        const int fraction = readDigits(q, end, mantissa);
        digits += fraction;
        exp10 -= fraction;
    }
    anyDigit = anyDigit || digits > 0;
    if (anyDigit && digits <= 19 && mantissa <= (std::uint64_t(1) << 53)) {
        const char* e = q;
        if (e != end && (*e == 'e' || *e == 'E')) {
            ++e;
            const bool expNegative = e != end && *e == '-';
            if (e != end && (*e == '-' || *e == '+')) ++e;
            int exponent = 0;
            const char* expDigits = e;
            for (; e != end && static_cast<unsigned>(*e - '0') < 10; ++e)
                if (exponent < 100000) exponent = exponent * 10 + (*e - '0');
            // "1e" or "1e+" is no exponent: the number ends before the 'e' (and the token is bad).
            if (e != expDigits) {
                exp10 += expNegative ? -exponent : exponent;
                q = e;
            }
        }
        if (exp10 >= -22 && exp10 <= 22) {
            double v = static_cast<double>(mantissa);
            v = exp10 < 0 ? v / kExactPow10[-exp10] : v * kExactPow10[exp10];
            out = static_cast<float>(negative ? -v : v);
            return q;
        }
    }
    q = p;
    if (q != end && *q == '+') {
        ++q;
        if (q != end && *q == '-') return nullptr;
    }
    double v;
    auto [ptr, ec] = std::from_chars(q, end, v);
    if (ec == std::errc::result_out_of_range)
        parseDouble(std::string_view(p, static_cast<std::size_t>(ptr - p)), v);
    else if (ec != std::errc())
        return nullptr;
    // Beyond float's range the cast is undefined in C++: round to ±inf explicitly (from the
    // midpoint between FLT_MAX and 2^128 on, which rounds to even, i.e. up).
    constexpr double kOverflow = 0x1.ffffffp+127;
    constexpr float kInf = std::numeric_limits<float>::infinity();
    out = std::abs(v) >= kOverflow ? (v > 0 ? kInf : -kInf) : static_cast<float>(v);
    return ptr;
}

/// True when the whole token is a number.
inline bool isNumber(std::string_view token) {
    float v;
    const char* e = token.data() + token.size();
    return !token.empty() && parseValue(token.data(), e, v) == e;
}

struct Token {
    std::size_t begin;  ///< byte offset in the line
    std::size_t end;
    std::string_view of(std::string_view line) const { return line.substr(begin, end - begin); }
};

/// The tokens of a line, split on runs of ASCII spaces.
inline void tokenize(std::string_view line, std::vector<Token>& out) {
    out.clear();
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && line[i] == ' ') ++i;
        if (i == line.size()) break;
        const std::size_t b = i;
        while (i < line.size() && line[i] != ' ') ++i;
        out.push_back({b, i});
    }
}

/// The outcome of parsing one row; column is 1-based in bytes from the start of the line.
struct RowResult {
    enum Kind { Ok, TooFew, TooMany, BadNumber };
    Kind kind = Ok;
    std::string_view word;
    std::size_t column = 0;
    std::size_t found = 0;   ///< values found (TooFew, TooMany)
    std::string_view token;  ///< the offending token (BadNumber)
};

/// The slow path: words with spaces and every kind of bad row.
inline RowResult parseRowCarefully(std::string_view line, std::size_t dims, float* out) {
    thread_local std::vector<Token> tokens;
    tokenize(line, tokens);
    RowResult r;
    // An empty word shows as a line starting with the space that follows it.
    const std::size_t firstWordToken = (!line.empty() && line[0] != ' ') ? 1 : 0;
    const std::size_t available = tokens.size() - std::min(tokens.size(), firstWordToken);
    if (available < dims) {
        r.kind = RowResult::TooFew;
        r.found = available;
        r.column = line.size() + 1;
        return r;
    }
    const std::size_t vecStart = tokens.size() - dims;
    r.word = vecStart == 0 ? line.substr(0, 0) : line.substr(0, tokens[vecStart - 1].end);
    if (vecStart > firstWordToken) {
        bool allNumbers = true;
        for (std::size_t t = firstWordToken; t < vecStart && allNumbers; ++t)
            allNumbers = isNumber(tokens[t].of(line));
        if (allNumbers) {
            r.kind = RowResult::TooMany;
            r.found = available;
            r.column = tokens[firstWordToken + dims].begin + 1;
            return r;
        }
    }
    for (std::size_t i = 0; i < dims; ++i) {
        const Token& t = tokens[vecStart + i];
        const char* b = line.data() + t.begin;
        const char* e = line.data() + t.end;
        if (parseValue(b, e, out[i]) != e) {
            r.kind = RowResult::BadNumber;
            r.column = t.begin + 1;
            r.token = t.of(line);
            return r;
        }
    }
    return r;
}

/// Parses "word v1 ... vD" (line already without '\r' and trailing spaces, not blank) into out.
inline RowResult parseRow(std::string_view line, std::size_t dims, float* out) {
    const char* b = line.data();
    const char* e = b + line.size();
    // The common row: a word without spaces, then D numbers separated by single spaces.
    if (const char* sp = static_cast<const char*>(std::memchr(b, ' ', line.size()))) {
        const char* p = sp;
        std::size_t i = 0;
        for (; i < dims; ++i) {
            while (p != e && *p == ' ') ++p;
            if (p == e) break;
            const char* q = parseValue(p, e, out[i]);
            if (!q || (q != e && *q != ' ')) break;
            p = q;
        }
        if (i == dims && p == e) {
            RowResult r;
            r.word = std::string_view(b, static_cast<std::size_t>(sp - b));
            return r;
        }
    }
    return parseRowCarefully(line, dims, out);
}

/// "0,5", "-1,25": a number written with a decimal comma.
inline bool looksLikeDecimalComma(std::string_view s) {
    const std::size_t comma = s.find(',');
    if (comma == std::string_view::npos || s.find(',', comma + 1) != std::string_view::npos)
        return false;
    std::string dotted(s);
    dotted[comma] = '.';
    return isNumber(dotted);
}

/// How many numbers end the line, not counting the first token when it starts the line (that
/// one is the word, even when it looks like a number): GloVe's D as this line suggests it.
/// Numbers with a decimal comma count, so that such rows are reported where the comma is.
inline std::size_t trailingNumbers(std::string_view line) {
    thread_local std::vector<Token> tokens;
    tokenize(line, tokens);
    const std::size_t firstWordToken = (!line.empty() && line[0] != ' ') ? 1 : 0;
    std::size_t n = 0;
    for (std::size_t t = tokens.size(); t > firstWordToken; --t) {
        const std::string_view token = tokens[t - 1].of(line);
        if (!isNumber(token) && !looksLikeDecimalComma(token)) break;
        ++n;
    }
    return n;
}

/// The token as a person should see it in a message: quoted, cut after 40 bytes, control bytes
/// written as \xNN.
inline std::string shown(std::string_view token) {
    constexpr std::size_t kMax = 40;
    std::string out = "'";
    for (char c : token.substr(0, kMax)) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) {
            constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out += kHex[u >> 4];
            out += kHex[u & 15];
        } else {
            out += c;
        }
    }
    return out + (token.size() > kMax ? "...'" : "'");
}

/// The sentence for a row that parseRow() refused.
inline std::string describe(const RowResult& r, std::size_t dims) {
    switch (r.kind) {
        case RowResult::TooFew:
        case RowResult::TooMany:
            return "expected " + std::to_string(dims) + " values after the word, found " +
                   std::to_string(r.found);
        case RowResult::BadNumber:
            if (looksLikeDecimalComma(r.token))
                return shown(r.token) + " uses a decimal comma; numbers must be written with '.'";
            return shown(r.token) + " is not a number";
        case RowResult::Ok:
            break;
    }
    return {};
}

}  // namespace embedscope::textrows
