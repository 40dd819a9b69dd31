#pragma once
/// Structured errors of the core: every failure names where it happened.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace embedscope {

/// Where in a file something went wrong. Text formats fill line (1-based) and maybe column
/// (1-based, in bytes); binary formats fill byteOffset and maybe record (1-based).
struct SourceLocation {
    std::string path;
    std::optional<std::uint64_t> line;
    std::optional<std::uint64_t> column;
    std::optional<std::uint64_t> byteOffset;
    std::optional<std::uint64_t> record;

    static SourceLocation file(std::string path) { return {std::move(path), {}, {}, {}, {}}; }
    /// line and column are 1-based; column 0 means "no column".
    static SourceLocation text(std::string path, std::uint64_t line, std::uint64_t column = 0) {
        SourceLocation l = file(std::move(path));
        l.line = line;
        if (column) l.column = column;
        return l;
    }
    /// record is 1-based; 0 means "no record".
    static SourceLocation binary(std::string path, std::uint64_t byteOffset, std::uint64_t record = 0) {
        SourceLocation l = file(std::move(path));
        l.byteOffset = byteOffset;
        if (record) l.record = record;
        return l;
    }

    /// "path:line:column" for text, "path@offset, record k" for binary, "path" otherwise.
    std::string toString() const;
};

/// The one exception type the core throws for bad input or failed work.
class Error : public std::runtime_error {
public:
    Error(SourceLocation where, const std::string& message);
    explicit Error(const std::string& message);

    const SourceLocation& where() const { return m_where; }
    /// The sentence without the location prefix.
    const std::string& message() const { return m_message; }

private:
    SourceLocation m_where;
    std::string m_message;
};

/// Thrown when the user cancelled; the caller keeps whatever partial result it was handed.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace embedscope
