#pragma once
/// Locale-independent number parsing (std::from_chars): after QApplication starts, the C locale
/// may be German and strtod would read "0.5" as 0.
#include <charconv>
#include <cstdint>
#include <string_view>
#include <system_error>

namespace embedscope {

/// Parses the whole of text as a float. Accepts a leading '+', and out-of-range values as ±inf
/// (so "1e999" is reported as non-finite, not as malformed). False when text is not a number.
bool parseFloat(std::string_view text, float& out);
bool parseDouble(std::string_view text, double& out);
/// Parses the whole of text as a non-negative or negative integer.
bool parseInt(std::string_view text, std::int64_t& out);

}  // namespace embedscope
