#pragma once
/// The preamble and header dict of a NumPy .npy file, parsed strictly (internal to the npy reader,
/// separate so that it can be tested and fuzzed on its own).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace embedscope {

struct NpyHeader {
    std::string descr;          ///< as written, e.g. "<f4" (for messages)
    char kind = 'f';            ///< 'f' float, 'i' signed or 'u' unsigned integer
    std::size_t itemSize = 4;   ///< bytes per element: 2, 4, 8 (float), 1-8 (integer)
    bool swap = false;          ///< stored in the other byte order than this machine's
    bool fortran = false;       ///< column-major data
    std::uint64_t rows = 0;     ///< shape[0], at least 1
    std::uint64_t cols = 0;     ///< shape[1], at least 1
    std::string shapeText;      ///< "(rows, cols)" as Python prints it
    std::size_t dataStart = 0;  ///< offset of the first data byte
};

/// Parses the start of a .npy file: magic, version 1.0/2.0/3.0, header length, and a dict with
/// exactly the keys 'descr', 'fortran_order' and 'shape'. Checks the element type is one readNpy
/// converts, the shape is 2-D with rows and columns, and rows·cols·itemSize does not overflow
/// (the caller checks it against the file size). Throws Error at "path@offset" of the problem.
NpyHeader parseNpyHeader(std::string_view file, const std::string& path);

}  // namespace embedscope
