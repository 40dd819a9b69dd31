#include "Error.h"

namespace embedscope {

std::string SourceLocation::toString() const {
    std::string out = path;
    if (line) {
        out += ':' + std::to_string(*line);
        if (column) out += ':' + std::to_string(*column);
    } else if (byteOffset) {
        out += '@' + std::to_string(*byteOffset);
        if (record) out += ", record " + std::to_string(*record);
    } else if (record) {
        out += ", record " + std::to_string(*record);
    }
    return out;
}

namespace {
std::string compose(const SourceLocation& where, const std::string& message) {
    const std::string prefix = where.toString();
    return prefix.empty() ? message : prefix + ": " + message;
}
}  // namespace

Error::Error(SourceLocation where, const std::string& message)
    : std::runtime_error(compose(where, message)), m_where(std::move(where)), m_message(message) {}

Error::Error(const std::string& message) : std::runtime_error(message), m_message(message) {}

}  // namespace embedscope
