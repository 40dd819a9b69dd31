#pragma once
/// Bulk numbers inside JSON state files: base64 (RFC 4648, with padding) of little-endian
/// float32 or uint32 arrays, about 6 characters a number instead of 10–20 as decimal text.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace embedscope {

std::string base64Encode(std::string_view bytes);
/// The bytes, or nothing when text is not base64 (wrong length, a bad character or padding).
std::optional<std::string> base64Decode(std::string_view text);

std::string encodeFloats(const std::vector<float>& values);
std::string encodeRows(const std::vector<std::size_t>& rows);  ///< each row must fit in uint32
/// Decoded values, or an error sentence ("not base64", "13 bytes is not a whole number of
/// 4-byte values", "expected 30 values, got 27") in *error.
std::optional<std::vector<float>> decodeFloats(std::string_view text, std::size_t expected, std::string* error);
std::optional<std::vector<std::size_t>> decodeRows(std::string_view text, std::string* error);

}  // namespace embedscope
