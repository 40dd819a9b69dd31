#pragma once
/// Well-formed UTF-8, as the Unicode standard defines it (table 3-7): no overlong forms, no
/// surrogates, nothing above U+10FFFF. One checker for labels, corpora and JSON output alike.
#include <cstddef>
#include <string_view>

namespace embedscope {

/// The length (1-4) of the well-formed UTF-8 sequence starting at text[at], or 0 when the bytes
/// there do not form one. at must be < text.size().
std::size_t utf8SequenceLength(std::string_view text, std::size_t at);

/// Whether the whole text is well-formed UTF-8.
bool isValidUtf8(std::string_view text);

}  // namespace embedscope
